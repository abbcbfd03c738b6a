"""An exact number with a unit: ``Quantity.parse("2.4万人").to("人")`` is 24000 人.

The magnitude is an exact :class:`~fractions.Fraction` (a conversion such as
1 次/周 → 365/84 次/月 does not terminate as a decimal); :attr:`Quantity.decimal`
gives it as a Decimal when it terminates.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.exceptions import FloatRefusedError, InvalidInputError
from perfrules.explanation import fmt
from perfrules.values.decimals import fraction_to_decimal, to_decimal
from perfrules.values.notation import ActualKind, parse_actual
from perfrules.values.units import DEFAULT_UNITS, Unit, UnitTable, convert

__all__ = ["Quantity"]


def _magnitude(value: Any) -> Fraction:
    if isinstance(value, float):
        raise FloatRefusedError(path="magnitude", value=value)
    if isinstance(value, Fraction):
        return value
    return Fraction(to_decimal(value, path="magnitude"))


@attrs.frozen
class Quantity:
    """A magnitude in a unit.

    Attributes:
        magnitude: the exact number.
        unit: the unit as written (``万元``, ``次/月``, ``""`` for none).
    """

    magnitude: Fraction = attrs.field(converter=_magnitude)
    unit: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    @classmethod
    def parse(cls, text: str, *, path: str = "") -> Quantity:
        """The quantity a table cell writes (``2.4万人``, ``每月一次``, ``百分之九十五``).

        Raises:
            NotationError: the text is not a value.
            InvalidInputError: the text is a value but not one number (a range, a date, text).
        """
        actual = parse_actual(text, path=path)
        if actual.kind is not ActualKind.NUMBER or actual.value is None:
            raise InvalidInputError(f"{text!r} is not one quantity (it reads as {actual.kind.value})", path=path, value=text)
        return cls(Fraction(actual.value), actual.unit)

    def unit_info(self, table: UnitTable | None = None) -> Unit | None:
        """The :class:`~perfrules.values.units.Unit` this quantity's unit names (``None`` if it has none)."""
        return (table or DEFAULT_UNITS).unit(self.unit)

    def to(self, unit: str, table: UnitTable | None = None) -> Quantity:
        """This quantity in ``unit``, exactly.

        Raises:
            UnitError: the units measure different things.
        """
        if unit == self.unit:
            return self
        return Quantity(convert(self.magnitude, self.unit, unit, table), unit)

    @property
    def decimal(self) -> Decimal:
        """The magnitude as a Decimal.

        Raises:
            InvalidInputError: it does not terminate (``365/84``); use :attr:`magnitude`.
        """
        d = fraction_to_decimal(self.magnitude)
        if Fraction(d) != self.magnitude:
            raise InvalidInputError(f"{self.magnitude} has no exact decimal; use .magnitude", value=self.magnitude)
        return d

    def __str__(self) -> str:
        return f"{fmt(self.magnitude)}{self.unit}"
