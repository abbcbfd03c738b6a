"""Definition-time checks of a rubric: coded, located findings.

:func:`lint` never raises for a defect; it returns findings (``error`` or
``warning``), each with a stable code and the location inside the rubric
(``blocks.output/数量指标``, ``grades.bands[1]``, ``rules.positive``).
Loading a rubric file runs it and refuses a rubric with errors unless told
not to (:func:`perfrules.rubrics.load_rubric <perfrules.rubrics.loading.load_rubric>` ``lint=False``).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from perfrules._fields import repeated
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.indicators import Indicator, Rule, RuleContext
from perfrules.rubrics.rubric import BlockSource, Rubric
from perfrules.rules.deadline import DeadlineRule
from perfrules.rules.deduction import Checklist, Deduction, Judged
from perfrules.rules.department import ChangeRate, CompletionRate, ControlRate
from perfrules.rules.execution import BudgetExecution
from perfrules.rules.not_applicable import NotApplicable
from perfrules.rules.qualitative import QualitativeBands
from perfrules.rules.quantitative import Equal, Positive, RangeRule, Reverse
from perfrules.values.decimals import exact_sum
from perfrules.values.notation import Actual, Direction
from perfrules.values.units import DEFAULT_UNITS, UnitTable
from perfrules.messages import en_zh

__all__ = ["KNOWN_UNITS", "lint", "lint_errors"]

#: units seen in published tables; ``X/Y`` is known when both parts are.
KNOWN_UNITS = frozenset(
    """
    % ‰ 个 人 人次 户 次 场 车 家 所 项 件 份 台 套 张 床 床位 间 处 条 本 册 批 期 班 届 轮 名 位 组 支 队
    元 万元 亿元 千元 万 亩 万亩 公顷 平方米 ㎡ 米 公里 千米 吨 万吨 公斤 千克 斤
    天 日 月 年 周 小时 分钟 工作日 季度 学时 课时 分
    社区 村 乡镇 街道 县 区 镇 户次 人天 人月 辆 架 座 栋 套房 宗 起 例 剂 剂次 针次 份次
    """.split()
)

_DEPARTMENT = (ControlRate, ChangeRate, CompletionRate)
_QUANTITATIVE = (Positive, Reverse, Equal, RangeRule, Deduction, *_DEPARTMENT)


def _unit_known(unit: str, table: UnitTable) -> bool:
    """Every part of ``unit`` is in the unit table (scales included) or the count nouns of :data:`KNOWN_UNITS`."""
    if not unit:
        return True
    return all(part in KNOWN_UNITS or table.known(part) for part in unit.split("/") if part)


def _f(finding_code: str, severity: Severity, where: str, en: str, zh: str, **data: object) -> Finding:
    return Finding(finding_code, severity, where, en, zh, data)


def _slot_ok(slot: str, rule: Rule) -> bool:
    if isinstance(rule, NotApplicable):
        return True
    if slot == "deadline":
        return not isinstance(rule, (*_QUANTITATIVE, QualitativeBands))
    if isinstance(rule, DeadlineRule):
        return False
    if slot == "qualitative":
        return not isinstance(rule, _QUANTITATIVE)
    if slot == "range":
        return not isinstance(rule, (QualitativeBands, Positive, Reverse, Equal, *_DEPARTMENT))
    return not isinstance(rule, (QualitativeBands, RangeRule))


#: a target of each quantitative slot, for probing the slot's rule
_SLOT_PROBES = {"positive": "≥100", "reverse": "≤100", "equal": "=100", "range": "50~100"}


#: perfrules' own quantitative rules score by the ratio of actual to target, so one probe per rule,
#: direction, unit and weight tells for every target value (a rubric of 20,000 leaves probes a handful)
_SCALE_FREE = (Positive, Reverse, Equal, RangeRule)


def _probe(rule: Rule, leaf: Indicator, where: str, seen: dict[tuple[Any, ...], bool] | None = None) -> Iterator[Finding]:
    """Apply the rule to probe actuals and check every value stays in [0, weight]."""
    target = leaf.target
    weight = leaf.weight
    if weight is None or target is None or target.direction is Direction.QUALITATIVE or target.value is None:
        return
    if seen is not None and type(rule) in _SCALE_FREE and target.value > 0:
        key = (id(rule), target.direction, target.unit, weight, target.upper is None)
        if key in seen:
            return
        seen[key] = True
    t = target.value
    probes = {Decimal(0), t, t * 2, t / 2, (target.upper or t) + 1}
    for a in sorted(probes):
        ctx = RuleContext(weight=weight, path=where, indicator=Indicator(name=leaf.name, weight=weight, target=target, actual=Actual.number(a)))
        try:
            value = rule.apply(ctx).value
        except Exception as exc:  # a rule that crashes is reported, not propagated
            yield _f(
                "rule.crashes",
                Severity.ERROR,
                where,
                *en_zh("rule.crashes", rule_kind=rule.kind, a=fmt(a), type_exc___name=type(exc).__name__, exc=exc),
                actual=a,
            )
            return
        if not 0 <= value <= Fraction(weight):
            yield _f(
                "rule.out_of_range",
                Severity.ERROR,
                where,
                *en_zh("rule.out_of_range", rule_kind=rule.kind, decimal_value_numerator_value_denomi=fmt(Decimal(value.numerator) / value.denominator), a=fmt(a), weight=fmt(weight)),
                actual=a,
            )
            return


def _leaf_checks(leaf: Indicator, rule: Rule, where: str, table: UnitTable = DEFAULT_UNITS, seen: dict[tuple[Any, ...], bool] | None = None) -> Iterator[Finding]:
    target = leaf.target
    weight = leaf.weight or Decimal(0)
    if target is not None and not _unit_known(target.unit, table):
        yield _f("unit.unknown", Severity.WARNING, where, *en_zh("unit.unknown", target_unit=target.unit), unit=target.unit)
    if target is not None:
        qualitative = target.direction in (Direction.QUALITATIVE, Direction.DEADLINE, Direction.NOT_APPLICABLE)
        if (target.direction is Direction.DEADLINE) != isinstance(rule, DeadlineRule) and isinstance(rule, (DeadlineRule, *_QUANTITATIVE, QualitativeBands)):
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                *en_zh("rule.kind_mismatch.2", rule_kind=rule.kind, target=str(target), target_2=target),
                rule=rule.kind,
            )
        elif qualitative and isinstance(rule, _QUANTITATIVE):
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                *en_zh("rule.kind_mismatch.5", rule_kind=rule.kind, target=str(target), target_2=target),
                rule=rule.kind,
            )
        elif target.direction.is_quantitative and isinstance(rule, QualitativeBands):
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                *en_zh("rule.kind_mismatch.6", target=str(target), target_2=target),
                rule=rule.kind,
            )
        elif isinstance(rule, RangeRule) and target.direction is not Direction.RANGE:
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                *en_zh("rule.kind_mismatch.7", target=str(target), target_2=target),
                rule=rule.kind,
            )
        else:
            yield from _probe(rule, leaf, where, seen)
    elif not isinstance(rule, (Checklist, NotApplicable, Judged)) and leaf.rule is None:
        yield _f("template.unscorable", Severity.ERROR, where, *en_zh("template.unscorable"))
    if isinstance(rule, Checklist):
        total = exact_sum(i.points for i in rule.items)
        if total < weight:
            yield _f(
                "rule.unreachable_max",
                Severity.ERROR,
                where,
                *en_zh("rule.unreachable_max.2", total=fmt(total), weight=fmt(weight)),
                items_sum=total,
            )
        elif total > weight:
            yield _f(
                "rule.capped",
                Severity.WARNING,
                where,
                *en_zh("rule.capped", total=fmt(total), weight=fmt(weight)),
                items_sum=total,
            )
    if isinstance(rule, Deduction) and rule.per_unit == 0:
        yield _f("rule.never_deducts", Severity.WARNING, where, *en_zh("rule.never_deducts"))
    if isinstance(rule, _DEPARTMENT):
        yield from _department_rule(rule, leaf, where)


def _department_parameters(rule: Rule, where: str) -> Iterator[Finding]:
    """Parameters of a department rule its formula cannot use."""
    if isinstance(rule, (ControlRate, ChangeRate)) and rule.per_point == 0:
        yield _f("rule.never_deducts", Severity.WARNING, where, *en_zh("rule.never_deducts.2", rule_kind=rule.kind))
    if isinstance(rule, ControlRate) and rule.limit <= 0:
        yield _f("rule.parameter_out_of_range", Severity.ERROR, where, *en_zh("rule.parameter_out_of_range", rule_limit=fmt(rule.limit)), parameter="limit")
    if not isinstance(rule, CompletionRate):
        return
    if rule.better == "higher" and rule.standard <= 0:
        yield _f(
            "rule.parameter_out_of_range", Severity.ERROR, where,
            *en_zh("rule.parameter_out_of_range.2", rule_standard=fmt(rule.standard)), parameter="standard",
        )  # fmt: skip
    if rule.better == "lower" and rule.standard == 0:
        yield _f(
            "rule.all_or_nothing", Severity.WARNING, where,
            *en_zh("rule.all_or_nothing"), parameter="standard",
        )  # fmt: skip
    if rule.ceiling is not None and rule.better == "higher" and rule.ceiling < rule.standard:
        yield _f(
            "rule.parameter_out_of_range", Severity.ERROR, where,
            *en_zh("rule.parameter_out_of_range.3", rule_ceiling=fmt(rule.ceiling), rule_standard=fmt(rule.standard)), parameter="ceiling",
        )  # fmt: skip


def _department_rule(rule: Rule, leaf: Indicator, where: str) -> Iterator[Finding]:
    """A department rule's parameters, the direction of a rate target, and probes in both forms."""
    yield from _department_parameters(rule, where)
    target = leaf.target
    if target is not None and target.direction.is_quantitative and target.unit in ("%", "‰"):
        d = target.direction
        lower = not isinstance(rule, CompletionRate) or rule.better == "lower"
        if d is Direction.RANGE or (d.is_positive if lower else d.is_reverse):
            yield _f(
                "rule.kind_mismatch", Severity.ERROR, where,
                *en_zh("rule.kind_mismatch.3", rule_kind=rule.kind, lower_if_lower_else_higher='lower' if lower else 'higher', target=str(target), 越低越好_if_lower_else_越高越好='越低越好' if lower else '越高越好', target_2=target), rule=rule.kind,
            )  # fmt: skip
            return
    weight = leaf.weight if leaf.weight is not None else Decimal(10)
    # the rate form (no target: the rule's standard) and the figures form (against 100人)
    probes = [(None, f"{fmt(x)}%") for x in (-50, 0, 50, 100, 101, 250, 1000)] + [("100人", f"{x}人") for x in (0, 50, 100, 150, 400)]
    for probe_target, actual in probes:
        ctx = RuleContext(weight=weight, path=where, indicator=Indicator(name=leaf.name, weight=weight, target=probe_target, actual=actual))
        try:
            value = rule.apply(ctx).value
        except Exception as exc:  # a rule that crashes is reported, not propagated
            yield _f("rule.crashes", Severity.ERROR, where, *en_zh("rule.crashes.2", rule_kind=rule.kind, actual=actual, type_exc___name=type(exc).__name__, exc=exc), actual=actual)
            return
        if not 0 <= value <= Fraction(weight):
            yield _f("rule.out_of_range", Severity.ERROR, where, *en_zh("rule.out_of_range.2", rule_kind=rule.kind, value=value, actual=actual, weight=fmt(weight)), actual=actual)
            return


