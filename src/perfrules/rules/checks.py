"""Sector checks: rules over a self-evaluation's *facts*, not its indicator scores.

A check reads named facts of a report (``beds_nursing``, ``subsidy_per_mu``,
``per_capita_subsidy``) and says whether a sector rule holds: a share above a
threshold, an amount under a cap, a product that should equal a total, a
per-year standard. Checks are plain data with their parameters, so a sector
pack is a rubric file and a province changes a threshold with an overlay.

Each check returns a :class:`CheckResult` (passed, failed or skipped when a
fact is missing or the check is not in force for the year); a failed check
also becomes a finding with the check's own code and severity.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from perfrules._fields import enum_field, freeze_pairs, tuple_field
from perfrules.exceptions import RubricError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.values.decimals import decimal_field, fraction_to_decimal, optional_decimal_field, to_decimal
from perfrules.values.notation import Direction
from perfrules.messages import en_zh, text

__all__ = [
    "AnyOf",
    "Bound",
    "ByYear",
    "Check",
    "CheckResult",
    "CheckStatus",
    "Compare",
    "Product",
    "RateMatches",
    "Ratio",
    "Shares",
    "Term",
    "Total",
    "YearValue",
    "run_checks",
]


class CheckStatus(enum.Enum):
    """The outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    """A fact it needs was not given."""
    NOT_IN_FORCE = "not_in_force"
    """The check does not apply to the project's year."""




@attrs.frozen
class CheckResult:
    """What one check found."""

    code: str
    title_zh: str
    title_en: str
    status: CheckStatus = enum_field(CheckStatus)
    detail_en: str = ""
    detail_zh: str = ""
    data: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.data).get(key, default)


@runtime_checkable
class Check(Protocol):
    """``run(self_evaluation) -> CheckResult``; ``kind`` names it in files, ``code`` in findings."""

    kind: ClassVar[str]
    code: str

    def run(self, se: SelfEvaluation) -> CheckResult:  # pragma: no cover - protocol
        ...


_OPS = {
    Direction.GE: (lambda a, b: a >= b, "≥"),
    Direction.GT: (lambda a, b: a > b, ">"),
    Direction.LE: (lambda a, b: a <= b, "≤"),
    Direction.LT: (lambda a, b: a < b, "<"),
    Direction.EQ: (lambda a, b: a == b, "="),
}


def _op(value: Any) -> Direction:
    d = Direction(value)
    if d not in _OPS:
        raise RubricError(f"a comparison needs ≥, >, ≤, < or =, got {d.value!r}")
    return d


def _pct(q: Fraction) -> str:
    shown = round_exact(q * 100, 2, RoundingMode.HALF_UP)
    return f"{'' if Fraction(shown) == q * 100 else '≈'}{fmt(shown)}%"


def _num(q: Fraction) -> str:
    shown = round_exact(q, 4, RoundingMode.HALF_UP)
    return f"{'' if Fraction(shown) == q else '≈'}{fmt(shown)}"


