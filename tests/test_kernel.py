"""perfrules.kernel: the exact vectorised kernel equals evaluate() row by row, item by item, ties included."""

from __future__ import annotations

from decimal import Decimal

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import (
    Actual,
    Adjustment,
    Assessment,
    BudgetExecution,
    Direction,
    Equal,
    EqualVariant,
    FloatRefusedError,
    Funds,
    Indicator,
    InvalidInputError,
    OverBudget,
    Positive,
    Project,
    Reverse,
    ReverseVariant,
    Rounding,
    RoundingMode,
    RoundingPolicy,
    Rubric,
    ScoringRules,
    SelfEvaluation,
    Target,
    WeightedMean,
    ZeroBudget,
    kernel,
)
from perfrules.rubrics.rubric import Overflow
from w1 import w1_rubric

D = Decimal
GE, LE, EQ, QUAL = Direction.GE, Direction.LE, Direction.EQ, Direction.QUALITATIVE
LEVELS = (Assessment.ACHIEVED, Assessment.PARTLY, Assessment.NOT_ACHIEVED)


W1 = w1_rubric()


def card(budget, executed, items, sat=("10", "90", "93.47")) -> dict:
    """One row as kernel columns: items are (weight, direction, target, actual, assessment)."""
    return {
        "budget": [D(budget)],
        "executed": [D(executed)],
        "output.weight": [[D(i[0]) for i in items]],
        "output.direction": [[i[1] for i in items]],
        "output.target": [[None if i[2] is None else D(i[2]) for i in items]],
        "output.actual": [[None if i[3] is None else D(i[3]) for i in items]],
        "output.assessment": [[i[4] for i in items]],
        "satisfaction.weight": [[D(sat[0])]],
        "satisfaction.direction": [[GE]],
        "satisfaction.target": [[D(sat[1])]],
        "satisfaction.actual": [[D(sat[2])]],
    }


def concat(rows: list[dict]) -> dict:
    return {k: [v for r in rows for v in r[k]] for k in rows[0]}


def assert_same(cols: kernel.Columns, result: kernel.KernelResult, rubric: Rubric) -> None:
    """Every row: total, grade and every item score equal evaluate()'s."""
    totals, grades = result.total_list(), result.grade_list()
    for i in range(cols.n):
        expected = perfrules.evaluate(rubric, cols.row(i))
        assert result.total(i) == expected.total == totals[i], i
        assert result.grade(i) == expected.grade == grades[i], i
        assert result.item_scores(i) == [leaf.score for leaf in expected.leaves()], i


# ------------------------------------------------------------------ hand-worked examples
def test_half_up_tie_is_exact():
    """3 × 1.43 ÷ 6 = 0.715 exactly: half-up 0.72 (28-digit Decimal written divide-first gives 0.71)."""
    cols = kernel.columns(card("100", "50", [("3", GE, "6", "1.43", None)]), W1)
    r = kernel.score_columns(cols, W1)
    # execution 10 × 50 ÷ 100 = 5; satisfaction 10 × 93.47 ÷ 90 ≥ 10 → capped? no: 93.47 ≥ 90 → full 10
    assert r.item_scores(0) == [D("5"), D("0.72"), D("10")]
    assert r.total(0) == D("15.72")
    assert r.grade(0).label_zh == "差"
    assert_same(cols, r, W1)


def test_half_even_tie():
    """3 × 1.45 ÷ 6 = 0.725: half-up 0.73, half-even 0.72."""
    row = card("0", "0", [("3", GE, "6", "1.45", None)])
    up = kernel.score_columns(kernel.columns(row, W1), W1)
    even_rubric = w1_rubric(rounding=RoundingPolicy(item=Rounding(2, RoundingMode.HALF_EVEN)))
    even = kernel.score_columns(kernel.columns(row, even_rubric), even_rubric)
    assert up.item_scores(0)[1] == D("0.73")
    assert even.item_scores(0)[1] == D("0.72")
    assert up.item_scores(0)[0] == 0  # budget 0, nothing spent: 0 under W1's policy


