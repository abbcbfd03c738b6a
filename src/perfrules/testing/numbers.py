"""Hypothesis strategies of numbers, weights, targets and actuals — built from integers, so no float
ever reaches perfrules — and exact :class:`fractions.Fraction` oracles of rounding and of each rule,
written from the rule statements (F1–F10) without calling perfrules.

    >>> from fractions import Fraction
    >>> oracle_round(Fraction(93665, 1000), 2, "half_up"), oracle_round(Fraction(93665, 1000), 2, "half_even")
    (Fraction(9367, 100), Fraction(4683, 50))
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import strategies as st

__all__ = ["Child", "LeafSpec", "ORACLE_MODES", "actuals", "aggregator_children", "cents", "decimals_2dp", "descending_edges", "grade_totals", "half_up_2", "leaf_specs", "oracle_round", "partition_cents", "positive_weights", "rounding_cases", "targets", "weights"]



# ------------------------------------------------------------------ numbers
def cents(n: int) -> Decimal:
    """``n`` hundredths as a 2-place Decimal, built from text: ``cents(-5)`` → ``Decimal('-0.05')``."""
    sign = "-" if n < 0 else ""
    return Decimal(f"{sign}{abs(n) // 100}.{abs(n) % 100:02d}")


def decimals_2dp(min_value: int | str = 0, max_value: int | str = 1000) -> st.SearchStrategy[Decimal]:
    """Decimals with exactly two places in ``[min_value, max_value]`` (bounds as ints or numeric text)."""
    lo = int(Decimal(str(min_value)) * 100)
    hi = int(Decimal(str(max_value)) * 100)
    return st.integers(lo, hi).map(cents)


def weights() -> st.SearchStrategy[Decimal]:
    """Item weights (分值) in ``[0, 100]``, 0 and small integers emphasised."""
    return st.one_of(
        st.sampled_from([Decimal(0), Decimal(1), Decimal(2), Decimal(3), Decimal(5), Decimal(10), Decimal("0.01")]),
        decimals_2dp(0, 100),
    )


def positive_weights() -> st.SearchStrategy[Decimal]:
    """Item weights in ``(0, 100]``."""
    return st.one_of(
        st.sampled_from([Decimal(1), Decimal(2), Decimal(3), Decimal(5), Decimal(10), Decimal("0.01")]),
        decimals_2dp("0.01", 100),
    )


def targets() -> st.SearchStrategy[Decimal]:
    """Non-negative target values, 0 included and emphasised."""
    return st.one_of(
        st.just(Decimal(0)),
        st.sampled_from([Decimal(1), Decimal(6), Decimal(100), Decimal("0.01")]),
        decimals_2dp(0, 10_000),
    )


def actuals(*, negative: bool = True) -> st.SearchStrategy[Decimal]:
    """Actual values: 0, positive 2-place decimals and (if ``negative``) some negatives (F9: scored as 0)."""
    parts = [
        st.just(Decimal(0)),
        st.sampled_from([Decimal(1), Decimal(6), Decimal(100), Decimal("0.01")]),
        decimals_2dp(0, 20_000),
    ]
    if negative:
        parts.append(decimals_2dp(-100, "-0.01"))
    return st.one_of(*parts)


@st.composite
def partition_cents(draw: st.DrawFn, total: Decimal, *, min_parts: int = 1, max_parts: int = 4) -> list[Decimal]:
    """Split ``total`` (2 places) into 2-place parts that add up to it exactly (parts may be 0)."""
    k = draw(st.integers(min_parts, max_parts))
    n = int(total * 100)
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    bounds = [0, *cuts, n]
    return [cents(b - a) for a, b in itertools.pairwise(bounds)]


# ------------------------------------------------------------------ rounding
#: the rounding modes the exact oracle implements (perfrules' ``RoundingMode`` values)
ORACLE_MODES = ("half_up", "half_even", "down", "up")


def oracle_round(q: Fraction, places: int, mode: str) -> Fraction:
    """Round ``q`` to ``places`` decimals by ``mode`` using only Fraction and integer arithmetic.

    half_up: ties away from zero; half_even: ties to the even neighbour;
    down: toward zero; up: away from zero.
    """
    scale = 10**places
    x = Fraction(q) * scale
    lower = math.floor(x)  # the neighbour below (toward -inf); Fraction.__floor__, exact  # float-ok
    rest = x - lower  # in [0, 1)
    if rest == 0:
        n = lower
    elif mode == "down":
        n = lower if x > 0 else lower + 1  # toward zero
    elif mode == "up":
        n = lower + 1 if x > 0 else lower  # away from zero
    elif rest > Fraction(1, 2):
        n = lower + 1
    elif rest < Fraction(1, 2):
        n = lower
    elif mode == "half_up":
        n = lower + 1 if x > 0 else lower  # the tie goes away from zero
    elif mode == "half_even":
        n = lower if lower % 2 == 0 else lower + 1
    else:  # pragma: no cover
        raise ValueError(mode)
    return Fraction(n, scale)


def half_up_2(q: Fraction) -> Fraction:
    """The rubric's item rounding: half-up to 2 places (exact)."""
    return oracle_round(q, 2, "half_up")


