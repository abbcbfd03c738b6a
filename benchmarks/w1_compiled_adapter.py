"""W1 benchmark adapter for perfrules' compiled batch path:
``../shared/bench/run.sh --adapter benchmarks/w1_compiled_adapter.py --only compiled``

The W1 rubric of ``w1_adapter.py`` compiled once (module level, untimed) into a
:class:`perfrules.compiled.Plan`; each card becomes a plan input (tuples of its Decimals)
and is scored exactly, with the same results as ``perfrules.evaluate`` item by item.
"""

import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
for p in (str(SRC), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from w1_adapter import RUBRIC

import perfrules
from perfrules.compiled import compile_rubric

NAME = "perfrules, compiled"
NOTE = f"perfrules {perfrules.__version__}: compile_rubric(W1) once, Plan.score per card (exact, explainable on demand)"

PLAN = compile_rubric(RUBRIC)
_DIR = {"positive": "≥", "reverse": "≤", "exact": "=", "qualitative": "qualitative"}
_LEVEL = {"达成": "achieved", "部分达成": "partly_achieved", "未达成": "not_achieved", None: None}
_PATHS: dict[str, str] = {}  # "Q01" -> "output/Q01", built once per name (the same str objects each time)


def _path(name: str) -> str:
    p = _PATHS.get(name)
    if p is None:
        p = _PATHS[name] = f"output/{name}"
    return p


def to_input(card: dict) -> dict:
    """A W1 card as a plan input."""
    f, s = card["funds"], card["satisfaction"]
    paths, dirs, levels = _PATHS, _DIR, _LEVEL
    items = [
        ((paths.get(i["name"]) or _path(i["name"])), i["weight"], dirs[i["kind"]], i["target"], i["actual"], levels[i["level"]])
        for i in card["indicators"]
    ]
    items.append(("satisfaction/满意度", s["weight"], "≥", s["target"], s["actual"], None))
    return {"funds": {"adjusted": f["budget"], "executed": f["executed"]}, "items": items}


def score_all(cards: list[dict]) -> list[tuple[Decimal, str]]:
    score = PLAN.score
    out = []
    for c in cards:
        r = score(to_input(c))
        out.append((r.total, r.grade.label_zh))
    return out


def item_scores(card: dict) -> list[Decimal]:
    return [v for _, v in PLAN.score(to_input(card)).item_scores]


def prepare(cards: list[dict]) -> list[dict]:
    return [to_input(c) for c in cards]


def score_prepared(prepared: list[dict]) -> list[tuple[Decimal, str]]:
    return [(r.total, r.grade.label_zh) for r in PLAN.score_many(prepared)]
