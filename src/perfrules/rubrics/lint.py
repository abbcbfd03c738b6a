"""Definition-time checks of a rubric: coded, located findings.

:func:`lint` never raises for a defect; it returns findings (``error`` or
``warning``), each with a stable code and the location inside the rubric
(``blocks.output/数量指标``, ``grades.bands[1]``, ``rules.positive``).
Loading a rubric file runs it and refuses a rubric with errors unless told
not to (:func:`perfrules.rubrics.load_rubric` ``lint=False``).
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
                f"rule {rule.kind!r} fails on actual {fmt(a)}: {type(exc).__name__}: {exc}",
                f"规则 {rule.kind} 在实际值 {fmt(a)} 时出错",
                actual=a,
            )
            return
        if not 0 <= value <= Fraction(weight):
            yield _f(
                "rule.out_of_range",
                Severity.ERROR,
                where,
                f"rule {rule.kind!r} gives {fmt(Decimal(value.numerator) / value.denominator)} for actual {fmt(a)}, outside [0, {fmt(weight)}]",
                f"规则 {rule.kind} 在实际值 {fmt(a)} 时得分超出 [0, {fmt(weight)}]",
                actual=a,
            )
            return


def _leaf_checks(leaf: Indicator, rule: Rule, where: str, table: UnitTable = DEFAULT_UNITS, seen: dict[tuple[Any, ...], bool] | None = None) -> Iterator[Finding]:
    target = leaf.target
    weight = leaf.weight or Decimal(0)
    if target is not None and not _unit_known(target.unit, table):
        yield _f("unit.unknown", Severity.WARNING, where, f"unknown unit {target.unit!r}", f"未知单位“{target.unit}”", unit=target.unit)
    if target is not None:
        qualitative = target.direction in (Direction.QUALITATIVE, Direction.DEADLINE, Direction.NOT_APPLICABLE)
        if (target.direction is Direction.DEADLINE) != isinstance(rule, DeadlineRule) and isinstance(rule, (DeadlineRule, *_QUANTITATIVE, QualitativeBands)):
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                f"rule {rule.kind!r} on the target {str(target)!r}: a deadline target takes the deadline rule, and only it",
                f"目标“{target}”配置了规则 {rule.kind}：时限目标须用时效规则",
                rule=rule.kind,
            )
        elif qualitative and isinstance(rule, _QUANTITATIVE):
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                f"quantitative rule {rule.kind!r} on the qualitative target {str(target)!r}",
                f"定性目标“{target}”配置了定量规则 {rule.kind}",
                rule=rule.kind,
            )
        elif target.direction.is_quantitative and isinstance(rule, QualitativeBands):
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                f"qualitative rule on the numeric target {str(target)!r}",
                f"定量目标“{target}”配置了定性规则",
                rule=rule.kind,
            )
        elif isinstance(rule, RangeRule) and target.direction is not Direction.RANGE:
            yield _f(
                "rule.kind_mismatch",
                Severity.ERROR,
                where,
                f"range rule on the non-range target {str(target)!r}",
                f"非区间目标“{target}”配置了区间规则",
                rule=rule.kind,
            )
        else:
            yield from _probe(rule, leaf, where, seen)
    elif not isinstance(rule, (Checklist, NotApplicable, Judged)) and leaf.rule is None:
        yield _f("template.unscorable", Severity.ERROR, where, "a template leaf with neither target nor rule cannot be scored", "模板指标既无目标也无规则，无法计分")
    if isinstance(rule, Checklist):
        total = exact_sum(i.points for i in rule.items)
        if total < weight:
            yield _f(
                "rule.unreachable_max",
                Severity.ERROR,
                where,
                f"checklist items add up to {fmt(total)}, below the weight {fmt(weight)}: full points are unreachable",
                f"清单各项合计 {fmt(total)} 分，低于分值 {fmt(weight)}，无法得满分",
                items_sum=total,
            )
        elif total > weight:
            yield _f(
                "rule.capped",
                Severity.WARNING,
                where,
                f"checklist items add up to {fmt(total)}, above the weight {fmt(weight)}: the excess is capped",
                f"清单各项合计 {fmt(total)} 分，超过分值 {fmt(weight)}，超出部分不计",
                items_sum=total,
            )
    if isinstance(rule, Deduction) and rule.per_unit == 0:
        yield _f("rule.never_deducts", Severity.WARNING, where, "deduction of 0 per unit never deducts", "每单位扣 0 分，永不扣分")
    if isinstance(rule, _DEPARTMENT):
        yield from _department_rule(rule, leaf, where)


def _department_parameters(rule: Rule, where: str) -> Iterator[Finding]:
    """Parameters of a department rule its formula cannot use."""
    if isinstance(rule, (ControlRate, ChangeRate)) and rule.per_point == 0:
        yield _f("rule.never_deducts", Severity.WARNING, where, f"{rule.kind}: 0 points per percentage point never deducts", "每超过一个百分点扣 0 分，永不扣分")
    if isinstance(rule, ControlRate) and rule.limit <= 0:
        yield _f("rule.parameter_out_of_range", Severity.ERROR, where, f"control_rate: the limit {fmt(rule.limit)}% must be above 0 %", f"控制率上限 {fmt(rule.limit)}% 必须大于 0", parameter="limit")
    if not isinstance(rule, CompletionRate):
        return
    if rule.better == "higher" and rule.standard <= 0:
        yield _f(
            "rule.parameter_out_of_range", Severity.ERROR, where,
            f"completion_rate: points in proportion to a standard of {fmt(rule.standard)}% mean nothing; give a standard above 0 %",
            f"完成比例计分的标准 {fmt(rule.standard)}% 不是正数，无法按比例计分", parameter="standard",
        )  # fmt: skip
    if rule.better == "lower" and rule.standard == 0:
        yield _f(
            "rule.all_or_nothing", Severity.WARNING, where,
            "completion_rate: a standard of 0 % for a lower-is-better rate gives 0 points to any rate above it (no proportion)",
            "越低越好的比率以 0% 为标准时，任何高于 0 的比率均不得分（无法按比例）", parameter="standard",
        )  # fmt: skip
    if rule.ceiling is not None and rule.better == "higher" and rule.ceiling < rule.standard:
        yield _f(
            "rule.parameter_out_of_range", Severity.ERROR, where,
            f"completion_rate: the ceiling {fmt(rule.ceiling)}% is below the standard {fmt(rule.standard)}%: full points would always be flagged",
            f"上限 {fmt(rule.ceiling)}% 低于标准 {fmt(rule.standard)}%，得满分时必然被标记", parameter="ceiling",
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
                f"rule {rule.kind!r} scores a {'lower' if lower else 'higher'}-is-better rate; the target {str(target)!r} says the opposite",
                f"规则 {rule.kind} 为{'越低越好' if lower else '越高越好'}，目标“{target}”方向相反", rule=rule.kind,
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
            yield _f("rule.crashes", Severity.ERROR, where, f"rule {rule.kind!r} fails on actual {actual}: {type(exc).__name__}: {exc}", f"规则 {rule.kind} 在实际值 {actual} 时出错", actual=actual)
            return
        if not 0 <= value <= Fraction(weight):
            yield _f("rule.out_of_range", Severity.ERROR, where, f"rule {rule.kind!r} gives {value} for actual {actual}, outside [0, {fmt(weight)}]", f"规则 {rule.kind} 在实际值 {actual} 时得分超出 [0, {fmt(weight)}]", actual=actual)
            return


def _bands_checks(rule: QualitativeBands, where: str) -> Iterator[Finding]:
    bands = sorted(rule.bands, key=lambda b: b.lower)
    if bands[0].lower != 0:
        yield _f("qualitative.bands_gap", Severity.ERROR, where, f"no band covers shares below {fmt(bands[0].lower)}", f"低于 {fmt(bands[0].lower)} 的得分率不属于任何档")
    top = bands[-1]
    if top.upper != 1 or not top.upper_inclusive:
        yield _f("rule.unreachable_max", Severity.ERROR, where, "no qualitative band reaches 100 % of the weight", "没有一档可以得满分")
    for lower, upper in zip(bands, bands[1:], strict=False):
        if lower.upper < upper.lower:
            yield _f(
                "qualitative.bands_gap",
                Severity.ERROR,
                where,
                f"shares between {fmt(lower.upper)} and {fmt(upper.lower)} belong to no band",
                f"得分率 {fmt(lower.upper)} 至 {fmt(upper.lower)} 之间不属于任何档",
            )
        elif lower.upper > upper.lower or (lower.upper == upper.lower and lower.upper_inclusive):
            yield _f(
                "qualitative.bands_overlap",
                Severity.ERROR,
                where,
                f"bands '{lower.level.value}' and '{upper.level.value}' overlap at {fmt(upper.lower)}",
                f"“{lower.level.label_zh}”与“{upper.level.label_zh}”两档在 {fmt(upper.lower)} 处重叠",
            )


def _grade_checks(rubric: Rubric) -> Iterator[Finding]:
    bands = rubric.grades.bands
    if bands[-1].lower > 0:
        yield _f("grades.gap", Severity.ERROR, f"grades.bands[{len(bands) - 1}]", f"totals below {fmt(bands[-1].lower)} get no grade", f"低于 {fmt(bands[-1].lower)} 分没有对应等级")
    if bands[0].lower > rubric.base:
        yield _f("grades.unreachable", Severity.ERROR, "grades.bands[0]", f"grade '{bands[0].label_zh}' starts above the base {fmt(rubric.base)}", f"等级“{bands[0].label_zh}”的下限高于满分 {fmt(rubric.base)}")
    for i, band in enumerate(bands):
        if band.upper is None:
            continue
        if band.upper < band.lower:
            yield _f("grades.inverted", Severity.ERROR, f"grades.bands[{i}]", f"band '{band.label_zh}' has upper {fmt(band.upper)} below lower {fmt(band.lower)}", f"等级“{band.label_zh}”上限低于下限")
        if i == 0:
            if band.upper < rubric.base:
                yield _f("grades.gap", Severity.ERROR, "grades.bands[0]", f"totals above {fmt(band.upper)} up to {fmt(rubric.base)} get no grade", f"{fmt(band.upper)} 至 {fmt(rubric.base)} 分没有对应等级")
            continue
        above = bands[i - 1]
        if band.upper >= above.lower:
            yield _f(
                "grades.overlap",
                Severity.ERROR,
                f"grades.bands[{i}]",
                f"'{band.label_zh}' (up to {fmt(band.upper)}) overlaps '{above.label_zh}' (from {fmt(above.lower)})",
                f"“{band.label_zh}”（至 {fmt(band.upper)}）与“{above.label_zh}”（自 {fmt(above.lower)}）重叠",
            )
        elif band.upper < above.lower:
            yield _f(
                "grades.gap",
                Severity.WARNING,
                f"grades.bands[{i}]",
                f"totals between {fmt(band.upper)} and {fmt(above.lower)} (e.g. {fmt(band.upper + Decimal('0.5'))}) fall between "
                f"'{band.label_zh}' and '{above.label_zh}'; they are graded '{band.label_zh}' by lower bounds",
                f"{fmt(band.upper)} 至 {fmt(above.lower)} 之间的非整数总分不在公布的等级区间内，按下限归入“{band.label_zh}”",
            )


def _limits_checks(rubric: Rubric) -> Iterator[Finding]:
    """Vetoes that name a grade the scale lacks; caps that can never bite."""
    codes = {band.code for band in rubric.grades.bands}
    for i, veto in enumerate(rubric.limits.vetoes):
        if veto.max_grade is not None and veto.max_grade not in codes:
            yield _f("limits.unknown_grade", Severity.ERROR, f"limits.vetoes[{i}]", f"veto {veto.code!r} names the grade {veto.max_grade!r}, which the scale does not have ({', '.join(sorted(codes))})", f"否决项 {veto.code} 所限等级 {veto.max_grade} 不在等级表中")
    for i, cap in enumerate(rubric.limits.execution_caps):
        if cap.max_total >= rubric.base:
            yield _f("limits.cap_never_applies", Severity.WARNING, f"limits.execution_caps[{i}]", f"the cap {fmt(cap.max_total)} is not below the base {fmt(rubric.base)}: it never lowers a total", f"上限 {fmt(cap.max_total)} 不低于满分 {fmt(rubric.base)}，不会起作用")


def _tree(nodes: tuple[Indicator, ...], path: str, rubric: Rubric, declared: Decimal | None, label: str, seen: dict[tuple[Any, ...], bool] | None = None) -> Iterator[Finding]:
    table = rubric.unit_table
    codes = [n.code for n in nodes]
    for dup, n in repeated(codes).items():
        yield _f("structure.duplicate_code", Severity.ERROR, path, f"code {dup!r} is used by {n} siblings", f"同级指标编码“{dup}”重复", code=dup)
    names = [n.name for n in nodes]
    for dup, n in repeated(names).items():
        yield _f("structure.duplicate_name", Severity.WARNING, path, f"{n} siblings are named {dup!r}", f"同级有 {n} 个指标同名“{dup}”", name=dup)
    total = exact_sum((n.weight if n.weight is not None else n.max_points) for n in nodes)
    if declared is not None and total != declared:
        yield _f(
            "weights.sum_mismatch",
            Severity.ERROR,
            path,
            f"'{label}' is worth {fmt(declared)} points but its children add up to {fmt(total)}",
            f"“{label}”分值 {fmt(declared)}，其下指标分值合计 {fmt(total)}",
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
            yield _f("template.unscorable", Severity.ERROR, where, "a template leaf with neither target nor rule cannot be scored", "模板指标既无目标也无规则，无法计分")
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
        found.append(_f("structure.no_blocks", Severity.ERROR, "blocks", "the rubric has no blocks", "评分方案没有任何部分"))
    if rubric.blocks and rubric.blocks_total != rubric.base:
        found.append(
            _f(
                "weights.sum_mismatch",
                Severity.ERROR,
                "blocks",
                f"the blocks add up to {fmt(rubric.blocks_total)}, not the base {fmt(rubric.base)}",
                f"各部分分值合计 {fmt(rubric.blocks_total)}，不等于基准分 {fmt(rubric.base)}",
                declared=rubric.base,
                children_sum=rubric.blocks_total,
            )
        )
    for block in rubric.blocks:
        where = f"blocks.{block.code}"
        if block.weight == 0:
            found.append(_f("structure.empty_block", Severity.WARNING, where, f"block '{block.code}' is worth 0 points", f"“{block.name_zh}”分值为 0"))
        if block.source is BlockSource.FUNDS and block.indicators:
            found.append(_f("structure.funds_template", Severity.ERROR, where, "the funds block takes no indicator template", "预算执行部分不能配置指标模板"))
        if block.indicators:
            found.extend(_tree(block.indicators, where, rubric, block.weight, block.name_zh, probed))
    for slot in ("positive", "reverse", "equal", "range", "qualitative", "deadline"):
        rule = getattr(rubric.rules, slot)
        if not _slot_ok(slot, rule):
            found.append(
                _f("rule.kind_mismatch", Severity.ERROR, f"rules.{slot}", f"rule {rule.kind!r} cannot score {slot} targets", f"规则 {rule.kind} 不能用于{slot}类目标", rule=rule.kind)
            )
        elif slot in _SLOT_PROBES:
            # the rule of a slot must stay within its points on the targets it will meet
            found.extend(_probe(rule, Indicator(name=slot, weight=Decimal(10), target=_SLOT_PROBES[slot]), f"rules.{slot}"))
            found.extend(_department_parameters(rule, f"rules.{slot}"))
    if isinstance(rubric.rules.qualitative, QualitativeBands):
        found.extend(_bands_checks(rubric.rules.qualitative, "rules.qualitative"))
    if not isinstance(rubric.execution, BudgetExecution):  # pragma: no cover - guarded by the model
        found.append(_f("rule.kind_mismatch", Severity.ERROR, "execution", "the execution rule must be budget_execution", "预算执行规则类型错误"))
    found.extend(_grade_checks(rubric))
    found.extend(_limits_checks(rubric))
    check_codes = [c.code for c in rubric.checks]
    for dup in repeated(check_codes):
        found.append(_f("checks.duplicate_code", Severity.ERROR, "checks", f"check code {dup!r} is used twice", f"核查编码“{dup}”重复", code=dup))
    found.sort(key=lambda f: f.severity is not Severity.ERROR)
    return tuple(found)


def lint_errors(rubric: Rubric) -> tuple[Finding, ...]:
    """Only the error findings of :func:`lint`."""
    return tuple(f for f in lint(rubric) if f.severity is Severity.ERROR)