def _bands_checks(rule: QualitativeBands, where: str) -> Iterator[Finding]:
    bands = sorted(rule.bands, key=lambda b: b.lower)
    if bands[0].lower != 0:
        yield _f("qualitative.bands_gap", Severity.ERROR, where, *en_zh("qualitative.bands_gap", bands_0_lower=fmt(bands[0].lower)))
    top = bands[-1]
    if top.upper != 1 or not top.upper_inclusive:
        yield _f("rule.unreachable_max", Severity.ERROR, where, *en_zh("rule.unreachable_max"))
    for lower, upper in zip(bands, bands[1:], strict=False):
        if lower.upper < upper.lower:
            yield _f(
                "qualitative.bands_gap",
                Severity.ERROR,
                where,
                *en_zh("qualitative.bands_gap.2", lower_upper=fmt(lower.upper), upper_lower=fmt(upper.lower)),
            )
        elif lower.upper > upper.lower or (lower.upper == upper.lower and lower.upper_inclusive):
            yield _f(
                "qualitative.bands_overlap",
                Severity.ERROR,
                where,
                *en_zh("qualitative.bands_overlap", lower_level_value=lower.level.value, upper_level_value=upper.level.value, upper_lower=fmt(upper.lower), lower_level_label_zh=lower.level.label_zh, upper_level_label_zh=upper.level.label_zh),
            )


