"""Units and their exact conversion: 元 ↔ 万元 ↔ 亿元, 人 ↔ 万人, 亩 ↔ 万亩 ↔ 平方米, 次/月 ↔ 次/年, % ↔ ‰.

One table, in the spirit of pint's registry and definition files but exact
and small: :data:`DEFAULT_UNITS` is read from ``units.toml`` (a dimension per
table, a factor per unit as an exact decimal or fraction, aliases), scale
words (万, 千, 亿 …) combine with any unit, and a unit is one quantity or a
rate ``numerator/denominator`` (``万元/社区``, ``次/月``, ``元/亩``). A noun
the table does not know (``篇``, ``株``) is a count of its own kind, so two
counts of different kinds never convert into each other.

pint was measured for this job and not used: its Decimal mode refuses
quantities built from strings, raises on any float, and is slow on a hot
path; the table here converts with :class:`~fractions.Fraction` only.

>>> convert(Decimal("900000"), "元", "万元")
Fraction(90, 1)
>>> convert(Decimal("6"), "次/年", "次/月")
Fraction(1, 2)
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any

import attrs

from perfrules._fields import tuple_field
from perfrules.exceptions import FloatRefusedError, InvalidInputError
from perfrules.values.decimals import to_decimal
from perfrules.values.screening import normalize_text, simplify

__all__ = [
    "DEFAULT_UNITS",
    "SCALES",
    "Unit",
    "UnitDefinition",
    "UnitError",
    "UnitTable",
    "convert",
    "parse_unit",
]

#: scale words that multiply any unit, longest first
SCALES: tuple[tuple[str, int], ...] = (
    ("千万", 10**7),
    ("百万", 10**6),
    ("十万", 10**5),
    ("亿", 10**8),
    ("万", 10**4),
    ("千", 10**3),
    ("百", 10**2),
)
_MAX_WORD = 12


class UnitError(InvalidInputError):
    """Two units cannot be converted into each other (different dimensions)."""


def _fraction(value: Any) -> Fraction:
    if isinstance(value, bool) or isinstance(value, float):
        raise UnitError(f"a unit factor must be exact (text, int or Decimal), got {value!r}", value=value)
    try:
        f = Fraction(value) if not isinstance(value, str) else Fraction(value.strip())
    except (ValueError, ZeroDivisionError, TypeError) as exc:
        raise UnitError(f"cannot read unit factor {value!r}", value=value) from exc
    if f <= 0:
        raise UnitError(f"a unit factor must be positive, got {value!r}", value=value)
    return f


@attrs.frozen
class UnitDefinition:
    """One row of a unit table.

    Attributes:
        symbol: the unit's name (``万元``).
        dimension: what it measures (``money``, ``area``, ``count-persons``); units
            convert only within one dimension.
        factor: how many of the dimension's base unit one of it is (``10000``).
        aliases: other spellings (``㎡`` for ``平方米``).
        approximate: converting between it and a unit without the flag is a
            convention (a week against a month), reported as such.
    """

    symbol: str
    dimension: str
    factor: Fraction = attrs.field(converter=_fraction)
    aliases: tuple[str, ...] = tuple_field(str, default=())
    approximate: bool = False


@attrs.frozen
class Unit:
    """A unit as read from a value: ``万元/社区`` is ``万元`` per ``社区``.

    Attributes:
        text: the unit as written (normalised).
        symbol: the canonical spelling (aliases resolved: ``平米`` → ``平方米``).
        dimension: ``money``, ``count-persons/duration`` …; ``""`` for a bare
            scale word (``万``) that names no thing.
        factor: exact size in the dimension's base unit (``万元`` → 10000,
            ``次/月`` → 12 a year).
        approximate: a week- or day-based duration is part of it.
        inferred: a noun the table does not know was read as a count of its own kind.
    """

    text: str
    symbol: str
    dimension: str
    factor: Fraction
    approximate: bool = False
    inferred: bool = False

    @property
    def is_ratio(self) -> bool:
        """A percentage or per-mille (dimensionless)."""
        return self.dimension == "ratio"

    @property
    def is_scale_only(self) -> bool:
        """A scale word with no thing (``万`` in ``16.12万/社区``)."""
        return self.dimension == ""

    @property
    def numerator(self) -> str:
        return self.symbol.split("/", 1)[0]


def _word_ok(word: str) -> bool:
    return 0 < len(word) <= _MAX_WORD and all(ch.isalpha() or ch in "²³%‰¥￥" for ch in word)


class UnitTable:
    """A unit vocabulary: definitions by symbol and alias, extendable by rubrics and sector packs."""

    def __init__(self, definitions: Iterable[UnitDefinition]) -> None:
        self.definitions: tuple[UnitDefinition, ...] = tuple(definitions)
        self._by_name: dict[str, UnitDefinition] = {}
        for d in self.definitions:
            for name in (d.symbol, *d.aliases):
                self._by_name[name] = d  # a later definition (an extension) wins
        self.unit = functools.lru_cache(maxsize=4096)(self._unit)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> UnitTable:
        """A table from ``{dimension: {symbol: {factor, aliases, approximate}}}`` (the TOML layout)."""
        rows = []
        for dimension, units in data.items():
            for symbol, row in units.items():
                rows.append(UnitDefinition(symbol, dimension, row["factor"], tuple(row.get("aliases", ())), bool(row.get("approximate", False))))
        return cls(rows)

    def extend(self, definitions: Iterable[UnitDefinition]) -> UnitTable:
        """This table plus ``definitions`` (which win over rows of the same name)."""
        extra = tuple(definitions)
        return self if not extra else UnitTable(self.definitions + extra)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def known(self, name: str) -> bool:
        """Whether ``name`` (possibly scaled: ``万人次``) is in the table, not merely read as a count noun."""
        unit = self.unit(name)
        return unit is not None and not unit.inferred

    # -------------------------------------------------------------- parsing
    def _word(self, word: str) -> tuple[str, str, Fraction, bool, bool] | None:
        """(symbol, dimension, factor, approximate, inferred) of one word, or None if it is no unit."""
        if word in self._by_name:
            d = self._by_name[word]
            return d.symbol, d.dimension, d.factor, d.approximate, False
        for scale, factor in SCALES:
            if word.startswith(scale):
                rest = word[len(scale) :]
                if not rest:
                    return scale, "", Fraction(factor), False, False
                inner = self._word(rest)
                if inner is not None and inner[1]:
                    symbol, dimension, f, approx, inferred = inner
                    return scale + symbol, dimension, f * factor, approx, inferred
                break
        if _word_ok(word):
            return word, f"count:{word}", Fraction(1), False, True
        return None

    def _part(self, word: str) -> tuple[str, str, Fraction, bool, bool] | None:
        """One part of a rate, possibly with a count (``3月`` in ``次/3月``)."""
        digits = len(word) - len(word.lstrip("0123456789"))
        if digits and digits < len(word) and digits <= 3:
            inner = self._word(word[digits:])
            n = int(word[:digits])
            if inner is None or not inner[1] or n == 0:
                return None
            return f"{n}{inner[0]}", inner[1], inner[2] * n, inner[3], inner[4]
        return self._word(word)

    def _unit(self, text: str) -> Unit | None:
        if not text:
            return None
        if "/" not in text and "每" in text[1:]:
            text_parts = text.split("每")
        else:
            text_parts = text.split("/")
        num, dens = text_parts[0], text_parts[1:]
        top = self._part(num) if num else ("", "", Fraction(1), False, False)
        if top is None:
            return None
        if not dens:
            symbol, dimension, factor, approx, inferred = top
            return Unit(text, symbol, dimension, factor, approx, inferred)
        symbol, dimension, factor, approx, inferred = top
        for den in dens:
            bottom = self._part(den) if den else None
            if bottom is None or not bottom[1]:
                return None
            symbol, dimension = f"{symbol}/{bottom[0]}", f"{dimension}/{bottom[1]}"
            factor, approx, inferred = factor / bottom[2], approx or bottom[3], inferred or bottom[4]
        return Unit(text, symbol, dimension, factor, approx, inferred)

    def longest_known_prefix(self, text: str) -> str:
        """The longest start of ``text`` that is a unit of this table (``名老人`` → ``名``), else ``""``."""
        for end in range(min(len(text), _MAX_WORD), 0, -1):
            if self.known(text[:end]):
                return text[:end]
        return ""


@functools.cache
def _default_table() -> UnitTable:
    text = resources.files("perfrules.values").joinpath("units.toml").read_text(encoding="utf-8")
    return UnitTable.from_mapping(tomllib.loads(text))


DEFAULT_UNITS: UnitTable = _default_table()
"""perfrules' unit table (``perfrules/values/units.toml``)."""


