"""Hypothesis strategies of whole models: indicator trees whose points add up, funds, projects,
self-evaluations, rounding policies, grade scales, rubrics and sector checks."""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import strategies as st

from perfrules.findings import Severity
from perfrules.model.funds import FundLine, FundSource, Funds
from perfrules.model.indicators import Assessment, Indicator, RangeActual
from perfrules.model.project import Project, Scope
from perfrules.model.self_evaluation import Adjustment, SelfEvaluation
from perfrules.rubrics.rubric import AdjustmentPolicy, Block, BlockSource, NotApplicablePolicy, Rubric, ScoringRules
from perfrules.rules import checks as C
from perfrules.rules.aggregation import Minimum, PointSum, WeightedMean
from perfrules.rules.grading import GradeBand, GradeScale, NATIONAL_GRADES, PROVINCIAL_80_70_60
from perfrules.rules.rounding import Rounding, RoundingMode, RoundingPolicy
from perfrules.values.notation import Direction
from perfrules.testing.notation import any_actuals, any_rules, any_targets, budget_executions, exact_decimals, names, semvers, texts
from perfrules.testing.numbers import actuals, cents, targets, weights

__all__ = ["any_checks", "fact_names", "facts", "funds", "grade_scales", "indicator_trees", "projects", "rounding_policies", "rubrics", "self_evaluations"]


