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

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules.exceptions import RubricError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.values.decimals import decimal_field, fraction_to_decimal
from perfrules.values.units import DEFAULT_UNITS, Unit, UnitTable
from perfrules.messages import en_zh

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
        bare_against_scaled: a bare number against a scaled unit (``850000``
            against ``≤90万元``): in that unit, or in its base unit (元)? The same
            two choices.
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
    bare_against_scaled: str = attrs.field(default="assume", validator=_one_of("assume", "refuse"))
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


def _show(value: Fraction, unit: str) -> str:
    """``90万元``; a value that does not terminate as ``≈4.345238次/月``."""
    d = fraction_to_decimal(value)
    if Fraction(d) == value:
        return f"{fmt(d)}{unit}"
    return f"≈{fmt(fraction_to_decimal(Fraction(round(value * 10**6), 10**6)))}{unit}"


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
    actual_total: bool = False,
) -> Reconciled | Refusal:
    """The actual (and the upper bound of a range actual) in the target's unit.

    ``actual_total`` says the actual is a total (``全年24次``, ``共计2万元``), not a rate.

    >>> reconcile(Decimal(90), "万元", Decimal(900000), "元").actual
    Fraction(90, 1)
    >>> reconcile(Decimal(90), "%", Decimal("0.95"), "").actual
    Fraction(95, 1)
    """
    policy = policy or ReadingPolicy()
    table = units or DEFAULT_UNITS
    pair = _Pair(
        target=Fraction(target_value),
        actual=Fraction(actual_value),
        upper=None if upper is None else Fraction(upper),
        target_unit=target_unit,
        actual_unit=actual_unit,
        ut=table.unit(target_unit),
        ua=table.unit(actual_unit),
        written=f"{fmt(actual_value)}{actual_unit}",
        policy=policy,
        table=table,
        path=path,
        total=actual_total,
    )
    if pair.ut is None and pair.ua is None:
        return Reconciled(pair.actual, pair.upper, "")
    if pair.ut is None or pair.ua is None:
        return _one_bare(pair)
    if pair.ut.dimension == pair.ua.dimension:
        return _convert(pair, pair.ut, pair.ua)
    return _different(pair, pair.ut, pair.ua)


@attrs.frozen
class _Pair:
    """One target/actual pair on its way to one unit."""

    target: Fraction
    actual: Fraction
    upper: Fraction | None
    target_unit: str
    actual_unit: str
    ut: Unit | None
    ua: Unit | None
    written: str
    policy: ReadingPolicy
    table: UnitTable
    path: str
    total: bool = False

    def finding(self, code: str, severity: Severity, en: str, zh: str, **data: Any) -> Finding:
        return Finding(code, severity, self.path, en, zh, data)

    def scaled(self, k: Fraction, unit: str, *findings: Finding, show: bool = True) -> Reconciled:
        """The actual × ``k`` in ``unit``, with the conversion written out when ``k`` is not 1."""
        value = self.actual * k
        conversion = f"{self.written} = {_show(value, unit)}" if show and k != 1 else ""
        return Reconciled(value, None if self.upper is None else self.upper * k, unit, conversion, findings)


def _convert(pair: _Pair, ut: Unit, ua: Unit) -> Reconciled:
    if ua.factor == ut.factor:
        return Reconciled(pair.actual, pair.upper, pair.target_unit)
    k = ua.factor / ut.factor
    conversion = f"{pair.written} = {_show(pair.actual * k, pair.target_unit)}"
    findings = [
        pair.finding(
            "unit.converted", Severity.INFO,
            *en_zh("unit.converted", pair_written=pair.written, conversion=conversion),
            factor=_show(k, ""),
        )  # fmt: skip
    ]
    if ua.approximate != ut.approximate:
        findings.append(
            pair.finding(
                "unit.convention", Severity.INFO,
                *en_zh("unit.convention", ua_symbol=ua.symbol, ut_symbol=ut.symbol),
            )  # fmt: skip
        )
    return pair.scaled(k, pair.target_unit, *findings)


