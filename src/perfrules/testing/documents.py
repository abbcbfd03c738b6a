"""Hypothesis strategies of whole documents: indicator trees whose points add up at every level,
filled tables in the JSON-rows format (consistent, or with one planted defect the audit must find)
and overlays on a built-in rubric that lint clean. Numbers are built from integers and text; no
float reaches perfrules.

    >>> split_points(Decimal(10), [3, 2, 5], places=0)
    [Decimal('3'), Decimal('2'), Decimal('5')]
"""

from __future__ import annotations

import datetime as _dt
import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from perfrules.model.indicators import Indicator
from perfrules.rubrics.loading import get_rubric
from perfrules.rules.execution import OverBudget
from perfrules.rules.quantitative import EqualVariant, ReverseVariant
from perfrules.rules.rounding import RoundingMode
from perfrules.testing.numbers import oracle_round
from perfrules.testing.units import _written, unit_pairs
from perfrules.values.notation import parse_actual, parse_target

__all__ = ["TABLE_DEFECTS", "balanced_trees", "defective_tables", "filled_tables", "national_grade", "overlays", "split_points"]


def _places_of(d: Decimal) -> int:
    exponent = d.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def split_points(points: Decimal, parts: list[int], *, places: int = 2) -> list[Decimal]:
    """``points`` shared in proportion to the positive integers ``parts``, exactly, at ``places`` places.

    Each share is ``points × part ÷ Σ parts`` when that has at most ``places`` places; the
    shares are then made to add up to ``points`` exactly by giving the last one what is left.

    Raises:
        ValueError: ``points`` has more than ``places`` places, or a share would not be positive.
    """
    unit = Fraction(1, 10**places)
    if Fraction(points) % unit:
        raise ValueError(f"{points} has more than {places} places")
    total = sum(parts)
    shares = [Fraction(points) * p / total // unit * unit for p in parts[:-1]]
    shares.append(Fraction(points) - sum(shares, Fraction(0)))
    if any(s <= 0 for s in shares):
        raise ValueError(f"cannot share {points} in {len(parts)} positive parts at {places} places")
    return [_decimal(s, places) for s in shares]


def _decimal(q: Fraction, places: int) -> Decimal:
    """``q`` (a multiple of 10**-places) as a Decimal, written without trailing zeros when whole."""
    n = q * 10**places
    assert n.denominator == 1
    if n.numerator % 10**places == 0:
        return Decimal(n.numerator // 10**places)
    return Decimal(n.numerator).scaleb(-places)


@st.composite
def _partition(draw: st.DrawFn, points: Decimal, max_parts: int, places: int) -> list[Decimal]:
    """1..``max_parts`` positive shares of ``points`` with at most ``places`` places, adding up exactly;
    whole or round shares are drawn more often."""
    n = Fraction(points) * 10**places
    if n.denominator != 1 or n <= 0:
        raise ValueError(f"points {points} must be positive with at most {places} places")
    grains = [g for g in (10**p for p in range(places, -1, -1)) if n.numerator % g == 0]
    grain = draw(st.sampled_from(grains))
    m = n.numerator // grain
    k = min(draw(st.integers(1, max_parts)), m)
    cuts = sorted(draw(st.lists(st.integers(1, m - 1), min_size=k - 1, max_size=k - 1, unique=True))) if k > 1 else []
    bounds = [0, *cuts, m]
    return [_decimal(Fraction((b - a) * grain, 10**places), places) for a, b in itertools.pairwise(bounds)]


_LEVEL_NAMES = (
    ("产出指标", "效益指标", "满意度指标", "成本指标"),
    ("数量指标", "质量指标", "时效指标", "社会效益指标", "经济效益指标", "可持续影响指标"),
)
_LEAF_NAMES = ("服务人次", "培训场次", "覆盖户数", "人均服务成本", "活动开展次数", "设施完好率", "服务对象满意度", "项目完成质量", "建设面积", "物资发放量")
_UNITS = ("人次", "人", "个", "户", "场", "次/年", "次/月", "万元")
_WORDS = ("达成预期指标", "合格", "有效提升", "符合要求")
_ACTUAL_WORDS = ("达成预期指标", "合格", "基本达成", "部分达成", "效果明显")


@st.composite
def _leaf_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A target and an actual that parse: ``≥735人次``/``700人次``, ``≤200元/人``/``180元/人``, ``100%``/``98%``,
    ``=10个``/``10个``, ``25~30人``/``28人``, ``达成预期指标``/``合格``, or a pair in two units."""
    kind = draw(st.sampled_from(["positive", "reverse", "percent", "equal", "range", "qualitative", "units"]))
    n = draw(st.integers(1, 2000))
    if kind == "positive":
        unit = draw(st.sampled_from(_UNITS))
        return f"≥{n}{unit}", f"{draw(st.integers(0, 2 * n))}{unit}"
    if kind == "reverse":
        unit = draw(st.sampled_from(["元/人", "元", "万元", "天"]))
        return f"≤{n}{unit}", f"{draw(st.integers(1, 2 * n))}{unit}"
    if kind == "percent":
        target = draw(st.sampled_from(["100%", "≥95%", "≥90%", "≥80%"]))
        return target, f"{Decimal(draw(st.integers(5000, 10000))).scaleb(-2)}%"
    if kind == "equal":
        unit = draw(st.sampled_from(_UNITS))
        return f"{draw(st.sampled_from(['=', '']))}{n}{unit}", f"{draw(st.sampled_from([n, n, max(n - 1, 0)]))}{unit}"
    if kind == "range":
        hi = n + draw(st.integers(1, 50))
        return f"{n}~{hi}人", f"{draw(st.integers(max(n - 5, 0), hi + 5))}人"
    if kind == "qualitative":
        return draw(st.sampled_from(_WORDS)), draw(st.sampled_from(_ACTUAL_WORDS))
    target, actual, _ = draw(unit_pairs(bare_fractions=False))
    return target, actual


@st.composite
def _nodes(draw: st.DrawFn, points: Decimal, level: int, depth: int, max_children: int, places: int, ragged: bool, names: set[str]) -> tuple[Indicator, ...]:
    shares = draw(_partition(points, max_children, places))
    out = []
    for i, share in enumerate(shares):
        code = f"{'abcdefghij'[min(level, 9)]}{i + 1}"
        leaf = level == depth - 1 or (ragged and level > 0 and draw(st.integers(0, 3)) == 0)
        if leaf:
            base = draw(st.sampled_from(_LEAF_NAMES))
            name = base if base not in names else f"{base}{len(names) + 1}"
            names.add(name)
            target, actual = draw(_leaf_texts())
            out.append(Indicator(name=name, code=code, weight=share, target=parse_target(target), actual=parse_actual(actual)))
            continue
        pool = _LEVEL_NAMES[min(level, 1)]
        name = pool[i] if i < len(pool) else f"{pool[0][:-2]}{i + 1}指标"
        children = draw(_nodes(share, level + 1, depth, max_children, places, ragged, names))
        out.append(Indicator(name=name, code=code, weight=share, children=children))
    return tuple(out)


@st.composite
def balanced_trees(
    draw: st.DrawFn, points: Decimal = Decimal(100), *, depth: int = 3, max_children: int = 5, places: int = 2, ragged: bool = False
) -> tuple[Indicator, ...]:
    """Indicator trees whose points add up exactly at every level, with targets and actuals that parse.

    Args:
        points: what the top-level indicators' weights add up to (positive, at most ``places`` places).
        depth: the levels, leaves included: 3 is 一级 → 二级 → 三级 (groups of groups of leaves),
            1 a tuple of leaves.
        max_children: at most this many children per group (and top-level indicators).
        places: every weight is a positive Decimal with at most this many places.
        ragged: some groups below the top are leaves instead (leaves at different depths).

    Returns:
        The top-level indicators (siblings with distinct codes and names) — their weights add
        up to ``points``, and each group's children's weights to the group's weight, exactly. Every
        leaf has a target and an actual parsed from table notation (``≥735人次``/``700人次``,
        ``≤200元/人``, ``100%``/``98.50%``, ``25~30人``, ``达成预期指标``/``合格``, or the units of
        ``unit_pairs``); leaves' names are distinct in the whole tree.

    Raises:
        ValueError: ``points`` is not positive or has more than ``places`` places.
    """
    if depth < 1 or max_children < 1:
        raise ValueError("depth and max_children must be at least 1")
    return draw(_nodes(Decimal(points), 0, depth, max_children, places, ragged, set()))


# ------------------------------------------------------------------ filled tables
#: the defects ``defective_tables`` plants, each the one error code ``perfrules.audit`` must report
TABLE_DEFECTS = ("heading.points_sum", "funds.rate", "funds.score", "funds.sum", "points.total", "total.sum", "grade.band", "row.score_above_points")

_BANDS = ((Fraction(90), "优"), (Fraction(80), "良"), (Fraction(60), "中"), (Fraction(0), "差"))


def national_grade(total: Fraction | Decimal) -> str:
    """The grade word of ``total`` by the national bands (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差)."""
    return next((word for lower, word in _BANDS if Fraction(total) >= lower), "差")


def _money(draw: st.DrawFn, cents: int) -> str:
    """An amount of ``cents`` as a table prints it, at 2 places: plain, or with thousands separators."""
    return _written(draw, Decimal(cents).scaleb(-2))


def _two(q: Fraction) -> str:
    """``q`` (a multiple of 0.01) printed at 2 places, as a total or an execution score is: ``4.00``."""
    return f"{Decimal((q * 100).numerator).scaleb(-2)}"


def _heading(name: str, points: Decimal | None) -> str:
    return name if points is None else f"{name}({points}分)"


@st.composite
def filled_tables(draw: st.DrawFn, *, points: Decimal = Decimal(100)) -> dict[str, Any]:
    """A filled self-evaluation table in the JSON-rows format ``perfrules.read_table`` reads, whose
    stated figures agree: ``perfrules.audit(table)`` (no rubric) reports no finding of severity error.

    The table has a project (项目名称, 预算年度), a funds block (年度资金总额 with 全年预算数,
    全年执行数, 执行率 printed at 0–2 places, 分值 and 得分; sometimes source rows 财政拨款 and
    其他资金 adding up to it), indicator rows (一级指标, 二级指标, 三级指标, 年度指标值,
    实际完成值, 分值, 得分) from ``balanced_trees`` of ``points`` less the funds' 分值 — headings
    printing their points (``产出指标(50分)``) or not — and the 总分 (exact sum of the 得分), often
    the 评级 of the national bands, and 总分值 when ``points`` is not 100. Every 得分 is at most its
    分值; the execution 得分 is 分值 × 执行数 ÷ 预算数 rounded half-up to 2 places.

    Args:
        points: the table's total points, in [10, 100] with at most 2 places.

    Returns:
        The document, a dict of strings and lists for ``json.dumps``.
    """
    return _table(draw, points, defective=False)[0]


@st.composite
def defective_tables(draw: st.DrawFn, *, points: Decimal = Decimal(100)) -> tuple[dict[str, Any], str]:
    """A table as :func:`filled_tables` draws it with exactly one defect of ``TABLE_DEFECTS``
    planted: ``perfrules.audit(table)`` reports that code as an error, and no other error.

    Returns:
        ``(document, code)``, ``code`` the planted defect.
    """
    document, code = _table(draw, points, defective=True)
    assert code is not None
    return document, code


def _table(draw: st.DrawFn, points: Decimal, *, defective: bool) -> tuple[dict[str, Any], str | None]:
    points = Decimal(points)
    if not Decimal(10) <= points <= 100 or _places_of(points) > 2:
        raise ValueError(f"points must be in [10, 100] with at most 2 places, not {points}")
    execution = draw(st.sampled_from([p for p in (Decimal(5), Decimal(10), Decimal(15), Decimal(20)) if p * 2 <= points]))
    tree = draw(balanced_trees(points - execution, depth=3, max_children=4, places=2))
    budget = draw(st.integers(100, 10**7))
    spent = draw(st.integers((budget + 1) // 2, budget))
    rate = Fraction(spent, budget)
    rate_places = draw(st.integers(0, 2))
    exec_score = oracle_round(Fraction(execution) * rate, 2, "half_up")
    defect = draw(st.sampled_from(TABLE_DEFECTS)) if defective else None
    sources = defect == "funds.sum" or draw(st.booleans())

    leaves = [(i, g2, leaf) for i, g1 in enumerate(tree) for g2 in g1.children for leaf in g2.children]
    scores = [Fraction(leaf.weight) if draw(st.integers(0, 2)) else Fraction(draw(st.integers(0, int(leaf.weight * 100))), 100) for _, _, leaf in leaves]
    if defect == "row.score_above_points":  # one 得分 above its 分值; the 总分 stays within 100
        at = draw(st.integers(0, len(leaves) - 1))
        scores[at] = Fraction(leaves[at][2].weight)
        room = 100 - exec_score - sum(scores, Fraction(0))
        others = [j for j, s in enumerate(scores) if j != at and s > 0]
        if room <= 0 and not others:
            defect = "grade.band"
        else:
            excess = Fraction(draw(st.integers(1, max(1, min(100, int(room * 100))))), 100)
            scores[at] += excess
            if room < excess:
                j = draw(st.sampled_from(others))
                scores[j] = max(Fraction(0), scores[j] - (excess - room))
    planted_at = draw(st.integers(0, len(tree) - 1))
    shown1 = [g1.weight if draw(st.booleans()) or defect == "heading.points_sum" else None for g1 in tree]
    if defect == "heading.points_sum":
        g1 = tree[planted_at]
        shown1[planted_at] = g1.weight + draw(st.sampled_from([Decimal(1), Decimal(-1) if g1.weight > 1 else Decimal(2), Decimal("0.5")]))
    shown2 = {id(g2): g2.weight if draw(st.booleans()) and not (defect == "heading.points_sum" and i == planted_at) else None for i, g2, _ in leaves}
    rows = [
        {
            "一级指标": _heading(tree[i].name, shown1[i]), "二级指标": _heading(g2.name, shown2[id(g2)]), "三级指标": leaf.name,
            "年度指标值": leaf.target.text, "实际完成值": leaf.actual.text, "分值": str(leaf.weight), "得分": str(_decimal(score, 2)),
        }
        for (i, g2, leaf), score in zip(leaves, scores, strict=True)
    ]

    shown_rate = oracle_round(rate * 100, rate_places, "half_up")
    if defect == "funds.rate":
        shown_rate = oracle_round(rate * 100, 0, "half_up") - draw(st.integers(2, 10))
    if defect == "funds.score":
        exec_score -= 1
    fund = {
        "资金来源": "年度资金总额", "全年预算数": _money(draw, budget), "全年执行数": _money(draw, spent),
        "分值": str(execution), "执行率": f"{_decimal(shown_rate, rate_places)}%" if rate_places else f"{shown_rate}%",
        "得分": _two(exec_score),
    }  # fmt: skip
    funds = [fund]
    if sources:  # two sources adding up to the total row; their 执行率 is not printed
        b1 = draw(st.integers(1, budget - 1))
        s1 = draw(st.integers(max(0, spent - (budget - b1)), min(b1, spent)))
        extra = draw(st.integers(100, 10_000)) if defect == "funds.sum" else 0
        funds.append({"资金来源": "财政拨款", "全年预算数": _money(draw, b1 + extra), "全年执行数": _money(draw, s1)})
        funds.append({"资金来源": "其他资金", "全年预算数": _money(draw, budget - b1), "全年执行数": _money(draw, spent - s1)})

    total = exec_score + sum(scores, Fraction(0))
    stated_total = total
    if defect == "total.sum":
        stated_total = total - 1 if total >= 1 else total + 1
    doc: dict[str, Any] = {"项目名称": draw(st.sampled_from(["社区养老服务", "社会保障专项", "农村饮水安全工程", "文化惠民活动"])), "预算年度": str(draw(st.integers(2020, 2025)))}
    doc["资金"] = funds
    doc["指标"] = rows
    doc["总分"] = _two(stated_total)
    grade = national_grade(stated_total)
    if defect == "grade.band":
        doc["评级"] = draw(st.sampled_from([w for _, w in _BANDS if w != grade]))
    elif draw(st.booleans()):
        doc["评级"] = grade
    if points != 100 or defect == "points.total" or draw(st.booleans()):
        doc["总分值"] = str(points + (draw(st.sampled_from([Decimal(1), Decimal(-1), Decimal(5)])) if defect == "points.total" else 0))
    return doc, defect


# ------------------------------------------------------------------ overlays
@st.composite
def overlays(draw: st.DrawFn, base: str = "cn-national-project-2020") -> dict[str, Any]:
    """An overlay document on the built-in (or installed) rubric ``base`` that loads and lints clean.

    The document is a dict of strings, lists and dicts (no dates, no floats), so both
    ``tomli_w.dumps`` and ``json.dumps`` write it for ``perfrules.loads_rubric(text, format=...)``.
    ``[overlay]`` has a fresh ``code``, the ``base``, a ``version``, titles in both languages,
    ``regions`` (ISO 3166-2), ``effective_from`` (``"YYYY-MM-DD"``, a 1 January within the base's
    dates) and ``references``;
    ``changes`` holds one or more of:

    * ``blocks``: the weights of the base's blocks without an indicator template re-partitioned
      (sometimes one of them removed) so that all blocks still add up to the base's ``base``;
    * ``grades``: the bands' lower bounds moved, still strictly descending, the first at most
      the base and the last unchanged (only when no band prints an ``upper``);
    * ``rounding``: the item and total rounding's places (0–4) and mode;
    * ``rules``: the reverse variant and the equal variant switched;
    * ``execution``: the over-budget policy switched.

    Raises:
        perfrules.UnknownRubricError: no rubric has the code ``base``.
    """
    rubric = get_rubric(base)
    changes: dict[str, Any] = {}
    kinds = draw(st.lists(st.sampled_from(["blocks", "grades", "rounding", "rules", "execution"]), min_size=1, max_size=5, unique=True))
    free = [b for b in rubric.blocks if not b.indicators]
    if "blocks" in kinds and len(free) >= 2:
        pool = sum((b.weight for b in free), Decimal(0))
        kept = list(free)
        removed = []
        if len(free) >= 3 and draw(st.booleans()):
            removed = [kept.pop(draw(st.integers(0, len(kept) - 1)))]
        parts = draw(st.lists(st.integers(1, 20), min_size=len(kept), max_size=len(kept)))
        shares = split_points(pool, parts, places=draw(st.integers(0, 2)))
        changes["blocks"] = [{"code": b.code, "weight": str(w)} for b, w in zip(kept, shares, strict=True)]
        changes["blocks"] += [{"code": b.code, "remove": True} for b in removed]
    bands = rubric.grades.bands
    if "grades" in kinds and len(bands) >= 2 and all(b.upper is None for b in bands):
        top = int(min(rubric.base, Decimal(100)) * 100)
        floor = int(bands[-1].lower * 100)
        lowers = sorted(draw(st.lists(st.integers(floor + 1, top), min_size=len(bands) - 1, max_size=len(bands) - 1, unique=True)), reverse=True)
        changes["grades"] = {"bands": [{"code": b.code, "lower": str(_decimal(Fraction(n, 100), 2))} for b, n in zip(bands, lowers, strict=False)]}
    if "rounding" in kinds or not changes and "rules" not in kinds and "execution" not in kinds:  # never an empty overlay
        stage = st.fixed_dictionaries({"places": st.integers(0, 4), "mode": st.sampled_from([m.value for m in RoundingMode])})
        changes["rounding"] = {"item": draw(stage), "total": draw(stage)}
    if "rules" in kinds:
        changes["rules"] = {
            "reverse": {"kind": "reverse", "variant": draw(st.sampled_from([v.value for v in ReverseVariant]))},
            "equal": {"kind": "equal", "variant": draw(st.sampled_from([v.value for v in EqualVariant]))},
        }
    if "execution" in kinds:
        changes["execution"] = {"kind": "budget_execution", "over_budget": draw(st.sampled_from([v.value for v in OverBudget]))}
    first = rubric.effective_from.year if rubric.effective_from else 2020
    year = draw(st.integers(first, rubric.effective_to.year if rubric.effective_to else max(first, 2030)))  # within the base's window
    region = draw(st.sampled_from(["CN-AH", "CN-HB", "CN-JL", "CN-LN", "CN-SC", "CN-GD"]))
    return {
        "overlay": {
            "code": f"{region.lower()}-test-{draw(st.integers(1, 999))}",
            "base": base,
            "version": f"{draw(st.integers(0, 3))}.{draw(st.integers(0, 9))}.{draw(st.integers(0, 9))}",
            "title_zh": f"项目支出绩效自评（测试 {region} {year}）",
            "title_en": f"Project self-evaluation (test {region} {year})",
            "regions": [region],
            "effective_from": _dt.date(year, 1, 1).isoformat(),
            "references": ["财预〔2020〕10号"],
            "changes": changes,
        }
    }