def _grade_checks(rubric: Rubric) -> Iterator[Finding]:
    bands = rubric.grades.bands
    if bands[-1].lower > 0:
        yield _f("grades.gap", Severity.ERROR, f"grades.bands[{len(bands) - 1}]", *en_zh("grades.gap", bands_1_lower=fmt(bands[-1].lower)))
    if bands[0].lower > rubric.base:
        yield _f("grades.unreachable", Severity.ERROR, "grades.bands[0]", *en_zh("grades.unreachable", bands_0_label_zh=bands[0].label_zh, rubric_base=fmt(rubric.base)))
    for i, band in enumerate(bands):
        if band.upper is None:
            continue
        if band.upper < band.lower:
            yield _f("grades.inverted", Severity.ERROR, f"grades.bands[{i}]", *en_zh("grades.inverted", band_label_zh=band.label_zh, band_upper=fmt(band.upper), band_lower=fmt(band.lower)))
        if i == 0:
            if band.upper < rubric.base:
                yield _f("grades.gap", Severity.ERROR, "grades.bands[0]", *en_zh("grades.gap.2", band_upper=fmt(band.upper), rubric_base=fmt(rubric.base)))
            continue
        above = bands[i - 1]
        if band.upper >= above.lower:
            yield _f(
                "grades.overlap",
                Severity.ERROR,
                f"grades.bands[{i}]",
                *en_zh("grades.overlap", band_label_zh=band.label_zh, band_upper=fmt(band.upper), above_label_zh=above.label_zh, above_lower=fmt(above.lower)),
            )
        elif band.upper < above.lower:
            yield _f(
                "grades.gap",
                Severity.WARNING,
                f"grades.bands[{i}]",
                *en_zh("grades.gap.3", band_upper=fmt(band.upper), above_lower=fmt(above.lower), band_upper_decimal_0_5=fmt(band.upper + Decimal('0.5')), band_label_zh=band.label_zh, above_label_zh=above.label_zh),
            )