@attrs.frozen(kw_only=True)
class _CheckBase:
    """Fields every check has.

    Attributes:
        code: the finding code when it fails (``agriculture.per_mu_cap``).
        title_zh, title_en: what it checks.
        severity: of the finding when it fails.
        from_year, to_year: the budget years it applies to (inclusive).
        source: where the rule comes from (文号, a plan, a local notice).
    """

    code: str
    title_zh: str
    title_en: str
    severity: Severity = enum_field(Severity, default=Severity.ERROR)
    from_year: int | None = None
    to_year: int | None = None
    source: str = ""

    def _result(self, status: CheckStatus, en: str = "", zh: str = "", **data: Any) -> CheckResult:
        return CheckResult(self.code, self.title_zh, self.title_en, status, en, zh, data)

    def _facts(self, se: SelfEvaluation, names: Sequence[str]) -> list[Decimal] | CheckResult:
        missing = [n for n in names if se.fact(n) is None]
        if missing:
            return self._result(
                CheckStatus.SKIPPED,
                *en_zh("rules.checks._facts", join_missing=', '.join(missing)),
                missing=",".join(missing),
            )
        return [se.fact(n) for n in names]  # type: ignore[misc]

    def in_force(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (self.to_year is None or year <= self.to_year)


def _limits(value: Fraction, minimum: Decimal | None, maximum: Decimal | None, strict: bool) -> tuple[bool, str]:
    ok = True
    parts = []
    if minimum is not None:
        ok &= value > Fraction(minimum) if strict else value >= Fraction(minimum)
        parts.append(f"{'>' if strict else '≥'} {fmt(minimum)}")
    if maximum is not None:
        ok &= value < Fraction(maximum) if strict else value <= Fraction(maximum)
        parts.append(f"{'<' if strict else '≤'} {fmt(maximum)}")
    return ok, " and ".join(parts)


def _need_limit(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if instance.minimum is None and instance.maximum is None:
        raise RubricError(f"check {instance.code!r}: give a minimum, a maximum or both")


@attrs.frozen(kw_only=True)
class Bound(_CheckBase):
    """A fact within limits: ``subsidy_per_mu ≤ 100``."""

    kind: ClassVar[str] = "bound"
    fact: str
    minimum: Decimal | None = optional_decimal_field()
    maximum: Decimal | None = optional_decimal_field(validator=_need_limit)
    strict: bool = False

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, [self.fact])
        if isinstance(got, CheckResult):
            return got
        (value,) = got
        ok, limit = _limits(Fraction(value), self.minimum, self.maximum, self.strict)
        status = CheckStatus.PASSED if ok else CheckStatus.FAILED
        return self._result(status, *en_zh("rules.checks.run", self_fact=self.fact, value=fmt(value), limit=limit), value=value)


@attrs.frozen(kw_only=True)
class Ratio(_CheckBase):
    """A share within limits: ``beds_nursing ÷ beds_total ≥ 0.30``.

    ``scale`` converts units: ``subsidy (万元) × 10000 ÷ area (亩) ≤ 100`` 元/亩.
    """

    kind: ClassVar[str] = "ratio"
    numerator: str
    denominator: str
    minimum: Decimal | None = optional_decimal_field()
    maximum: Decimal | None = optional_decimal_field(validator=_need_limit)
    strict: bool = False
    scale: Decimal = decimal_field(default=Decimal(1))

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, [self.numerator, self.denominator])
        if isinstance(got, CheckResult):
            return got
        num, den = got
        if den == 0:
            return self._result(CheckStatus.SKIPPED, *en_zh("rules.checks.run.7", self_denominator=self.denominator))
        q = Fraction(self.scale) * Fraction(num) / Fraction(den)
        ok, limit = _limits(q, self.minimum, self.maximum, self.strict)
        if self.scale == 1:
            shown = f"{self.numerator} ÷ {self.denominator} = {fmt(num)} ÷ {fmt(den)} = {_num(q)} ({_pct(q)})"
        else:
            shown = f"{self.numerator} × {fmt(self.scale)} ÷ {self.denominator} = {fmt(num)} × {fmt(self.scale)} ÷ {fmt(den)} = {_num(q)}"
        status = CheckStatus.PASSED if ok else CheckStatus.FAILED
        return self._result(status, *en_zh("rules.checks.run.2", shown=shown, limit=limit), ratio=fraction_to_decimal(q))


@attrs.frozen(kw_only=True)
class RateMatches(_CheckBase):
    """A stated rate agrees with its own figures: ``stated %`` = ``numerator ÷ denominator × 100`` (± tolerance points).

    The commonest defect of published reports: 1,147 of 1,991 is 57.6 %, not the 60.5 % stated.
    """

    kind: ClassVar[str] = "rate_matches"
    numerator: str
    denominator: str
    stated: str
    tolerance: Decimal = decimal_field(default=Decimal("0.1"), validator=lambda i, a, v: _tolerance(i, a, v))

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, [self.numerator, self.denominator, self.stated])
        if isinstance(got, CheckResult):
            return got
        num, den, stated = got
        if den == 0:
            return self._result(CheckStatus.SKIPPED, *en_zh("rules.checks.run.7", self_denominator=self.denominator))
        pct = Fraction(num) * 100 / Fraction(den)
        ok = abs(pct - Fraction(stated)) <= Fraction(self.tolerance)
        shown = f"{fmt(num)} ÷ {fmt(den)} = {_pct(pct / 100)}"
        status = CheckStatus.PASSED if ok else CheckStatus.FAILED
        return self._result(
            status,
            *en_zh("rules.checks.run.3", shown=shown, stated=fmt(stated), self_tolerance=fmt(self.tolerance)),
            computed=fraction_to_decimal(pct),
            stated=stated,
        )


@attrs.frozen
class Term:
    """``coefficient × fact`` in a :class:`Total`."""

    fact: str
    coefficient: Decimal = decimal_field(default=Decimal(1))