def test_every_rule_by_hand():
    items = [
        ("10", GE, "200", "150", None),  # 10 × 150 ÷ 200 = 7.5
        ("10", GE, "0", "0", None),  # 0 target: full
        ("8", LE, "50", "80", None),  # ratio: 8 × 50 ÷ 80 = 5
        ("8", LE, "0", "2", None),  # above a 0 target: 0
        ("6", EQ, "12", "9", None),  # two-sided: 6 × (12 − 3) ÷ 12 = 4.5
        ("6", EQ, "12", "30", None),  # deviation ≥ target: 0
        ("10", QUAL, None, None, Assessment.PARTLY),  # 70 %: 7
        ("10", QUAL, None, None, Assessment.NOT_ACHIEVED),  # 30 %: 3
        ("12", LE, "7", "0", None),  # at or below: full
    ]
    cols = kernel.columns(card("200", "250", items, sat=("10", "90", "72")), W1)
    r = kernel.score_columns(cols, W1)
    assert r.item_scores(0) == [D(x) for x in ("10", "7.5", "10", "5", "0", "4.5", "0", "7", "3", "12", "8")]
    assert r.total(0) == D("67")
    assert r.grade(0).label_zh == "中"
    assert not cols.fallback.any()
    assert_same(cols, r, W1)


def test_block_overflow_is_capped():
    """Items worth 90 in an 80-point block: the block scores at most 80."""
    items = [("45", GE, "1", "1", None), ("45", GE, "1", "1", None)]
    cols = kernel.columns(card("1", "1", items), W1)
    r = kernel.score_columns(cols, W1)
    assert r.total(0) == D("100")
    assert_same(cols, r, W1)


def test_self_evaluation_rows_and_fallback():
    """Self-evaluations in; a strict target, an N/A item and an adjustment go to evaluate()."""

    def se(leaves, adjustments=()):
        return SelfEvaluation(
            Project("p", 2024),
            Funds.single(adjusted=D("100"), executed=D("99.99")),
            (
                Indicator(name="指标", code="output", children=leaves),
                Indicator(
                    name="满意度",
                    code="satisfaction",
                    children=(
                        Indicator(name="s", weight=10, target=Target(GE, D(90)), actual=Actual.number(D("89.995"))),
                    ),
                ),
            ),
            adjustments=adjustments,
        )

    plain = (
        Indicator(name="a", weight=40, target=Target(GE, D(3)), actual=Actual.number(D(1))),
        Indicator(name="b", weight=40, target=Target(QUAL), assessment=Assessment.ACHIEVED),
    )
    strict = (Indicator(name="a", weight=40, target=Target(Direction.GT, D(3)), actual=Actual.number(D(3))), plain[1])
    na = (plain[0], attrs.evolve(plain[1], applicable=False))
    rows = [se(plain), se(strict), se(na), se(plain, (Adjustment("x", "加分", D(2)),))]
    cols = kernel.columns(rows, W1)
    assert cols.unsupported.tolist() == [False, True, True, True]
    r = kernel.score_columns(cols, W1)
    assert set(r.fallback) == {1, 2, 3}
    # execution 10 × 99.99 ÷ 100 = 9.999 → 10.00; 40 × 1 ÷ 3 = 13.333… → 13.33; 10 × 89.995 ÷ 90 = 9.99944… → 10.00
    assert r.item_scores(0) == [D("10"), D("13.33"), D("40"), D("10")]
    assert_same(cols, r, W1)


def test_overflow_goes_to_the_scalar_path():
    huge = "123456789012345678.5"
    rows = concat(
        [
            card("100", "50", [("40", GE, huge, "1", None), ("40", LE, "1", "2", None)]),
            card("1E+20", "3", [("80", EQ, "5", "4", None)] * 2),
        ]
    )
    cols = kernel.columns(rows, W1)
    assert cols.overflow.tolist() == [True, True]
    r = kernel.score_columns(cols, W1)
    assert_same(cols, r, W1)


def test_zero_budget_not_applicable_goes_to_the_scalar_path():
    rubric = w1_rubric(execution=BudgetExecution(zero_budget_unspent=ZeroBudget.NOT_APPLICABLE))
    cols = kernel.columns(
        concat([card("0", "0", [("80", GE, "3", "1", None)]), card("5", "0", [("80", GE, "3", "1", None)])]), rubric
    )
    r = kernel.score_columns(cols, rubric)
    assert set(r.fallback) == {0}
    assert_same(cols, r, rubric)


