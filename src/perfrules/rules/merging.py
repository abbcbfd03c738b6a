"""Merging several units' figures into one (F16): absolute quantities added, percentages weighted by funds.

When a department's result is built from its units' or projects' results, the Wuhan-area template
footnote (F16, VERIFIED) says: absolute quantities (counts, amounts) are added, relative
values (percentages) are averaged weighted by each unit's fund amount. Which amount weighs — the
adjusted budget, the spending or the initial budget — is not stated (UNCERTAIN): it is the
``weight_by`` parameter of :func:`unit_figures`, the adjusted budget (全年预算数, the base of the
execution rate, F2) by default.

Everything is exact: sums of Decimals, weighted means as Fractions, each merged figure with its
formula. A figure some units do not give is merged over those that do, and said so.

>>> a = UnitFigures("A", funds="100", amounts={"households": "10"}, rates={"satisfaction_pct": "90"})
>>> b = UnitFigures("B", funds="300", amounts={"households": "5"}, rates={"satisfaction_pct": "80"})
>>> merged = merge_results([a, b])
>>> merged["households"], merged["satisfaction_pct"]
(Fraction(15, 1), Fraction(165, 2))
>>> merged.figure("satisfaction_pct").formula
'(100 × 90 + 300 × 80) ÷ (100 + 300)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import tuple_field
from perfrules.exceptions import InvalidInputError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rules._common import choice
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.values.decimals import decimal_field, exact_sum, fraction_to_decimal, to_decimal
from perfrules.messages import en_zh

__all__ = ["MergedFigure", "MergedFigures", "UnitFigures", "merge_results", "unit_figures"]

#: fact names read as percentages by :func:`unit_figures` (weighted, never added)
RATE_SUFFIXES = ("_pct", "_rate")


def _named(value: Any, field: attrs.Attribute) -> tuple[tuple[str, Decimal], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    pairs = []
    for name, number in items:
        if not isinstance(name, str) or not name:
            raise InvalidInputError(f"a figure needs a name, got {name!r}", path=field.name, value=name)
        pairs.append((name, to_decimal(number, path=f"{field.name}.{name}")))
    if len({n for n, _ in pairs}) != len(pairs):
        raise InvalidInputError("a figure is given twice", path=field.name)
    return tuple(pairs)


def _funds(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value < 0:
        raise InvalidInputError(f"a unit's fund amount must not be negative, got {value}", path="funds", value=value)


@attrs.frozen
class UnitFigures:
    """One unit's (or project's) figures for a merge.

    Attributes:
        name: the unit, for formulas and findings.
        funds: its fund amount, the weight of its percentages.
        amounts: absolute quantities by name (counts, 万元, 亩): added.
        rates: percentages by name: averaged, weighted by ``funds``.
    """

    name: str
    funds: Decimal = decimal_field(validator=_funds)
    amounts: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=attrs.Converter(_named, takes_field=True))
    rates: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=attrs.Converter(_named, takes_field=True))


@attrs.frozen
class MergedFigure:
    """One merged figure, exact, with the arithmetic that made it and the units it came from."""

    name: str
    kind: str = attrs.field(validator=choice("amount", "rate"))
    value: Fraction
    formula: str
    units: tuple[str, ...] = tuple_field(str)

    @property
    def decimal(self) -> Decimal:
        """The value as a Decimal (exact when it terminates, else 28 significant digits)."""
        return fraction_to_decimal(self.value)


@attrs.frozen
class MergedFigures:
    """The merged figures of several units: their total funds, each figure, what was noticed."""

    funds: Decimal
    figures: tuple[MergedFigure, ...] = tuple_field(MergedFigure)
    findings: tuple[Finding, ...] = tuple_field(Finding, default=())

    def figure(self, name: str) -> MergedFigure:
        """The merged figure ``name`` (KeyError if none was merged)."""
        for f in self.figures:
            if f.name == name:
                return f
        raise KeyError(name)

    def __getitem__(self, name: str) -> Fraction:
        return self.figure(name).value

    def facts(self, places: int = 4) -> dict[str, Decimal]:
        """The figures as facts of a self-evaluation: exact where they terminate, else rounded half-up to ``places``."""
        return {f.name: fraction_to_decimal(f.value) if _terminates(f.value) else round_exact(f.value, places, RoundingMode.HALF_UP) for f in self.figures}


def _terminates(q: Fraction) -> bool:
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _finding(code: str, severity: Severity, name: str, en: str, zh: str, **data: Any) -> Finding:
    return Finding(code, severity, f"merge.{name}", en, zh, data)


def merge_results(units: Sequence[UnitFigures]) -> MergedFigures:
    """Merge several units' figures (F16): amounts added, rates weighted by each unit's funds.

    Raises:
        InvalidInputError: no units were given, or one is not a :class:`UnitFigures`.
    """
    units = tuple(units)
    if not units:
        raise InvalidInputError("nothing to merge: give at least one unit", path="units")
    for i, u in enumerate(units):
        if not isinstance(u, UnitFigures):
            raise InvalidInputError(f"expected a UnitFigures, got {type(u).__name__}", path=f"units[{i}]", value=u)
    names = list(dict.fromkeys(n for u in units for n, _ in (*u.amounts, *u.rates)))
    figures, findings = [], []
    amounts = [(u, dict(u.amounts)) for u in units]  # each unit's figures by name, built once
    rates = [(u, dict(u.rates)) for u in units]
    for name in names:
        as_amount = [(u, figures_of[name]) for u, figures_of in amounts if name in figures_of]
        as_rate = [(u, figures_of[name]) for u, figures_of in rates if name in figures_of]
        if as_amount and as_rate:
            findings.append(_finding(
                "merge.kind_conflict", Severity.ERROR, name,
                *en_zh("merge.kind_conflict", name=name, join_u_name_for_u___in_as_amount=', '.join(u.name for u, _ in as_amount), join_u_name_for_u___in_as_rate=', '.join(u.name for u, _ in as_rate), join_u_name_for_u___in_as_amount_2='、'.join(u.name for u, _ in as_amount), join_u_name_for_u___in_as_rate_2='、'.join(u.name for u, _ in as_rate)),
            ))  # fmt: skip
            continue
        given = as_amount or as_rate
        if len(given) < len(units):
            present = {id(u) for u, _ in given}
            absent = [u.name for u in units if id(u) not in present]
            findings.append(_finding(
                "merge.figure_missing", Severity.WARNING, name,
                *en_zh("merge.figure_missing", name=name, join_absent=', '.join(absent), join_u_name_for_u___in_given=', '.join(u.name for u, _ in given), join_absent_2='、'.join(absent), join_u_name_for_u___in_given_2='、'.join(u.name for u, _ in given)),
                missing=",".join(absent),
            ))  # fmt: skip
        contributors = tuple(u.name for u, _ in given)
        if as_amount:
            value = exact_sum(v for _, v in as_amount)
            formula = " + ".join(fmt(v) for _, v in as_amount)
            figures.append(MergedFigure(name, "amount", Fraction(value), formula, contributors))
            continue
        weight = exact_sum(u.funds for u, _ in as_rate)
        if weight == 0:
            findings.append(_finding(
                "merge.no_funds", Severity.ERROR, name,
                *en_zh("merge.no_funds", name=name),
            ))  # fmt: skip
            continue
        value = sum((Fraction(u.funds) * Fraction(v) for u, v in as_rate), Fraction(0)) / Fraction(weight)
        formula = f"({' + '.join(f'{fmt(u.funds)} × {fmt(v)}' for u, v in as_rate)}) ÷ ({' + '.join(fmt(u.funds) for u, _ in as_rate)})"
        figures.append(MergedFigure(name, "rate", value, formula, contributors))
    return MergedFigures(exact_sum(u.funds for u in units), tuple(figures), tuple(findings))


def unit_figures(
    se: SelfEvaluation, *, name: str = "", weight_by: str = "adjusted", rate_suffixes: Sequence[str] = RATE_SUFFIXES
) -> UnitFigures:
    """A self-evaluation's figures for :func:`merge_results`.

    Its fund amounts (``funds.adjusted``, ``funds.executed``, ``funds.initial`` when every line has
    it) and its facts are the figures; facts whose names end in one of ``rate_suffixes``
    (``satisfaction_pct``) are percentages, the rest absolute quantities. The unit's weight is
    ``weight_by``: ``"adjusted"`` (全年预算数, default), ``"executed"`` or ``"initial"``.

    Raises:
        InvalidInputError: the report gives no funds, or not the amount to weight by.
    """
    if weight_by not in ("adjusted", "executed", "initial"):
        raise InvalidInputError(f"weight_by: {weight_by!r} is not one of 'adjusted', 'executed', 'initial'", path="weight_by", value=weight_by)
    funds = se.funds
    label = name or se.project.unit or se.project.name
    if funds is None:
        raise InvalidInputError(f"{label!r} gives no funds to weight its percentages by", path="funds")
    weight = getattr(funds, weight_by)
    if weight is None:
        raise InvalidInputError(f"{label!r} gives no {weight_by} budget (年初预算数) to weight by", path="funds.initial")
    amounts = {"funds.adjusted": funds.adjusted, "funds.executed": funds.executed}
    if funds.initial is not None:
        amounts["funds.initial"] = funds.initial
    rates = {}
    for fact, value in se.facts:
        (rates if fact.endswith(tuple(rate_suffixes)) else amounts)[fact] = value
    return UnitFigures(label, weight, amounts, rates)
