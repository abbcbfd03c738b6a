"""Dates and deadlines as tables write them: ``2020年12月底前``, ``年底前``, ``12月31日前``, ``按时``, ``2020.11.30``.

A :class:`DateSpec` is the last admissible day of a deadline (or the day an
actual reports): year, month and day, each possibly left open (``年底前``
has no year until the project's year is known; ``12月底`` has no day until
the month's length is). ``…月前`` (``12月前``) means before the month
begins; ``…日前`` and ``…月底前`` include that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import attrs

from perfrules.exceptions import InvalidInputError

__all__ = ["DateSpec", "find_date", "read_date"]


def _month(instance: Any, attribute: attrs.Attribute, value: int | None) -> None:
    if value is not None and not (isinstance(value, int) and 1 <= value <= 12):
        raise InvalidInputError(f"month must be 1-12, got {value!r}", path=attribute.name, value=value)


def _year(instance: Any, attribute: attrs.Attribute, value: int | None) -> None:
    if value is not None and not (isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200):
        raise InvalidInputError(f"year must be between 1900 and 2200, got {value!r}", path=attribute.name, value=value)


def _day(instance: DateSpec, attribute: attrs.Attribute, value: int | None) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 31:
        raise InvalidInputError(f"day must be 1-31, got {value!r}", path=attribute.name, value=value)
    if instance.month is None:
        raise InvalidInputError("a day needs a month", path=attribute.name, value=value)
    longest = calendar.monthrange(instance.year or 2000, instance.month)[1]  # 2000: a leap year
    if value > longest:
        raise InvalidInputError(f"{instance.month}月 has no day {value}", path=attribute.name, value=value)


@attrs.frozen
class DateSpec:
    """A calendar day, possibly with parts left to the context.

    Attributes:
        year: ``None`` when the text gives none (the project's year applies).
        month: ``None`` only for "on time" (``按时``), which names no date.
        day: ``None`` for the end of the month.
    """

    year: int | None = attrs.field(default=None, validator=_year)
    month: int | None = attrs.field(default=None, validator=_month)
    day: int | None = attrs.field(default=None, validator=_day)
    later: int = attrs.field(default=0, validator=attrs.validators.in_((0, 1)))
    """1 for a date in the year after the budget year (``次年3月底前``); only with no ``year``."""

    @property
    def on_time_only(self) -> bool:
        """``按时``/``如期``: a deadline that names no date."""
        return self.month is None

    def resolve(self, year: int | None) -> dt.date | None:
        """The day itself, with ``year`` for an open year; ``None`` if no date can be named."""
        y = self.year or (None if year is None else year + self.later)
        if y is None or self.month is None:
            return None
        return dt.date(y, self.month, self.day or calendar.monthrange(y, self.month)[1])

    def __str__(self) -> str:
        if self.month is None:
            return "按时"
        y = f"{self.year}年" if self.year else "次年" if self.later else ""
        return f"{y}{self.month}月{f'{self.day}日' if self.day else '底'}"


_VERBS = r"(?:全部完成|完成|到位|结束|办结|拨付|发放|实施|完工|兑现|支付|开展|上报|验收)?"
_BEFORE = r"(?P<before>前|之前|以前|内|止|为止|截止)?"
_MONTH_DAY = re.compile(
    rf"(?:(?P<y>\d{{4}})年)?(?P<m>\d{{1,2}})月(?:份)?(?:(?P<d>\d{{1,2}})[日号]|(?P<part>底|末|中旬|上旬|下旬|初|中))?{_BEFORE}{_VERBS}"
)
_NUMERIC = re.compile(rf"(?P<y>\d{{4}})[./-](?P<m>\d{{1,2}})(?:[./-](?P<d>\d{{1,2}}))?{_BEFORE}{_VERBS}")
_YEAR_END = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?:年底|年末|年终|年内|年度内|当年|本年度|本年|年前|底)(?P<before>前|之前|以前|内)?{_VERBS}")
_HALF = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<h>上半年|下半年|第?(?P<q>[1-4])季度)(?:末|底)?(?P<before>前|之前|以前|内)?{_VERBS}")
_SHORT = re.compile(rf"(?P<m>\d{{1,2}})\.(?P<d>\d{{1,2}})(?P<before>前|之前|以前){_VERBS}")  # 12.31前
_BY = re.compile(r"^(?:截至|截止到|截止|至|到|在)")
_NEXT_YEAR = re.compile(r"^(?:次年|翌年|下一年|下年度|下年)")
_ON_TIME = re.compile(r"(?:按时|按期|如期|及时|准时)(?:完成|到位|拨付|发放|办结|兑现|支付|开展|上报)?")
_PARTS = {"上旬": 10, "初": 10, "中旬": 20, "中": 20}


def _spec(year: str | None, month: int, day: int | None, before: str | None, whole_month_before: bool) -> DateSpec:
    y = int(year) if year else None
    if whole_month_before:  # 12月前: before December begins
        if month == 1:
            return DateSpec(y - 1 if y else None, 12, None)
        return DateSpec(y, month - 1, None)
    return DateSpec(y, month, day)


def read_date(s: str) -> tuple[DateSpec, bool] | None:
    """(date, is a deadline) for a normalised text that is a date or deadline, else ``None``.

    A text is a deadline when it says so (``前``, ``内``, ``年底``, ``按时``); a
    plain date (``2020年11月20日``, ``2020.11``) is a day something happened.

    >>> read_date("2020年12月底前")
    (DateSpec(year=2020, month=12, day=None, later=0), True)
    >>> read_date("12月前")
    (DateSpec(year=None, month=11, day=None, later=0), True)
    """
    s = _BY.sub("", s)
    if later := bool(_NEXT_YEAR.match(s)):
        s = _NEXT_YEAR.sub("", s)
    hit = _read_date(s)
    if hit is None or not later:
        return hit
    date, deadline = hit
    return (attrs.evolve(date, later=1), deadline) if date.year is None and date.month is not None else None


def _read_date(s: str) -> tuple[DateSpec, bool] | None:
    try:
        if _ON_TIME.fullmatch(s):
            return DateSpec(), True
        if m := _MONTH_DAY.fullmatch(s):
            month = int(m["m"])
            if not 1 <= month <= 12:
                return None  # 13月前: no month
            day = int(m["d"]) if m["d"] else _PARTS.get(m["part"] or "")
            whole_month_before = bool(m["before"] in ("前", "之前", "以前") and not m["d"] and not m["part"])
            return _spec(m["y"], month, day, m["before"], whole_month_before), bool(m["before"] or m["part"] in ("底", "末"))
        if m := _SHORT.fullmatch(s):
            return DateSpec(None, int(m["m"]), int(m["d"])), True
        if m := _NUMERIC.fullmatch(s):
            return _spec(m["y"], int(m["m"]), int(m["d"]) if m["d"] else None, m["before"], False), bool(m["before"])
        if m := _YEAR_END.fullmatch(s):
            return DateSpec(int(m["y"]) if m["y"] else None, 12, None), True
        if m := _HALF.fullmatch(s):
            month = 6 if m["h"] == "上半年" else 12 if m["h"] == "下半年" else int(m["q"]) * 3
            return DateSpec(int(m["y"]) if m["y"] else None, month, None), True
    except InvalidInputError:
        return None  # 13月, 2月30日: not a date
    return None


_IN_TEXT = re.compile(r"(?P<y>\d{4})(?:年|[./-])(?P<m>\d{1,2})(?:月|[./-])?(?:(?P<d>\d{1,2})[日号]?)?")


def find_date(text: str) -> DateSpec | None:
    """The first full date written inside a sentence (``于2021年3月15日完成``), if any."""
    for m in _IN_TEXT.finditer(text):
        try:
            return DateSpec(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None)
        except InvalidInputError:
            continue
    return None