# ------------------------------------------------------------------ refusals
def test_floats_are_refused():
    row = card("1", "1", [("80", GE, "3", "1", None)])
    row["output.actual"] = [[1.0]]
    with pytest.raises(FloatRefusedError):
        kernel.columns(row, W1)
    row["output.actual"] = [[D(1)]]
    row["budget"] = np.array([1.5])
    with pytest.raises(FloatRefusedError):
        kernel.columns(row, W1)


def test_unsupported_rubric_is_named():
    with pytest.raises(kernel.KernelUnsupportedError, match="WeightedMean"):
        kernel.columns(card("1", "1", [("80", GE, "3", "1", None)]), w1_rubric(aggregator=WeightedMean()))

    @attrs.frozen
    class Mine(Positive):
        kind = "mine"

    with pytest.raises(kernel.KernelUnsupportedError, match="rules.positive: rule Mine"):
        kernel.plan_for(w1_rubric(rules=ScoringRules(positive=Mine())))
    with pytest.raises(kernel.KernelUnsupportedError, match="rounding.item"):
        kernel.plan_for(w1_rubric(rounding=RoundingPolicy()))


def test_bad_columns():
    row = card("1", "1", [("80", GE, "3", "1", None)])
    with pytest.raises(InvalidInputError, match="columns missing"):
        kernel.columns({k: v for k, v in row.items() if k != "executed"}, W1)
    row["output.direction"] = [["sideways"]]
    with pytest.raises(InvalidInputError, match="not a direction"):
        kernel.columns(row, W1)
    cols = kernel.columns(card("1", "1", [("80", GE, "3", "1", None)]), W1)
    with pytest.raises(InvalidInputError, match="another rubric|laid out"):
        kernel.score_columns(cols, attrs.evolve(W1, code="other"))


def test_arrow_like_record_batch():
    class Batch:  # what pyarrow.RecordBatch offers the kernel
        def __init__(self, data):
            self.data = data

        def to_pydict(self):
            return self.data

    row = card("100", "50", [("80", EQ, "4", "3", None)])
    r = kernel.score_columns(kernel.columns(Batch(row), W1), W1)
    assert r.item_scores(0) == [D("5"), D("60"), D("10")]


def test_ragged_rows_go_to_the_scalar_path():
    rows = concat(
        [
            card("1", "1", [("40", GE, "3", "1", None), ("40", GE, "3", "2", None)]),
            card("1", "1", [("80", GE, "3", "1", None)]),
        ]
    )
    cols = kernel.columns(rows, W1)
    assert cols.unsupported.tolist() == [False, True]


# ------------------------------------------------------------------ hypothesis: kernel = evaluate()
def _dec(cents: int, places: int) -> Decimal:
    return Decimal(cents).scaleb(-places)


@st.composite
def items(draw, places: int) -> tuple:
    """One item, quite often placed exactly on a rounding tie, or on an edge (0, hit, huge)."""
    direction = draw(st.sampled_from([GE, LE, EQ, QUAL]))
    w = draw(st.integers(0, 40)) * D("0.5")
    if direction is QUAL:
        return (w, QUAL, None, None, draw(st.sampled_from(LEVELS)))
    how = draw(st.sampled_from(["tie"] * 4 + ["random"] * 3 + ["edge"] * 2 + ["huge"]))
    if how == "tie" and w > 0:
        # weight × X ÷ Y = (2m + 1) / (2 × 10^places) < weight, with X ÷ Y = actual ÷ target
        step = D(1).scaleb(-places) / 2
        m = draw(st.integers(0, max(0, int(w / step / 2) - 1)))
        v = (2 * m + 1) * step
        k = D(draw(st.integers(1, 60)))
        t, a = w * k, v * k  # a ÷ t = v ÷ w
        if direction is LE:
            t, a = a, t  # t ÷ a = v ÷ w
        return (w, direction, t, a, None)
    if how == "edge":
        t = draw(st.sampled_from([D(0), D(5), D("12.5")]))
        a = draw(st.sampled_from([D(0), t, t * 2, t + D("0.01")]))
        return (w, direction, t, a, None)
    if how == "huge":
        t = draw(st.sampled_from([D("9.3E18"), D("4.6E18"), D("123456789012.3456789")]))
        return (w, direction, t, draw(st.sampled_from([t, D(1), t * 3])), None)
    t = _dec(draw(st.integers(0, 10**6)), draw(st.integers(0, 3)))
    a = _dec(draw(st.integers(0, 10**6)), draw(st.integers(0, 3)))
    return (w, direction, t, a, None)


