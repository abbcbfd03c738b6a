"""The three paths agree: explained (``evaluate``) = compiled (``compile_rubric``) = exact kernel, item by item.

Cards in the shape of the W1 workload — execution, twelve quantitative and four qualitative items,
satisfaction — with ties at .xx5 forced (``3 × 1.43 ÷ 6 = 0.715``), budgets of 0, spending over
budget, targets of 0. Every total, grade and item score must be the same Decimal on every path.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfrules import (
    Actual,
    Assessment,
    Direction,
    Funds,
    Indicator,
    Project,
    SelfEvaluation,
    Target,
    compile_rubric,
    evaluate,
)
from w1 import w1_rubric

kernel = pytest.importorskip("perfrules.kernel")

D = Decimal
RUBRIC = w1_rubric()
PLAN = compile_rubric(RUBRIC)
_KIND = {"positive": Direction.GE, "reverse": Direction.LE, "exact": Direction.EQ}
_LEVELS = (Assessment.ACHIEVED, Assessment.PARTLY, Assessment.NOT_ACHIEVED)

cents = st.integers(0, 10**7).map(lambda c: D(c).scaleb(-2))


@st.composite
def cards(draw):
    budget = draw(st.one_of(st.just(D(0)), cents))
    executed = draw(st.one_of(st.just(budget), cents))
    quantitative = []
    for k in range(12):
        kind = draw(st.sampled_from(sorted(_KIND)))
        if draw(st.booleans()):  # a tie: 3 × 1.43 ÷ 6 = 0.715 at 2 places
            weight, target, actual = D(3), D(6), D("1.43")
        else:
            weight = draw(st.sampled_from([D(4), D("5.5"), D(3), D("7.25")]))
            target = draw(st.one_of(st.just(D(0)), cents))
            actual = draw(st.one_of(st.just(D(0)), st.just(target), cents))
        quantitative.append(Indicator(f"Q{k:02d}", weight=weight, target=Target(_KIND[kind], target), actual=Actual.number(actual)))
    qualitative = [
        Indicator(f"L{k}", weight=D(4), target=Target(Direction.QUALITATIVE, text="达成"), assessment=draw(st.sampled_from(_LEVELS)))
        for k in range(4)
    ]
    satisfaction = Indicator("满意度", weight=D(10), target=Target(Direction.GE, D(draw(st.integers(80, 95)))), actual=Actual.number(draw(cents)))
    return SelfEvaluation(
        Project("W1", 2024),
        Funds.single(adjusted=budget, executed=executed),
        (
            Indicator("指标", code="output", children=(*quantitative, *qualitative)),
            Indicator("满意度", code="satisfaction", children=(satisfaction,)),
        ),
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(cards(), min_size=1, max_size=4))
def test_explained_compiled_and_kernel_agree_item_by_item(batch):
    explained = [evaluate(RUBRIC, se) for se in batch]
    compiled = [PLAN.score(se) for se in batch]
    result = kernel.score_columns(kernel.columns(batch, RUBRIC), RUBRIC)
    for i, (e, c) in enumerate(zip(explained, compiled, strict=True)):
        items = [leaf.score for leaf in e.leaves()]
        assert (c.total, c.grade.code) == (e.total, e.grade.code)
        assert [score for _, score in c.item_scores] == items
        assert (result.total(i), result.grade(i).code) == (e.total, e.grade.code)
        assert list(result.item_scores(i)) == items


def test_a_tie_rounds_half_up_on_every_path():
    """3 × 1.43 ÷ 6 = 0.715 exactly: 0.72 on all three paths (a float kernel says 0.71)."""
    se = SelfEvaluation(
        Project("W1", 2024), Funds.single(adjusted=D(100), executed=D(100)),
        (Indicator("指标", code="output", children=(
            Indicator("tie", weight=D(3), target=Target(Direction.GE, D(6)), actual=Actual.number(D("1.43"))),
            Indicator("rest", weight=D(77), target=Target(Direction.GE, D(1)), actual=Actual.number(D(1))),
         )),
         Indicator("满意度", code="satisfaction", children=(Indicator("满意度", weight=D(10), target=Target(Direction.GE, D(90)), actual=Actual.number(D(95))),))),
    )  # fmt: skip
    e = evaluate(RUBRIC, se)
    assert e.node("output/tie").score == D("0.72")
    assert dict(PLAN.score(se).item_scores)["output/tie"] == D("0.72")
    result = kernel.score_columns(kernel.columns([se], RUBRIC), RUBRIC)
    assert D("0.72") in list(result.item_scores(0)) and result.total(0) == e.total == D("97.72")
