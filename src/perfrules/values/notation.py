"""Targets and actual values as written in real self-evaluation tables.

``parse_target("≥735人次")`` gives a :class:`Target` (direction ``≥``, value
735, unit ``人次``); ``parse_actual("1次/月")`` gives an :class:`Actual`.
Full-width forms (``≧ ≦ ＝ ═ ％ ～``, full-width digits) are accepted. The
original text is always kept on the parsed object (``.text``).

Text that looks like a quantity but cannot be read (``≧x人``) raises a
:class:`~perfrules.exceptions.NotationError` that quotes it.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from perfrules._fields import enum_field
from perfrules.exceptions import InvalidInputError, NotationError
from perfrules.values.decimals import optional_decimal_field, to_decimal

__all__ = [
    "Actual",
    "ActualKind",
    "Direction",
    "Target",
    "normalize_text",
    "parse_actual",
    "parse_target",
    "units_compatible",
]


class Direction(enum.Enum):
    """指标性质: the direction of a target."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="
    RANGE = "~"
    QUALITATIVE = "qualitative"

    @property
    def is_positive(self) -> bool:
        return self in (Direction.GE, Direction.GT)

    @property
    def is_reverse(self) -> bool:
        return self in (Direction.LE, Direction.LT)

    @property
    def is_quantitative(self) -> bool:
        return self is not Direction.QUALITATIVE


class ActualKind(enum.Enum):
    """What an actual value (实际完成值) turned out to be."""

    NUMBER = "number"
    RANGE = "range"
    TEXT = "text"


