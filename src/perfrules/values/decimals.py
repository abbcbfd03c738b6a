"""Exact numbers at the boundary: everything becomes a :class:`~decimal.Decimal`.

``int`` and numeric strings are converted exactly; ``float`` is refused with a
:class:`~perfrules.exceptions.FloatRefusedError` naming the field. Strings
may use full-width digits and thousands separators as printed in Chinese
tables (``"２,４４０.９１"``).
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.exceptions import FloatRefusedError, InvalidInputError

__all__ = ["decimal_field", "exact_sum", "fraction_to_decimal", "optional_decimal_field", "to_decimal"]

#: arithmetic that never rounds, whatever the caller's decimal context says
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[decimal.Inexact, decimal.InvalidOperation])
#: the display precision of non-terminating values
_DISPLAY = decimal.Context(prec=28)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Σ values without rounding, independent of the ambient decimal context."""
    total = Decimal(0)
    for v in values:
        total = _EXACT.add(total, v)
    return total


def exact_difference(a: Decimal, b: Decimal) -> Decimal:
    """``a − b`` without rounding."""
    return _EXACT.subtract(a, b)

_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")


def to_decimal(value: Any, *, path: str = "") -> Decimal:
    """Convert ``value`` to a finite :class:`~decimal.Decimal`, exactly.

    Args:
        value: a ``Decimal``, an ``int`` or a numeric string.
        path: the field path used in error messages.

    Raises:
        FloatRefusedError: ``value`` is a ``float``.
        InvalidInputError: anything else that is not an exact finite number.

    >>> to_decimal("2,440.91")
    Decimal('2440.91')
    >>> to_decimal(3)
    Decimal('3')
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError(f"{value} is not a finite number", path=path, value=value)
        return _in_range(value, path, value)
    if isinstance(value, bool):
        raise InvalidInputError(f"expected a number, got {value!r}", path=path, value=value)
    if isinstance(value, int):
        if abs(value) >= 10 ** (_MAX_ADJUSTED + 1):  # before Decimal(), so a huge int costs nothing
            raise InvalidInputError(f"{value!r} is outside the range perfrules handles (10^-24 … 10^24)", path=path, value=value)
        return Decimal(value)
    if isinstance(value, float):
        raise FloatRefusedError(path=path, value=value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if len(text) <= 200 and _NUMBER.fullmatch(text):
            return _in_range(Decimal(text.replace(",", "")), path, value)
        raise InvalidInputError(f"cannot read {value!r} as a number", path=path, value=value)
    raise InvalidInputError(
        f"expected a Decimal, int or numeric string, got {type(value).__name__} {value!r}",
        path=path,
        value=value,
    )


#: magnitudes perfrules accepts: amounts up to 10^24, down to 10^-24
_MAX_ADJUSTED = 24


def _in_range(d: Decimal, path: str, given: Any) -> Decimal:
    # a zero is checked by its exponent: 0E-999999999 would be written out with a billion digits
    magnitude = d.adjusted() if d else d.as_tuple().exponent
    if not -_MAX_ADJUSTED <= magnitude <= _MAX_ADJUSTED:
        raise InvalidInputError(f"{given!r} is outside the range perfrules handles (10^-24 … 10^24)", path=path, value=given)
    return d


def fraction_to_decimal(q: Fraction) -> Decimal:
    """The exact decimal of ``q`` if it terminates, else 28 significant digits."""
    num, den = q.numerator, q.denominator
    d = den
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        # terminating: scale to an integer numerator over a power of ten
        k = 0
        while (10**k) % den:
            k += 1
        return Decimal(f"{num * (10**k // den)}E-{k}") if k else Decimal(num)
    return _DISPLAY.divide(Decimal(num), Decimal(den))


def _field_converter(value: Any, field: attrs.Attribute) -> Decimal:
    return to_decimal(value, path=field.name)


def _optional_field_converter(value: Any, field: attrs.Attribute) -> Decimal | None:
    return None if value is None else to_decimal(value, path=field.name)


def decimal_field(**kwargs: Any) -> Any:
    """An attrs field that converts its value with :func:`to_decimal`."""
    return attrs.field(converter=attrs.Converter(_field_converter, takes_field=True), **kwargs)


def optional_decimal_field(**kwargs: Any) -> Any:
    """Like :func:`decimal_field` but ``None`` is allowed (and is the default)."""
    kwargs.setdefault("default", None)
    return attrs.field(
        converter=attrs.Converter(_optional_field_converter, takes_field=True), **kwargs
    )
