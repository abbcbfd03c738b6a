"""Targets and actual values as written in real self-evaluation tables.

``parse_target("≥735人次")`` gives a :class:`Target` (direction ``≥``, value
735, unit ``人次``); ``parse_actual("1次/月")`` gives an :class:`Actual`. The
whole grammar of real tables is read (see :mod:`~perfrules.values.grammar`
and ``docs/notation.md``): comparator words before or after the number
(``不低于95%``, ``98%以上``), Chinese numerals (``百分之九十``), rates per
period (``每月一次``), approximations (``约``, ``左右``), remarks in brackets,
N/A marks, deadlines (``2020年12月底前``) and compound cells. The original
text is always kept (``.text``), and so is everything the value did not take
(``.remark``).

Text that is not a value at all (``#REF!``, ``NaN``, ``≥9 5%``, digits of
other scripts) and text that looks like a quantity but cannot be read
(``≧x人``) raise a :class:`~perfrules.exceptions.NotationError` that names
the field and quotes it.
"""

from __future__ import annotations

import enum
import functools
import re
from decimal import Decimal
from typing import Any

import attrs

from perfrules._fields import enum_field
from perfrules.exceptions import InvalidInputError, NotationError, WrongTypeError
from perfrules.values.dates import DateSpec
from perfrules.values.decimals import optional_decimal_field
from perfrules.values.grammar import Reading, read_cell
from perfrules.values.screening import UNIT_SYMBOLS, normalize_text, screen, simplify

__all__ = ["Actual", "ActualKind", "Direction", "Target", "in_context", "parse_actual", "parse_target"]


