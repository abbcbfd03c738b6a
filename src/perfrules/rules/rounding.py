"""Declared rounding: where (item, subtotal, total), how (mode) and to how many places.

Scores are computed as exact rationals and rounded exactly, once, where the
rubric says so. ``3 × 1.43 ÷ 6 = 0.715`` rounds half-up to ``0.72``; a naive
``3 * (Decimal("1.43") / 6)`` in 28-digit arithmetic gives ``0.7149…`` and
would round to ``0.71``.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules._fields import enum_field, of_type
from perfrules.exceptions import RubricError

__all__ = ["ITEMS_HALF_UP_2", "Rounding", "RoundingMode", "RoundingPolicy", "round_exact"]


class RoundingMode(enum.Enum):
    """How a value is brought to a number of decimal places."""

    HALF_UP = "half_up"
    """四舍五入 — ties away from zero (0.715 → 0.72)."""
    HALF_EVEN = "half_even"
    """Banker's rounding — ties to the even digit (0.725 → 0.72)."""
    DOWN = "down"
    """Truncation (截尾) toward zero (0.719 → 0.71)."""
    UP = "up"
    """Away from zero (0.711 → 0.72)."""

    @property
    def label_zh(self) -> str:
        return _LABEL_ZH[self]


_LABEL_ZH = {
    RoundingMode.HALF_UP: "四舍五入",
    RoundingMode.HALF_EVEN: "银行家舍入",
    RoundingMode.DOWN: "截尾",
    RoundingMode.UP: "进位",
}


def round_exact(q: Fraction, places: int, mode: RoundingMode) -> Decimal:
    """Round the exact rational ``q`` to ``places`` decimals with ``mode``.

    The result is exact: no intermediate value is approximated.

    >>> round_exact(Fraction(715, 1000), 2, RoundingMode.HALF_UP)
    Decimal('0.72')
    >>> round_exact(Fraction(725, 1000), 2, RoundingMode.HALF_EVEN)
    Decimal('0.72')
    """
    scaled = q * (Fraction(10) ** places)
    sign = -1 if scaled < 0 else 1
    a = abs(scaled)
    whole, rest = divmod(a.numerator, a.denominator)
    twice = 2 * rest
    if rest == 0:
        pass
    elif mode is RoundingMode.DOWN:
        pass
    elif mode is RoundingMode.UP:
        whole += 1
    elif twice > a.denominator:
        whole += 1
    elif twice == a.denominator:
        if mode is RoundingMode.HALF_UP or whole % 2 == 1:
            whole += 1
    return Decimal(f"{sign * whole}E-{places}") if places else Decimal(sign * whole)


def _check_places(instance: Rounding, attribute: attrs.Attribute, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise RubricError(f"rounding places must be an int in 0..10, got {value!r}")


@attrs.frozen
class Rounding:
    """One rounding step: ``places`` decimals by ``mode``.

    >>> Rounding(2).apply(Fraction(715, 1000))
    Decimal('0.72')
    """

    places: int = attrs.field(default=2, validator=_check_places)
    mode: RoundingMode = enum_field(RoundingMode, default=RoundingMode.HALF_UP)

    def apply(self, q: Fraction) -> Decimal:
        """Round ``q`` exactly."""
        return round_exact(q, self.places, self.mode)

    def describe(self, lang: str = "zh") -> str:
        """``四舍五入保留2位小数`` / ``half_up to 2 places``."""
        if lang == "zh":
            return f"{self.mode.label_zh}保留{self.places}位小数"
        return f"{self.mode.value} to {self.places} places"


@attrs.frozen
class RoundingPolicy:
    """Where rounding happens. ``None`` at a stage means: exact, no rounding there.

    Every stage defaults to ``None``; a :class:`~perfrules.rubrics.rubric.Rubric`
    defaults to :data:`ITEMS_HALF_UP_2`.

    Attributes:
        item: applied to each leaf indicator's score (and the execution score).
        subtotal: applied to every group score (a group then sums its
            children's *rounded* scores if ``item`` is set, else their exact values).
        total: applied to the final total.
    """

    item: Rounding | None = attrs.field(default=None, validator=of_type(Rounding, optional=True))
    subtotal: Rounding | None = attrs.field(default=None, validator=of_type(Rounding, optional=True))
    total: Rounding | None = attrs.field(default=None, validator=of_type(Rounding, optional=True))


ITEMS_HALF_UP_2 = RoundingPolicy(item=Rounding(2, RoundingMode.HALF_UP))
"""Each item rounded half-up (四舍五入) to 2 places; groups and total add the rounded items (F14)."""
