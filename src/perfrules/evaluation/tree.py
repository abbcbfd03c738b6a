"""Scoring the indicator tree: leaves by their rules, groups by the aggregator, blocks by the rubric.

A :class:`Run` walks one self-evaluation under one rubric and collects the
findings; :func:`~perfrules.evaluation.evaluate.evaluate` then adds the
blocks up, rescales, adjusts, rounds and grades.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules._fields import repeated
from perfrules.evaluation.result import NodeResult
from perfrules.exceptions import RubricError
from perfrules.explanation import Explanation, fmt, register_clauses
from perfrules.findings import Finding, Severity
from perfrules.model.indicators import Indicator, Outcome, RuleContext
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Block, BlockSource, Overflow, Rubric
from perfrules.rubrics.template import fit_to_template
from perfrules.rules.not_applicable import NotApplicable
from perfrules.rules.rounding import Rounding
from perfrules.values.decimals import exact_sum, fraction_to_decimal
from perfrules.values.notation import Direction
from perfrules.values.units import UnitTable
from perfrules.messages import en_zh

__all__ = ["Run"]


#: words that make an indicator a cost (成本指标) whatever group it sits in
_COST_WORDS = ("成本", "费用", "单价", "造价", "经费标准", "补助标准")


def _is_cost(ind: Indicator, groups: list[str], units: UnitTable) -> bool:
    """A cost: an amount of money (元, 万元/社区 …) under a 成本指标 group or named as a cost.

    A rate under 成本指标 (发放及时率 100%) is no cost: it keeps its direction.
    """
    assert ind.target is not None
    unit = units.unit(ind.target.unit)
    if unit is None or not unit.dimension.startswith("money"):
        return False
    return any("成本" in g for g in groups) or any(w in ind.name for w in _COST_WORDS)


@attrs.define
class Run:
    """One scoring run: the rubric, the self-evaluation, the findings raised so far and the groups being walked."""

    rubric: Rubric
    se: SelfEvaluation
    findings: list[Finding] = attrs.field(factory=list)
    groups: list[str] = attrs.field(factory=list)
    """Names of the groups above the node being scored (成本指标 …)."""

    @property
    def _block_codes(self) -> set[str]:
        return {b.code for b in self.rubric.blocks}

    def note(self, finding_code: str, severity: Severity, path: str, en: str, zh: str, **data: object) -> None:
        self.findings.append(Finding(finding_code, severity, path, en, zh, data))

    # -- leaves -------------------------------------------------------------
    def _round(self, value: Fraction, rounding: Rounding | None) -> Fraction:
        return value if rounding is None else Fraction(rounding.apply(value))

    def _capped(self, score: Fraction, max_points: Decimal, path: str) -> Fraction:
        """Rounding to fewer places than the points have may not lift a score above them."""
        if score > Fraction(max_points):
            self.note(
                "score.rounded_above_max",
                Severity.WARNING,
                path,
                *en_zh("score.rounded_above_max", fraction_to_decimal_score=fmt(fraction_to_decimal(score)), max_points=fmt(max_points)),
            )
            return Fraction(max_points)
        return score

    def _check_claimed(self, path: str, claimed: Decimal | None, max_points: Decimal, score: Fraction) -> None:
        if claimed is None:
            return
        if claimed > max_points:
            self.note(
                "score.claimed_above_max",
                Severity.ERROR,
                path,
                *en_zh("score.claimed_above_max", claimed=fmt(claimed), max_points=fmt(max_points)),
                claimed=claimed,
                max_points=max_points,
            )
        if Fraction(claimed) != score:
            computed = fraction_to_decimal(score)
            self.note(
                "score.claimed_differs",
                Severity.WARNING,
                path,
                *en_zh("score.claimed_differs", claimed=fmt(claimed), computed=fmt(computed)),
                claimed=claimed,
                computed=computed,
            )

    def leaf(self, outcome: Outcome, *, code: str, name: str, path: str, weight: Decimal, claimed: Decimal | None, rule: str) -> NodeResult:
        if not isinstance(outcome.value, Fraction):
            raise RubricError(f"rule {rule!r} returned a {type(outcome.value).__name__} for {path}; a rule returns a Fraction")
        if not (0 <= outcome.value <= Fraction(weight)):
            raise RubricError(
                f"rule {rule!r} returned {outcome.value} for {path}, outside [0, {weight}]; a rule must stay within its weight"
            )
        self.findings.extend(outcome.findings)
        rounding = self.rubric.rounding.item
        score = self._capped(self._round(outcome.value, rounding), weight, path)
        if not outcome.applicable:
            score = Fraction(0)
            if claimed:
                self.note(
                    "score.claimed_not_applicable",
                    Severity.WARNING,
                    path,
                    *en_zh("score.claimed_not_applicable", claimed=fmt(claimed)),
                    claimed=claimed,
                )
        elif outcome.explanation.clause not in ("qualitative.claimed_in_band", "judged.capped", "judged.as_stated"):
            self._check_claimed(path, claimed, weight, score)
        formula = outcome.explanation.formula
        return NodeResult(
            code=code,
            name=name,
            path=path,
            max_points=weight if outcome.applicable else Decimal(0),
            declared_points=weight,
            exact_raw=outcome.value,
            exact_score=score,
            rounding=rounding if outcome.applicable else None,
            applicable=outcome.applicable,
            claimed=claimed,
            rule=rule,
            explanation=outcome.explanation,
            formula=formula,
            excluded=Decimal(0) if outcome.applicable else weight,
        )

    def indicator_leaf(self, ind: Indicator, path: str) -> NodeResult:
        if ind.weight is None:
            self.note(
                "weights.missing",
                Severity.ERROR,
                path,
                *en_zh("weights.missing", ind_name=ind.name),
            )
            ind = attrs.evolve(ind, weight=Decimal(0))
        assert ind.weight is not None
        ctx = RuleContext(
            weight=ind.weight,
            path=path,
            indicator=ind,
            range_actual=self.rubric.range_actual,
            reading=self.rubric.reading,
            units=self.rubric.unit_table,
            year=self.se.project.year,
        )
        if not ind.applicable:
            rule = NotApplicable()
        elif ind.rule is not None:
            rule = ind.rule
        elif ind.target is None:
            self.note("target.missing", Severity.ERROR, path, *en_zh("target.missing"))
            outcome = Outcome(Fraction(0), Explanation("none", "target.missing", {"weight": ind.weight}, "0"))
            return self.leaf(outcome, code=ind.code, name=ind.name, path=path, weight=ind.weight, claimed=ind.claimed_score, rule="none")
        elif ind.target.direction is Direction.EQ and not ind.target.explicit and _is_cost(ind, self.groups, self.rubric.unit_table):
            # a cost written without a comparator (成本指标: 200元/人) is a ceiling
            self.note(
                "target.cost_as_ceiling",
                Severity.INFO,
                path,
                *en_zh("target.cost_as_ceiling", ind_target=ind.target),
                target=str(ind.target),
            )
            rule = self.rubric.rules.reverse
        else:
            if ind.target.direction is Direction.NOT_APPLICABLE:
                self.note(
                    "target.not_applicable",
                    Severity.INFO,
                    path,
                    *en_zh("target.not_applicable", ind_target=ind.target),
                )
            rule = self.rubric.rules.for_direction(ind.target.direction)
        if clauses := getattr(type(rule), "clauses", None):
            register_clauses(clauses)  # a custom rule brings its own sentences
        return self.leaf(rule.apply(ctx), code=ind.code, name=ind.name, path=path, weight=ind.weight, claimed=ind.claimed_score, rule=rule.kind)

    # -- groups ------------------------------------------------------------
    def group(self, ind: Indicator, path: str, declared: Decimal | None, *, block: bool = False) -> NodeResult:
        severity = Severity.ERROR if block else Severity.WARNING
        codes = [c.code for c in ind.children]
        names = [c.name for c in ind.children]
        name_counts, code_counts = repeated(names), repeated(codes)
        for dup, n in name_counts.items():
            self.note(
                "structure.duplicate_name",
                Severity.WARNING,
                path,
                *en_zh("structure.duplicate_name", n=n, dup=dup),
                name=dup,
            )
        for dup in code_counts:
            self.note(
                "structure.duplicate_code",
                Severity.WARNING,
                path,
                *en_zh("structure.duplicate_code", dup=dup),
                code=dup,
            )
        children = []
        self.groups.append(ind.name)
        for i, child in enumerate(ind.children):
            child_path = f"{path}/{child.code}" if child.code not in code_counts else f"{path}/{child.code}#{i + 1}"
            children.append(self.node(child, child_path, child.weight))
        self.groups.pop()
        nominal = exact_sum(c.declared_points or Decimal(0) for c in children)
        if declared is not None and nominal != declared:
            self.note(
                "weights.sum_mismatch",
                severity,
                path,
                *en_zh("weights.sum_mismatch", ind_name=ind.name, declared=fmt(declared), nominal=fmt(nominal)),
                declared=declared,
                children_sum=nominal,
            )
        live = [c for c in children if c.applicable]
        agg = self.rubric.aggregator
        value, max_points = agg.combine([(c.exact_score, c.max_points) for c in live], declared)
        if declared is not None and not agg.redistributes:
            policy = self.rubric.block_overflow if block else self.rubric.group_overflow
            value, max_points = self._overflow(ind, path, declared - exact_sum(c.excluded for c in children), value, max_points, policy)
        rounding = self.rubric.rounding.subtotal
        score = self._capped(self._round(value, rounding), max_points, path)
        applicable = bool(live) or not children
        if not applicable:
            excluded = declared if declared is not None else nominal
        elif agg.redistributes and declared is not None:
            excluded = Decimal(0)
        else:
            excluded = exact_sum(c.excluded for c in children)
        if applicable:
            # the table's own maximum still counts the points of its N/A items
            self._check_claimed(path, ind.claimed_score, max_points + excluded, score)
        return NodeResult(
            code=ind.code,
            name=ind.name,
            path=path,
            max_points=max_points,
            declared_points=declared if declared is not None else nominal,
            exact_raw=value,
            exact_score=score,
            rounding=rounding,
            applicable=applicable,
            claimed=ind.claimed_score,
            rule=agg.kind,
            explanation=None,
            formula=agg.formula([(fmt(c.score), fmt(c.max_points)) for c in live], declared),
            children=tuple(children),
            excluded=excluded,
        )

    def _overflow(self, ind: Indicator, path: str, limit: Decimal, value: Fraction, max_points: Decimal, policy: Overflow) -> tuple[Fraction, Decimal]:
        """A group never scores above its declared points (minus its N/A points), by ``policy``."""
        if max_points <= limit or policy is Overflow.REPORT or limit < 0:
            return value, max_points
        if policy is Overflow.CAP:
            kept = min(value, Fraction(limit))
            shown = fmt(fraction_to_decimal(value))
            if value > Fraction(limit):
                how_en, how_zh = f"its score {shown} is capped at {fmt(limit)}", f"得分 {shown} 按分值封顶为 {fmt(limit)}"
            else:
                how_en, how_zh = f"its score {shown} is within its {fmt(limit)} points (scores above them would be capped)", f"得分 {shown} 未超过其分值 {fmt(limit)}（超过部分将封顶）"
        else:
            kept = value * Fraction(limit) / Fraction(max_points) if max_points else Fraction(0)
            how_en = f"its score is rescaled by {fmt(limit)} ÷ {fmt(max_points)} to {fmt(fraction_to_decimal(kept))}"
            how_zh = f"得分按 {fmt(limit)} ÷ {fmt(max_points)} 折算为 {fmt(fraction_to_decimal(kept))}"
        self.note(
            "score.above_declared",
            Severity.ERROR,
            path,
            *en_zh("score.above_declared", ind_name=ind.name, max_points=fmt(max_points), limit=fmt(limit), how_en=how_en, how_zh=how_zh),
            declared=limit,
            children_sum=max_points,
            policy=policy.value,
        )
        return kept, limit

    def node(self, ind: Indicator, path: str, declared: Decimal | None) -> NodeResult:
        if ind.children:
            return self.group(ind, path, declared)
        return self.indicator_leaf(ind, path)

    # -- blocks ------------------------------------------------------------
    def block(self, block: Block, used: set[str]) -> NodeResult:
        if block.source is BlockSource.FUNDS:
            ctx = RuleContext(weight=block.weight, path=block.code, funds=self.se.funds)
            outcome = self.rubric.execution.apply(ctx)
            return self.leaf(
                outcome,
                code=block.code,
                name=block.name_zh,
                path=block.code,
                weight=block.weight,
                claimed=self.se.claimed_execution_score,
                rule=self.rubric.execution.kind,
            )
        free = [i for i in self.se.indicators if i.code not in used]
        match = next((i for i in free if i.code == block.code), None) or next(
            (i for i in free if i.name == block.name_zh and i.code not in self._block_codes), None
        )
        if match is None:
            self.note(
                "structure.missing_block",
                Severity.ERROR,
                block.code,
                *en_zh("structure.missing_block", block_code=block.code, block_name_zh=block.name_zh),
                block=block.code,
            )
            return NodeResult(
                code=block.code,
                name=block.name_zh,
                path=block.code,
                max_points=block.weight,
                declared_points=block.weight,
                exact_raw=Fraction(0),
                exact_score=Fraction(0),
                rule="none",
                formula="0",
            )
        used.add(match.code)
        if block.indicators:
            match, fitted = fit_to_template(block.indicators, match, block.code)
            self.findings.extend(fitted)
        if match.is_leaf:
            if match.weight != block.weight:
                self.note(
                    "weights.sum_mismatch",
                    Severity.ERROR,
                    block.code,
                    *en_zh("weights.sum_mismatch.2", block_code=block.code, block_weight=fmt(block.weight), match_name=match.name, match_weight=fmt(match.weight), block_name_zh=block.name_zh),
                    declared=block.weight,
                    children_sum=match.weight,
                )
                match = attrs.evolve(match, weight=block.weight)
            result = self.indicator_leaf(match, block.code)
            return attrs.evolve(result, code=block.code, name=match.name)
        result = self.group(match, block.code, block.weight, block=True)
        return attrs.evolve(result, code=block.code)