# ---------------------------------------------------------------- normalisation
_SYMBOLS = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "═": "=",
        "〜": "~",
        "—": "-",
        "–": "-",
        "－": "-",
        "，": ",",
    }
)
_WORDS = (
    (">=", "≥"),
    ("<=", "≤"),
    ("大于等于", "≥"),
    ("大于或等于", "≥"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("小于等于", "≤"),
    ("小于或等于", "≤"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("大于", ">"),
    ("高于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("等于", "="),
)
_UNIT_ALIASES = {"百分比": "%", "百分之": "%", "平方米": "㎡", "摄氏度": "℃"}


def normalize_text(text: str) -> str:
    """NFKC, ASCII comparators, no blanks: ``'≧ １００％'`` → ``'≥100%'``."""
    # NFKC would turn ㎡ into "m2" and ℃ into "°C"; keep them as unit words
    s = unicodedata.normalize("NFKC", text.replace("㎡", "平方米").replace("℃", "摄氏度")).translate(_SYMBOLS)
    s = re.sub(r"\s+", "", s)
    for word, sym in _WORDS:
        if s.startswith(word):
            s = sym + s[len(word) :]
            break
    return s


_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD = r"[㎡℃A-Za-z\u4e00-\u9fff·]"
_UNIT = rf"(?:[%‰]|{_WORD}{{1,8}}(?:/{_WORD}{{1,6}})?|/{_WORD}{{1,6}})?"
_REMARK = r"(?:\((?P<remark>[^()]*)\))?"
_COMPARATOR = r"(?P<cmp>≥|>|≤|<|=)"
_QUANTITY = re.compile(rf"(?P<num>{_NUM})(?P<unit>{_UNIT}){_REMARK}")
_COMPARED = re.compile(rf"{_COMPARATOR}=?(?P<num>{_NUM})(?P<unit>{_UNIT})")
_RANGE = re.compile(
    rf"(?P<lo>{_NUM})(?P<u1>{_UNIT})(?:~|-|至|到)(?P<hi>{_NUM})(?P<u2>{_UNIT}){_REMARK}"
)
_DIGIT = re.compile(r"\d")
_CMP_START = re.compile(r"[≥>≤<=]")


def _unit(raw: str) -> str:
    return _UNIT_ALIASES.get(raw, raw)


def _range_units(m: re.Match[str]) -> str | None:
    u1, u2 = _unit(m["u1"]), _unit(m["u2"])
    if u1 and u2 and u1 != u2:
        return None
    return u2 or u1


# ---------------------------------------------------------------- Target
def _check_target(instance: Target, attribute: attrs.Attribute, value: Any) -> None:
    d = instance.direction
    if d is Direction.QUALITATIVE:
        if instance.value is not None or instance.upper is not None:
            raise InvalidInputError("a qualitative target takes no value", path="value")
        return
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


@attrs.frozen
class Target:
    """年度指标值: what an indicator should reach.

    Attributes:
        direction: ``≥``, ``>``, ``≤``, ``<``, ``=``, a range or qualitative.
        value: the number (lower bound of a range); ``None`` if qualitative.
        upper: the upper bound of a range.
        unit: the unit as written (``人次``, ``%``, ``万元/社区``).
        text: the original text; for a qualitative target, the expectation itself.
        explicit: ``False`` when no comparator was written (``100%``, ``10个``) and
            ``=`` was assumed.

    >>> Target.parse("≧100％")
    Target(direction=<Direction.GE: '≥'>, value=Decimal('100'), upper=None, unit='%', text='≧100％', explicit=True)
    """

    direction: Direction = enum_field(Direction)
    value: Decimal | None = optional_decimal_field()
    upper: Decimal | None = optional_decimal_field()
    unit: str = ""
    text: str = ""
    explicit: bool = attrs.field(default=True, validator=_check_target)

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
        if self.direction is Direction.RANGE:
            return f"{self.value}~{self.upper}{self.unit}"
        prefix = self.direction.value if self.explicit else ""
        return f"{prefix}{self.value}{self.unit}"


def parse_target(text: str, *, path: str = "") -> Target:
    """Parse a target (年度指标值) as written in a table.

    * ``≥735人次``, ``≧100%``, ``═100%``, ``≤90万元``, ``≥1次/月`` → that comparator;
    * ``25~30人`` → a range;
    * ``100%``, ``16.12万元/社区`` → ``=`` (``explicit=False``: no comparator written);
    * ``合格``, ``是``, ``达成预期指标`` and any text without digits → qualitative.

    Raises:
        NotationError: the text starts like a quantity but cannot be read, or
            mixes numbers into an expression perfrules cannot read.

    >>> parse_target("≥735人次").value
    Decimal('735')
    >>> parse_target("≧x人")
    Traceback (most recent call last):
    ...
    perfrules.exceptions.NotationError: cannot parse '≧x人' as a target: a comparator must be followed by a number
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected target text, got {type(text).__name__}", path=path, value=text)
    s = normalize_text(text)
    if not s:
        raise NotationError("empty target", path=path, value=text)
    if m := _COMPARED.fullmatch(s):
        return Target(Direction(m["cmp"]), to_decimal(m["num"]), unit=_unit(m["unit"]), text=text)
    if _CMP_START.match(s):
        why = (
            "after the comparator, only one number and a unit may follow"
            if _COMPARED.match(s)
            else "a comparator must be followed by a number"
        )
        raise NotationError(f"cannot parse {text!r} as a target: {why}", path=path, value=text)
    if (m := _RANGE.fullmatch(s)) and (unit := _range_units(m)) is not None:
        return Target(Direction.RANGE, to_decimal(m["lo"]), to_decimal(m["hi"]), unit=unit, text=text)
    if m := _QUANTITY.fullmatch(s):
        return Target(Direction.EQ, to_decimal(m["num"]), unit=_unit(m["unit"]), text=text, explicit=False)
    if not _DIGIT.search(s):
        return Target(Direction.QUALITATIVE, text=text)
    raise NotationError(
        f"cannot parse {text!r} as a target; write it as one comparator, number and unit "
        "(e.g. '≥4次/年') or build a Target explicitly",
        path=path,
        value=text,
    )


# ---------------------------------------------------------------- Actual
def _check_actual(instance: Actual, attribute: attrs.Attribute, value: Any) -> None:
    k = instance.kind
    if k is ActualKind.TEXT:
        if instance.value is not None or instance.upper is not None:
            raise InvalidInputError("a text actual takes no value", path="value")
        if not instance.text:
            raise InvalidInputError("a text actual needs its text", path="text")
        return
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
        kind: a number, a range (``25~30人``) or text (``合格``, ``没有停水``).
        value: the number (lower bound of a range).
        upper: upper bound of a range.
        unit: the unit as written.
        text: the original text.
        qualifier: set when the table reports an inequality instead of a
            value (``>90%``); the number is then only a bound.
    """

    kind: ActualKind = enum_field(ActualKind)
    value: Decimal | None = optional_decimal_field()
    upper: Decimal | None = optional_decimal_field()
    unit: str = ""
    text: str = ""
    qualifier: Direction | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(Direction),
        validator=_check_actual,
    )

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
        return self.kind is not ActualKind.TEXT

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.kind is ActualKind.RANGE:
            return f"{self.value}~{self.upper}{self.unit}"
        return f"{self.value}{self.unit}"


def parse_actual(text: str, *, path: str = "") -> Actual:
    """Parse an actual value (实际完成值) as written in a table.

    Numbers with units (``10个``, ``1次/月``, ``16.12万/社区``) and ranges
    (``25~30人``) are read as such; an inequality (``>90%``) is read as a
    number with a ``qualifier``; anything else is kept as text (``合格``,
    ``没有停水``, a narrative) for the rule to judge.

    Raises:
        NotationError: the text starts with a comparator but is not followed
            by a readable number.
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected actual text, got {type(text).__name__}", path=path, value=text)
    s = normalize_text(text)
    if not s:
        raise NotationError("empty actual value", path=path, value=text)
    if m := _QUANTITY.fullmatch(s):
        return Actual(ActualKind.NUMBER, to_decimal(m["num"]), unit=_unit(m["unit"]), text=text)
    if (m := _RANGE.fullmatch(s)) and (unit := _range_units(m)) is not None:
        return Actual(ActualKind.RANGE, to_decimal(m["lo"]), to_decimal(m["hi"]), unit=unit, text=text)
    if m := _COMPARED.fullmatch(s):
        return Actual(
            ActualKind.NUMBER,
            to_decimal(m["num"]),
            unit=_unit(m["unit"]),
            text=text,
            qualifier=Direction(m["cmp"]),
        )
    if _CMP_START.match(s):
        raise NotationError(
            f"cannot parse {text!r} as an actual value: a comparator must be followed by a number",
            path=path,
            value=text,
        )
    return Actual(ActualKind.TEXT, text=text)


# ---------------------------------------------------------------- units
def _strip_period(unit: str) -> str:
    for suffix in ("/年", "/年度", "每年"):
        if unit.endswith(suffix):
            return unit[: -len(suffix)]
    return unit


def _money(unit: str) -> str:
    # '16.12万/社区' is written for '16.12万元/社区'
    return unit.replace("万元", "万").replace("元", "")


def units_compatible(target_unit: str, actual_unit: str) -> bool:
    """Whether an actual in ``actual_unit`` can be compared with a target in ``target_unit``.

    Lenient the way tables are written: an omitted unit, an omitted ``/年``
    (the evaluation period), ``万`` for ``万元`` and an actual that gives only
    the numerator (``200元`` against ``≤200元/人``) are compatible.

    >>> units_compatible("元/人", "元")
    True
    >>> units_compatible("人", "%")
    False
    """
    t, a = _strip_period(target_unit), _strip_period(actual_unit)
    if not t or not a or t == a:
        return True
    if _money(t) == _money(a) and ("元" in t or "元" in a or "万" in t):
        return True
    numerator = t.split("/", 1)[0]
    return a in (numerator, _money(numerator)) or _money(a) == _money(numerator)