def _one_bare(pair: _Pair) -> Reconciled | Refusal:
    known = pair.ut or pair.ua
    assert known is not None
    unit = pair.target_unit or pair.actual_unit
    if known.is_ratio:
        bare = pair.actual if pair.ua is None else pair.target
        if abs(bare) <= 1 and bare != 0:  # 0.95 against 95 %: a fraction, or 0.95 %?
            return _fraction_or_percent(pair, known, unit)
    if known.factor != 1 and known.dimension and not known.is_ratio and "/" not in known.dimension:
        return _bare_or_base(pair, known, unit)
    if known.is_scale_only:  # 2.5万 against 24600: the scale is the only unit
        k = (pair.ua.factor if pair.ua else Fraction(1)) / (pair.ut.factor if pair.ut else Fraction(1))
        if k != 1:
            shown = f"{pair.written} = {_show(pair.actual * k, pair.target_unit)}"
            f = pair.finding("unit.converted", Severity.INFO, *en_zh("unit.converted.2", shown=shown), factor=_show(k, ""))
            return pair.scaled(k, pair.target_unit, f)
    return _read_in(pair, unit)


def _read_in(pair: _Pair, unit: str) -> Reconciled:
    """The side without a unit is read, unchanged, in ``unit``."""
    side = "actual" if pair.ua is None else "target"
    f = pair.finding(
        "unit.omitted", Severity.INFO,
        *en_zh("unit.omitted", side=side, unit=unit, 实际值_if_side_actual_else_目标值='实际值' if side == 'actual' else '目标值'),
        unit=unit,
    )  # fmt: skip
    return pair.scaled(Fraction(1), unit, f)


def _bare_or_base(pair: _Pair, scaled: Unit, unit: str) -> Reconciled | Refusal:
    """A bare number against a scaled unit (``850000`` against ``≤90万元``): in that unit, or in the
    dimension's base unit (元)? The reading nearer the target, under ``bare_against_scaled``."""
    a, t, f = pair.actual, pair.target, scaled.factor
    if pair.ua is None:  # bare actual: k brings it into the target's unit
        k = 1 / f if _nearer(t, a / f, a) == a / f else Fraction(1)
    else:  # bare target: read in the base unit, the actual comes down to it
        k = f if _nearer(t, a * f, a) == a * f else Fraction(1)
        unit = "" if k != 1 else unit
    if k == 1:
        return _read_in(pair, unit)
    if pair.policy.bare_against_scaled == "refuse":
        return Refusal(
            pair.finding(
                "unit.ambiguous", Severity.ERROR,
                *en_zh("unit.ambiguous", pair_written=pair.written, fraction_to_decimal_t=fmt(fraction_to_decimal(t)), pair_target_unit=pair.target_unit),
                actual=pair.written,
            )  # fmt: skip
        )
    conversion = f"{pair.written} = {_show(a * k, unit)}"
    f2 = pair.finding(
        "unit.assumed_base", Severity.WARNING,
        *en_zh("unit.assumed_base", pair_written=pair.written, conversion=conversion),
        actual=pair.written,
    )  # fmt: skip
    return pair.scaled(k, unit, f2)


def _fraction_or_percent(pair: _Pair, ratio: Unit, unit: str) -> Reconciled | Refusal:
    per = 1 / ratio.factor  # 100 for %, 1000 for ‰
    a, t = pair.actual, pair.target
    if pair.ua is None:  # bare actual against a % target
        k = per if _nearer(t, a * per, a) == a * per else Fraction(1)
        shown_t = f"{fmt(fraction_to_decimal(t))}{unit}"
    else:  # a % actual against a bare target: the target is a fraction or a percentage
        k = 1 / per if _nearer(t, a / per, a) == a / per else Fraction(1)
        shown_t = fmt(fraction_to_decimal(t))
        unit = "" if k != 1 else unit
    as_fraction = (pair.ua is None) == (k != 1)
    reading, reading_zh = ("a fraction", "小数") if as_fraction else ("a percentage", "百分数")
    if pair.policy.bare_against_percent == "refuse":
        return Refusal(
            pair.finding(
                "unit.ambiguous", Severity.ERROR,
                *en_zh("unit.ambiguous.2", pair_written=pair.written, t=shown_t),
                actual=pair.written,
            )  # fmt: skip
        )
    conversion = f"{pair.written} = {_show(a * k, unit)}" if k != 1 else ""
    f = pair.finding(
        "unit.assumed_fraction" if k != 1 else "unit.assumed_percent", Severity.WARNING,
        *en_zh("values.pairing._fraction_or_percent", pair_written=pair.written, t=shown_t, reading=reading, conversion_if_conversion_else=': ' + conversion if conversion else '', reading_zh=reading_zh, conversion_if_conversion_else_2=('：' + conversion) if conversion else ''),
        actual=pair.written, assumed=reading.split()[-1],
    )  # fmt: skip
    return pair.scaled(k, unit, f)


