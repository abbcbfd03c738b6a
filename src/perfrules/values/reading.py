"""A pair read together: the actual in its target's unit, and everything suspicious about the pair.

:func:`read_pair` is what every quantitative rule reads through, and what a
caller uses to check a pair without scoring it: the actual converted into
the target's unit (:func:`~perfrules.values.pairing.reconcile`), a negative
actual clamped only for quantities that cannot be negative (F9), and coded
findings for pairs that look wrong — an actual 20 times its target, one far
above a ``≥`` target (F12: a target set too low?), full points stated for an
actual that misses badly (``1%`` against ``100%``: a lost digit?).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules.exceptions import WrongTypeError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.values.decimals import fraction_to_decimal, to_decimal
from perfrules.values.notation import Actual, ActualKind, Direction, Target, parse_actual, parse_target
from perfrules.values.pairing import ReadingPolicy, Reconciled, Refusal, non_negative, reconcile
from perfrules.values.units import DEFAULT_UNITS, UnitTable
from perfrules.messages import en_zh

__all__ = ["TOTAL_WORDS", "PairReading", "read_pair"]

#: words that make an actual a total (``全年24次``, ``共计2万元``), not a rate per period or per thing
TOTAL_WORDS = ("全年", "年度累计", "累计", "共计", "合计", "总计", "总共")


@attrs.frozen
class PairReading:
    """What a target and its actual say together.

    Attributes:
        value: the actual in the target's unit, exact (the lower bound of a
            range actual); ``None`` when the pair could not be compared.
        upper: the upper bound of a range actual, in the target's unit.
        unit: the unit both are read in.
        conversion: ``"900000元 = 90万元"`` when the actual was converted.
        findings: what was assumed, and what looks wrong.
        refused: the pair cannot be compared (units of different dimensions,
            an ambiguity the policy refuses, or an actual that is no number).
    """

    value: Fraction | None
    upper: Fraction | None = None
    unit: str = ""
    conversion: str = ""
    findings: tuple[Finding, ...] = ()
    refused: bool = False


def exact(value: Fraction) -> Decimal | Fraction:
    """A terminating value as a Decimal (for explanations), any other kept as an exact Fraction."""
    d = fraction_to_decimal(value)
    return d if Fraction(d) == value else value


def _shown(value: Fraction) -> str:
    """A value for a message: exact when it terminates, else ``≈`` and four places (the data keeps it exact)."""
    d = fraction_to_decimal(value)
    return fmt(d) if Fraction(d) == value else f"≈{fmt(fraction_to_decimal(round(value, 4)))}"


def _finding(code: str, severity: Severity, path: str, en: str, zh: str, **data: object) -> Finding:
    return Finding(code, severity, path, en, zh, data)


def read_pair(
    target: Target,
    actual: Actual,
    *,
    claimed: Decimal | None = None,
    weight: Decimal | None = None,
    policy: ReadingPolicy | None = None,
    units: UnitTable | None = None,
    path: str = "",
) -> PairReading:
    """The actual read in its target's unit, with every assumption and suspicion as a finding.

    ``claimed`` and ``weight`` (the stated score and the item's points) add
    the check that full points were not stated for an actual that misses.

    >>> from perfrules import parse_actual, parse_target
    >>> read_pair(parse_target("≤90万元"), parse_actual("900000元")).value
    Fraction(90, 1)
    """
    policy = policy or ReadingPolicy()
    table = units or DEFAULT_UNITS
    target = parse_target(target, path="target") if isinstance(target, str) else target
    actual = parse_actual(actual, path="actual", target=target) if isinstance(actual, str) else actual
    if not isinstance(target, Target) or not isinstance(actual, Actual):
        raise WrongTypeError(f"expected a Target and an Actual (or their text), got {type(target).__name__} and {type(actual).__name__}", path="pair")
    claimed = None if claimed is None else to_decimal(claimed, path="claimed")
    weight = None if weight is None else to_decimal(weight, path="weight")
    if target.value is None or not actual.is_numeric or actual.value is None:
        return PairReading(None, refused=True)
    # 全年24次, 共计2万元, 共2万元 — but not the 共 of 公共
    total = any(w in f"{actual.remark}{actual.text}" for w in TOTAL_WORDS) or actual.text.lstrip().startswith("共")
    paired = reconcile(
        target.value, target.unit, actual.value, actual.unit,
        upper=actual.upper, policy=policy, units=table, path=path, actual_total=total,
    )  # fmt: skip
    if isinstance(paired, Refusal):
        return PairReading(None, findings=(paired.finding,), refused=True)
    assert isinstance(paired, Reconciled)
    findings = list(paired.findings)
    value, upper = paired.actual, paired.upper
    if value < 0 and _clamps(policy, table, target, actual):
        findings.append(
            _finding(
                "actual.negative", Severity.WARNING, path,
                *en_zh("actual.negative", value=_shown(value)),
                actual=exact(value),
            )  # fmt: skip
        )
        value = Fraction(0)
        upper = None if upper is None else max(upper, Fraction(0))
    findings += _suspicions(target, value, policy, path)
    findings += _claimed_full(target, actual, value, claimed, weight, path)
    return PairReading(value, upper, paired.unit, paired.conversion, tuple(findings))


def _at_least(target: Target) -> bool:
    """A target met from its value up: ≥, >, and = (scored like ≥ by default, F7)."""
    return target.direction.is_positive or target.direction is Direction.EQ


def _clamps(policy: ReadingPolicy, table: UnitTable, target: Target, actual: Actual) -> bool:
    if policy.negative_actuals != "non_negative_quantities":
        return policy.negative_actuals == "clamp"
    if target.value is not None and target.value < 0:
        return False
    return non_negative(table.unit(target.unit) or table.unit(actual.unit))


@functools.lru_cache(maxsize=64)
def _factor(value: Decimal) -> Fraction:
    """A policy factor as an exact fraction, converted once per value."""
    return Fraction(value)


def _suspicions(target: Target, value: Fraction, policy: ReadingPolicy, path: str) -> list[Finding]:
    """An actual far from its target: a probable unit or digit error, or over-achievement (F12)."""
    assert target.value is not None
    t = Fraction(target.value)
    if t <= 0 or value <= 0:
        return []
    ratio, far = value / t, _factor(policy.implausible)
    if ratio >= far or (ratio <= 1 / far and not target.direction.is_reverse):  # far below a ≤ target is fine
        shown = _shown(value)
        how = f"at least {fmt(policy.implausible)} times" if ratio > 1 else f"at most 1/{fmt(policy.implausible)} of"
        return [
            _finding(
                "pair.implausible", Severity.WARNING, path,
                *en_zh("pair.implausible", shown=shown, how=how, target=target, policy_implausible=fmt(policy.implausible)),
                actual=exact(value), target=str(target),
            )  # fmt: skip
        ]
    over = policy.over_achievement
    if over is not None and _at_least(target) and ratio >= _factor(over):
        shown = _shown(value)
        return [
            _finding(
                "actual.far_above_target", Severity.INFO, path,
                *en_zh("actual.far_above_target", shown=shown, over=fmt(over), target=target),
                actual=exact(value), target=str(target),
            )  # fmt: skip
        ]
    return []


def _claimed_full(target: Target, actual: Actual, value: Fraction, claimed: Decimal | None, weight: Decimal | None, path: str) -> list[Finding]:
    """Full points stated for an actual that reaches less than half its ≥ target (``1%`` against ``100%``)."""
    if claimed is None or weight is None or weight <= 0 or claimed < weight or not _at_least(target):
        return []
    assert target.value is not None
    if target.value <= 0 or actual.kind is ActualKind.RANGE or value * 2 >= Fraction(target.value):
        return []
    return [
        _finding(
            "pair.claimed_full", Severity.WARNING, path,
            *en_zh("pair.claimed_full", claimed=fmt(claimed), actual_text_or__shown_value=actual.text or _shown(value), value=_shown(value), target=target),
            claimed=claimed, actual=exact(value),
        )  # fmt: skip
    ]
