"""Hypothesis strategies of targets and actuals written in different but convertible units, with the
actual's exact value in the target's unit worked out from the unit factors — restated here from
perfrules' unit table (``perfrules/values/units.toml``), never by calling perfrules.

    >>> from fractions import Fraction
    >>> in_target_unit("0.0735", "万人次", "人次")
    Fraction(735, 1)
    >>> in_target_unit("6", "次/年", "次/月")
    Fraction(1, 2)
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

__all__ = ["COUNT_UNITS", "SCALE_WORDS", "UNIT_FACTORS", "in_target_unit", "unit_factor", "unit_pairs"]

F = Fraction

#: every measured unit a pair is drawn in, by dimension, with its factor to the dimension's base
#: unit — restated from ``units.toml`` (a test checks the two agree); aliases carry the same factor
UNIT_FACTORS: dict[str, dict[str, Fraction]] = {
    "money": {"元": F(1), "角": F(1, 10), "千元": F(1000), "万元": F(10_000), "百万元": F(10**6), "亿元": F(10**8)},
    "ratio": {"%": F(1, 100), "‰": F(1, 1000)},
    "area": {"平方米": F(1), "㎡": F(1), "亩": F(2000, 3), "公顷": F(10_000), "平方公里": F(10**6)},
    "length": {"米": F(1), "厘米": F(1, 100), "公里": F(1000)},
    "mass": {"千克": F(1), "公斤": F(1), "克": F(1, 1000), "斤": F(1, 2), "吨": F(1000)},
    "volume": {"立方米": F(1), "升": F(1, 1000)},
    "duration": {"年": F(1), "半年": F(1, 2), "季度": F(1, 4), "月": F(1, 12), "周": F(7, 365), "天": F(1, 365)},
}

#: the scale words that combine with any count (``万人次``, ``3千户``)
SCALE_WORDS: dict[str, Fraction] = {"": F(1), "百": F(100), "千": F(1000), "万": F(10_000), "十万": F(10**5), "百万": F(10**6), "千万": F(10**7), "亿": F(10**8)}

#: Counts, one kind of thing each — a count converts to itself at another scale only
COUNT_UNITS = ("人", "人次", "户", "次", "场", "个", "家", "张")

# Rates: a numerator over a period (次/月 against 次/年, 次/半年) or over a thing counted (元/人
# against 千元/人, 万元/人, 百万元/人).
_PERIODS = ("年", "半年", "季度", "月", "周", "天")
_RATE_MONEY = ("元", "千元", "万元", "百万元", "亿元")
_RATE_SCALES = ("", "万")
_PER_THING = ("人", "户", "个")


def unit_factor(unit: str) -> Fraction:
    """The factor of ``unit`` to its dimension's base unit, from ``UNIT_FACTORS``,
    ``SCALE_WORDS`` and ``COUNT_UNITS``: ``万人次`` → 10000, ``次/月`` → 12 (a month is
    1/12 of a year), ``万元/人`` → 10000.

    Raises:
        KeyError: ``unit`` is none this module draws.
    """
    if "/" in unit:
        numerator, _, denominator = unit.partition("/")
        per = UNIT_FACTORS["duration"].get(denominator, F(1)) if denominator not in _PER_THING else F(1)
        return unit_factor(numerator) / per
    for units in UNIT_FACTORS.values():
        if unit in units:
            return units[unit]
    for scale in sorted(SCALE_WORDS, key=len, reverse=True):
        if unit.startswith(scale) and unit[len(scale) :] in COUNT_UNITS:
            return SCALE_WORDS[scale]
    raise KeyError(unit)


def in_target_unit(actual: str | Decimal, actual_unit: str, target_unit: str) -> Fraction:
    """``actual`` (a number in ``actual_unit``) in ``target_unit``, exactly: ``actual`` × factor(actual's unit) ÷ factor(target's)."""
    return F(Decimal(str(actual))) * unit_factor(actual_unit) / unit_factor(target_unit)


def _same_kind(draw: st.DrawFn) -> tuple[str, str]:
    """Two different spellings of one dimension: (the target's unit, the actual's unit)."""
    kind = draw(st.sampled_from(["measure", "count", "period_rate", "thing_rate"]))
    if kind == "measure":
        # a bare duration is left out: ``6月`` and ``1季度`` are dates in the notation
        units = UNIT_FACTORS[draw(st.sampled_from(sorted(set(UNIT_FACTORS) - {"duration"})))]
        pair = draw(st.lists(st.sampled_from(sorted(units)), min_size=2, max_size=2, unique=True))
        return pair[0], pair[1]
    if kind == "count":
        thing = draw(st.sampled_from(COUNT_UNITS))
        scales = draw(st.lists(st.sampled_from(sorted(SCALE_WORDS)), min_size=2, max_size=2, unique=True))
        return scales[0] + thing, scales[1] + thing
    if kind == "period_rate":
        numerator = draw(st.sampled_from(_RATE_SCALES)) + draw(st.sampled_from(["次", "人次", "场"]))
        periods = draw(st.lists(st.sampled_from(_PERIODS), min_size=2, max_size=2, unique=True))
        return f"{numerator}/{periods[0]}", f"{numerator}/{periods[1]}"
    thing = draw(st.sampled_from(_PER_THING))
    money = draw(st.lists(st.sampled_from(_RATE_MONEY), min_size=2, max_size=2, unique=True))
    return f"{money[0]}/{thing}", f"{money[1]}/{thing}"


@st.composite
def _number(draw: st.DrawFn, lo: int, hi: int, *, max_places: int = 3) -> Decimal:
    """A positive decimal in ``[lo, hi]`` with 0..``max_places`` places, built from integers."""
    places = draw(st.integers(0, max_places))
    n = draw(st.integers(max(1, lo * 10**places), hi * 10**places))
    return Decimal(n).scaleb(-places)


def _written(draw: st.DrawFn, d: Decimal) -> str:
    """``d`` as a table prints it: plain, or with thousands separators."""
    text = f"{d:f}"
    if d >= 1000 and draw(st.booleans()):
        whole, dot, frac = text.partition(".")
        text = f"{int(whole):,}{dot}{frac}"
    return text


_COMPARATORS = ("≥", "≤", "=", ">", "<", "不低于", "不超过", "")


@st.composite
def unit_pairs(draw: st.DrawFn, *, bare_fractions: bool = True) -> tuple[str, str, Fraction]:
    """A target and an actual in different but convertible units, and the actual's exact value in the target's unit.

    Units are of one dimension — money (``元`` against ``万元``), counts at another scale
    (``人次`` against ``万人次``, ``千户`` against ``户``), rates over periods (``次/年`` against
    ``次/月``: a month is 1/12 of a year, a week 7/365, a day 1/365 — perfrules' conventions) or
    over things (``元/人`` against ``万元/人``), ratios (``%`` against ``‰``), area (``亩`` against
    ``公顷``), length, mass and volume — sometimes spelled by an alias (``㎡``, ``公斤``). The
    target has any comparator or none.

    With ``bare_fractions``, some pairs are a bare fraction against a percentage or per-mille
    target (``0.95`` against ``≥95%``): perfrules reads it as the fraction, the reading nearer the
    target (finding ``unit.assumed_fraction``); values are drawn so that reading is the nearer one.

    Returns:
        ``(target_text, actual_text, expected)``: ``expected`` is the exact
        ``Fraction`` the actual is in the target's unit, worked out by
        ``in_target_unit`` from the factors of ``UNIT_FACTORS``, never by perfrules. For
        every pair, ``read_pair(parse_target(t), parse_actual(a)).value == expected``.
    """
    comparator = draw(st.sampled_from(_COMPARATORS))
    if bare_fractions and draw(st.integers(0, 5)) == 0:
        unit, per = draw(st.sampled_from([("%", 100), ("‰", 1000)]))
        target = draw(_number(per // 2, per, max_places=1))
        fraction = Decimal(draw(st.integers(500, 1000))).scaleb(-3)  # 0.500 .. 1.000: nearer the target as a fraction
        return f"{comparator}{target}{unit}", f"{fraction}", F(fraction) * per
    target_unit, actual_unit = _same_kind(draw)
    target = draw(_number(1, 10_000))
    actual = draw(_number(1, 100_000))
    return f"{comparator}{_written(draw, target)}{target_unit}", f"{_written(draw, actual)}{actual_unit}", in_target_unit(actual, actual_unit, target_unit)
