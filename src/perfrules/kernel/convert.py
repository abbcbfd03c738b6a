"""Decimal columns to scaled int64 arrays, exactly: no float anywhere, anything that does not fit flagged.

A column of ``Decimal`` (or ``int``) values becomes ``value × 10^k`` as int64, where ``k``
is the largest number of decimal places in the column (``scale_of``). A value that is not
exact at the scale asked for (:func:`scaled`), or that does not fit in int64 with the
headroom the kernel needs, is set to 0 and flagged; its row goes to the exact scalar path.
Floats are refused.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from typing import Any

import numpy as np

from perfrules.exceptions import FloatRefusedError, InvalidInputError

__all__ = ["LIMIT", "check_values", "joint", "scaled"]

#: no scaled value, product or numerator the kernel forms exceeds this (int64 holds 2^63 − 1)
LIMIT = 2**62
_ZERO = Decimal(0)
_SAMPLE = 64
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _places(value: Any) -> int:
    if type(value) is int:
        return 0
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _as_list(values: Any, path: str) -> list[Any]:
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "fc":
            raise FloatRefusedError(path=path, value=values.flat[0] if values.size else 0.0)
        return values.ravel().tolist()
    return list(values)


def check_values(values: Sequence[Any], path: str) -> None:
    """Refuse floats and anything but finite ``Decimal``, ``int`` or ``None``."""
    kinds = set(map(type, values))
    if float in kinds or any(issubclass(k, float) for k in kinds):
        bad = next(v for v in values if isinstance(v, float))
        raise FloatRefusedError(path=path, value=bad)
    if not kinds <= {Decimal, int, type(None)}:
        other = next(k for k in kinds if k not in (Decimal, int, type(None)))
        raise InvalidInputError(f"expected Decimal or int values, got {other.__name__}", path=path)


def scaled(values: Sequence[Any], places: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(values × 10^places as int64, inexact mask, too-big mask)``; flagged entries are 0; ``None`` is 0.

    A value is inexact when it is not a whole number at that scale, too big when its magnitude
    exceeds :data:`LIMIT`. Types are not checked here (see :func:`joint`).
    """
    factor = Decimal(10) ** places
    filled = [_ZERO if v is None else v for v in values] if None in values else values
    with localcontext(_EXACT):  # × 10^k adds no digits: exact at any precision the values have
        xs = list(map(factor.__mul__, filled))
    try:
        ints = list(map(int, xs))
    except (ValueError, OverflowError):  # NaN, infinity
        raise InvalidInputError("a value is not a finite number") from None
    inexact = ~np.array(list(map(operator.eq, xs, ints)), dtype=bool)
    try:
        arr = np.array(ints, dtype=np.int64)
    except OverflowError:
        big = np.array([not -LIMIT <= i <= LIMIT for i in ints], dtype=bool)
        arr = np.array([0 if b else i for i, b in zip(ints, big.tolist(), strict=True)], dtype=np.int64)
    else:
        big = (arr > LIMIT) | (arr < -LIMIT)
    bad = big | inexact
    if bad.any():
        arr[bad] = 0
    return arr, inexact, big


def joint(columns: Sequence[Sequence[Any]], path: str = "") -> tuple[list[np.ndarray], np.ndarray, int]:
    """Columns that share one scale (a target and its actual): ``(int64 arrays, flagged mask, places)``.

    The places are the largest number of decimal places among the columns' values (at most 28),
    read from the first values; if a later value has more, every column is read again at the true
    largest. The flagged mask is the union over the columns.
    """
    columns = [_as_list(values, path) for values in columns]
    for values in columns:
        check_values(values, path)
    places = max((_places(v) for values in columns for v in values[:_SAMPLE] if v is not None), default=0)
    arrays, bad = _all_scaled(columns, min(28, places))
    if bad.any():
        more = min(28, max((_places(v) for values in columns for v in values if v is not None), default=0))
        if more > places:
            places = more
            arrays, bad = _all_scaled(columns, places)
    return arrays, bad, min(28, places)


def _all_scaled(columns: Sequence[Sequence[Any]], places: int) -> tuple[list[np.ndarray], np.ndarray]:
    arrays, bad = [], None
    for values in columns:
        arr, inexact, big = scaled(values, places)
        arrays.append(arr)
        bad = (inexact | big) if bad is None else bad | inexact | big
    assert bad is not None
    return arrays, bad
