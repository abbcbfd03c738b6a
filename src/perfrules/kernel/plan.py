"""What the kernel needs of a rubric, as integers: checked once, refused with the feature named.

A :class:`Plan` holds the rubric's constants on the item-rounding grid (``10^places``):
the points of every block, the base, the floor and ceiling, the grade thresholds, the
qualitative shares over one common denominator and the variant of every rule. A rubric
that uses anything the kernel does not compute raises :class:`KernelUnsupportedError`
naming it; the exact scalar path (:func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`) handles every rubric.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules.exceptions import RubricError
from perfrules.model.indicators import Assessment
from perfrules.rubrics.rubric import BlockSource, Overflow, Rubric
from perfrules.rules.aggregation import PointSum
from perfrules.rules.execution import ZeroBudget
from perfrules.rules.limits import Limits
from perfrules.rules.qualitative import QualitativeBands
from perfrules.rules.quantitative import Equal, EqualVariant, Positive, Reverse, ReverseVariant
from perfrules.rules.rounding import RoundingMode

__all__ = ["LEVELS", "BlockPlan", "ZB_FULL", "ZB_NOT_APPLICABLE", "ZB_ZERO", "KernelUnsupportedError", "Plan", "plan_for"]

#: qualitative levels in the order of the kernel's level codes (0, 1, 2)
LEVELS = (Assessment.ACHIEVED, Assessment.PARTLY, Assessment.NOT_ACHIEVED)
#: zero-budget policies as codes
ZB_ZERO, ZB_FULL, ZB_NOT_APPLICABLE = 0, 1, 2
_ZB = {ZeroBudget.ZERO: ZB_ZERO, ZeroBudget.FULL: ZB_FULL, ZeroBudget.NOT_APPLICABLE: ZB_NOT_APPLICABLE}


class KernelUnsupportedError(RubricError):
    """The rubric uses a feature the vectorised kernel does not compute (the message names it).

    Score such a rubric with :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`, which handles every rubric.
    """


@attrs.frozen
class BlockPlan:
    """One first-level block: its code, whether it is the funds block, and its points × 10^places."""

    code: str
    name_zh: str
    funds: bool
    points: int


@attrs.frozen
class Plan:
    """A rubric's constants as integers on the item grid (scale ``10^places``).

    Attributes:
        places: item rounding places; every item score is an integer at scale ``10^places``.
        mode: item rounding mode.
        blocks: the blocks in rubric order.
        base: the rubric's base × 10^places (no total goes above it).
        floor / ceiling: the adjustment policy's bounds × 10^places, or ``None``.
        total_step: ``10^(places − total places)`` when the total is rounded to fewer places, else 1.
        total_mode: the total's rounding mode.
        thresholds: per grade band, the least scaled total that reaches it (``ceil(lower × 10^places)``).
        shares: per level code, the band's default share × ``share_den``; ``None`` for a level without a band.
        share_den: the common denominator of the qualitative shares.
        zero_target_full, reverse_linear, equal_two_sided: the rule variants.
        execution_initial: the execution rate's base is the initial budget (年初预算数).
        zero_budget, zero_budget_unspent: zero-budget policies as codes (ZB_*).
        overflow: the block overflow policy.
    """

    places: int
    mode: RoundingMode
    blocks: tuple[BlockPlan, ...]
    base: int
    floor: int | None
    ceiling: int | None
    total_step: int
    total_mode: RoundingMode
    thresholds: tuple[int, ...]
    shares: tuple[int | None, ...]
    share_den: int
    zero_target_full: bool
    reverse_linear: bool
    equal_two_sided: bool
    execution_initial: bool
    zero_budget: int
    zero_budget_unspent: int
    overflow: Overflow

    @property
    def scale(self) -> int:
        """``10^places``."""
        return 10**self.places

    @property
    def indicator_blocks(self) -> tuple[BlockPlan, ...]:
        return tuple(b for b in self.blocks if not b.funds)

    @property
    def funds_block(self) -> BlockPlan | None:
        return next((b for b in self.blocks if b.funds), None)


def _on_grid(value: Decimal, scale: int, what: str) -> int:
    scaled = Fraction(value) * scale
    if scaled.denominator != 1:
        raise KernelUnsupportedError(
            f"{what} {value} has more decimal places than the item rounding; the kernel needs it on that grid"
        )
    return int(scaled)


def _rule_type(rubric: Rubric, name: str, cls: type) -> None:
    rule = getattr(rubric.rules, name)
    if type(rule) is not cls:
        raise KernelUnsupportedError(
            f"rules.{name}: rule {type(rule).__name__} (kind {getattr(rule, 'kind', '?')!r}) is not supported by the kernel"
        )


def _blocks(rubric: Rubric, scale: int) -> tuple[BlockPlan, ...]:
    out = []
    for b in rubric.blocks:
        if b.indicators:
            raise KernelUnsupportedError(f"block {b.code!r}: an indicator template is not supported by the kernel")
        out.append(
            BlockPlan(
                b.code, b.name_zh, b.source is BlockSource.FUNDS, _on_grid(b.weight, scale, f"block {b.code!r} points")
            )
        )
    return tuple(out)


def _shares(rules: QualitativeBands) -> tuple[tuple[int | None, ...], int]:
    fractions = [None if (band := rules.band(level)) is None else Fraction(band.default) for level in LEVELS]
    den = math.lcm(1, *(f.denominator for f in fractions if f is not None))
    return tuple(None if f is None else int(f * den) for f in fractions), den


def plan_for(rubric: Rubric) -> Plan:
    """The rubric's :class:`Plan`.

    Raises:
        KernelUnsupportedError: the rubric uses a rule, aggregator, rounding or limit the kernel
            does not compute; the message names it.
    """
    if not isinstance(rubric, Rubric):
        raise KernelUnsupportedError(f"expected a Rubric, got {type(rubric).__name__}")
    for name, cls in (
        ("positive", Positive),
        ("reverse", Reverse),
        ("equal", Equal),
        ("qualitative", QualitativeBands),
    ):
        _rule_type(rubric, name, cls)
    if type(rubric.aggregator) is not PointSum:
        raise KernelUnsupportedError(
            f"aggregator {type(rubric.aggregator).__name__} is not supported by the kernel (only point_sum)"
        )
    item = rubric.rounding.item
    if item is None:
        raise KernelUnsupportedError("rounding.item is None (exact item scores): the kernel needs item rounding")
    if rubric.rounding.subtotal is not None:
        raise KernelUnsupportedError("rounding.subtotal is not supported by the kernel")
    if rubric.limits != Limits():
        raise KernelUnsupportedError(
            "limits (execution caps, vetoes, over-target deduction) are not supported by the kernel"
        )
    if rubric.block_overflow is Overflow.RESCALE:
        raise KernelUnsupportedError("block_overflow 'rescale' is not supported by the kernel")
    scale = 10**item.places
    total = rubric.rounding.total
    total_places = item.places if total is None else min(total.places, item.places)
    policy = rubric.adjustments
    shares, den = _shares(rubric.rules.qualitative)
    execution = rubric.execution
    return Plan(
        places=item.places,
        mode=item.mode,
        blocks=_blocks(rubric, scale),
        base=_on_grid(rubric.base, scale, "base"),
        floor=None if policy.floor is None else _on_grid(policy.floor, scale, "adjustments.floor"),
        ceiling=None if policy.ceiling is None else _on_grid(policy.ceiling, scale, "adjustments.ceiling"),
        total_step=10 ** (item.places - total_places),
        total_mode=item.mode if total is None else total.mode,
        thresholds=tuple(-(-Fraction(band.lower) * scale // 1) for band in rubric.grades.bands),  # exact ceiling, integers only
        shares=shares,
        share_den=den,
        zero_target_full=rubric.rules.positive.zero_target == "full",
        reverse_linear=rubric.rules.reverse.variant is ReverseVariant.LINEAR,
        equal_two_sided=rubric.rules.equal.variant is EqualVariant.TWO_SIDED,
        execution_initial=execution.base == "initial",
        zero_budget=_ZB[execution.zero_budget],
        zero_budget_unspent=_ZB[execution.zero_budget_unspent],
        overflow=rubric.block_overflow,
    )
