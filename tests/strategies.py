"""Shared hypothesis strategies and exact Fraction oracles for the perfrules tests.

Import from a test file with::

    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    import strategies  # noqa: E402

(pytest runs with ``--import-mode=importlib``, so ``tests/`` is not on
``sys.path`` by itself.)

Everything numeric here is built from integers, so no float ever reaches the
library. The oracles are written from the rule statements (domain notes §2.2,
F1–F10) with :class:`fractions.Fraction` only; they never call perfrules.
"""

from __future__ import annotations

import itertools
import math
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import strategies as st

__all__ = [
    "ORACLE_MODES",
    "Child",
    "LeafSpec",
    "actuals",
    "aggregator_children",
    "cents",
    "decimals_2dp",
    "descending_edges",
    "grade_totals",
    "half_up_2",
    "leaf_specs",
    "oracle_round",
    "partition_cents",
    "positive_weights",
    "rounding_cases",
    "targets",
    "weights",
]


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
ORACLE_MODES = ("half_up", "half_even", "down", "up")


def oracle_round(q: Fraction, places: int, mode: str) -> Fraction:
    """Round ``q`` to ``places`` decimals by ``mode`` using only Fraction and integer arithmetic.

    half_up: ties away from zero; half_even: ties to the even neighbour;
    down: toward zero; up: away from zero.
    """
    scale = 10**places
    x = Fraction(q) * scale
    lower = math.floor(x)  # the neighbour below (toward -inf)
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
    kind = draw(st.sampled_from(LEAF_KINDS))
    if kind == "qualitative":
        return LeafSpec(kind, weight, level=draw(st.sampled_from(LEVELS)))
    target = draw(targets())
    actual = draw(actuals())
    if kind == "range":
        upper = target + draw(decimals_2dp(0, 1000))
        return LeafSpec(kind, weight, target=target, upper=upper, actual=actual)
    return LeafSpec(kind, weight, target=target, actual=actual)


# ------------------------------------------------------------------ whole models (serialisation tests)
# Everything below builds perfrules models (rubrics, self-evaluations and their
# parts) for the round-trip properties of test_serialize.py. Numbers are still
# built from integers and text, never from floats.
import datetime as _dt
import functools

import perfrules as _pr

_Actual, _ActualKind, _Direction, _Target = _pr.Actual, _pr.ActualKind, _pr.Direction, _pr.Target
DateSpec = _pr.DateSpec

__all__ += [
    "actual_texts",
    "any_actuals",
    "any_checks",
    "any_rules",
    "any_targets",
    "exact_decimals",
    "explicit_actuals",
    "explicit_targets",
    "fact_names",
    "facts",
    "funds",
    "grade_scales",
    "indicator_trees",
    "names",
    "projects",
    "rounding_policies",
    "rubrics",
    "self_evaluations",
    "semvers",
    "target_texts",
    "texts",
]

_CJK = "产出效益满意度数量质量时效成本社会经济生态可持续指标项目资金预算执行率覆盖人次社区活动合格达成"
_PLAIN = _CJK + "abcXYZ0123456789 -_()（）、，。/%·"


