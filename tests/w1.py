"""The W1 benchmark's rubric (the one ``benchmarks/w1_adapter.py`` scores), for the tests of the fast paths.

Execution 10 (0 at a budget of 0 even with nothing spent, capped above 100 %), indicators 80
(≥ proportional, ≤ ratio, = two-sided, qualitative 100/70/30 %), satisfaction 10; items rounded
half-up to 2 places.
"""

from __future__ import annotations

from perfrules import (
    Block,
    BlockSource,
    BudgetExecution,
    Equal,
    EqualVariant,
    OverBudget,
    Rubric,
    ScoringRules,
    ZeroBudget,
)


def w1_rubric(**kw) -> Rubric:
    """The W1 benchmark's rubric (benchmarks/w1_adapter.py), with overrides."""
    execution = kw.pop("execution", BudgetExecution(over_budget=OverBudget.CAP, zero_budget_unspent=ZeroBudget.ZERO))
    rules = kw.pop("rules", ScoringRules(equal=Equal(EqualVariant.TWO_SIDED)))
    return Rubric(
        code="w1",
        title_zh="W1",
        title_en="W1",
        blocks=(
            Block("execution", "预算执行", "execution", 10, BlockSource.FUNDS),
            Block("output", "指标", "indicators", 80),
            Block("satisfaction", "满意度", "satisfaction", 10),
        ),
        execution=execution,
        rules=rules,
        **kw,
    )
