"""An actual read against its target: one unit, exactly, or a finding that says what was assumed.

:func:`reconcile` brings the actual into the target's unit (``900000元`` →
90 万元, ``6次/年`` → 0.5 次/月, ``2.4万人`` → 24000 人) and reports every
assumption as a coded finding: an omitted unit, a bare ``0.95`` against
``≥95%`` (both readings are possible; the one nearer the target is taken
under the ``assume`` policy), a conversion between weeks and months (a
convention), counts of different things (``人`` against ``人次``). Units of
different dimensions (``人`` against ``%``) are never compared: under the
``refuse`` policy the item is unscored with an error.

What a rubric may decide is a :class:`ReadingPolicy`.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.exceptions import RubricError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.values.decimals import decimal_field, fraction_to_decimal
from perfrules.values.units import DEFAULT_UNITS, Unit, UnitTable

__all__ = ["ReadingPolicy", "Reconciled", "Refusal", "non_negative", "reconcile"]

_NON_NEGATIVE = ("money", "area", "length", "mass", "volume", "duration", "points")


def _one_of(*choices: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value not in choices:
            raise RubricError(f"reading.{attribute.name}: {value!r} is not one of {', '.join(map(repr, choices))}")

    return check


def _share(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if not 0 <= value <= 1:
        raise RubricError(f"reading.{attribute.name} must be between 0 and 1, got {value}")


def _factor(instance: Any, attribute: attrs.Attribute, value: Decimal | None) -> None:
    if value is not None and value <= 1:
        raise RubricError(f"reading.{attribute.name} must be above 1, got {value}")


@attrs.frozen
class ReadingPolicy:
    """How a rubric reads an actual against its target where tables are ambiguous.

    Attributes:
        bare_against_percent: a bare number against a percentage (``0.95``
            against ``≥95%``) when both readings are plausible: ``"assume"``
            (the reading nearer the target, with a warning) or ``"refuse"``
            (unscored, with an error).
        incompatible_units: units of different dimensions (``人`` against
            ``%``): ``"refuse"`` (unscored, error) or ``"assume"`` (compared as
            numbers, warning).
        different_counts: counts of different things (``场`` against ``次``,
            ``人`` against ``人次``): ``"assume"`` (compared as numbers, warning)
            or ``"refuse"``.
        strict_boundary: share of the points an actual exactly at a strict
            bound (``>100`` against ``100``) earns: ``1`` scores ``>`` like ``≥``
            (the vendor practice), ``0`` counts the boundary as a miss.
        negative_actuals: ``"non_negative_quantities"`` clamps a negative actual
            to 0 (F9) only for money, counts, areas and other quantities that
            cannot be negative, keeping negative rates and changes; ``"clamp"``
            always; ``"keep"`` never.
        over_achievement: an actual at least this many times its ``≥`` target
            is reported (F12: a target set too low?); ``None`` turns it off.
        implausible: an actual this many times its target (or this many times
            below it) is reported as a probable unit or digit error.
    """

    bare_against_percent: str = attrs.field(default="assume", validator=_one_of("assume", "refuse"))
    incompatible_units: str = attrs.field(default="refuse", validator=_one_of("refuse", "assume"))
    different_counts: str = attrs.field(default="assume", validator=_one_of("assume", "refuse"))
    strict_boundary: Decimal = decimal_field(default=Decimal(1), validator=_share)
    negative_actuals: str = attrs.field(default="non_negative_quantities", validator=_one_of("non_negative_quantities", "clamp", "keep"))
    over_achievement: Decimal | None = attrs.field(default=Decimal(3), converter=attrs.converters.optional(Decimal), validator=_factor)
    implausible: Decimal = decimal_field(default=Decimal(20), validator=_factor)


@attrs.frozen
class Reconciled:
    """Target and actual in one unit.

    Attributes:
        actual: the actual in the target's unit, exact.
        upper: the upper bound of a range actual, in the target's unit.
        unit: the unit both are in (the target's, or the actual's when the target has none).
        conversion: ``"900000元 = 90万元"`` when the actual was converted, else ``""``.
        findings: what was assumed on the way.
    """

    actual: Fraction
    upper: Fraction | None
    unit: str
    conversion: str = ""
    findings: tuple[Finding, ...] = ()


@attrs.frozen
class Refusal:
    """The pair cannot be compared: the item stays unscored, with this error."""

    finding: Finding


def _finding(code: str, severity: Severity, path: str, en: str, zh: str, **data: Any) -> Finding:
    return Finding(code, severity, path, en, zh, data)


_WIDE = decimal.Context(prec=80)


def _show(value: Fraction, unit: str) -> str:
    """``90万元``; a value that does not terminate as ``≈4.345238次/月``."""
    d = fraction_to_decimal(value)
    if Fraction(d) == value:
        return f"{fmt(d)}{unit}"
    return f"≈{fmt(d.quantize(Decimal('1e-6'), context=_WIDE))}{unit}"


def _nearer(target: Fraction, a: Fraction, b: Fraction) -> Fraction:
    """Of two readings, the one whose ratio to the target is nearer 1."""

    def distance(x: Fraction) -> Fraction:
        if x <= 0 or target <= 0:
            return abs(x - target)
        r = x / target
        return r if r >= 1 else 1 / r

    return a if distance(a) <= distance(b) else b


def reconcile(
    target_value: Decimal,
    target_unit: str,
    actual_value: Decimal,
    actual_unit: str,
    *,
    upper: Decimal | None = None,
    policy: ReadingPolicy | None = None,
    units: UnitTable | None = None,
    path: str = "",
) -> Reconciled | Refusal:
    """The actual (and the upper bound of a range actual) in the target's unit.

    >>> reconcile(Decimal(90), "万元", Decimal(900000), "元").actual
    Fraction(90, 1)
    >>> reconcile(Decimal(90), "%", Decimal("0.95"), "").actual
    Fraction(95, 1)
    """
    policy = policy or ReadingPolicy()
    table = units or DEFAULT_UNITS
    ut, ua = table.unit(target_unit), table.unit(actual_unit)
    a, hi = Fraction(actual_value), None if upper is None else Fraction(upper)
    t = Fraction(target_value)
    written = f"{fmt(actual_value)}{actual_unit}"
    if ut is None and ua is None:
        return Reconciled(a, hi, "")
    if ut is None or ua is None:
        return _one_bare(t, ut, ua, a, hi, target_unit, actual_unit, written, policy, path)
    if ut.dimension == ua.dimension:
        return _convert(ut, ua, a, hi, target_unit, written, path)
    return _different(ut, ua, a, hi, target_unit, actual_unit, written, policy, path, table)


def _convert(ut: Unit, ua: Unit, a: Fraction, hi: Fraction | None, target_unit: str, written: str, path: str) -> Reconciled:
    if ua.factor == ut.factor:
        return Reconciled(a, hi, target_unit)
    k = ua.factor / ut.factor
    converted, conv_hi = a * k, None if hi is None else hi * k
    conversion = f"{written} = {_show(converted, target_unit)}"
    findings = [
        _finding(
            "unit.converted",
            Severity.INFO,
            path,
            f"actual {written} converted into the target's unit: {conversion}",
            f"实际值 {written} 换算为目标单位：{conversion}",
            factor=_show(k, ''),
        )
    ]
    if ua.approximate != ut.approximate:
        findings.append(
            _finding(
                "unit.convention",
                Severity.INFO,
                path,
                f"{ua.symbol} and {ut.symbol} convert by convention (a year of 365 days, 12 months, 52 weeks and a day)",
                f"{ua.symbol} 与 {ut.symbol} 按惯例换算（一年 365 天、12 个月）",
            )
        )
    return Reconciled(converted, conv_hi, target_unit, conversion, tuple(findings))


def _one_bare(
    t: Fraction,
    ut: Unit | None,
    ua: Unit | None,
    a: Fraction,
    hi: Fraction | None,
    target_unit: str,
    actual_unit: str,
    written: str,
    policy: ReadingPolicy,
    path: str,
) -> Reconciled | Refusal:
    known = ut or ua
    assert known is not None
    unit = target_unit or actual_unit
    if known.is_ratio:
        bare = a if ua is None else t
        if abs(bare) <= 1 and bare != 0:  # 0.95 against 95 %: a fraction, or 0.95 %?
            return _fraction_or_percent(t, ut, ua, a, hi, unit, written, policy, path)
    if known.is_scale_only:  # 2.5万 against 24600: the scale is the only unit
        k = (ua.factor if ua else Fraction(1)) / (ut.factor if ut else Fraction(1))
        if k != 1:
            converted = a * k
            conversion = f"{written} = {_show(converted, target_unit)}"
            f = _finding("unit.converted", Severity.INFO, path, f"actual {conversion}", f"实际值 {conversion}", factor=_show(k, ''))
            return Reconciled(converted, None if hi is None else hi * k, target_unit, conversion, (f,))
    side = "actual" if ua is None else "target"
    f = _finding(
        "unit.omitted",
        Severity.INFO,
        path,
        f"the {side} gives no unit; read in {unit}",
        f"{'实际值' if side == 'actual' else '目标值'}未写单位，按“{unit}”读取",
        unit=unit,
    )
    return Reconciled(a, hi, unit, findings=(f,))


def _fraction_or_percent(
    t: Fraction, ut: Unit | None, ua: Unit | None, a: Fraction, hi: Fraction | None, unit: str, written: str, policy: ReadingPolicy, path: str
) -> Reconciled | Refusal:
    ratio = (ut or ua)
    assert ratio is not None
    per = 1 / ratio.factor  # 100 for %, 1000 for ‰
    if ua is None:  # bare actual against a % target
        as_fraction, as_percent = a * per, a
        chosen = _nearer(t, as_fraction, as_percent)
        k = per if chosen == as_fraction else Fraction(1)
        shown_t = f"{fmt(fraction_to_decimal(t))}{unit}"
    else:  # a % actual against a bare target: the target is a fraction or a percentage
        as_fraction, as_percent = a / per, a
        chosen = _nearer(t, as_fraction, as_percent)
        k = 1 / per if chosen == as_fraction else Fraction(1)
        shown_t = fmt(fraction_to_decimal(t))
        unit = "" if k != 1 else unit
    reading = "a fraction" if (ua is None) == (k != 1) else "a percentage"
    reading_zh = "小数" if (ua is None) == (k != 1) else "百分数"
    if policy.bare_against_percent == "refuse":
        return Refusal(
            _finding(
                "unit.ambiguous",
                Severity.ERROR,
                path,
                f"{written} against {shown_t}: a bare number against a percentage could be a fraction or a percentage; not scored (policy 'refuse')",
                f"{written} 与 {shown_t} 比较：无单位数值对百分比，可理解为小数或百分数，按规则不予计分",
                actual=written,
            )
        )
    converted = a * k
    conversion = f"{written} = {_show(converted, unit)}" if k != 1 else ""
    f = _finding(
        "unit.assumed_fraction" if k != 1 else "unit.assumed_percent",
        Severity.WARNING,
        path,
        f"{written} against {shown_t} read as {reading}{': ' + conversion if conversion else ''}",
        f"{written} 与 {shown_t} 比较，按{reading_zh}理解{('：' + conversion) if conversion else ''}",
        actual=written,
        assumed=reading.split()[-1],
    )
    return Reconciled(converted, None if hi is None else hi * k, unit, conversion, (f,))


def _different(
    ut: Unit,
    ua: Unit,
    a: Fraction,
    hi: Fraction | None,
    target_unit: str,
    actual_unit: str,
    written: str,
    policy: ReadingPolicy,
    path: str,
    table: UnitTable,
) -> Reconciled | Refusal:
    t_num, _, t_den = ut.dimension.partition("/")
    a_num, _, a_den = ua.dimension.partition("/")
    # 200元 against ≤200元/人, 16万元 against 16.12万元/社区: the actual gives the numerator only
    if not a_den and t_den and a_num == t_num:
        numerator = table.unit(ut.numerator) if ut.numerator else None
        k = ua.factor / (numerator.factor if numerator else Fraction(1))
        converted = a * k
        f = _finding(
            "unit.omitted",
            Severity.INFO,
            path,
            f"actual {written} read as per {ut.symbol.split('/', 1)[1]} (as the target {target_unit})",
            f"实际值 {written} 按目标单位“{target_unit}”理解",
            unit=target_unit,
        )
        return Reconciled(converted, None if hi is None else hi * k, target_unit, f"{written} = {_show(converted, target_unit)}" if k != 1 else "", (f,))
    # 16.12万/社区 against 万元/社区: a scale word standing for the target's unit
    if t_den == a_den and "" in (t_num, a_num):
        k = ua.factor / ut.factor
        converted = a * k
        f = _finding(
            "unit.completed",
            Severity.INFO,
            path,
            f"{ua.text if not a_num else ut.text} names no thing; read as {target_unit if not a_num else actual_unit}",
            f"单位“{ua.text if not a_num else ut.text}”不完整，按“{target_unit if not a_num else actual_unit}”理解",
        )
        return Reconciled(converted, None if hi is None else hi * k, target_unit, f"{written} = {_show(converted, target_unit)}" if k != 1 else "", (f,))
    counts = all(d.startswith("count") for d in (t_num, a_num)) and t_den == a_den
    assume = policy.different_counts == "assume" if counts else policy.incompatible_units == "assume"
    what_en = "counts of different things" if counts else "different kinds of quantity"
    what_zh = "计量对象不同" if counts else "量纲不同"
    if not assume:
        return Refusal(
            _finding(
                "unit.incompatible",
                Severity.ERROR,
                path,
                f"actual {written} and target unit {target_unit!r} measure {what_en}; not compared",
                f"实际值 {written} 与目标单位“{target_unit}”{what_zh}，无法比较，不予计分",
                target_unit=target_unit,
                actual_unit=actual_unit,
            )
        )
    f = _finding(
        "unit.mismatch",
        Severity.WARNING,
        path,
        f"actual unit {actual_unit!r} and target unit {target_unit!r} measure {what_en}; compared as numbers",
        f"实际值单位“{actual_unit}”与目标单位“{target_unit}”{what_zh}，按数值比较",
        target_unit=target_unit,
        actual_unit=actual_unit,
    )
    return Reconciled(a, hi, target_unit, findings=(f,))


def non_negative(unit: Unit | None) -> bool:
    """Whether a quantity in ``unit`` cannot be negative (money, counts, areas …), so F9 clamps it."""
    if unit is None:
        return False
    head = unit.dimension.partition("/")[0]
    return head.startswith("count") or head in _NON_NEGATIVE