@functools.cache
def texts(*, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Free text: mostly CJK and ASCII, sometimes any unicode (quotes, backslashes, control chars, emoji)."""
    return st.one_of(
        st.text(alphabet=_PLAIN, min_size=min_size, max_size=max_size),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=min_size, max_size=max_size),
    )


@functools.cache
def names() -> st.SearchStrategy[str]:
    """Non-blank names (indicators, projects)."""
    return texts(min_size=1, max_size=10).filter(lambda s: s.strip() != "")


def _scaled_decimal(places: int, n: int) -> Decimal:
    if places == 0:
        return Decimal(str(n))
    scale = 10**places
    sign = "-" if n < 0 else ""
    return Decimal(f"{sign}{abs(n) // scale}.{abs(n) % scale:0{places}d}")


@functools.cache
def exact_decimals(min_value: int = 0, max_value: int = 10_000, *, max_places: int = 4) -> st.SearchStrategy[Decimal]:
    """Decimals in ``[min_value, max_value]`` with 0..``max_places`` places, trailing zeros kept (``0.10``).

    Built from text, so ``Decimal('0.10')`` and ``Decimal('0.1')`` both occur; at most
    four places (arbitrary decimals, tiny and huge, are tested on their own in test_serialize.py).
    """
    top = 10**max_places

    def build(pk: tuple[int, int]) -> Decimal:
        places, k = pk
        return _scaled_decimal(places, k // 10 ** (max_places - places))

    bounds = st.sampled_from([Decimal(min_value), Decimal(max_value)])
    return st.one_of(bounds, st.tuples(st.integers(0, max_places), st.integers(min_value * top, max_value * top)).map(build))


@functools.cache
def semvers() -> st.SearchStrategy[str]:
    """Semantic versions, sometimes with a pre-release tag (``1.2.0-rc.1``)."""
    core = st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 300)).map(lambda t: f"{t[0]}.{t[1]}.{t[2]}")
    pre = st.text(alphabet="abcrc0123456789.-", min_size=1, max_size=6)
    return st.one_of(core, st.builds(lambda c, p: f"{c}-{p}", core, pre))


# ---- rules
def _bands(draw: st.DrawFn, levels: list) -> tuple:
    out = []
    for level in levels:
        lo, hi = sorted(draw(st.lists(st.integers(0, 100), min_size=2, max_size=2)))
        inclusive = draw(st.booleans()) or lo == hi
        top = hi if inclusive else hi - 1
        default = draw(st.integers(lo, top))
        out.append(_pr.Band(level, cents(lo), cents(hi), cents(default), upper_inclusive=inclusive))
    return tuple(out)


@st.composite
def qualitative_rules(draw: st.DrawFn, *, full_bands: bool = False) -> _pr.QualitativeBands:
    """F10 rules: the default, or custom bands (one per level; all three if ``full_bands``) and labels."""
    if draw(st.booleans()):
        return _pr.QualitativeBands()
    levels = list(_pr.Assessment)
    if not full_bands:
        levels = draw(st.lists(st.sampled_from(levels), min_size=1, max_size=3, unique=True))
    bands = _bands(draw, levels)
    if draw(st.booleans()):
        return _pr.QualitativeBands(bands)
    labels = draw(st.dictionaries(texts(min_size=1, max_size=6), st.sampled_from(list(_pr.Assessment)), max_size=4))
    return _pr.QualitativeBands(bands, labels)


@st.composite
def checklists(draw: st.DrawFn) -> _pr.Checklist:
    codes = draw(st.lists(texts(min_size=1, max_size=5), min_size=1, max_size=4, unique=True))
    return _pr.Checklist(
        tuple(_pr.ChecklistItem(c, draw(texts(max_size=8)), draw(exact_decimals(0, 20, max_places=2))) for c in codes)
    )


@functools.cache
def budget_executions() -> st.SearchStrategy[_pr.BudgetExecution]:
    return st.builds(
        _pr.BudgetExecution,
        base=st.sampled_from(["adjusted", "initial"]),
        over_budget=st.sampled_from(list(_pr.OverBudget)),
        zero_budget=st.sampled_from(list(_pr.ZeroBudget)),
    )


@functools.cache
def any_rules(*, full_bands: bool = False) -> st.SearchStrategy:
    """One of every built-in rule kind, with varying parameters."""
    return st.one_of(
        st.builds(_pr.Positive, zero_target=st.sampled_from(["full", "zero"])),
        st.builds(_pr.Reverse, variant=st.sampled_from(list(_pr.ReverseVariant))),
        st.builds(_pr.Equal, variant=st.sampled_from(list(_pr.EqualVariant))),
        st.just(_pr.RangeRule()),
        qualitative_rules(full_bands=full_bands),
        st.builds(
            _pr.Deduction,
            per_unit=exact_decimals(0, 50, max_places=2),
            step=exact_decimals(1, 100, max_places=2),
            counting=st.sampled_from(list(_pr.DeductionCounting)),
        ),
        checklists(),
        st.just(_pr.NotApplicable()),
        budget_executions(),
        st.just(_pr.rules.Judged()),
    )


# ---- notation
_COMPARATORS = ["≥", "≧", ">", "≤", "≦", "<", "=", "＝", "═", ">=", "<=", "不低于", "不超过", "大于", "小于"]
# '℃' is left out: NFKC turns it into '°C', which the notation cannot read (bug B7' in test_serialize.py)
_UNITS = ["", "%", "％", "‰", "人", "人次", "次/年", "次/月", "万元", "万元/社区", "个", "㎡", "平方米", "天", "车"]
_WORDS = ["合格", "是", "达成预期指标", "效果明显", "有效提升", "符合要求", "逐步改善"]
_NARRATIVE = ["没有停水", "线上线下一周一课", "基本完成", "部分达成", "未完成", "良好"]


@st.composite
def _number_texts(draw: st.DrawFn, *, negative: bool = True) -> str:
    n = draw(st.integers(-500 if negative else 0, 50_000))
    places = draw(st.integers(0, 2))
    whole, frac = divmod(abs(n), 10**places)
    body = f"{whole:,}" if draw(st.booleans()) and whole >= 1000 else str(whole)
    text = f"{'-' if n < 0 else ''}{body}" + (f".{frac:0{places}d}" if places else "")
    if draw(st.integers(0, 5)) == 0:  # full-width digits, as printed
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


@st.composite
def target_texts(draw: st.DrawFn) -> str:
    """Target notation that parses: ``≥735人次``, ``25~30人``, ``100%``, ``合格``."""
    kind = draw(st.sampled_from(["compared", "range", "bare", "qualitative"]))
    unit = draw(st.sampled_from(_UNITS))
    if kind == "compared":
        return f"{draw(st.sampled_from(_COMPARATORS))}{draw(_number_texts())}{unit}"
    if kind == "range":
        lo, hi = sorted(draw(st.lists(st.integers(0, 10_000), min_size=2, max_size=2)))
        return f"{lo}{draw(st.sampled_from(['', unit]))}{draw(st.sampled_from(['~', '～', '至']))}{hi}{unit}"
    if kind == "bare":
        return f"{draw(_number_texts(negative=False))}{unit}"
    return draw(st.sampled_from(_WORDS))


@st.composite
def actual_texts(draw: st.DrawFn) -> str:
    """Actual notation that parses: ``10个``, ``25~30人``, ``>90%``, ``合格``, ``没有停水``."""
    kind = draw(st.sampled_from(["number", "range", "inequality", "text"]))
    unit = draw(st.sampled_from(_UNITS))
    if kind == "number":
        return f"{draw(_number_texts())}{unit}"
    if kind == "range":
        lo, hi = sorted(draw(st.lists(st.integers(0, 10_000), min_size=2, max_size=2)))
        return f"{lo}~{hi}{unit}"
    if kind == "inequality":
        return f"{draw(st.sampled_from(['>', '≥', '<', '≤']))}{draw(_number_texts(negative=False))}{unit}"
    return draw(st.sampled_from(_WORDS + _NARRATIVE))


#: the compound target of the Huashan table: only its first clause is scorable, its text does not parse back
COMPOUND_TARGET = _Target("≥", 4, unit="次/年", text="≥4次/年、其中体育活动≥2次")
#: a range actual whose text carries a remark the notation cannot hold
REMARKED_ACTUAL = _Actual("range", 25, 30, unit="人", text="25~30人(疫情控人)线上活动100人左右")


@st.composite
def date_specs(draw: st.DrawFn) -> DateSpec:
    """Calendar days with open parts: ``2020年12月31日``, ``12月底``, ``按时``."""
    if draw(st.integers(0, 9)) == 0:
        return DateSpec()
    year = draw(st.one_of(st.none(), st.integers(2000, 2030)))
    month = draw(st.integers(1, 12))
    longest = [31, 29 if year is None or year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return DateSpec(year, month, draw(st.one_of(st.none(), st.integers(1, longest))))


@st.composite
def explicit_targets(draw: st.DrawFn) -> _Target:
    """Targets built field by field; their text (if any) usually does not parse back to them."""
    direction = draw(st.sampled_from(list(_Direction)))
    text = draw(st.one_of(st.just(""), texts(max_size=14)))
    unit = draw(st.sampled_from(_UNITS + ["次/年", "元/人"]))
    extra = {"remark": draw(st.sampled_from(["", "疫情期间预算调"])), "approximate": draw(st.booleans())}
    if direction in (_Direction.QUALITATIVE, _Direction.NOT_APPLICABLE):
        return _Target(direction, text=text, unit=unit, **extra)
    if direction is _Direction.DEADLINE:
        return _Target(direction, text=text, deadline=draw(date_specs()), **extra)
    value = draw(exact_decimals(-100, 10_000, max_places=3))
    upper = value + draw(exact_decimals(0, 1000, max_places=2)) if direction is _Direction.RANGE else None
    return _Target(direction, value, upper, unit=unit, text=text, explicit=draw(st.booleans()), compound=draw(st.booleans()), **extra)


@st.composite
def explicit_actuals(draw: st.DrawFn) -> _Actual:
    """Actuals built field by field (numbers, ranges, inequalities, dates, N/A, text)."""
    kind = draw(st.sampled_from(list(_ActualKind)))
    qualifier = draw(st.one_of(st.none(), st.sampled_from(list(_Direction))))
    unit = draw(st.sampled_from(_UNITS))
    extra = {"remark": draw(st.sampled_from(["", "线上线下"])), "approximate": draw(st.booleans())}
    if kind is _ActualKind.TEXT:
        return _Actual(kind, unit=unit, text=draw(texts(min_size=1, max_size=14)), qualifier=qualifier, **extra)
    text = draw(st.one_of(st.just(""), texts(max_size=14)))
    if kind is _ActualKind.DATE:
        return _Actual(kind, text=text, date=draw(date_specs()), **extra)
    if kind is _ActualKind.NOT_APPLICABLE:
        return _Actual(kind, text=text, **extra)
    value = draw(exact_decimals(-100, 20_000, max_places=3))
    upper = value + draw(exact_decimals(0, 1000, max_places=2)) if kind is _ActualKind.RANGE else None
    return _Actual(kind, value, upper, unit=unit, text=text, qualifier=qualifier, **extra)


@functools.cache
def any_targets() -> st.SearchStrategy[_Target]:
    """Parsed notation, explicit targets and the Huashan compound target."""
    return st.one_of(target_texts().map(_pr.parse_target), explicit_targets(), st.just(COMPOUND_TARGET))


@functools.cache
def any_actuals() -> st.SearchStrategy[_Actual]:
    """Parsed notation, explicit actuals, bare numbers and the Huashan range-with-remark."""
    return st.one_of(
        actual_texts().map(_pr.parse_actual),
        explicit_actuals(),
        exact_decimals(0, 1000, max_places=2).map(_Actual.number),
        st.just(REMARKED_ACTUAL),
    )


# ---- indicator trees
@st.composite
def indicator_trees(
    draw: st.DrawFn,
    *,
    depth: int = 3,
    code: str | None = None,
    rules: st.SearchStrategy | None = None,
    filled: bool = True,
    distinct_siblings: bool = False,
) -> _pr.Indicator:
    """An indicator of depth 1..``depth`` (1 = a leaf), with weights, and when ``filled``
    targets, actuals, assessments, stated scores, N/A flags, leaf rules and checked items.
    Siblings may share a code unless ``distinct_siblings``."""
    rules = rules if rules is not None else any_rules()
    name = draw(names())
    code = code if code is not None else draw(st.one_of(st.just(""), texts(min_size=1, max_size=6)))
    common = {
        "name": name,
        "code": code,
        "claimed_score": draw(st.one_of(st.none(), exact_decimals(0, 50, max_places=2))) if filled else None,
        "applicable": draw(st.booleans()) if filled else True,
        "deviation_reason": draw(texts(max_size=8)) if filled else "",
        "evidence": draw(texts(max_size=8)) if filled else "",
    }
    level = draw(st.integers(1, depth))
    if level == 1:
        return _pr.Indicator(
            weight=draw(exact_decimals(0, 30, max_places=2)),
            target=draw(st.one_of(st.none(), any_targets())) if filled else None,
            actual=draw(st.one_of(st.none(), any_actuals())) if filled else None,
            assessment=draw(st.one_of(st.none(), st.sampled_from(list(_pr.Assessment)))) if filled else None,
            rule=draw(st.one_of(st.none(), rules)),
            checked=tuple(draw(st.lists(texts(min_size=1, max_size=4), max_size=3))) if filled else (),
            **common,
        )
    children = draw(
        st.lists(
            indicator_trees(depth=level - 1, rules=rules, filled=filled, distinct_siblings=distinct_siblings),
            min_size=1,
            max_size=3,
            unique_by=(lambda i: i.code) if distinct_siblings else None,
        )
    )
    return _pr.Indicator(
        weight=draw(st.one_of(st.none(), exact_decimals(0, 60, max_places=2))), children=tuple(children), **common
    )


# ---- self-evaluations
@functools.cache
def projects() -> st.SearchStrategy[_pr.Project]:
    return st.builds(
        _pr.Project,
        name=names(),
        year=st.integers(1990, 2100),
        unit=texts(),
        department=texts(),
        sector=st.sampled_from(["", "pension", "agriculture", "public_health"]),
        region=st.sampled_from(["", "CN", "CN-HB", "CN-HB-Wuhan"]),
        scope=st.sampled_from(list(_pr.Scope)),
    )


def _fund_line(source: _pr.FundSource) -> st.SearchStrategy[_pr.FundLine]:
    amount = exact_decimals(0, 100_000, max_places=2)
    return st.builds(_pr.FundLine, st.just(source), amount, amount, st.one_of(st.none(), amount))


@st.composite
def funds(draw: st.DrawFn) -> _pr.Funds:
    """A single 年度资金总额 line, or 1..3 lines by distinct sources."""
    unit = draw(st.sampled_from(["万元", "元", "千元"]))
    if draw(st.booleans()):
        return _pr.Funds((draw(_fund_line(_pr.FundSource.TOTAL)),), unit=unit)
    sources = draw(
        st.lists(st.sampled_from([s for s in _pr.FundSource if s is not _pr.FundSource.TOTAL]), min_size=1, max_size=3, unique=True)
    )
    return _pr.Funds(tuple(draw(_fund_line(s)) for s in sources), unit=unit)


_BLOCK_CODES = ["output", "benefit", "satisfaction", "产出指标", "效益指标"]


@st.composite
def self_evaluations(
    draw: st.DrawFn,
    *,
    block_codes: list[str] | None = None,
    rules: st.SearchStrategy | None = None,
    depth: int = 3,
    distinct_siblings: bool = False,
) -> _pr.SelfEvaluation:
    """A filled self-evaluation; top-level codes come from ``block_codes`` (plus some that fit no block).
    Funds are sometimes left out (``None``)."""
    pool = list(dict.fromkeys([*(block_codes or _BLOCK_CODES), "misc"]))
    codes = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=4, unique=True))
    indicators = tuple(
        draw(indicator_trees(depth=depth, code=c, rules=rules, distinct_siblings=distinct_siblings)) for c in codes
    )
    adjustments = draw(
        st.lists(
            st.builds(_pr.Adjustment, texts(min_size=1, max_size=4), texts(max_size=6), exact_decimals(-10, 10, max_places=2), texts(max_size=6)),
            max_size=2,
        )
    )
    optional_score = st.one_of(st.none(), exact_decimals(0, 100, max_places=2))
    return _pr.SelfEvaluation(
        project=draw(projects()),
        funds=draw(st.one_of(st.none(), funds())),
        indicators=indicators,
        adjustments=tuple(adjustments),
        goal_expected=draw(texts()),
        goal_actual=draw(texts()),
        claimed_execution_score=draw(optional_score),
        claimed_total=draw(optional_score),
        claimed_grade=draw(st.one_of(st.none(), st.sampled_from(["优", "良", "excellent", "poor", "A"]))),
        facts=draw(facts()),
    )


# ---- rubrics
@functools.cache
def roundings() -> st.SearchStrategy[_pr.Rounding]:
    return st.builds(_pr.Rounding, st.integers(0, 10), st.sampled_from(list(_pr.RoundingMode)))


@functools.cache
def rounding_policies() -> st.SearchStrategy[_pr.RoundingPolicy]:
    """``None`` or a rounding at each stage, every mode."""
    stage = st.one_of(st.none(), roundings())
    return st.builds(_pr.RoundingPolicy, stage, stage, stage)


@st.composite
def grade_scales(draw: st.DrawFn) -> _pr.GradeScale:
    """1..5 bands, lower bounds strictly descending (negatives allowed), some with a published ``upper``."""
    lowers = sorted(draw(st.lists(st.integers(-1000, 10_000), min_size=1, max_size=5, unique=True)), reverse=True)
    codes = draw(st.lists(texts(min_size=1, max_size=5), min_size=len(lowers), max_size=len(lowers), unique=True))
    bands = []
    for lower, code in zip(lowers, codes, strict=True):
        upper = draw(st.one_of(st.none(), st.integers(lower, lower + 2000).map(cents)))
        bands.append(_pr.GradeBand(code, draw(texts(max_size=3)), draw(texts(max_size=8)), cents(lower), upper))
    return _pr.GradeScale(tuple(bands), code=draw(texts(max_size=8)))


@functools.cache
def adjustment_policies() -> st.SearchStrategy[_pr.AdjustmentPolicy]:
    """Caps are non-negative; a floor never lies above the ceiling."""
    cap = st.one_of(st.none(), exact_decimals(0, 20, max_places=2))
    bound = st.one_of(st.none(), exact_decimals(-10, 120, max_places=2))
    return st.tuples(cap, cap, bound, bound).filter(
        lambda t: t[2] is None or t[3] is None or t[2] <= t[3]
    ).map(lambda t: _pr.AdjustmentPolicy(*t))


@functools.cache
def scoring_rules(*, full_bands: bool = False) -> st.SearchStrategy[_pr.ScoringRules]:
    """Any rule in any direction's slot (defaults included)."""
    r = any_rules(full_bands=full_bands)
    return st.one_of(st.just(_pr.ScoringRules()), st.builds(_pr.ScoringRules, r, r, r, r, r))


@st.composite
def _effective(draw: st.DrawFn) -> tuple[_dt.date | None, _dt.date | None]:
    day = st.dates(_dt.date(1990, 1, 1), _dt.date(2100, 12, 31))
    start, end = draw(st.one_of(st.none(), day)), draw(st.one_of(st.none(), day))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


@st.composite
def rubrics(
    draw: st.DrawFn, *, full_bands: bool = False, templates: bool = True, distinct_siblings: bool = False
) -> _pr.Rubric:
    """A rubric exercising every field: blocks (at most one funds block; indicator templates of
    depth 1..3 with weights and rules), every rule kind, aggregators, grade scales, rounding, N/A
    and adjustment policies, range_actual, references, effective dates, regions and lineage."""
    rules = any_rules(full_bands=full_bands)
    codes = draw(st.lists(st.sampled_from(["execution", *_BLOCK_CODES, "cost"]), min_size=1, max_size=5, unique=True))
    funds_at = draw(st.one_of(st.none(), st.integers(0, len(codes) - 1)))
    blocks = []
    for i, code in enumerate(codes):
        source = _pr.BlockSource.FUNDS if i == funds_at else _pr.BlockSource.INDICATORS
        template: tuple = ()
        if templates and source is _pr.BlockSource.INDICATORS and draw(st.booleans()):
            template = tuple(
                draw(
                    st.lists(
                        indicator_trees(depth=3, rules=rules, filled=False, distinct_siblings=distinct_siblings),
                        min_size=1,
                        max_size=3,
                        unique_by=(lambda i: i.code) if distinct_siblings else None,
                    )
                )
            )
        blocks.append(
            _pr.Block(code, draw(texts(max_size=6)), draw(texts(max_size=8)), draw(exact_decimals(0, 60, max_places=2)), source, template)
        )
    start, end = draw(_effective())
    return _pr.Rubric(
        code=draw(texts(min_size=1, max_size=12)),
        title_zh=draw(texts()),
        title_en=draw(texts()),
        blocks=tuple(blocks),
        version=draw(semvers()),
        base=(base := draw(exact_decimals(1, 200, max_places=2))),
        execution=draw(budget_executions()),
        rules=draw(scoring_rules(full_bands=full_bands)),
        aggregator=draw(st.sampled_from([_pr.PointSum(), _pr.WeightedMean(), _pr.Minimum()])),
        grades=draw(st.one_of(st.sampled_from([_pr.NATIONAL_GRADES, _pr.PROVINCIAL_80_70_60]), grade_scales())),
        rounding=draw(rounding_policies()),
        not_applicable=draw(st.sampled_from(list(_pr.NotApplicablePolicy))),
        adjustments=draw(adjustment_policies().filter(lambda a: a.floor is None or a.floor <= base)),
        range_actual=draw(st.sampled_from(list(_pr.RangeActual))),
        references=tuple(draw(st.lists(texts(min_size=1, max_size=10), max_size=3))),
        effective_from=start,
        effective_to=end,
        regions=tuple(draw(st.lists(st.sampled_from(["CN", "CN-HB", "CN-GD", "CN-HB-Wuhan"]), max_size=3, unique=True))),
        lineage=tuple(draw(st.lists(st.builds(lambda c, v: f"{c}@{v}", texts(min_size=1, max_size=6), semvers()), max_size=3))),
        checks=tuple(draw(st.lists(any_checks(), max_size=3))),
        origin=draw(st.sampled_from(["", "perfrules 0.1.0", "perfrules-hubei 2.0"])),
    )


# ---- sector checks and the facts they read
@functools.cache
def fact_names() -> st.SearchStrategy[str]:
    common = ["beds_total", "beds_nursing", "subsidy_per_mu", "per_capita_subsidy", "central", "provincial", "county"]
    return st.one_of(st.sampled_from(common), texts(min_size=1, max_size=6))


@functools.cache
def facts() -> st.SearchStrategy[dict[str, Decimal]]:
    """Named figures of a report (``beds_nursing = 545``), given as a mapping."""
    return st.dictionaries(fact_names(), exact_decimals(-100, 100_000, max_places=3), max_size=5)


def _check_common(draw: st.DrawFn) -> dict:
    years = sorted(draw(st.lists(st.integers(1990, 2100), min_size=2, max_size=2)))
    return {
        "code": draw(st.sampled_from(["agriculture.per_mu_cap", "pension.nursing_share", "x"])),
        "title_zh": draw(texts(max_size=8)),
        "title_en": draw(texts(max_size=8)),
        "severity": draw(st.sampled_from(list(_pr.Severity))),
        "from_year": draw(st.one_of(st.none(), st.just(years[0]))),
        "to_year": draw(st.one_of(st.none(), st.just(years[1]))),
        "source": draw(texts(max_size=8)),
    }


_LIMIT = st.one_of(st.none(), exact_decimals(-10, 1000, max_places=2))
_OPS = [_Direction.GE, _Direction.GT, _Direction.LE, _Direction.LT, _Direction.EQ]


@st.composite
def any_checks(draw: st.DrawFn, *, depth: int = 2) -> object:
    """One sector check of every built-in kind (bound, ratio, total, product, compare, by_year, shares, any_of)."""
    from perfrules.rules import checks as C

    kinds = ["bound", "ratio", "rate_matches", "total", "product", "compare", "by_year", "shares"]
    kinds += ["any_of"] if depth > 1 else []
    kind = draw(st.sampled_from(kinds))
    common = _check_common(draw)
    tolerance = exact_decimals(0, 10, max_places=2)
    if kind in ("bound", "ratio"):
        lo, hi = draw(_LIMIT), draw(_LIMIT)
        if lo is None and hi is None:
            hi = draw(exact_decimals(0, 1000, max_places=2))
        where = {"fact": draw(fact_names())} if kind == "bound" else {"numerator": draw(fact_names()), "denominator": draw(fact_names())}
        cls = C.Bound if kind == "bound" else C.Ratio
        return cls(minimum=lo, maximum=hi, strict=draw(st.booleans()), **where, **common)
    if kind == "rate_matches":
        return C.RateMatches(
            numerator=draw(fact_names()),
            denominator=draw(fact_names()),
            stated=draw(fact_names()),
            tolerance=draw(tolerance),
            **common,
        )
    if kind == "total":
        terms = draw(st.lists(st.builds(C.Term, fact_names(), exact_decimals(-5, 5, max_places=2)), min_size=1, max_size=3))
        return C.Total(terms=tuple(terms), equals=draw(fact_names()), tolerance=draw(tolerance), **common)
    if kind == "product":
        factors = draw(st.lists(fact_names(), min_size=1, max_size=3))
        scale = draw(st.sampled_from([Decimal(1), Decimal("0.0001"), Decimal("0.01"), Decimal(100)]))
        return C.Product(factors=tuple(factors), equals=draw(fact_names()), scale=scale, tolerance=draw(tolerance), **common)
    if kind == "compare":
        return C.Compare(left=draw(fact_names()), op=draw(st.sampled_from(_OPS)), right=draw(fact_names()), **common)
    if kind == "by_year":
        years = draw(st.lists(st.integers(1990, 2100), min_size=1, max_size=4, unique=True))
        table = tuple(C.YearValue(y, draw(exact_decimals(0, 1000, max_places=2)), draw(st.booleans())) for y in years)
        return C.ByYear(fact=draw(fact_names()), table=table, op=draw(st.sampled_from(_OPS)), **common)
    if kind == "shares":
        parts = draw(st.lists(fact_names(), min_size=2, max_size=4))
        # ratios are non-negative and not all 0 (the model refuses that)
        ratios = tuple(draw(exact_decimals(1, 10, max_places=1)) for _ in parts)
        return C.Shares(parts=tuple(parts), ratios=ratios, tolerance=draw(tolerance), **common)
    inner = draw(st.lists(any_checks(depth=depth - 1), min_size=1, max_size=3))
    return C.AnyOf(checks=tuple(inner), **common)