@st.composite
def indicator_trees(
    draw: st.DrawFn,
    *,
    depth: int = 3,
    code: str | None = None,
    rules: st.SearchStrategy | None = None,
    filled: bool = True,
    distinct_siblings: bool = False,
) -> Indicator:
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
        return Indicator(
            weight=draw(exact_decimals(0, 30, max_places=2)),
            target=draw(st.one_of(st.none(), any_targets())) if filled else None,
            actual=draw(st.one_of(st.none(), any_actuals())) if filled else None,
            assessment=draw(st.one_of(st.none(), st.sampled_from(list(Assessment)))) if filled else None,
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
    return Indicator(
        weight=draw(st.one_of(st.none(), exact_decimals(0, 60, max_places=2))), children=tuple(children), **common
    )


# ---- self-evaluations
@functools.cache
def projects() -> st.SearchStrategy[Project]:
    return st.builds(
        Project,
        name=names(),
        year=st.integers(1990, 2100),
        unit=texts(),
        department=texts(),
        sector=st.sampled_from(["", "pension", "agriculture", "public_health"]),
        region=st.sampled_from(["", "CN", "CN-HB", "CN-HB-Wuhan"]),
        scope=st.sampled_from(list(Scope)),
    )


def _fund_line(source: FundSource) -> st.SearchStrategy[FundLine]:
    amount = exact_decimals(0, 100_000, max_places=2)
    return st.builds(FundLine, st.just(source), amount, amount, st.one_of(st.none(), amount))


@st.composite
def funds(draw: st.DrawFn) -> Funds:
    """A single 年度资金总额 line, or 1..3 lines by distinct sources."""
    unit = draw(st.sampled_from(["万元", "元", "千元"]))
    if draw(st.booleans()):
        return Funds((draw(_fund_line(FundSource.TOTAL)),), unit=unit)
    sources = draw(
        st.lists(st.sampled_from([s for s in FundSource if s is not FundSource.TOTAL]), min_size=1, max_size=3, unique=True)
    )
    return Funds(tuple(draw(_fund_line(s)) for s in sources), unit=unit)


_BLOCK_CODES = ["output", "benefit", "satisfaction", "产出指标", "效益指标"]


@st.composite
def self_evaluations(
    draw: st.DrawFn,
    *,
    block_codes: list[str] | None = None,
    rules: st.SearchStrategy | None = None,
    depth: int = 3,
    distinct_siblings: bool = False,
) -> SelfEvaluation:
    """A filled self-evaluation; top-level codes come from ``block_codes`` (plus some that fit no block).
    Funds are sometimes left out (``None``)."""
    pool = list(dict.fromkeys([*(block_codes or _BLOCK_CODES), "misc"]))
    codes = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=4, unique=True))
    indicators = tuple(
        draw(indicator_trees(depth=depth, code=c, rules=rules, distinct_siblings=distinct_siblings)) for c in codes
    )
    adjustments = draw(
        st.lists(
            st.builds(Adjustment, texts(min_size=1, max_size=4), texts(max_size=6), exact_decimals(-10, 10, max_places=2), texts(max_size=6)),
            max_size=2,
        )
    )
    optional_score = st.one_of(st.none(), exact_decimals(0, 100, max_places=2))
    return SelfEvaluation(
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
def roundings() -> st.SearchStrategy[Rounding]:
    return st.builds(Rounding, st.integers(0, 10), st.sampled_from(list(RoundingMode)))


@functools.cache
def rounding_policies() -> st.SearchStrategy[RoundingPolicy]:
    """``None`` or a rounding at each stage, every mode."""
    stage = st.one_of(st.none(), roundings())
    return st.builds(RoundingPolicy, stage, stage, stage)


@st.composite
def grade_scales(draw: st.DrawFn) -> GradeScale:
    """1..5 bands, lower bounds strictly descending (negatives allowed), some with a published ``upper``."""
    lowers = sorted(draw(st.lists(st.integers(-1000, 10_000), min_size=1, max_size=5, unique=True)), reverse=True)
    codes = draw(st.lists(texts(min_size=1, max_size=5), min_size=len(lowers), max_size=len(lowers), unique=True))
    bands = []
    for lower, code in zip(lowers, codes, strict=True):
        upper = draw(st.one_of(st.none(), st.integers(lower, lower + 2000).map(cents)))
        bands.append(GradeBand(code, draw(texts(max_size=3)), draw(texts(max_size=8)), cents(lower), upper))
    return GradeScale(tuple(bands), code=draw(texts(max_size=8)))


@functools.cache
def adjustment_policies() -> st.SearchStrategy[AdjustmentPolicy]:
    """Caps are non-negative; a floor never lies above the ceiling."""
    cap = st.one_of(st.none(), exact_decimals(0, 20, max_places=2))
    bound = st.one_of(st.none(), exact_decimals(-10, 120, max_places=2))
    return st.tuples(cap, cap, bound, bound).filter(
        lambda t: t[2] is None or t[3] is None or t[2] <= t[3]
    ).map(lambda t: AdjustmentPolicy(*t))


@functools.cache
def scoring_rules(*, full_bands: bool = False) -> st.SearchStrategy[ScoringRules]:
    """Any rule in any direction's slot (defaults included)."""
    r = any_rules(full_bands=full_bands)
    return st.one_of(st.just(ScoringRules()), st.builds(ScoringRules, r, r, r, r, r))


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
) -> Rubric:
    """A rubric exercising every field: blocks (at most one funds block; indicator templates of
    depth 1..3 with weights and rules), every rule kind, aggregators, grade scales, rounding, N/A
    and adjustment policies, range_actual, references, effective dates, regions and lineage."""
    rules = any_rules(full_bands=full_bands)
    codes = draw(st.lists(st.sampled_from(["execution", *_BLOCK_CODES, "cost"]), min_size=1, max_size=5, unique=True))
    funds_at = draw(st.one_of(st.none(), st.integers(0, len(codes) - 1)))
    blocks = []
    for i, code in enumerate(codes):
        source = BlockSource.FUNDS if i == funds_at else BlockSource.INDICATORS
        template: tuple = ()
        if templates and source is BlockSource.INDICATORS and draw(st.booleans()):
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
            Block(code, draw(texts(max_size=6)), draw(texts(max_size=8)), draw(exact_decimals(0, 60, max_places=2)), source, template)
        )
    start, end = draw(_effective())
    return Rubric(
        code=draw(texts(min_size=1, max_size=12)),
        title_zh=draw(texts()),
        title_en=draw(texts()),
        blocks=tuple(blocks),
        version=draw(semvers()),
        base=(base := draw(exact_decimals(1, 200, max_places=2))),
        execution=draw(budget_executions()),
        rules=draw(scoring_rules(full_bands=full_bands)),
        aggregator=draw(st.sampled_from([PointSum(), WeightedMean(), Minimum()])),
        grades=draw(st.one_of(st.sampled_from([NATIONAL_GRADES, PROVINCIAL_80_70_60]), grade_scales())),
        rounding=draw(rounding_policies()),
        not_applicable=draw(st.sampled_from(list(NotApplicablePolicy))),
        adjustments=draw(adjustment_policies().filter(lambda a: a.floor is None or a.floor <= base)),
        range_actual=draw(st.sampled_from(list(RangeActual))),
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
        "severity": draw(st.sampled_from(list(Severity))),
        "from_year": draw(st.one_of(st.none(), st.just(years[0]))),
        "to_year": draw(st.one_of(st.none(), st.just(years[1]))),
        "source": draw(texts(max_size=8)),
    }


_LIMIT = st.one_of(st.none(), exact_decimals(-10, 1000, max_places=2))
_OPS = [Direction.GE, Direction.GT, Direction.LE, Direction.LT, Direction.EQ]


@st.composite
def any_checks(draw: st.DrawFn, *, depth: int = 2) -> object:
    """One sector check of every built-in kind (bound, ratio, total, product, compare, by_year, shares, any_of)."""
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
