"""W1 benchmark adapter for perfrules' exact vectorised kernel (perfrules.kernel):

    cd ../shared/bench && BENCH_CALLER_CWD=$PWD/../../main python run.py --adapter benchmarks/w1_kernel_adapter.py --only kernel,numpy

The W1 rubric of benchmarks/w1_adapter.py. The cards become decimal columns (one list per field,
one entry per indicator), perfrules.kernel.columns() reads them into scaled int64 arrays and
perfrules.kernel.score_columns() scores all cards at once with integer division and remainder
(half-up exact at every tie, no float); rows it does not compute go through perfrules.evaluate().
score_all() is timed end to end (the conversion included); prepare() builds the columns untimed.
"""

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.append(HERE)

from w1_adapter import RUBRIC

import perfrules
from perfrules import Assessment, Direction, kernel

NAME = "perfrules, exact kernel"
NOTE = f"perfrules {perfrules.__version__}: perfrules.kernel, scaled int64 columns, exact half-up by divmod"

_DIR = {"positive": Direction.GE, "reverse": Direction.LE, "exact": Direction.EQ, "qualitative": Direction.QUALITATIVE}
_LEVEL = {"达成": Assessment.ACHIEVED, "部分达成": Assessment.PARTLY, "未达成": Assessment.NOT_ACHIEVED, None: None}
_GE = Direction.GE
_LABELS = [band.label_zh for band in RUBRIC.grades.bands]


def to_columns(cards: list[dict]) -> dict:
    """The cards as the kernel's decimal columns (funds; blocks output and satisfaction)."""
    weight, direction, target, actual, level = [], [], [], [], []
    for c in cards:
        inds = c["indicators"]
        weight.append([i["weight"] for i in inds])
        direction.append([_DIR[i["kind"]] for i in inds])
        target.append([i["target"] for i in inds])
        actual.append([i["actual"] for i in inds])
        level.append([_LEVEL[i["level"]] for i in inds])
    sats = [c["satisfaction"] for c in cards]
    return {
        "budget": [c["funds"]["budget"] for c in cards],
        "executed": [c["funds"]["executed"] for c in cards],
        "output.weight": weight,
        "output.direction": direction,
        "output.target": target,
        "output.actual": actual,
        "output.assessment": level,
        "satisfaction.weight": [[s["weight"]] for s in sats],
        "satisfaction.direction": [[_GE]] * len(sats),
        "satisfaction.target": [[s["target"]] for s in sats],
        "satisfaction.actual": [[s["actual"]] for s in sats],
    }


def prepare(cards: list[dict]) -> kernel.Columns:
    return kernel.columns(to_columns(cards), RUBRIC)


def score_prepared(cols: kernel.Columns) -> list[tuple[Decimal, str]]:
    result = kernel.score_columns(cols, RUBRIC)
    return list(zip(result.total_list(), [_LABELS[c] for c in result.grade_codes.tolist()], strict=True))


def score_all(cards: list[dict]) -> list[tuple[Decimal, str]]:
    return score_prepared(prepare(cards))


def item_scores(card: dict) -> list[Decimal]:
    return kernel.score_columns(prepare([card]), RUBRIC).item_scores(0)