def _different(pair: _Pair, ut: Unit, ua: Unit) -> Reconciled | Refusal:
    t_num, _, t_den = ut.dimension.partition("/")
    a_num, _, a_den = ua.dimension.partition("/")
    # 200元 against ≤200元/人, 16万元 against 16.12万元/社区: the actual gives the numerator only
    if not a_den and t_den and a_num == t_num:
        per = ut.symbol.split("/", 1)[1]
        per_unit = pair.table.unit(per)
        yearly = per_unit is not None and per_unit.dimension == "duration"
        if pair.total:  # 全年24次 against ≥4次/月: a year's total, not a rate
            if not yearly:
                return Refusal(
                    pair.finding(
                        "unit.total_for_rate", Severity.ERROR,
                        *en_zh("unit.total_for_rate", pair_written=pair.written, pair_target_unit=pair.target_unit, per=per),
                    )  # fmt: skip
                )
            as_year = pair.table.unit(f"{ua.text}/年")
            assert as_year is not None
            k = as_year.factor / ut.factor
            f = pair.finding(
                "unit.assumed_per_year", Severity.WARNING,
                *en_zh("unit.assumed_per_year", pair_written=pair.written, show_pair_actual_k_pair_target_unit=_show(pair.actual * k, pair.target_unit)),
            )  # fmt: skip
            return pair.scaled(k, pair.target_unit, f)
        numerator = pair.table.unit(ut.numerator) if ut.numerator else None
        k = ua.factor / (numerator.factor if numerator else Fraction(1))
        per_year = yearly and per_unit is not None and per_unit.factor == 1
        f = pair.finding(
            "unit.omitted", Severity.INFO if per_year else Severity.WARNING,
            *en_zh("unit.omitted.2", pair_written=pair.written, per=per, pair_target_unit=pair.target_unit),
            unit=pair.target_unit,
        )  # fmt: skip
        return pair.scaled(k, pair.target_unit, f)
    # 16.12万/社区 against 万元/社区: a scale word standing for the target's unit
    if t_den == a_den and "" in (t_num, a_num):
        partial, whole = (ua.text, pair.target_unit) if not a_num else (ut.text, pair.actual_unit)
        f = pair.finding(
            "unit.completed", Severity.INFO,
            *en_zh("unit.completed", partial=partial, whole=whole),
        )  # fmt: skip
        return pair.scaled(ua.factor / ut.factor, pair.target_unit, f)
    counts = all(d.startswith("count") for d in (t_num, a_num)) and t_den == a_den
    policy = pair.policy.different_counts if counts else pair.policy.incompatible_units
    what_en, what_zh = ("counts of different things", "计量对象不同") if counts else ("different kinds of quantity", "量纲不同")
    units = {"target_unit": pair.target_unit, "actual_unit": pair.actual_unit}
    if policy != "assume":
        return Refusal(
            pair.finding(
                "unit.incompatible", Severity.ERROR,
                *en_zh("unit.incompatible", pair_written=pair.written, pair_target_unit=pair.target_unit, what_en=what_en, what_zh=what_zh),
                **units,
            )  # fmt: skip
        )
    f = pair.finding(
        "unit.mismatch", Severity.WARNING,
        *en_zh("unit.mismatch", pair_actual_unit=pair.actual_unit, pair_target_unit=pair.target_unit, what_en=what_en, what_zh=what_zh),
        **units,
    )  # fmt: skip
    return pair.scaled(ua.factor / ut.factor if counts else Fraction(1), pair.target_unit, f, show=counts)


def non_negative(unit: Unit | None) -> bool:
    """Whether a quantity in ``unit`` cannot be negative (money, counts, areas …), so F9 clamps it."""
    if unit is None:
        return False
    head = unit.dimension.partition("/")[0]
    return head.startswith("count") or head in _NON_NEGATIVE
