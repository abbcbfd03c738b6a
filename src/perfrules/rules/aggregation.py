"""How a group's score comes from its children's: pluggable aggregators.

An aggregator receives the applicable children as ``(score, max_points)``
pairs and the group's own points, and returns the group's exact value and
its maximum. ``PointSum`` is the table convention (得分 adds up);
``WeightedMean`` rescales the children's achievement to the group's points;
``Minimum`` scores the group by its weakest child.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Protocol, runtime_checkable

import attrs

from perfrules.values.decimals import exact_sum

__all__ = ["Aggregator", "Minimum", "PointSum", "WeightedMean"]

Child = tuple[Fraction, Decimal]


@runtime_checkable
class Aggregator(Protocol):
    """``combine(children, points) -> (value, max_points)``.

    ``redistributes`` says whether a group with declared points keeps them when
    some children are not applicable (the children's achievement is carried
    to the group's points), so N/A points need no rescaling further up.
    """

    kind: ClassVar[str]
    redistributes: ClassVar[bool]

    def combine(self, children: Sequence[Child], points: Decimal | None) -> tuple[Fraction, Decimal]:  # pragma: no cover
        ...

    def formula(self, children: Sequence[tuple[str, str]], points: Decimal | None) -> str:  # pragma: no cover
        ...


def _achievement(children: Sequence[Child]) -> list[Fraction]:
    return [score / Fraction(mx) if mx else Fraction(1) for score, mx in children]


@attrs.frozen
class PointSum:
    """Σ children's points; the group's maximum is Σ children's maxima (default)."""

    kind: ClassVar[str] = "point_sum"
    redistributes: ClassVar[bool] = False

    def combine(self, children: Sequence[Child], points: Decimal | None) -> tuple[Fraction, Decimal]:
        return sum((s for s, _ in children), Fraction(0)), exact_sum(m for _, m in children)

    def formula(self, children: Sequence[tuple[str, str]], points: Decimal | None) -> str:
        return " + ".join(s for s, _ in children) or "0"


@attrs.frozen
class WeightedMean:
    """``points × Σ scoreᵢ ÷ Σ maxᵢ``: the children's achievement carried to the group's points."""

    kind: ClassVar[str] = "weighted_mean"
    redistributes: ClassVar[bool] = True

    def combine(self, children: Sequence[Child], points: Decimal | None) -> tuple[Fraction, Decimal]:
        total_max = exact_sum(m for _, m in children)
        mx = total_max if points is None else points
        if not children or total_max == 0:
            return Fraction(0), mx
        return Fraction(mx) * sum((s for s, _ in children), Fraction(0)) / Fraction(total_max), mx

    def formula(self, children: Sequence[tuple[str, str]], points: Decimal | None) -> str:
        scores = " + ".join(s for s, _ in children)
        maxima = " + ".join(m for _, m in children)
        return f"{points if points is not None else '(' + maxima + ')'} × ({scores}) ÷ ({maxima})"


@attrs.frozen
class Minimum:
    """``points × min(scoreᵢ ÷ maxᵢ)``: the weakest child decides."""

    kind: ClassVar[str] = "minimum"
    redistributes: ClassVar[bool] = True

    def combine(self, children: Sequence[Child], points: Decimal | None) -> tuple[Fraction, Decimal]:
        total_max = exact_sum(m for _, m in children)
        mx = total_max if points is None else points
        if not children:
            return Fraction(0), mx
        return Fraction(mx) * min(_achievement(children)), mx

    def formula(self, children: Sequence[tuple[str, str]], points: Decimal | None) -> str:
        parts = ", ".join(f"{s} ÷ {m}" for s, m in children)
        return f"{points if points is not None else 'Σmax'} × min({parts})"