def _tolerance(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value < 0:
        raise RubricError(f"check {instance.code!r}: tolerance must not be negative")


@attrs.frozen(kw_only=True)
class Total(_CheckBase):
    """A stated total equals the sum of its parts: ``Σ coefficientᵢ × factᵢ = equals`` (± tolerance)."""

    kind: ClassVar[str] = "total"
    terms: tuple[Term, ...] = tuple_field(Term)
    equals: str
    tolerance: Decimal = decimal_field(default=Decimal(0), validator=_tolerance)

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, [t.fact for t in self.terms] + [self.equals])
        if isinstance(got, CheckResult):
            return got
        *values, stated = got
        total = sum((Fraction(t.coefficient) * Fraction(v) for t, v in zip(self.terms, values, strict=True)), Fraction(0))
        ok = abs(total - Fraction(stated)) <= Fraction(self.tolerance)
        expr = " + ".join(f"{'' if t.coefficient == 1 else fmt(t.coefficient) + ' × '}{fmt(v)}" for t, v in zip(self.terms, values, strict=True))
        detail = f"{expr} = {_num(total)}; stated {self.equals} = {fmt(stated)}"
        status = CheckStatus.PASSED if ok else CheckStatus.FAILED
        return self._result(status, detail, f"{expr} = {_num(total)}；填报 {self.equals} = {fmt(stated)}", computed=fraction_to_decimal(total), stated=stated)


@attrs.frozen(kw_only=True)
class Product(_CheckBase):
    """Arithmetic of a subsidy: ``Π factors × scale = equals`` (± tolerance), e.g. beds × 元/bed ÷ 10,000 = 万元."""

    kind: ClassVar[str] = "product"
    factors: tuple[str, ...] = tuple_field(str)
    equals: str
    scale: Decimal = decimal_field(default=Decimal(1))
    tolerance: Decimal = decimal_field(default=Decimal(0), validator=_tolerance)

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, [*self.factors, self.equals])
        if isinstance(got, CheckResult):
            return got
        *values, stated = got
        product = Fraction(self.scale)
        for v in values:
            product *= Fraction(v)
        ok = abs(product - Fraction(stated)) <= Fraction(self.tolerance)
        expr = " × ".join(fmt(v) for v in values) + ("" if self.scale == 1 else f" × {fmt(self.scale)}")
        status = CheckStatus.PASSED if ok else CheckStatus.FAILED
        return self._result(
            status,
            *en_zh("rules.checks.run.4", expr=expr, num_product=_num(product), self_equals=self.equals, stated=fmt(stated)),
            computed=fraction_to_decimal(product),
            stated=stated,
        )


@attrs.frozen(kw_only=True)
class Compare(_CheckBase):
    """Two facts compared: ``rate_small_farmer > rate_scale_operator``."""

    kind: ClassVar[str] = "compare"
    left: str
    op: Direction = attrs.field(converter=_op)
    right: str

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, [self.left, self.right])
        if isinstance(got, CheckResult):
            return got
        a, b = got
        test, sym = _OPS[self.op]
        status = CheckStatus.PASSED if test(a, b) else CheckStatus.FAILED
        detail = f"{self.left} = {fmt(a)} {sym} {self.right} = {fmt(b)} required"
        return self._result(status, detail, f"要求 {self.left} = {fmt(a)} {sym} {self.right} = {fmt(b)}")


@attrs.frozen
class YearValue:
    """A value for a year; ``inferred`` marks a value not confirmed by a source."""

    year: int
    value: Decimal = decimal_field()
    inferred: bool = False


@attrs.frozen(kw_only=True)
class ByYear(_CheckBase):
    """A fact against a per-year standard: ``per_capita_subsidy ≥ table[year]``.

    A year missing from the table is skipped; an inferred value is used but said so.
    """

    kind: ClassVar[str] = "by_year"
    fact: str
    table: tuple[YearValue, ...] = tuple_field(YearValue)
    op: Direction = attrs.field(default=Direction.GE, converter=_op)

    def standard(self, year: int) -> YearValue | None:
        return next((row for row in self.table if row.year == year), None)

    def run(self, se: SelfEvaluation) -> CheckResult:
        year = se.project.year
        row = self.standard(year)
        if row is None:
            return self._result(CheckStatus.SKIPPED, *en_zh("rules.checks.run.8", year=year))
        got = self._facts(se, [self.fact])
        if isinstance(got, CheckResult):
            return got
        (value,) = got
        test, sym = _OPS[self.op]
        note_en = " (the standard for this year is inferred, not confirmed)" if row.inferred else ""
        note_zh = "（该年度标准为推算值，未经核实）" if row.inferred else ""
        status = CheckStatus.PASSED if test(value, row.value) else CheckStatus.FAILED
        return self._result(
            status,
            *en_zh("rules.checks.run.5", self_fact=self.fact, value=fmt(value), year=year, sym=sym, row_value=fmt(row.value), note_en=note_en, note_zh=note_zh),
            value=value,
            standard=row.value,
            inferred=row.inferred,
        )


