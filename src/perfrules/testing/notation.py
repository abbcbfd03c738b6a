"""Hypothesis strategies of table notation (target and actual texts as people write them, explicit
targets and actuals of every direction and unit, dates) and of rules."""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import strategies as st

from perfrules.model.indicators import Assessment
from perfrules.rules.deduction import Checklist, ChecklistItem, Deduction, DeductionCounting, Judged
from perfrules.rules.execution import BudgetExecution, OverBudget, ZeroBudget
from perfrules.rules.not_applicable import NotApplicable
from perfrules.rules.qualitative import Band, QualitativeBands
from perfrules.rules.quantitative import Equal, EqualVariant, Positive, RangeRule, Reverse, ReverseVariant
from perfrules.values.dates import DateSpec
from perfrules.values.notation import Actual, ActualKind, Direction, Target, parse_actual, parse_target
from perfrules.testing.numbers import actuals, cents, targets

__all__ = ["actual_texts", "any_actuals", "any_rules", "any_targets", "exact_decimals", "explicit_actuals", "explicit_targets", "names", "semvers", "target_texts", "texts"]

# ------------------------------------------------------------------ whole models (serialisation tests)
# Everything below builds perfrules models (rubrics, self-evaluations and their
# parts) for the round-trip properties of test_serialize.py. Numbers are still
# built from integers and text, never from floats.


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
        out.append(Band(level, cents(lo), cents(hi), cents(default), upper_inclusive=inclusive))
    return tuple(out)


@st.composite
def qualitative_rules(draw: st.DrawFn, *, full_bands: bool = False) -> QualitativeBands:
    """F10 rules: the default, or custom bands (one per level; all three if ``full_bands``) and labels."""
    if draw(st.booleans()):
        return QualitativeBands()
    levels = list(Assessment)
    if not full_bands:
        levels = draw(st.lists(st.sampled_from(levels), min_size=1, max_size=3, unique=True))
    bands = _bands(draw, levels)
    if draw(st.booleans()):
        return QualitativeBands(bands)
    labels = draw(st.dictionaries(texts(min_size=1, max_size=6), st.sampled_from(list(Assessment)), max_size=4))
    return QualitativeBands(bands, labels)


@st.composite
def checklists(draw: st.DrawFn) -> Checklist:
    codes = draw(st.lists(texts(min_size=1, max_size=5), min_size=1, max_size=4, unique=True))
    return Checklist(
        tuple(ChecklistItem(c, draw(texts(max_size=8)), draw(exact_decimals(0, 20, max_places=2))) for c in codes)
    )


@functools.cache
def budget_executions() -> st.SearchStrategy[BudgetExecution]:
    return st.builds(
        BudgetExecution,
        base=st.sampled_from(["adjusted", "initial"]),
        over_budget=st.sampled_from(list(OverBudget)),
        zero_budget=st.sampled_from(list(ZeroBudget)),
    )


@functools.cache
def any_rules(*, full_bands: bool = False) -> st.SearchStrategy:
    """One of every built-in rule kind, with varying parameters."""
    return st.one_of(
        st.builds(Positive, zero_target=st.sampled_from(["full", "zero"])),
        st.builds(Reverse, variant=st.sampled_from(list(ReverseVariant))),
        st.builds(Equal, variant=st.sampled_from(list(EqualVariant))),
        st.just(RangeRule()),
        qualitative_rules(full_bands=full_bands),
        st.builds(
            Deduction,
            per_unit=exact_decimals(0, 50, max_places=2),
            step=exact_decimals(1, 100, max_places=2),
            counting=st.sampled_from(list(DeductionCounting)),
        ),
        checklists(),
        st.just(NotApplicable()),
        budget_executions(),
        st.just(Judged()),
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
COMPOUND_TARGET = Target("≥", 4, unit="次/年", text="≥4次/年、其中体育活动≥2次")
#: a range actual whose text carries a remark the notation cannot hold
REMARKED_ACTUAL = Actual("range", 25, 30, unit="人", text="25~30人(疫情控人)线上活动100人左右")


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
def explicit_targets(draw: st.DrawFn) -> Target:
    """Targets built field by field; their text (if any) usually does not parse back to them."""
    direction = draw(st.sampled_from(list(Direction)))
    text = draw(st.one_of(st.just(""), texts(max_size=14)))
    unit = draw(st.sampled_from(_UNITS + ["次/年", "元/人"]))
    extra = {"remark": draw(st.sampled_from(["", "疫情期间预算调"])), "approximate": draw(st.booleans())}
    if direction in (Direction.QUALITATIVE, Direction.NOT_APPLICABLE):
        return Target(direction, text=text, unit=unit, **extra)
    if direction is Direction.DEADLINE:
        return Target(direction, text=text, deadline=draw(date_specs()), **extra)
    value = draw(exact_decimals(-100, 10_000, max_places=3))
    upper = value + draw(exact_decimals(0, 1000, max_places=2)) if direction is Direction.RANGE else None
    return Target(direction, value, upper, unit=unit, text=text, explicit=draw(st.booleans()), compound=draw(st.booleans()), **extra)


@st.composite
def explicit_actuals(draw: st.DrawFn) -> Actual:
    """Actuals built field by field (numbers, ranges, inequalities, dates, N/A, text)."""
    kind = draw(st.sampled_from(list(ActualKind)))
    qualifier = draw(st.one_of(st.none(), st.sampled_from(list(Direction))))
    unit = draw(st.sampled_from(_UNITS))
    extra = {"remark": draw(st.sampled_from(["", "线上线下"])), "approximate": draw(st.booleans())}
    if kind is ActualKind.TEXT:
        return Actual(kind, unit=unit, text=draw(texts(min_size=1, max_size=14)), qualifier=qualifier, **extra)
    text = draw(st.one_of(st.just(""), texts(max_size=14)))
    if kind is ActualKind.DATE:
        return Actual(kind, text=text, date=draw(date_specs()), **extra)
    if kind is ActualKind.NOT_APPLICABLE:
        return Actual(kind, text=text, **extra)
    value = draw(exact_decimals(-100, 20_000, max_places=3))
    upper = value + draw(exact_decimals(0, 1000, max_places=2)) if kind is ActualKind.RANGE else None
    return Actual(kind, value, upper, unit=unit, text=text, qualifier=qualifier, **extra)


@functools.cache
def any_targets() -> st.SearchStrategy[Target]:
    """Parsed notation, explicit targets and the Huashan compound target."""
    return st.one_of(target_texts().map(parse_target), explicit_targets(), st.just(COMPOUND_TARGET))


@functools.cache
def any_actuals() -> st.SearchStrategy[Actual]:
    """Parsed notation, explicit actuals, bare numbers and the Huashan range-with-remark."""
    return st.one_of(
        actual_texts().map(parse_actual),
        explicit_actuals(),
        exact_decimals(0, 1000, max_places=2).map(Actual.number),
        st.just(REMARKED_ACTUAL),
    )


# ---- indicator trees