class Direction(enum.Enum):
    """指标性质: the direction of a target."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="
    RANGE = "~"
    QUALITATIVE = "qualitative"
    DEADLINE = "deadline"
    """A date to finish by (``2020年12月底前``, ``按时``)."""
    NOT_APPLICABLE = "n/a"
    """The table marks the item not applicable (``/``, ``不适用``)."""

    @property
    def is_positive(self) -> bool:
        return self in (Direction.GE, Direction.GT)

    @property
    def is_reverse(self) -> bool:
        return self in (Direction.LE, Direction.LT)

    @property
    def is_strict(self) -> bool:
        return self in (Direction.GT, Direction.LT)

    @property
    def is_quantitative(self) -> bool:
        return self not in (Direction.QUALITATIVE, Direction.DEADLINE, Direction.NOT_APPLICABLE)


class ActualKind(enum.Enum):
    """What an actual value (实际完成值) turned out to be."""

    NUMBER = "number"
    RANGE = "range"
    TEXT = "text"
    DATE = "date"
    """A day something was done (``2020年11月20日``)."""
    NOT_APPLICABLE = "n/a"
    """The table marks the value not applicable (``/``, ``无``)."""


_VALUELESS = (Direction.QUALITATIVE, Direction.DEADLINE, Direction.NOT_APPLICABLE)


# ---------------------------------------------------------------- Target
def _check_target(instance: Target, attribute: attrs.Attribute, value: Any) -> None:
    d = instance.direction
    if d in _VALUELESS:
        if instance.value is not None or instance.upper is not None:
            raise InvalidInputError(f"a {d.name.lower().replace('_', '-')} target takes no value", path="value")
        if instance.deadline is not None and d is not Direction.DEADLINE:
            raise InvalidInputError("only a deadline target has a deadline", path="deadline")
        return
    if instance.deadline is not None:
        raise InvalidInputError("only a deadline target has a deadline", path="deadline")
    if instance.value is None:
        raise InvalidInputError(f"a {d.value} target needs a value", path="value")
    if d is Direction.RANGE:
        if instance.upper is None:
            raise InvalidInputError("a range target needs an upper bound", path="upper")
        if instance.upper < instance.value:
            raise InvalidInputError(
                f"range upper bound {instance.upper} is below lower bound {instance.value}",
                path="upper",
                value=instance.upper,
            )
    elif instance.upper is not None:
        raise InvalidInputError(f"only a range target has an upper bound, not {d.value}", path="upper")


def _optional_date(value: Any) -> DateSpec | None:
    if value is None or isinstance(value, DateSpec):
        return value
    raise InvalidInputError(f"expected a DateSpec, got {type(value).__name__}", value=value)


@attrs.frozen
class Target:
    """年度指标值: what an indicator should reach.

    Attributes:
        direction: ``≥``, ``>``, ``≤``, ``<``, ``=``, a range, qualitative, a
            deadline or not applicable.
        value: the number (lower bound of a range); ``None`` if it has none.
        upper: the upper bound of a range.
        unit: the unit as written (``人次``, ``%``, ``万元/社区``).
        text: the original text; for a qualitative target, the expectation itself.
        explicit: ``False`` when no comparator was written (``100%``, ``10个``) and
            ``=`` was assumed.
        remark: what the cell says besides the value (a bracketed note, the rest
            of a compound cell, a label before the number).
        approximate: the cell marks the number as approximate (``约``, ``左右``).
        compound: the cell holds more than one quantity; the first is the target.
        deadline: the last admissible day of a deadline target.

    >>> Target.parse("≧100％")
    Target(direction=<Direction.GE: '≥'>, value=Decimal('100'), upper=None, unit='%', text='≧100％', explicit=True, remark='', approximate=False, compound=False, deadline=None)
    """

    direction: Direction = enum_field(Direction)
    value: Decimal | None = optional_decimal_field()
    upper: Decimal | None = optional_decimal_field()
    unit: str = ""
    text: str = ""
    explicit: bool = True
    remark: str = ""
    approximate: bool = False
    compound: bool = False
    deadline: DateSpec | None = attrs.field(default=None, converter=_optional_date, validator=_check_target)

    @classmethod
    def parse(cls, text: str) -> Target:
        """Parse table notation; see :func:`parse_target`."""
        return parse_target(text)

    @classmethod
    def qualitative(cls, text: str) -> Target:
        """A qualitative target whose expectation is ``text``."""
        return cls(Direction.QUALITATIVE, text=text)

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.direction is Direction.QUALITATIVE:
            return "qualitative"
        if self.direction is Direction.DEADLINE:
            return f"{self.deadline}前" if self.deadline else "deadline"
        if self.direction is Direction.NOT_APPLICABLE:
            return "/"
        if self.direction is Direction.RANGE:
            return f"{self.value}~{self.upper}{self.unit}"
        prefix = self.direction.value if self.explicit else ""
        return f"{prefix}{self.value}{self.unit}"


_COMPARATORS = {"≥": Direction.GE, ">": Direction.GT, "≤": Direction.LE, "<": Direction.LT, "=": Direction.EQ}
_SYMBOL_START = re.compile(r"[≥>≤<=]")
_DIGIT = re.compile(r"[0-9]")


def _join(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def _as_written(unit: str, text: str) -> str:
    """Units as the text wrote them where normalisation spelled them out (㎡, ℃); ``百分比`` as ``%``."""
    for symbol, word in UNIT_SYMBOLS:
        if symbol in text and word not in text:
            unit = unit.replace(word, symbol)
    return "%" if unit in ("百分比", "百分之") else unit


def _prepare(text: Any, what: str, path: str) -> str:
    if not isinstance(text, str):
        raise InvalidInputError(f"expected {what} text, got {type(text).__name__}", path=path, value=text)
    screen(text, what=what, path=path)
    s = normalize_text(text)
    if not s:
        raise NotationError(f"empty {what} {text!r}", path=path, value=text)
    return s


def _read(text: str, s: str, role: str, what: str) -> Reading:
    try:
        return read_cell(s, role)
    except InvalidInputError as exc:  # a number out of range: the cell is named, not the number
        raise NotationError(f"cannot read {text!r} as {what}: {exc.reason}", value=text) from None


@functools.lru_cache(maxsize=8192)
def _target(text: str) -> Target:
    s = _prepare(text, "target", "")
    r = _read(text, s, "target", "a target")
    remark = _join(r.label, r.remark)
    common = {"text": text, "remark": remark, "approximate": r.approximate, "compound": r.compound}
    if r.kind == "quantity":
        if r.comparator is None:
            return Target(Direction.EQ, r.value, unit=_as_written(r.unit, text), explicit=False, **common)
        return Target(_COMPARATORS[r.comparator], r.value, unit=_as_written(r.unit, text), **common)
    if r.kind == "range":
        return Target(Direction.RANGE, r.value, r.upper, unit=_as_written(r.unit, text), **common)
    if r.kind == "date":
        return Target(Direction.DEADLINE, deadline=r.date, **common)
    if r.kind == "not_applicable":
        return Target(Direction.NOT_APPLICABLE, text=text, remark=r.remark)
    plain = simplify(s)
    if _SYMBOL_START.match(plain):
        raise NotationError(f"cannot parse {text!r} as a target: a comparator must be followed by a number", value=text)
    if _DIGIT.search(plain):
        raise NotationError(
            f"cannot parse {text!r} as a target; write it as one comparator, number and unit "
            "(e.g. '≥4次/年') or build a Target explicitly",
            value=text,
        )
    return Target(Direction.QUALITATIVE, text=text)


def parse_target(text: str, *, path: str = "") -> Target:
    """Parse a target (年度指标值) as written in a table.

    * ``≥735人次``, ``不低于95%``, ``98%以上``, ``≤90万元``, ``≥1次/月``, ``每月一次`` → that comparator
      (以上/以下/以内 include the number; 超过/不足 exclude it);
    * ``25~30人``, ``≥95%且≤100%`` → a range;
    * ``100%``, ``16.12万元/社区`` → ``=`` (``explicit=False``: no comparator written);
    * ``2020年12月底前``, ``年底前``, ``按时`` → a deadline;
    * ``/``, ``—``, ``不适用`` → not applicable;
    * ``合格``, ``达成预期指标`` and any text without a number → qualitative.

    Raises:
        NotationError: the text is not a value (``#REF!``, ``NaN``), or starts
            like a quantity but cannot be read, or mixes numbers into an
            expression perfrules cannot read.

    >>> parse_target("≥735人次").value
    Decimal('735')
    >>> parse_target("百分之九十以上").direction, parse_target("百分之九十以上").value
    (<Direction.GE: '≥'>, Decimal('90'))
    >>> parse_target("≧x人")
    Traceback (most recent call last):
    ...
    perfrules.exceptions.NotationError: cannot parse '≧x人' as a target: a comparator must be followed by a number
    """
    try:
        return _target(text)
    except InvalidInputError as exc:
        raise exc.at(path) from None
    except TypeError:  # unhashable: not text at all
        raise InvalidInputError(f"expected target text, got {type(text).__name__}", path=path, value=text) from None


# ---------------------------------------------------------------- Actual
def _check_actual(instance: Actual, attribute: attrs.Attribute, value: Any) -> None:
    k = instance.kind
    if k in (ActualKind.TEXT, ActualKind.DATE, ActualKind.NOT_APPLICABLE):
        if instance.value is not None or instance.upper is not None:
            raise InvalidInputError(f"a {k.value} actual takes no value", path="value")
        if k is ActualKind.TEXT and not instance.text:
            raise InvalidInputError("a text actual needs its text", path="text")
        if (k is ActualKind.DATE) != (instance.date is not None):
            raise InvalidInputError("a date actual, and only a date actual, has a date", path="date")
        return
    if instance.date is not None:
        raise InvalidInputError("a date actual, and only a date actual, has a date", path="date")
    if instance.value is None:
        raise InvalidInputError(f"a {k.value} actual needs a value", path="value")
    if k is ActualKind.RANGE:
        if instance.upper is None or instance.upper < instance.value:
            raise InvalidInputError("a range actual needs an upper bound ≥ its lower bound", path="upper")
    elif instance.upper is not None:
        raise InvalidInputError("only a range actual has an upper bound", path="upper")


@attrs.frozen
class Actual:
    """实际完成值: what was achieved.

    Attributes:
        kind: a number, a range (``25~30人``), a date, N/A or text (``合格``, ``没有停水``).
        value: the number (lower bound of a range).
        upper: upper bound of a range.
        unit: the unit as written.
        text: the original text.
        qualifier: set when the table reports an inequality instead of a
            value (``>90%``, ``100%以上``); the number is then only a bound.
        remark: what the cell says besides the value.
        approximate: the cell marks the number as approximate.
        date: the day reported (a date actual).
    """

    kind: ActualKind = enum_field(ActualKind)
    value: Decimal | None = optional_decimal_field()
    upper: Decimal | None = optional_decimal_field()
    unit: str = ""
    text: str = ""
    qualifier: Direction | None = attrs.field(default=None, converter=attrs.converters.optional(Direction))
    remark: str = ""
    approximate: bool = False
    date: DateSpec | None = attrs.field(default=None, converter=_optional_date, validator=_check_actual)

    @classmethod
    def parse(cls, text: str) -> Actual:
        """Parse table notation; see :func:`parse_actual`."""
        return parse_actual(text)

    @classmethod
    def number(cls, value: Any, unit: str = "", *, text: str = "") -> Actual:
        """A numeric actual; ``text`` keeps the original wording if it differs."""
        return cls(ActualKind.NUMBER, value, unit=unit, text=text)

    @property
    def is_numeric(self) -> bool:
        return self.kind in (ActualKind.NUMBER, ActualKind.RANGE)

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.kind is ActualKind.RANGE:
            return f"{self.value}~{self.upper}{self.unit}"
        if self.kind is ActualKind.DATE:
            return str(self.date)
        if self.kind is ActualKind.NOT_APPLICABLE:
            return "/"
        return f"{self.value}{self.unit}"


@functools.lru_cache(maxsize=8192)
def _actual(text: str) -> Actual:
    s = _prepare(text, "actual value", "")
    r = _read(text, s, "actual", "an actual value")
    remark = _join(r.label, r.remark)
    common = {"text": text, "remark": remark, "approximate": r.approximate}
    if r.kind == "quantity":
        qualifier = _COMPARATORS[r.comparator] if r.comparator else None
        return Actual(ActualKind.NUMBER, r.value, unit=_as_written(r.unit, text), qualifier=qualifier, **common)
    if r.kind == "range":
        return Actual(ActualKind.RANGE, r.value, r.upper, unit=_as_written(r.unit, text), **common)
    if r.kind == "date" and r.date is not None and not r.date.on_time_only:
        return Actual(ActualKind.DATE, date=r.date, **common)
    if r.kind == "not_applicable":
        return Actual(ActualKind.NOT_APPLICABLE, text=text, remark=r.remark)
    if _SYMBOL_START.match(simplify(s)):
        raise NotationError(f"cannot parse {text!r} as an actual value: a comparator must be followed by a number", value=text)
    return Actual(ActualKind.TEXT, text=text)


_NONE_WORDS = frozenset({"无", "没有", "零", "0"})


def in_context(actual: Actual, target: Target | None) -> Actual:
    """``actual`` as its target reads it: ``无`` against ``≤0起`` (no accidents) is the number 0.

    Nothing else changes; the text is kept.
    """
    if (
        target is not None
        and actual.kind is ActualKind.NOT_APPLICABLE
        and target.value == 0
        and target.direction in (Direction.LE, Direction.EQ)
        and normalize_text(actual.text) in _NONE_WORDS
    ):
        return Actual(ActualKind.NUMBER, Decimal(0), unit=target.unit, text=actual.text)
    return actual


def parse_actual(text: str, *, path: str = "", target: Target | str | None = None) -> Actual:
    """Parse an actual value (实际完成值) as written in a table.

    Numbers with units (``10个``, ``1次/月``, ``2.4万人``, ``两次``, ``一周一课``) and
    ranges (``25~30人``) are read as such; ``达到90%`` is 90 %; an inequality
    (``>90%``, ``100%以上``) is read as a number with a ``qualifier``; dates
    (``2020年11月20日``) as dates; ``/`` and ``无`` as N/A; anything else is kept
    as text (``合格``, ``没有停水``, a narrative) for the rule to judge.

    With its ``target``, an actual is read in context (:func:`in_context`:
    ``无`` against ``≤0起`` is 0); to read the pair's units and check it, see
    :func:`~perfrules.values.reading.read_pair`.

    Raises:
        NotationError: the text is not a value (``#DIV/0!``, ``inf``), or
            starts with a comparator not followed by a readable number.
    """
    if isinstance(target, str):
        target = parse_target(target, path="target")
    elif target is not None and not isinstance(target, Target):
        raise WrongTypeError(f"expected a Target or its text, got {type(target).__name__}", path="target", value=target)
    try:
        return in_context(_actual(text), target)
    except InvalidInputError as exc:
        raise exc.at(path) from None
    except TypeError:
        raise InvalidInputError(f"expected actual text, got {type(text).__name__}", path=path, value=text) from None
