"""项目资金: the funds of a project, by source, budget versus execution.

The execution rate is derived from the amounts; it is never typed in a
second time, so it cannot disagree with them.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import enum_field, of_type, tuple_field
from perfrules.exceptions import InvalidInputError
from perfrules.values.decimals import decimal_field, exact_sum, fraction_to_decimal, optional_decimal_field

__all__ = ["FundLine", "FundSource", "Funds"]


class FundSource(enum.Enum):
    """资金来源."""

    TOTAL = "total"
    """年度资金总额 — the table gives only the total, not split by source."""
    APPROPRIATION = "appropriation"
    """当年财政拨款 — current-year appropriation."""
    CARRY_OVER = "carry_over"
    """上年结转 — carried over from the previous year."""
    OTHER = "other"
    """其他资金 — other funds."""

    @property
    def label_zh(self) -> str:
        return {
            FundSource.TOTAL: "年度资金总额",
            FundSource.APPROPRIATION: "财政拨款",
            FundSource.CARRY_OVER: "上年结转",
            FundSource.OTHER: "其他资金",
        }[self]


def _non_negative(instance: Any, attribute: attrs.Attribute, value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise InvalidInputError(f"must not be negative, got {value}", path=attribute.name, value=value)


@attrs.frozen
class FundLine:
    """One row of the funds block (amounts in the table's unit, usually 万元).

    Attributes:
        source: where the money comes from.
        adjusted: 全年预算数, the adjusted full-year budget.
        executed: 全年执行数, what was actually spent.
        initial: 年初预算数, the initial budget (optional).
    """

    source: FundSource = enum_field(FundSource)
    adjusted: Decimal = decimal_field(validator=_non_negative)
    executed: Decimal = decimal_field(validator=_non_negative)
    initial: Decimal | None = optional_decimal_field(validator=_non_negative)


def _check_lines(instance: Funds, attribute: attrs.Attribute, lines: tuple[FundLine, ...]) -> None:
    if not lines:
        raise InvalidInputError("at least one fund line is required", path="lines")
    seen: set[FundSource] = set()
    for i, line in enumerate(lines):
        if not isinstance(line, FundLine):
            raise InvalidInputError(
                f"expected a FundLine, got {type(line).__name__}", path=f"lines[{i}]", value=line
            )
        if line.source in seen:
            raise InvalidInputError(
                f"source {line.source.value!r} appears twice", path=f"lines[{i}].source", value=line.source
            )
        seen.add(line.source)
    if FundSource.TOTAL in seen and len(seen) > 1:
        raise InvalidInputError("a 'total' line cannot be combined with lines split by source", path="lines")


@attrs.frozen
class Funds:
    """The funds block of a self-evaluation: one line per source.

    >>> f = Funds.single(adjusted="2440.91", executed="2440.91")
    >>> f.execution_rate
    Decimal('1')
    """

    lines: tuple[FundLine, ...] = tuple_field(validator=_check_lines)
    unit: str = attrs.field(default="万元", validator=of_type(str))

    @classmethod
    def single(cls, *, adjusted: Any, executed: Any, initial: Any = None, unit: str = "万元") -> Funds:
        """Funds given only as a total (``年度财政资金总额``)."""
        return cls((FundLine(FundSource.TOTAL, adjusted, executed, initial),), unit=unit)

    @property
    def adjusted(self) -> Decimal:
        """全年预算数 over all sources."""
        return exact_sum(line.adjusted for line in self.lines)

    @property
    def executed(self) -> Decimal:
        """全年执行数 over all sources."""
        return exact_sum(line.executed for line in self.lines)

    @property
    def initial(self) -> Decimal | None:
        """年初预算数 over all sources, or ``None`` if any line lacks it."""
        if any(line.initial is None for line in self.lines):
            return None
        return exact_sum(line.initial for line in self.lines if line.initial is not None)

    def execution_ratio(self, base: str = "adjusted") -> Fraction | None:
        """Executed ÷ budget as an exact fraction; ``None`` when the budget is 0 or missing."""
        budget = self.adjusted if base == "adjusted" else self.initial
        if budget is None or budget == 0:
            return None
        return Fraction(self.executed) / Fraction(budget)

    @property
    def execution_rate(self) -> Decimal | None:
        """执行率 = 全年执行数 ÷ 全年预算数 (a ratio, 1 = 100 %); ``None`` if the budget is 0."""
        ratio = self.execution_ratio()
        return None if ratio is None else fraction_to_decimal(ratio)