def parse_unit(text: str, table: UnitTable | None = None) -> Unit | None:
    """The :class:`Unit` a unit text names, or ``None`` for no unit (``""``) or text that is no unit.

    >>> parse_unit("万元/社区").factor
    Fraction(10000, 1)
    >>> parse_unit("万亩").dimension
    'area'
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected unit text, got {type(text).__name__}", value=text)
    table = table or DEFAULT_UNITS
    return table.unit(simplify(normalize_text(text)))


_PLAIN = Unit("", "", "ratio", Fraction(1))
"""No unit at all: a plain number, read as a fraction when converted to or from a percentage."""


def _as_unit(unit: Unit | str, table: UnitTable | None) -> Unit:
    if isinstance(unit, Unit):
        return unit
    if isinstance(unit, str) and not unit.strip():
        return _PLAIN
    parsed = parse_unit(unit, table)
    if parsed is None:
        raise UnitError(f"{unit!r} is not a unit", value=unit)
    return parsed


def convert(value: Decimal | Fraction | int, from_unit: Unit | str, to_unit: Unit | str, table: UnitTable | None = None) -> Fraction:
    """``value`` in ``from_unit`` expressed in ``to_unit``, exactly.

    Raises:
        UnitError: the units measure different things (``人`` and ``%``, ``元`` and ``亩``).
        FloatRefusedError: ``value`` is a float.
    """
    if isinstance(value, float) or isinstance(value, bool):
        raise FloatRefusedError(path="value", value=value)
    if not isinstance(value, Fraction):
        value = to_decimal(value, path="value")  # NaN, Infinity, None, text: refused here
    a, b = _as_unit(from_unit, table), _as_unit(to_unit, table)
    if a.dimension != b.dimension:
        raise UnitError(f"cannot convert {a.text or a.symbol!r} ({a.dimension or 'a scale'}) into {b.text or b.symbol!r} ({b.dimension or 'a scale'})")
    return Fraction(value) * a.factor / b.factor
