"""A rubric: the scheme a self-evaluation is scored by.

It names the first-level blocks and their points (预算执行 10 / 产出 50 /
效益 30 / 满意度 10 …), the rule used for each target direction, the
aggregator, grade scale, rounding, N/A policy and bonus/penalty limits.
Everything is plain data (frozen attrs records holding rule records), so a
rubric can be compared, serialised, linted and overlaid.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from decimal import Decimal
from typing import Any

import attrs

from perfrules._fields import DOCUMENT, enum_field, of_type, tuple_field
from perfrules.exceptions import RubricError
from perfrules.model.indicators import Indicator, RangeActual, Rule
from perfrules.model.project import Scope
from perfrules.rules.aggregation import Aggregator, PointSum
from perfrules.rules.checks import Check
from perfrules.rules.deadline import DeadlineRule
from perfrules.rules.execution import BudgetExecution
from perfrules.rules.grading import NATIONAL_GRADES, GradeScale
from perfrules.rules.limits import Limits
from perfrules.rules.tolerance import Tolerance
from perfrules.rules.not_applicable import NotApplicable
from perfrules.rules.qualitative import QualitativeBands
from perfrules.rules.quantitative import Equal, Positive, RangeRule, Reverse
from perfrules.rules.rounding import ITEMS_HALF_UP_2, RoundingPolicy
from perfrules.values.decimals import decimal_field, exact_sum, optional_decimal_field
from perfrules.values.notation import Direction
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.units import DEFAULT_UNITS, UnitDefinition, UnitTable
from perfrules.values.versions import SemanticVersion, check_version

__all__ = ["AdjustmentPolicy", "Block", "BlockSource", "NotApplicablePolicy", "Overflow", "Rubric", "ScoringRules"]


@functools.lru_cache(maxsize=64)
def _unit_table(units: tuple[UnitDefinition, ...]) -> UnitTable:
    return DEFAULT_UNITS.extend(units)


class BlockSource(enum.Enum):
    """Where a first-level block takes its score from."""

    FUNDS = "funds"
    """The budget-execution rule over the funds block."""
    INDICATORS = "indicators"
    """An indicator group of the self-evaluation."""


@attrs.frozen
class Block:
    """A first-level block of the rubric.

    Attributes:
        code: stable key; a self-evaluation's top-level indicator with this
            code (or with ``name_zh`` as its name) fills the block.
        name_zh: 一级指标名称.
        name_en: English name.
        weight: the block's points.
        source: funds or indicators.
        indicators: an optional indicator template (codes, points, rules). When given, the
            rubric fixes the tree, its points and rules, and a self-evaluation only supplies
            targets and actual values.
    """

    code: str
    name_zh: str
    name_en: str
    weight: Decimal = decimal_field()
    source: BlockSource = enum_field(BlockSource, default=BlockSource.INDICATORS)
    indicators: tuple[Indicator, ...] = tuple_field(Indicator, default=())


def _rule(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, Rule):
        raise RubricError(f"{attribute.name} must be a rule (with kind and apply()), got {value!r}")


@attrs.frozen
class ScoringRules:
    """The rule applied to a leaf by the direction of its target."""

    positive: Rule = attrs.field(factory=Positive, validator=_rule)
    reverse: Rule = attrs.field(factory=Reverse, validator=_rule)
    equal: Rule = attrs.field(factory=Equal, validator=_rule)
    range: Rule = attrs.field(factory=RangeRule, validator=_rule)
    qualitative: Rule = attrs.field(factory=QualitativeBands, validator=_rule)
    deadline: Rule = attrs.field(factory=DeadlineRule, validator=_rule)

    def for_direction(self, direction: Direction) -> Rule:
        if direction.is_positive:
            return self.positive
        if direction.is_reverse:
            return self.reverse
        if direction is Direction.EQ:
            return self.equal
        if direction is Direction.RANGE:
            return self.range
        if direction is Direction.DEADLINE:
            return self.deadline
        if direction is Direction.NOT_APPLICABLE:
            return NotApplicable()
        return self.qualitative


class NotApplicablePolicy(enum.Enum):
    """What N/A items do to the total (F13)."""

    RESCALE = "rescale"
    """Drop them and rescale the applicable points to the base (default, F13)."""
    DROP = "drop"
    """Drop them; the attainable total shrinks."""


class Overflow(enum.Enum):
    """What a group whose children add up to more than its declared points does."""

    CAP = "cap"
    """Its score is capped at the declared points, with an error (default)."""
    RESCALE = "rescale"
    """Its score is scaled by declared ÷ the children's points, with an error."""
    REPORT = "report"
    """Only reported; the children's points count (a table's own group labels, by default)."""