def _limits_checks(rubric: Rubric) -> Iterator[Finding]:
    """Vetoes that name a grade the scale lacks; caps that can never bite."""
    codes = {band.code for band in rubric.grades.bands}
    for i, veto in enumerate(rubric.limits.vetoes):
        if veto.max_grade is not None and veto.max_grade not in codes:
            yield _f("limits.unknown_grade", Severity.ERROR, f"limits.vetoes[{i}]", *en_zh("limits.unknown_grade", veto_code=veto.code, veto_max_grade=veto.max_grade, join_sorted_codes=', '.join(sorted(codes))))
    for i, cap in enumerate(rubric.limits.execution_caps):
        if cap.max_total >= rubric.base:
            yield _f("limits.cap_never_applies", Severity.WARNING, f"limits.execution_caps[{i}]", *en_zh("limits.cap_never_applies", cap_max_total=fmt(cap.max_total), rubric_base=fmt(rubric.base)))


def _tree(nodes: tuple[Indicator, ...], path: str, rubric: Rubric, declared: Decimal | None, label: str, seen: dict[tuple[Any, ...], bool] | None = None) -> Iterator[Finding]:
    table = rubric.unit_table
    codes = [n.code for n in nodes]
    for dup, n in repeated(codes).items():
        yield _f("structure.duplicate_code", Severity.ERROR, path, *en_zh("structure.duplicate_code.2", dup=dup, n=n), code=dup)
    names = [n.name for n in nodes]
    for dup, n in repeated(names).items():
        yield _f("structure.duplicate_name", Severity.WARNING, path, *en_zh("structure.duplicate_name.2", n=n, dup=dup), name=dup)
    total = exact_sum((n.weight if n.weight is not None else n.max_points) for n in nodes)
    if declared is not None and total != declared:
        yield _f(
            "weights.sum_mismatch",
            Severity.ERROR,
            path,
            *en_zh("weights.sum_mismatch.3", label=label, declared=fmt(declared), total=fmt(total)),
            declared=declared,
            children_sum=total,
        )
    for node in nodes:
        where = f"{path}/{node.code}"
        if node.children:
            yield from _tree(node.children, where, rubric, node.weight, node.name, seen)
            continue
        rule = node.rule
        if rule is None:
            rule = NotApplicable() if not node.applicable else rubric.rules.for_direction(node.target.direction) if node.target else None
        if rule is None:
            yield _f("template.unscorable", Severity.ERROR, where, *en_zh("template.unscorable"))
            continue
        yield from _leaf_checks(node, rule, where, table, seen)
        if isinstance(rule, QualitativeBands) and node.rule is not None:
            yield from _bands_checks(rule, where)


