"""W1 benchmark adapter for perfrules:  ../shared/bench/run.sh --adapter benchmarks/w1_adapter.py

The W1 rules as a perfrules rubric: execution 10 (0 at budget 0 even with nothing spent, capped above
100 %), 16 indicators worth 80 (≥ proportional, ≤ ratio variant, = two-sided,
qualitative 100/70/30 %), satisfaction 10; items rounded half-up to 2 places.
"""

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import perfrules  # noqa: E402
from perfrules import (  # noqa: E402
    Actual,
    Assessment,
    Block,
    BlockSource,
    BudgetExecution,
    Direction,
    Equal,
    EqualVariant,
    Funds,
    Indicator,
    OverBudget,
    Project,
    Rubric,
    ScoringRules,
    SelfEvaluation,
    Target,
    ZeroBudget,
)

NAME = "perfrules"
NOTE = f"perfrules {perfrules.__version__}: general evaluate() (exact rationals, explanations, findings) per card"

RUBRIC = Rubric(
    code="w1",
    title_zh="W1",
    title_en="W1",
    blocks=(
        Block("execution", "预算执行", "execution", 10, BlockSource.FUNDS),
        Block("output", "指标", "indicators", 80),
        Block("satisfaction", "满意度", "satisfaction", 10),
    ),
    # W1: 0 points at budget 0 whether or not anything was spent (perfrules' default for nothing
    # budgeted and nothing spent is N/A)
    execution=BudgetExecution(over_budget=OverBudget.CAP, zero_budget_unspent=ZeroBudget.ZERO),
    rules=ScoringRules(equal=Equal(EqualVariant.TWO_SIDED)),
)
_DIR = {"positive": Direction.GE, "reverse": Direction.LE, "exact": Direction.EQ}
_LEVEL = {"达成": Assessment.ACHIEVED, "部分达成": Assessment.PARTLY, "未达成": Assessment.NOT_ACHIEVED}
_PROJECT = Project("W1", 2024)


def _indicator(ind: dict) -> Indicator:
    if ind["kind"] == "qualitative":
        return Indicator(name=ind["name"], weight=ind["weight"], target=Target(Direction.QUALITATIVE, text="达成"),
                         assessment=_LEVEL[ind["level"]])
    return Indicator(name=ind["name"], weight=ind["weight"], target=Target(_DIR[ind["kind"]], ind["target"]),
                     actual=Actual.number(ind["actual"]))


def to_self_evaluation(card: dict) -> SelfEvaluation:
    f, s = card["funds"], card["satisfaction"]
    return SelfEvaluation(
        _PROJECT,
        Funds.single(adjusted=f["budget"], executed=f["executed"]),
        (
            Indicator(name="指标", code="output", children=tuple(_indicator(i) for i in card["indicators"])),
            Indicator(name="满意度", code="satisfaction", children=(
                Indicator(name="满意度", weight=s["weight"], target=Target(Direction.GE, s["target"]),
                          actual=Actual.number(s["actual"])),
            )),
        ),
    )


def _score(se: SelfEvaluation) -> tuple[Decimal, str]:
    r = perfrules.evaluate(RUBRIC, se)
    return r.total, r.grade.label_zh


def score_all(cards: list[dict]) -> list[tuple[Decimal, str]]:
    return [_score(to_self_evaluation(c)) for c in cards]


def item_scores(card: dict) -> list[Decimal]:
    r = perfrules.evaluate(RUBRIC, to_self_evaluation(card))
    return [n.score for n in r.leaves()]


def prepare(cards: list[dict]) -> list[SelfEvaluation]:
    return [to_self_evaluation(c) for c in cards]


def score_prepared(prepared: list[SelfEvaluation]) -> list[tuple[Decimal, str]]:
    return [_score(se) for se in prepared]