def _not_negative(attribute: attrs.Attribute, value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise RubricError(f"{attribute.name} must not be negative, got {value}")


@attrs.frozen
class AdjustmentPolicy:
    """Limits for bonus/penalty items (加减分) outside the base.

    ``None`` means unlimited. ``floor``/``ceiling`` bound the final total; a
    rubric's default policy floors it at 0 (``FLOOR_ZERO``).
    """

    max_bonus: Decimal | None = optional_decimal_field(validator=lambda i, a, v: _not_negative(a, v))
    max_penalty: Decimal | None = optional_decimal_field(validator=lambda i, a, v: _not_negative(a, v))
    floor: Decimal | None = optional_decimal_field()
    ceiling: Decimal | None = optional_decimal_field()

    def __attrs_post_init__(self) -> None:
        if self.floor is not None and self.ceiling is not None and self.floor > self.ceiling:
            raise RubricError(f"adjustments: floor {self.floor} is above ceiling {self.ceiling}")


FLOOR_ZERO = AdjustmentPolicy(floor=Decimal(0))
"""No caps on bonus or penalty; the total cannot go below 0."""


def _blocks(value: Any) -> tuple[Block, ...]:
    blocks = tuple(value)
    codes = [b.code for b in blocks]
    if len(set(codes)) != len(codes):
        raise RubricError(f"block codes must be distinct: {codes}")
    if sum(b.source is BlockSource.FUNDS for b in blocks) > 1:
        raise RubricError("a rubric has at most one funds block")
    return blocks


def _floor_within_base(instance: Rubric, attribute: attrs.Attribute, value: AdjustmentPolicy) -> None:
    if isinstance(value, AdjustmentPolicy) and value.floor is not None and value.floor > instance.base:
        raise RubricError(f"adjustments: the floor {value.floor} is above the base {instance.base}; no total could stay within it")


def _check_dates(instance: Rubric, attribute: attrs.Attribute, value: dt.date | None) -> None:
    start, end = instance.effective_from, instance.effective_to
    if start is not None and end is not None and end < start:
        raise RubricError(f"effective_to {end} is before effective_from {start}")


@attrs.frozen
class Rubric:
    """A scoring scheme.

    Attributes:
        code: stable identifier (``cn-national-project-2020``).
        title_zh / title_en: titles.
        version: the rubric's own version.
        blocks: first-level blocks.
        base: the points the blocks add up to (100).
        execution: the budget-execution rule.
        rules: the leaf rule per target direction.
        aggregator: how groups combine their children.
        grades: the grade scale.
        rounding: where and how scores are rounded.
        not_applicable: what N/A items do to the total.
        block_overflow: a block (declared by this rubric) whose items add up to more than its
            points: capped (default) or rescaled; never more than its points.
        group_overflow: the same for a group whose points the table itself labels (``产出指标(40分)``):
            reported only (default; labels are often the wrong side), capped or rescaled.
        adjustments: bonus/penalty limits.
        range_actual: which value of a range actual (``25~30人``) is scored.
        reading: how actuals are read against targets (units, ambiguity, strict bounds,
            negative values, far-off pairs).
        units: unit definitions added to perfrules' unit table (a sector's own units).
        references: policy documents (文号).
        effective_from / effective_to: the dates the rubric is in force (inclusive).
        regions: region codes it applies to (``"CN"``, ``"CN-HB"``); empty = not bound to
            a region (chosen by code only, never by :func:`~perfrules.rubrics.selection.select_rubric`).
        lineage: the overlay chain that produced it, base first (``code@version``).
        checks: sector checks run over the self-evaluation's facts.
        limits: what is applied after the total — caps by execution rate, vetoes
            (一票否决), the over-target deduction; none by default.
        review_tolerance: how far a reviewer's score may differ from the unit's before it is reported.
        scope: what the rubric evaluates: a project (项目支出) or a department as a whole (部门整体).
        origin: where the rubric came from (``perfrules 0.1.0``, a plugin
            distribution and version); set by the registry, not part of the fingerprint.
    """

    code: str
    title_zh: str
    title_en: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    version: SemanticVersion = attrs.field(default=SemanticVersion("1.0.0"), validator=check_version)
    base: Decimal = decimal_field(default=Decimal(100))
    execution: BudgetExecution = attrs.field(factory=BudgetExecution, validator=of_type(BudgetExecution))
    rules: ScoringRules = attrs.field(factory=ScoringRules, validator=of_type(ScoringRules))
    aggregator: Aggregator = attrs.field(factory=PointSum, validator=of_type(Aggregator))
    grades: GradeScale = attrs.field(default=NATIONAL_GRADES, validator=of_type(GradeScale))
    rounding: RoundingPolicy = attrs.field(default=ITEMS_HALF_UP_2, validator=of_type(RoundingPolicy))
    not_applicable: NotApplicablePolicy = enum_field(NotApplicablePolicy, default=NotApplicablePolicy.RESCALE)
    block_overflow: Overflow = enum_field(Overflow, default=Overflow.CAP)
    group_overflow: Overflow = enum_field(Overflow, default=Overflow.REPORT)
    adjustments: AdjustmentPolicy = attrs.field(factory=lambda: FLOOR_ZERO, validator=[of_type(AdjustmentPolicy), _floor_within_base])
    range_actual: RangeActual = enum_field(RangeActual, default=RangeActual.LOWER)
    reading: ReadingPolicy = attrs.field(factory=ReadingPolicy, validator=of_type(ReadingPolicy))
    units: tuple[UnitDefinition, ...] = tuple_field(UnitDefinition, default=())
    references: tuple[str, ...] = tuple_field(str, default=())
    effective_from: dt.date | None = None
    effective_to: dt.date | None = attrs.field(default=None, validator=_check_dates)
    regions: tuple[str, ...] = tuple_field(str, default=())
    lineage: tuple[str, ...] = tuple_field(str, default=())
    checks: tuple[Check, ...] = tuple_field(Check, default=())
    limits: Limits = attrs.field(factory=Limits, validator=of_type(Limits))
    review_tolerance: Tolerance = attrs.field(factory=Tolerance, validator=of_type(Tolerance))
    scope: Scope = enum_field(Scope, default=Scope.PROJECT)
    origin: str = attrs.field(default="", eq=False, metadata={DOCUMENT: False})

    @property
    def unit_table(self) -> UnitTable:
        """perfrules' unit table with this rubric's own units added."""
        return _unit_table(self.units)

    def block(self, code: str) -> Block:
        """The block with ``code``."""
        for b in self.blocks:
            if b.code == code:
                return b
        raise KeyError(code)

    @property
    def blocks_total(self) -> Decimal:
        return exact_sum(b.weight for b in self.blocks)

    @property
    def key(self) -> str:
        """``code@version``."""
        return f"{self.code}@{self.version}"

    def in_force(self, on: dt.date) -> bool:
        """Whether the rubric is effective on ``on`` (both ends inclusive)."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to