@st.composite
def rounding_cases(draw: st.DrawFn, *, max_places: int = 6) -> tuple[Fraction, int]:
    """``(q, places)`` with many exact ties, near-ties, terminating decimals and negatives."""
    places = draw(st.integers(0, max_places))
    scale = 10**places
    kind = draw(st.sampled_from(["any", "tie", "near_tie", "exact", "thirds"]))
    k = draw(st.integers(-(10**7), 10**7))
    if kind == "tie":
        q = Fraction(2 * k + 1, 2 * scale)  # exactly half-way between two neighbours
    elif kind == "near_tie":
        eps = Fraction(1, draw(st.integers(10**3, 10**12)))
        q = Fraction(2 * k + 1, 2 * scale) + draw(st.sampled_from([eps, -eps])) / scale
    elif kind == "exact":
        q = Fraction(k, scale)  # already has `places` decimals
    elif kind == "thirds":
        q = Fraction(k, 3 * scale) + Fraction(k % 7, 10 * scale)
    else:
        q = draw(st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**9))
    return q, places


# ------------------------------------------------------------------ grades
def grade_totals() -> st.SearchStrategy[Fraction]:
    """Totals around the usual edges: 2-place decimals, ints, and fractions close to 60/70/80/90."""
    near_edge = st.builds(
        lambda edge, delta: Fraction(edge) + delta,
        st.sampled_from([60, 70, 80, 90]),
        st.sampled_from([Fraction(0), Fraction(-1, 200), Fraction(1, 200), Fraction(-1, 10**9), Fraction(1, 10**9)]),
    )
    return st.one_of(
        decimals_2dp(-10, 120).map(Fraction),
        st.integers(-10, 120).map(Fraction),
        near_edge,
        st.fractions(min_value=-10, max_value=120, max_denominator=10**6),
    )


@st.composite
def descending_edges(draw: st.DrawFn) -> tuple[Decimal, Decimal, Decimal]:
    """Three strictly descending positive 2-place edges (优 > 良 > 中 > 0)."""
    values = draw(st.lists(st.integers(1, 10_000), min_size=3, max_size=3, unique=True))
    a, b, c = sorted(values, reverse=True)
    return cents(a), cents(b), cents(c)


# ------------------------------------------------------------------ aggregation
Child = tuple[Fraction, Decimal]
"""One child of an aggregator — its exact score and its points."""


@st.composite
def aggregator_children(draw: st.DrawFn, *, max_size: int = 6) -> list[Child]:
    """``(score, max_points)`` pairs with ``0 <= score <= max_points`` (maxima may be 0)."""
    out: list[Child] = []
    for _ in range(draw(st.integers(0, max_size))):
        mx = draw(st.one_of(st.just(Decimal(0)), decimals_2dp(0, 50)))
        share = draw(st.one_of(st.sampled_from([Fraction(0), Fraction(1)]), st.fractions(0, 1, max_denominator=1000)))
        out.append((share * Fraction(mx), mx))
    return out


# ------------------------------------------------------------------ leaves for end-to-end tests
LEAF_KINDS = ("positive", "reverse", "equal", "range", "qualitative")
LEVELS = ("achieved", "partly_achieved", "not_achieved")


@attrs.frozen
class LeafSpec:
    """A generated leaf, as plain data (the test builds the Indicator and the oracle from it)."""

    kind: str
    weight: Decimal
    target: Decimal | None = None
    upper: Decimal | None = None
    actual: Decimal | None = None
    level: str | None = None


@st.composite
def leaf_specs(draw: st.DrawFn, weight: Decimal) -> LeafSpec:
    """A leaf of any kind (positive, reverse, equal, range, qualitative) with its target, actual and ``weight``."""
    kind = draw(st.sampled_from(LEAF_KINDS))
    if kind == "qualitative":
        return LeafSpec(kind, weight, level=draw(st.sampled_from(LEVELS)))
    target = draw(targets())
    actual = draw(actuals())
    if kind == "range":
        upper = target + draw(decimals_2dp(0, 1000))
        return LeafSpec(kind, weight, target=target, upper=upper, actual=actual)
    return LeafSpec(kind, weight, target=target, actual=actual)


