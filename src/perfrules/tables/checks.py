"""What an audit check is, and the arithmetic every check shares.

A check of a stated figure ends in a :class:`CheckState` — passed, failed,
not applicable or short of data, never a silent skip — and a failed one is a
coded, located finding (:attr:`AuditCheck.finding`). The checks themselves
live by what they read: :mod:`~perfrules.tables.fund_checks`,
:mod:`~perfrules.tables.row_checks`, :mod:`~perfrules.tables.sum_checks`.

Printed figures are rounded: a figure matches when it equals the exact value,
or the value rounded half-up, half-even or truncated at the places it prints
(published tables truncate 138.9 % to 138 %) — :func:`printed_match`; a sum of *n*
rounded parts may miss the exact sum by *n* half-units of the printed places,
and that is rounding, not a defect — :func:`rounding_slack`.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import enum_field, freeze_pairs, of_type, tuple_field
from perfrules.exceptions import InvalidInputError
from perfrules.findings import Finding, Severity
from perfrules.rules.grading import NATIONAL_GRADES, GradeScale
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.tables.cells import Cell, Figure
from perfrules.tables.table import IndicatorRow
from perfrules.values.decimals import decimal_field, fraction_to_decimal, optional_decimal_field

__all__ = ["AuditCheck", "AuditPolicy", "CheckState", "exact_shown", "figure_of", "make_check", "printed_match", "rounding_slack", "row_points", "row_score"]


class CheckState(enum.Enum):
    """How one audit check ended."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    """Nothing to check (no 执行率 printed, no heading points)."""
    INSUFFICIENT_DATA = "insufficient_data"
    """A figure the check needs is blank or missing."""


@attrs.frozen
class AuditCheck:
    """One check of one stated figure.

    Attributes:
        code: what was checked (``funds.rate``, ``total.sum``).
        state: how it ended.
        where: the cell or row checked.
        severity: how serious a failure is.
        stated: the figure as the table states it.
        recomputed: the figure recomputed from its parts.
        message_en / message_zh: what was found.
        data: further figures.
    """

    code: str
    state: CheckState = enum_field(CheckState)
    where: str = ""
    severity: Severity = Severity.ERROR
    stated: Any = None
    recomputed: Any = None
    message_en: str = ""
    message_zh: str = ""
    data: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)

    @property
    def finding(self) -> Finding:
        """The finding a failed check becomes."""
        return Finding(self.code, self.severity, self.where, self.message_en, self.message_zh, (("stated", self.stated), ("recomputed", self.recomputed), *self.data))


def _not_negative(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value < 0:
        raise InvalidInputError(f"{attribute.name} must not be negative, got {value}", path=attribute.name, value=value)


def _above_one(instance: Any, attribute: attrs.Attribute, value: Decimal | None) -> None:
    if value is not None and value <= 1:
        raise InvalidInputError(f"{attribute.name} is a multiple of the target and must be above 1, got {value}", path=attribute.name, value=value)


#: rates that cannot exceed 100 % (a share of a whole); a name with a growth word is a change, which can
BOUNDED_RATES = ("满意度", "满意率", "合格率", "达标率", "覆盖率", "知晓率", "及时率", "准确率", "到位率", "执行率", "参保率", "通过率", "合规率", "规范率", "完好率", "正确率")
GROWTH_WORDS = ("增长", "增幅", "提高", "提升", "增加", "变动", "变化", "配建", "配置", "超额")


@attrs.frozen
class AuditPolicy:
    """What an audit tolerates and reports.

    Attributes:
        score_tolerance: a recomputed score may differ from the stated one by
            this much beyond rounding before it is reported.
        over_achievement: an actual at least this many times its ``≥`` target
            is reported (F12); ``None`` turns it off.
        bounded_rates / growth_words: a rate whose name has a bounded word
            (覆盖率) and no growth word (覆盖率增长) cannot exceed 100 %.
        grades: the bands a stated grade is checked against when no rubric is given.
    """

    score_tolerance: Decimal = decimal_field(default=Decimal(0), validator=_not_negative)
    over_achievement: Decimal | None = optional_decimal_field(default=Decimal(2), validator=_above_one)
    bounded_rates: tuple[str, ...] = tuple_field(str, default=BOUNDED_RATES)
    growth_words: tuple[str, ...] = tuple_field(str, default=GROWTH_WORDS)
    grades: GradeScale = attrs.field(default=NATIONAL_GRADES, validator=of_type(GradeScale))




# ------------------------------------------------------------------ rounding
def printed_match(stated: Figure, exact: Fraction, *, scale: int = 0) -> str | None:
    """How ``stated`` prints ``exact`` (× 10**scale): ``"exact"``, ``"rounded"``, ``"truncated"``, or ``None``.

    >>> printed_match(Figure(Decimal("138"), True, 0), Fraction(1250, 900), scale=2)
    'truncated'
    """
    value = exact * Fraction(10) ** scale
    if Fraction(stated.value) == value:
        return "exact"
    for mode, how in ((RoundingMode.HALF_UP, "rounded"), (RoundingMode.HALF_EVEN, "rounded"), (RoundingMode.DOWN, "truncated")):
        if round_exact(value, stated.places, mode) == stated.value:
            return how
    return None


def rounding_slack(parts: int, places: int) -> Fraction:
    """How far a sum of ``parts`` figures rounded at ``places`` may miss the exact sum."""
    return Fraction(parts, 2) / Fraction(10) ** places


def exact_shown(q: Fraction) -> Decimal | Fraction:
    """A recomputed value as shown in a check: exact when it terminates, else rounded half-up to 4 places."""
    d = fraction_to_decimal(q)
    return d if Fraction(d) == q else round_exact(q, 4, RoundingMode.HALF_UP)


def make_check(code: str, state: CheckState, where: str, severity: Severity = Severity.ERROR, stated: Any = None, recomputed: Any = None, en: str = "", zh: str = "", **data: Any) -> AuditCheck:
    """One audit check of the table, with what it stated and what perfrules recomputed."""
    return AuditCheck(code, state, where, severity, stated, recomputed, en, zh, data)


def figure_of(cell: Cell | None) -> Figure | None:
    """The number a cell states (with its unit and whether it is a percentage), or None."""
    return None if cell is None else cell.figure

def row_points(row: IndicatorRow) -> Figure | None:
    """A row's 分值 as stated, or None (blank, or a percentage rather than points)."""
    f = figure_of(row.cell("分值"))
    return None if f is None or f.percent else f


def row_score(row: IndicatorRow) -> Figure | None:
    """A row's 得分 as stated, or None (blank, or a percentage rather than points)."""
    f = figure_of(row.cell("得分"))
    return None if f is None or f.percent else f