def _ratios(value: Any) -> tuple[Decimal, ...]:
    return tuple(to_decimal(x, path="ratios") for x in value)


@attrs.frozen(kw_only=True)
class Shares(_CheckBase):
    """Cost sharing: the parts split in the given ratios, e.g. central : provincial : county = 6 : 2 : 2."""

    kind: ClassVar[str] = "shares"
    parts: tuple[str, ...] = tuple_field(str)
    ratios: tuple[Decimal, ...] = attrs.field(converter=_ratios)
    tolerance: Decimal = decimal_field(default=Decimal(0), validator=_tolerance)

    def __attrs_post_init__(self) -> None:
        if len(self.parts) != len(self.ratios) or len(self.parts) < 2:
            raise RubricError(f"check {self.code!r}: give one ratio per part, at least two")
        if any(r < 0 for r in self.ratios) or not any(self.ratios):
            raise RubricError(f"check {self.code!r}: ratios must not be negative and not all 0")

    def run(self, se: SelfEvaluation) -> CheckResult:
        got = self._facts(se, self.parts)
        if isinstance(got, CheckResult):
            return got
        total = sum((Fraction(v) for v in got), Fraction(0))
        weights = sum((Fraction(r) for r in self.ratios), Fraction(0))
        if total == 0:
            return self._result(CheckStatus.SKIPPED, *en_zh("rules.checks.run.9"))
        worst = max(abs(Fraction(v) / total - Fraction(r) / weights) for v, r in zip(got, self.ratios, strict=True))
        ok = worst <= Fraction(self.tolerance)
        shown = " : ".join(_pct(Fraction(v) / total) for v in got)
        wanted = " : ".join(fmt(r) for r in self.ratios)
        status = CheckStatus.PASSED if ok else CheckStatus.FAILED
        return self._result(status, *en_zh("rules.checks.run.6", shown=shown, wanted=wanted), largest_gap=fraction_to_decimal(worst))


@attrs.frozen(kw_only=True)
class AnyOf(_CheckBase):
    """Passes when any of its checks passes (a province may accept funds *or* area shares)."""

    kind: ClassVar[str] = "any_of"
    checks: tuple[Check, ...] = tuple_field(Check)

    def run(self, se: SelfEvaluation) -> CheckResult:
        results = [c.run(se) for c in self.checks]
        decided = [r for r in results if r.status in (CheckStatus.PASSED, CheckStatus.FAILED)]
        detail_en = "; ".join(f"{r.title_en}: {text(f'check.{r.status.value}', 'en')} ({r.detail_en})" for r in results)
        detail_zh = "；".join(f"{r.title_zh}：{text(f'check.{r.status.value}', 'zh')}（{r.detail_zh}）" for r in results)
        if not decided:
            return self._result(CheckStatus.SKIPPED, detail_en, detail_zh)
        ok = any(r.status is CheckStatus.PASSED for r in decided)
        return self._result(CheckStatus.PASSED if ok else CheckStatus.FAILED, detail_en, detail_zh)


def run_checks(checks: Sequence[Check], se: SelfEvaluation) -> tuple[tuple[CheckResult, ...], tuple[Finding, ...]]:
    """Run every check in force for the project's year; failures become findings."""
    results = []
    findings = []
    for check in checks:
        in_force = getattr(check, "in_force", None)
        if in_force is not None and not in_force(se.project.year):
            results.append(CheckResult(check.code, getattr(check, "title_zh", ""), getattr(check, "title_en", ""), CheckStatus.NOT_IN_FORCE))
            continue
        result = check.run(se)
        results.append(result)
        if result.status is CheckStatus.FAILED:
            findings.append(
                Finding(
                    check.code,
                    getattr(check, "severity", Severity.ERROR),
                    f"checks.{check.code}",
                    f"{result.title_en}: {result.detail_en}",
                    f"{result.title_zh}：{result.detail_zh}",
                    result.data,
                )
            )
    return tuple(results), tuple(findings)
