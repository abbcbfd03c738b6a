"""Scalar hooks of the converter: exact decimals and fractions, ints, texts, booleans, dates,
versions, and the named values (pairs, facts, labels) of results and rubrics."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from perfrules.exceptions import FloatRefusedError, InvalidInputError
from perfrules.model.indicators import Assessment
from perfrules.values.decimals import fraction_to_decimal, to_decimal
from perfrules.values.versions import SEMVER

__all__ = ["Pairs", "canonical_decimal", "structure_bool", "structure_date", "structure_decimal", "structure_facts", "structure_fraction", "structure_int", "structure_labels", "structure_pairs", "structure_str", "structure_texts", "structure_version", "unstructure_decimal", "unstructure_fraction", "unstructure_pairs"]

Pairs = tuple[tuple[str, Any], ...]
"""Named values as stored in explanations and findings."""

_FRACTION = re.compile(r"-?\d+/\d+")


def structure_decimal(value: Any, _: Any) -> Decimal:
    """cattrs hook: an exact Decimal from a Decimal, int or numeric text (a float is refused)."""
    return to_decimal(value)


def unstructure_decimal(d: Decimal) -> str:
    """Plain positional notation ('0.00000001', '100'), never an exponent."""
    return format(d, "f")


_CANONICAL = decimal.Context(prec=decimal.MAX_PREC)


def canonical_decimal(d: Decimal) -> str:
    """One spelling per value ('100' for 100, 100.0 and 1E+2) for fingerprints."""
    return format(d.normalize(_CANONICAL), "f")


def structure_int(value: Any, _: Any) -> int:
    """cattrs hook: an integer from an int, an integral Decimal or integral text (not a bool; a float is refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        if isinstance(value, float):
            raise FloatRefusedError(path="", value=value)
        raise InvalidInputError(f"expected an integer, got {value!r}", value=value)
    if isinstance(value, int):
        return value
    d = to_decimal(value)
    if d != d.to_integral_value():
        raise InvalidInputError(f"expected an integer, got {value!r}", value=value)
    return int(d)


def structure_str(value: Any, _: Any) -> str:
    """cattrs hook: text as given (a float is refused, a lone surrogate from a broken encoding too)."""
    if isinstance(value, float):
        raise FloatRefusedError(path="", value=value)
    if not isinstance(value, str):
        raise InvalidInputError(f"expected text, got {type(value).__name__} {value!r}", value=value)
    if _SURROGATE.search(value):
        raise InvalidInputError(f"text {value!r} holds a lone surrogate (a broken encoding)", value=value)
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def structure_texts(value: Any, _: Any) -> tuple[str, ...]:
    """cattrs hook: a tuple of texts from a list of texts."""
    if not isinstance(value, list | tuple):
        raise InvalidInputError(f"expected a list of text, got {type(value).__name__} {value!r}", value=value)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise InvalidInputError(f"expected text, got {type(item).__name__} {item!r}", path=f"[{i}]", value=item)
    return tuple(value)


def structure_bool(value: Any, _: Any) -> bool:
    """cattrs hook: ``true`` or ``false`` only (not 0/1 or "yes")."""
    if not isinstance(value, bool):
        raise InvalidInputError(f"expected true or false, got {value!r}", value=value)
    return value


def structure_version(value: Any, _: Any) -> str:
    """cattrs hook: a semantic version such as ``1.2.0``."""
    if not isinstance(value, str) or not SEMVER.fullmatch(value):
        raise InvalidInputError(f"version must be a semantic version such as '1.2.0', got {value!r}", value=value)
    return value


def unstructure_fraction(q: Fraction) -> str:
    """An exact rational as text: decimal when it terminates (``0.715``), else ``5/3``."""
    d = fraction_to_decimal(q)
    return unstructure_decimal(d) if Fraction(d) == q else f"{q.numerator}/{q.denominator}"


def structure_fraction(value: Any, _: Any) -> Fraction:
    """cattrs hook: an exact Fraction from ``5/3`` text or anything :func:`structure_decimal` reads."""
    if isinstance(value, str) and _FRACTION.fullmatch(value.strip()):
        num, den = value.strip().split("/")
        if int(den) == 0:
            raise InvalidInputError(f"zero denominator in {value!r}", value=value)
        return Fraction(int(num), int(den))
    return Fraction(to_decimal(value))


def structure_date(value: Any, _: Any) -> dt.date:
    """cattrs hook: a date from a date or ISO text (``2020-01-01``); a date-time is refused."""
    if isinstance(value, dt.datetime):
        raise InvalidInputError(f"expected a date, got a date-time {value!r}", value=value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInputError(f"expected a date such as '2020-01-01', got {value!r}", value=value)


def encode_any(value: Any) -> Any:
    if value is None:
        return {"null": True}  # TOML has no null; a missing entry would read back as absent
    if isinstance(value, Decimal):
        return {"decimal": unstructure_decimal(value)}
    if isinstance(value, Fraction):
        return {"fraction": unstructure_fraction(value)}
    return value


def decode_any(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if value.get("null") is True:
            return None
        if "decimal" in value:
            return to_decimal(value["decimal"])
        if "fraction" in value:
            return structure_fraction(value["fraction"], Fraction)
    if isinstance(value, float):
        raise FloatRefusedError(path="", value=value)
    return value


def unstructure_pairs(pairs: Pairs) -> list[list[Any]]:
    """Named values as ``[name, value]`` lists, which keep their order in TOML too."""
    # a list of [name, value] keeps its order in TOML too (a table would put sub-tables last)
    return [[k, encode_any(v)] for k, v in pairs]


def structure_pairs(value: Any, _: Any) -> Pairs:
    """cattrs hook: named values from ``[name, value]`` lists or a table, exact numbers restored."""
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in value):
        items = [(p[0], p[1]) for p in value]
    else:
        raise InvalidInputError(f"expected [name, value] pairs, got {type(value).__name__}", value=value)
    out = []
    for k, v in items:
        try:
            out.append((str(k), decode_any(v)))
        except FloatRefusedError as exc:
            raise FloatRefusedError(path=str(k), value=exc.value) from None
    return tuple(out)


def structure_facts(value: Any, _: Any) -> tuple[tuple[str, Decimal], ...]:
    """cattrs hook: a project's facts, name → exact number, sorted by name."""
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"facts are a table of name = number, got {type(value).__name__}", value=value)
    return tuple(sorted((str(k), to_decimal(v, path=str(k))) for k, v in value.items()))


def structure_labels(value: Any, _: Any) -> tuple[tuple[str, Assessment], ...]:
    """cattrs hook: wording → qualitative level (``achieved``, ``partly_achieved``, ``not_achieved``), sorted."""
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"labels are a table of text = level, got {type(value).__name__}", value=value)
    problems = [k for k, v in value.items() if v not in {a.value for a in Assessment}]
    if problems:
        choices = ", ".join(repr(a.value) for a in Assessment)
        raise InvalidInputError(f"label {problems[0]!r} has no level among {choices}", value=value)
    return tuple(sorted((str(k), Assessment(v)) for k, v in value.items()))


