"""Columnar test data for the scale-out paths: W1-shaped rows as an Arrow table, some of them broken.

Each row: execution (budget, executed), six ``output`` items (≥, ≤, = and qualitative, with exact
.xx5 ties among them) and one ``satisfaction`` item — under the W1 rubric of ``tests/w1.py``. The
self-evaluation a row stands for is built here independently of perfrules' own column readers, so
the engines' results can be compared with ``evaluate()`` on it.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq

import perfrules
from perfrules import Actual, Assessment, Direction, Funds, Indicator, Project, SelfEvaluation, Target

D = pa.decimal128
SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("budget", D(12, 2)),
        ("executed", D(12, 2)),
        ("output.weight", pa.list_(D(6, 2))),
        ("output.direction", pa.list_(pa.string())),
        ("output.target", pa.list_(D(12, 3))),
        ("output.actual", pa.list_(D(12, 3))),
        ("output.assessment", pa.list_(pa.string())),
        ("satisfaction.weight", pa.list_(D(6, 2))),
        ("satisfaction.direction", pa.list_(pa.string())),
        ("satisfaction.target", pa.list_(D(8, 2))),
        ("satisfaction.actual", pa.list_(D(8, 2))),
    ]
)
WEIGHTS = [Decimal(w) for w in ("17.5", "12.5", "15", "15", "10", "10")]  # 80 points
KINDS = ["≥", "≥", "≤", "=", "qualitative", "qualitative"]
LEVELS = ["达成", "部分达成", "未达成", "achieved", "partly_achieved"]
#: the ways a row is broken, and a word of the error it gives
BREAKS = {"direction": "is not a direction", "assessment": "is not one of"}


def _cents(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randint(lo, hi)).scaleb(-2)


def row(rng: random.Random, i: int) -> dict:
    budget = _cents(rng, 0, 10**7) if rng.random() > 0.05 else Decimal("0.00")
    executed = budget if rng.random() < 0.2 else _cents(rng, 0, 12 * 10**6)
    target, actual, assessment = [], [], []
    for kind in KINDS:
        if kind == "qualitative":
            target.append(None)
            actual.append(None)
            assessment.append(rng.choice(LEVELS))
            continue
        t = Decimal(rng.randint(0, 2000)).scaleb(-1)
        # a tie now and then: 7/8 of 17.5 = 15.3125, 3/8 of 12.5 = 4.6875 …
        a = t * Decimal(rng.choice([7, 3, 5, 9])) / 8 if rng.random() < 0.3 else Decimal(rng.randint(0, 250000)).scaleb(-3)
        target.append(t)
        actual.append(a.quantize(Decimal("0.001")))
        assessment.append(None)
    return {
        "id": i,
        "budget": budget,
        "executed": executed,
        "output.weight": list(WEIGHTS),
        "output.direction": list(KINDS),
        "output.target": target,
        "output.actual": actual,
        "output.assessment": assessment,
        "satisfaction.weight": [Decimal(10)],
        "satisfaction.direction": ["≥"],
        "satisfaction.target": [Decimal(90)],
        "satisfaction.actual": [_cents(rng, 6000, 10000)],
    }


def rows(n: int, *, seed: int = 7, broken: dict[int, str] | None = None) -> list[dict]:
    """``n`` rows; ``broken`` maps a row number to the way it is broken (a key of :data:`BREAKS`)."""
    rng = random.Random(seed)
    out = [row(rng, i) for i in range(n)]
    for i, how in (broken or {}).items():
        if how == "direction":
            out[i]["output.direction"][1] = "≈"
        elif how == "assessment":
            out[i]["output.assessment"][4] = "很好"
        else:
            raise ValueError(how)
    return out


def table(data: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(data, schema=SCHEMA)


def _leaf(name: str, weight: Decimal, direction: str, target, actual, assessment) -> Indicator:
    if direction == "qualitative":
        level = {a.label_zh: a for a in Assessment} | {a.value: a for a in Assessment}
        return Indicator(name=name, weight=weight, target=Target(Direction.QUALITATIVE), assessment=level[assessment])
    return Indicator(name=name, weight=weight, target=Target(Direction(direction), target), actual=Actual.number(actual))


def self_evaluation(r: dict) -> SelfEvaluation:
    """The self-evaluation row ``r`` stands for (for a row that is not broken)."""
    groups = []
    for block, name in (("output", "指标"), ("satisfaction", "满意度")):
        fields = [r[f"{block}.{f}"] for f in ("weight", "direction", "target", "actual")]
        assessments = r.get(f"{block}.assessment") or [None] * len(fields[0])
        leaves = tuple(
            _leaf(f"{block}-{j + 1}", w, d, t, a, s) for j, (w, d, t, a, s) in enumerate(zip(*fields, assessments, strict=True))
        )
        groups.append(Indicator(name=name, code=block, children=leaves))
    return SelfEvaluation(Project("columns", 2024), Funds.single(adjusted=r["budget"], executed=r["executed"]), tuple(groups))


def parquet(directory, name: str, n: int, *, seed: int, broken: dict[int, str], row_group_size: int) -> tuple:
    """``(path, rows)``: ``n`` rows written to ``directory/name`` as Parquet in row groups of the size given."""
    data = rows(n, seed=seed, broken=broken)
    path = directory / name
    pq.write_table(table(data), path, row_group_size=row_group_size)
    return path, data


def evaluated(rubric, data: list[dict], broken: dict[int, str] | None = None) -> list[tuple | None]:
    """Per row, ``evaluate()``'s (total, grade code, grade label, item scores); ``None`` for a broken row."""
    out: list[tuple | None] = []
    for i, r in enumerate(data):
        if broken and i in broken:
            out.append(None)
            continue
        result = perfrules.evaluate(rubric, self_evaluation(r))
        out.append((result.total, result.grade.code, result.grade.label_zh, [leaf.score for leaf in result.leaves()]))
    return out
