"""A filled self-evaluation table (自评表): the input of :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from perfrules._fields import as_tuple, of_type, repeated, tuple_field
from perfrules.exceptions import InvalidInputError
from perfrules.model.funds import Funds
from perfrules.model.indicators import Indicator
from perfrules.model.project import Project
from perfrules.values.decimals import decimal_field, optional_decimal_field, to_decimal

__all__ = ["Adjustment", "SelfEvaluation"]


@attrs.frozen
class Adjustment:
    """A bonus (positive ``points``) or penalty (negative) item outside the base (加减分)."""

    code: str
    name: str
    points: Decimal = decimal_field()
    reason: str = ""


def _indicators(value: Any) -> tuple[Indicator, ...]:
    items = as_tuple(value, "indicators")
    for i, item in enumerate(items):
        if not isinstance(item, Indicator):
            raise InvalidInputError(
                f"expected an Indicator, got {type(item).__name__}", path=f"indicators[{i}]", value=item
            )
    codes = [x.code for x in items]
    dupes = list(repeated(codes))
    if dupes:
        raise InvalidInputError(f"top-level indicator codes must be distinct: {dupes}", path="indicators")
    return items


def _facts(value: Any) -> tuple[tuple[str, Decimal], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    facts = []
    for name, number in items:
        if not isinstance(name, str) or not name:
            raise InvalidInputError(f"a fact needs a name, got {name!r}", path="facts", value=name)
        facts.append((name, to_decimal(number, path=f"facts.{name}")))
    names = [n for n, _ in facts]
    if len(set(names)) != len(names):
        raise InvalidInputError("a fact is given twice", path="facts")
    return tuple(sorted(facts))


@attrs.frozen
class SelfEvaluation:
    """One project's self-evaluation as filled in.

    Attributes:
        project: what is evaluated.
        funds: the funds block (``None`` when the report gives none; a rubric
            that scores budget execution then reports ``funds.missing``).
        indicators: top-level indicator groups; each fills the rubric block
            whose code (or Chinese name) it carries.
        adjustments: bonus/penalty items.
        goal_expected / goal_actual: 年度总体目标, expected and achieved (text).
        claimed_execution_score: the execution score stated in the table.
        claimed_total: the total stated in the table (总分).
        claimed_grade: the grade stated in the table.
        facts: named figures of the report outside the indicator table
            (``beds_nursing = 545``), read by a rubric's sector checks;
            given as a mapping, kept sorted by name.
    """

    project: Project = attrs.field(validator=of_type(Project))
    funds: Funds | None = attrs.field(default=None, validator=of_type(Funds, optional=True))
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_indicators)
    adjustments: tuple[Adjustment, ...] = tuple_field(Adjustment, default=())
    goal_expected: str = ""
    goal_actual: str = ""
    claimed_execution_score: Decimal | None = optional_decimal_field()
    claimed_total: Decimal | None = optional_decimal_field()
    claimed_grade: str | None = None
    facts: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=_facts)

    def fact(self, name: str) -> Decimal | None:
        """The value of the fact ``name``, or ``None`` if it was not given."""
        for key, value in self.facts:
            if key == name:
                return value
        return None