@st.composite
def funds(draw) -> tuple:
    how = draw(st.sampled_from(["tie", "zero", "random", "over", "equal"]))
    if how == "zero":
        return D(0), draw(st.sampled_from([D(0), D("3.5")]))
    b = _dec(draw(st.integers(1, 10**7)), 2)
    if how == "tie":  # 10 × e ÷ b on a .xx5 tie: b = 10k, e = v·k
        k = D(draw(st.integers(1, 999)))
        v = (2 * draw(st.integers(0, 998)) + 1) * D("0.005")
        return 10 * k, v * k
    if how == "over":
        return b, b + D("0.01")
    if how == "equal":
        return b, b
    return b, _dec(draw(st.integers(0, 10**7)), 2)


@st.composite
def rubrics(draw) -> Rubric:
    places = draw(st.integers(0, 3))
    mode = draw(st.sampled_from(list(RoundingMode)))
    total = draw(st.sampled_from([None, Rounding(max(0, places - 1), draw(st.sampled_from(list(RoundingMode))))]))
    rules = ScoringRules(
        positive=Positive(zero_target=draw(st.sampled_from(["full", "zero"]))),
        reverse=Reverse(draw(st.sampled_from(list(ReverseVariant)))),
        equal=Equal(draw(st.sampled_from(list(EqualVariant)))),
    )
    execution = BudgetExecution(
        over_budget=draw(st.sampled_from(list(OverBudget))),
        zero_budget=draw(st.sampled_from(list(ZeroBudget))),
        zero_budget_unspent=draw(st.sampled_from(list(ZeroBudget))),
    )
    overflow = draw(st.sampled_from([Overflow.CAP, Overflow.REPORT]))
    return w1_rubric(
        rounding=RoundingPolicy(item=Rounding(places, mode), total=total),
        rules=rules,
        execution=execution,
        block_overflow=overflow,
    )


@st.composite
def batches(draw) -> tuple[Rubric, dict]:
    rubric = draw(rubrics())
    places = rubric.rounding.item.places
    width = draw(st.integers(1, 6))
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        b, e = draw(funds())
        its = [draw(items(places)) for _ in range(width)]
        sat = draw(items(places).filter(lambda i: i[1] is not QUAL))
        row = card(b, e, [tuple(str(x) if isinstance(x, Decimal) else x for x in i) for i in its])
        row["output.target"] = [[i[2] for i in its]]
        row["output.actual"] = [[i[3] for i in its]]
        row["satisfaction.weight"], row["satisfaction.direction"] = [[sat[0]]], [[sat[1]]]
        row["satisfaction.target"], row["satisfaction.actual"] = [[sat[2]]], [[sat[3]]]
        rows.append(row)
    return rubric, concat(rows)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_kernel_equals_evaluate(batch):
    """Columns in: every row's total, grade and item scores are evaluate()'s, ties, edges and overflow included."""
    rubric, data = batch
    cols = kernel.columns(data, rubric)
    result = kernel.score_columns(cols, rubric)
    assert_same(cols, result, rubric)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_self_evaluation_rows_equal_columns(batch):
    """The same rows as self-evaluations: the same kernel arrays and the same results."""
    rubric, data = batch
    cols = kernel.columns(data, rubric)
    rows = [cols.row(i) for i in range(cols.n)]
    again = kernel.columns(rows, rubric)
    a, b = kernel.score_columns(cols, rubric), kernel.score_columns(again, rubric)
    assert a.total_list() == b.total_list()
    assert [a.item_scores(i) for i in range(cols.n)] == [b.item_scores(i) for i in range(cols.n)]
    assert_same(again, b, rubric)


def test_no_rows():
    for data in ([], {k: [] for k in card("1", "1", [])}):
        result = kernel.score_columns(kernel.columns(data, W1), W1)
        assert (result.n, result.total_list(), result.grade_list()) == (0, [], [])