def lint(rubric: Rubric) -> tuple[Finding, ...]:
    """Check a rubric's definition; returns findings, errors first in order found.

    Checks: block points add up to the base; template children add up to
    their parent at every level; codes are unique among siblings; every
    rule fits its slot and target kind, stays within ``[0, weight]`` and can
    reach full points; qualitative bands and grade bands cover their range
    with no gap and no overlap; units are known.
    """
    found: list[Finding] = []
    probed: dict[tuple[Any, ...], bool] = {}  # probes of scale-free rules already run
    if not rubric.blocks:
        found.append(_f("structure.no_blocks", Severity.ERROR, "blocks", *en_zh("structure.no_blocks")))
    if rubric.blocks and rubric.blocks_total != rubric.base:
        found.append(
            _f(
                "weights.sum_mismatch",
                Severity.ERROR,
                "blocks",
                *en_zh("weights.sum_mismatch.4", rubric_blocks_total=fmt(rubric.blocks_total), rubric_base=fmt(rubric.base)),
                declared=rubric.base,
                children_sum=rubric.blocks_total,
            )
        )
    for block in rubric.blocks:
        where = f"blocks.{block.code}"
        if block.weight == 0:
            found.append(_f("structure.empty_block", Severity.WARNING, where, *en_zh("structure.empty_block", block_code=block.code, block_name_zh=block.name_zh)))
        if block.source is BlockSource.FUNDS and block.indicators:
            found.append(_f("structure.funds_template", Severity.ERROR, where, *en_zh("structure.funds_template")))
        if block.indicators:
            found.extend(_tree(block.indicators, where, rubric, block.weight, block.name_zh, probed))
    for slot in ("positive", "reverse", "equal", "range", "qualitative", "deadline"):
        rule = getattr(rubric.rules, slot)
        if not _slot_ok(slot, rule):
            found.append(
                _f("rule.kind_mismatch", Severity.ERROR, f"rules.{slot}", *en_zh("rule.kind_mismatch.4", rule_kind=rule.kind, slot=slot), rule=rule.kind)
            )
        elif slot in _SLOT_PROBES:
            # the rule of a slot must stay within its points on the targets it will meet
            found.extend(_probe(rule, Indicator(name=slot, weight=Decimal(10), target=_SLOT_PROBES[slot]), f"rules.{slot}"))
            found.extend(_department_parameters(rule, f"rules.{slot}"))
    if isinstance(rubric.rules.qualitative, QualitativeBands):
        found.extend(_bands_checks(rubric.rules.qualitative, "rules.qualitative"))
    if not isinstance(rubric.execution, BudgetExecution):  # pragma: no cover - guarded by the model
        found.append(_f("rule.kind_mismatch", Severity.ERROR, "execution", *en_zh("rule.kind_mismatch")))
    found.extend(_grade_checks(rubric))
    found.extend(_limits_checks(rubric))
    check_codes = [c.code for c in rubric.checks]
    for dup in repeated(check_codes):
        found.append(_f("checks.duplicate_code", Severity.ERROR, "checks", *en_zh("checks.duplicate_code", dup=dup), code=dup))
    found.sort(key=lambda f: f.severity is not Severity.ERROR)
    return tuple(found)


def lint_errors(rubric: Rubric) -> tuple[Finding, ...]:
    """Only the error findings of :func:`lint`."""
    return tuple(f for f in lint(rubric) if f.severity is Severity.ERROR)
