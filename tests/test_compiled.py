"""The compiled batch path (perfrules.compiled) against evaluate(), item by item."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import (
    Block,
    BlockSource,
    BudgetExecution,
    Equal,
    EqualVariant,
    GradeScale,
    OverBudget,
    Positive,
    Reverse,
    ReverseVariant,
    Rubric,
    ScoringRules,
    ZeroBudget,
)
from perfrules.compiled import Plan, Scored, compile_rubric
from perfrules.compiled.special import RETRY
from perfrules.rubrics.rubric import AdjustmentPolicy, NotApplicablePolicy, Overflow
from perfrules.rules.aggregation import WeightedMean
from perfrules.rules.rounding import Rounding, RoundingMode, RoundingPolicy
from perfrules.values.pairing import ReadingPolicy


def _rubric(**kw) -> Rubric:
    blocks = kw.pop("blocks", (Block("execution", "预算执行", "execution", 10, BlockSource.FUNDS), Block("output", "产出", "output", 90)))
    return Rubric("t", "t", "t", blocks=blocks, **kw)


def _same(plan: Plan, data) -> Scored:
    got = plan.score(data)
    want = perfrules.evaluate(plan.rubric, plan.to_self_evaluation(data))
    assert got.total == want.total
    assert got.grade == want.grade
    assert [(p, s) for p, s in got.item_scores] == [(n.path, n.score) for n in want.leaves()]
    assert list(got.findings) == [f.code for f in want.findings]
    return got


# ------------------------------------------------------------------ hand-worked
def test_tie_rounds_half_up_exactly():
    plan = compile_rubric(_rubric())
    s = _same(plan, {"funds": {"adjusted": D(100), "executed": D(90)}, "items": [("output/Q1", D(3), "≥", D(6), D("1.43"), None)]})
    assert dict(s.item_scores) == {"execution": D(9), "output/Q1": D("0.72")}  # 3 × 1.43 ÷ 6 = 0.715
    assert s.total == D("9.72") and s.grade.label_zh == "差"


def test_mapping_items_na_and_rescale():
    plan = compile_rubric(_rubric())
    items = [
        {"path": "output/a", "weight": D(45), "direction": "≤", "target": D(10), "actual": D(12)},
        {"path": "output/b", "weight": D(45), "direction": "n/a", "target": None, "actual": None},
    ]
    s = _same(plan, {"funds": {"adjusted": D(0), "executed": D(0)}, "items": items})
    # execution N/A (nothing budgeted, nothing spent) and b N/A: 45 × 10 ÷ 12 = 37.5 of 45 points, rescaled to 100
    assert dict(s.item_scores) == {"execution": D(0), "output/a": D("37.50"), "output/b": D(0)}
    assert s.total == D("37.5") * 100 / 45
    assert "not_applicable.rescaled" in s.findings and "target.not_applicable" in s.findings


def test_w1_adapter_rubric_matches_evaluate_on_w1_cards():
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "benchmarks"
    sys.path.insert(0, str(bench))
    try:
        import w1_compiled_adapter as adapter
    finally:
        sys.path.remove(str(bench))
    import random

    rng = random.Random(7)
    for _ in range(40):
        card = _w1_card(rng)
        data = adapter.to_input(card)
        _same(adapter.PLAN, data)


def _w1_card(rng) -> dict:
    kinds = ("positive", "reverse", "exact", "qualitative")
    levels = ("达成", "部分达成", "未达成")
    inds = []
    for i in range(16):
        k = rng.choice(kinds)
        t = D(rng.randint(0, 300)) / 4
        inds.append({"name": f"Q{i:02d}", "kind": k, "weight": D(5), "target": None if k == "qualitative" else t,
                     "actual": None if k == "qualitative" else D(rng.randint(0, 400)) / 4,
                     "level": rng.choice(levels) if k == "qualitative" else None})  # fmt: skip
    b = D(rng.choice((0, 0, 100, 1000, 2345)))
    return {"funds": {"budget": b, "executed": D(rng.randint(0, 3000)), "weight": D(10)}, "indicators": inds,
            "satisfaction": {"weight": D(10), "target": D(90), "actual": D(rng.randint(7000, 10000)) / 100}}  # fmt: skip


def test_self_evaluation_input_and_explain():
    se = perfrules.examples.huashan_2020()
    plan = compile_rubric(perfrules.HUBEI_2020) if _plain_rubric(perfrules.HUBEI_2020) else None
    if plan is not None:
        s = plan.score(se)
        r = perfrules.evaluate(plan.rubric, se)
        assert (s.total, s.grade) == (r.total, r.grade)
        assert s.explain().total == r.total
    plan = compile_rubric(_rubric())
    data = {"funds": {"adjusted": D(10), "executed": D(5)}, "items": [("output/x", D(90), "≥", D(3), D(2), None)]}
    se = plan.to_self_evaluation(data)
    assert plan.score(se).total == plan.score(data).total == plan.explain(data).total == D(65)


def _plain_rubric(rubric) -> bool:
    try:
        compile_rubric(rubric)
    except perfrules.RubricError:
        return False
    return True


def test_floats_refused():
    plan = compile_rubric(_rubric())
    with pytest.raises(perfrules.FloatRefusedError):
        plan.score({"funds": None, "items": [("output/x", 5.0, "≥", D(3), D(2), None)]})
    with pytest.raises(perfrules.FloatRefusedError):
        plan.score({"funds": {"adjusted": 1.5, "executed": D(1)}, "items": []})


def test_ints_and_fractions_accepted():
    plan = compile_rubric(_rubric())
    _same(plan, {"funds": {"adjusted": 100, "executed": Fraction(181, 2)}, "items": [("output/x", 90, "=", 4, Fraction(7, 2), None)]})


def test_unsupported_rubric_parts_are_named():
    with pytest.raises(perfrules.RubricError, match="point_sum"):
        compile_rubric(_rubric(aggregator=WeightedMean()))


def test_fallback_inputs_match_evaluate():
    plan = compile_rubric(_rubric())
    nested = {"funds": None, "items": [("output/数量/a", D(40), "≥", D(3), D(2), None), ("output/质量/b", D(50), "≤", D(3), D(4), None)]}
    _same(plan, nested)
    dup = {"funds": None, "items": [("output/a", D(40), "≥", D(3), D(2), None), ("output/a", D(50), "≤", D(3), D(4), None)]}
    _same(plan, dup)
    unknown = {"funds": None, "items": [("other/a", D(40), "≥", D(3), D(2), None)]}
    _same(plan, unknown)
    no_item_rounding = compile_rubric(_rubric(rounding=RoundingPolicy()))
    _same(no_item_rounding, {"funds": {"adjusted": D(3), "executed": D(1)}, "items": [("output/a", D(90), "≥", D(7), D(2), None)]})


def test_score_many_is_lazy_and_ordered():
    plan = compile_rubric(_rubric())
    seen = []

    def gen():
        for i in range(3):
            seen.append(i)
            yield {"funds": None, "items": [("output/a", D(90), "≥", D(3), D(i), None)]}

    it = plan.score_many(gen())
    assert seen == []
    totals = [s.total for s in it]
    assert totals == [D(0), D(30), D(60)]


# ------------------------------------------------------------------ generated rubrics and inputs
_MODES = st.sampled_from(list(RoundingMode))
_ROUNDING = st.builds(Rounding, st.integers(0, 4), _MODES)
_NUM = st.one_of(
    st.integers(-3, 400).map(lambda n: D(n) / 4),
    st.integers(0, 100000).map(lambda n: D(n) / 1000),
    st.sampled_from([D(0), D("0.00"), D(1), D(2), D(3), D(6), D(7), D("1.43"), D("0.005"), D(-2)]),
)
_WEIGHT = st.one_of(st.integers(0, 80).map(lambda n: D(n) / 2), st.sampled_from([D("2.345"), D("3.333"), D(0), D("0.125")]))


@st.composite
def rubrics(draw, weights=None, clean=False):
    if weights is None:
        n = draw(st.integers(1, 3))
        weights = [D(draw(st.integers(0, 60))) for _ in range(n)]
    n = len(weights)
    blocks = [Block(f"b{i}", f"块{i}", f"b{i}", weights[i]) for i in range(n)]
    if draw(st.booleans()):
        blocks.insert(draw(st.integers(0, n)), Block("exec", "预算执行", "exec", D(draw(st.integers(0, 20))), BlockSource.FUNDS))
    total = sum((b.weight for b in blocks), D(0))
    base = total if clean or draw(st.booleans()) else D(100)
    zb = st.sampled_from(list(ZeroBudget))
    floor = draw(st.one_of(st.none(), st.sampled_from([D(0), D(10)])))
    ceiling = draw(st.one_of(st.none(), st.sampled_from([D(50), D(100), D(200)])))
    if clean:
        floor = None
    if floor is not None and (floor > base or (ceiling is not None and floor > ceiling)):
        floor = None
    return Rubric(
        "gen", "gen", "gen", blocks=tuple(blocks), base=base,
        execution=BudgetExecution(base="adjusted" if clean else draw(st.sampled_from(["adjusted", "initial"])), over_budget=draw(st.sampled_from(list(OverBudget))),
                                  zero_budget=draw(zb), zero_budget_unspent=draw(zb)),
        rules=ScoringRules(positive=Positive(draw(st.sampled_from(["full", "zero"]))), reverse=Reverse(draw(st.sampled_from(list(ReverseVariant)))),
                           equal=Equal(draw(st.sampled_from(list(EqualVariant))))),
        rounding=RoundingPolicy(item=draw(_ROUNDING if clean else st.one_of(_ROUNDING, _ROUNDING, _ROUNDING, st.none())), subtotal=draw(st.one_of(st.none(), _ROUNDING)),
                                total=draw(st.one_of(st.none(), _ROUNDING))),
        not_applicable=draw(st.sampled_from(list(NotApplicablePolicy))),
        block_overflow=draw(st.sampled_from(list(Overflow))),
        adjustments=AdjustmentPolicy(floor=floor, ceiling=ceiling),
        grades=draw(st.sampled_from([perfrules.NATIONAL_GRADES, GradeScale.from_edges(80, 70, 60), GradeScale.from_edges(D("33.335"), 20, 10)])),
        reading=ReadingPolicy(negative_actuals=draw(st.sampled_from(["non_negative_quantities", "clamp", "keep"])),
                              strict_boundary=draw(st.sampled_from([D(1), D(0), D("0.5")])),
                              over_achievement=draw(st.sampled_from([None, D(3), D("1.2")])), implausible=draw(st.sampled_from([D(20)] if clean else [D(20), D(2)]))),
    )  # fmt: skip


@st.composite
def inputs(draw, rubric):
    codes = [b.code for b in rubric.blocks if b.source is BlockSource.INDICATORS]
    funds = draw(st.one_of(st.none(), st.fixed_dictionaries({
        "adjusted": st.sampled_from([D(0), D("0.00"), D(100), D("1234.56"), D(3)]),
        "executed": st.sampled_from([D(0), D(50), D(100), D("1234.57"), D("1.43"), D(3), D(7)]),
        "initial": st.sampled_from([None, D(0), D(100), D(6)]),
    })))  # fmt: skip
    items = []
    for i in range(draw(st.integers(0, 7))):
        block = draw(st.sampled_from(codes))
        direction = draw(st.sampled_from(["≥", ">", "≤", "<", "=", "qualitative", "n/a", ">=", "<="]))
        item = {
            "path": f"{block}/i{i}", "weight": draw(_WEIGHT), "direction": direction,
            "target": draw(st.one_of(_NUM, _NUM, st.none())), "actual": draw(st.one_of(_NUM, _NUM, st.none())),
            "assessment": draw(st.sampled_from([None, "achieved", "partly_achieved", "not_achieved"])),
        }  # fmt: skip
        if draw(st.integers(0, 9)) == 0:
            item["applicable"] = False
        if direction == "qualitative":
            item["target"] = None
        if draw(st.booleans()):
            item = tuple(item[k] for k in ("path", "weight", "direction", "target", "actual", "assessment")) if "applicable" not in item else item
        items.append(item)
    return {"funds": funds, "items": items}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_rubrics_and_inputs_match_evaluate(data):
    rubric = data.draw(rubrics())
    plan = compile_rubric(rubric)
    for _ in range(3):
        _same(plan, data.draw(inputs(rubric)))


_POS = st.one_of(st.integers(0, 400).map(lambda n: D(n) / 4), st.integers(0, 100000).map(lambda n: D(n) / 1000),
                 st.sampled_from([D(0), D("0.00"), D(1), D(3), D(6), D(7), D("1.43"), D("0.005")]))
_POS_WEIGHT = st.one_of(st.integers(1, 80).map(lambda n: D(n) / 2), st.sampled_from([D("2.345"), D("3.333"), D("0.125")]))


@st.composite
def clean_cases(draw):
    """Rubric and input the specialised fast path takes: tuple items, weights adding up, values ≥ 0."""
    n = draw(st.integers(1, 3))
    items, weights = [], []
    for b in range(n):
        total = D(0)
        for i in range(draw(st.integers(1, 5))):
            w = draw(_POS_WEIGHT)
            direction = draw(st.sampled_from(["≥", ">", "≤", "<", "=", "qualitative", ">=", "<="]))
            if direction == "qualitative":
                item = (f"b{b}/i{i}", w, direction, None, None, draw(st.sampled_from(["achieved", "partly_achieved", "not_achieved"])))
            else:
                t = draw(_POS)
                near = st.integers(60, 119).map(lambda k, t=t: t * k / 100)
                a = draw(st.one_of(st.just(t), near, st.just(D(0))))
                item = (f"b{b}/i{i}", w, direction, t, a, None)
            items.append(item)
            total += w
        weights.append(total)
    rubric = draw(rubrics(weights, clean=draw(st.integers(0, 3)) > 0))
    funds = {"adjusted": draw(st.sampled_from([D(100), D("1234.56"), D(3)])), "executed": draw(st.sampled_from([D(0), D(50), D(100), D("1234.57"), D("1.43"), D(3), D(7)]))}
    return rubric, {"funds": funds, "items": draw(st.permutations(items))}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_cases())
def test_fast_path_matches_evaluate(case):
    rubric, data = case
    _same(compile_rubric(rubric), data)


def test_fast_path_is_taken_for_clean_input():
    plan = compile_rubric(_rubric())
    data = {"funds": {"adjusted": D(100), "executed": D(90)},
            "items": [("output/a", D(45), "≥", D(6), D("1.43"), None), ("output/b", D(45), "qualitative", None, None, "partly_achieved")]}
    assert plan._fast is not None
    assert plan._fast(data["funds"], data["items"]) is not RETRY
    _same(plan, data)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 400), st.integers(1, 400), st.integers(1, 40), _ROUNDING)
def test_ratio_ties(a, t, w, rounding):
    plan = compile_rubric(_rubric(rounding=RoundingPolicy(item=rounding)))
    data = {"funds": None, "items": [("output/x", D(w) / 4, "≥", D(t) / 8, D(a) / 100, None), ("output/y", D(w) / 8, "≤", D(t) / 100, D(a) / 8, None)]}
    _same(plan, data)
