"""W1 benchmark adapter for perfrules' Arrow path (perfrules.scale.score_record_batch):

    cd ../shared/bench && BENCH_CALLER_CWD=$PWD/../../main python run.py --adapter benchmarks/w1_arrow_adapter.py --only arrow

The cards become one Arrow record batch of decimal128 columns in the kernel's layout (the batch
benchmarks/stream_1m.py writes to Parquet); score_record_batch reads the decimals straight from
their buffers, scores every row with the exact kernel (rows it does not compute by evaluate()) and
returns totals, grades and item scores as decimal128 columns. score_all() is timed end to end (the
cards → Arrow conversion included); prepare() builds the batch untimed — the case of a Parquet file
or a Spark or Dask partition, where the data already is Arrow.
"""

import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
for path in (str(HERE.parent / "src"), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import pyarrow as pa
from stream_1m import to_batch
from w1_adapter import RUBRIC

import perfrules
from perfrules.scale import score_record_batch

NAME = "perfrules, Arrow batch"
NOTE = f"perfrules {perfrules.__version__}: perfrules.scale.score_record_batch, decimal128 columns in and out"


def prepare(cards: list[dict]) -> pa.RecordBatch:
    for i, card in enumerate(cards):
        card.setdefault("id", str(i))
    return to_batch(cards)


def score_prepared(batch: pa.RecordBatch) -> list[tuple[Decimal, str]]:
    out = score_record_batch(batch, RUBRIC, keep=[])
    return list(zip(out.column("total").to_pylist(), out.column("grade_label").to_pylist(), strict=True))


def score_all(cards: list[dict]) -> list[tuple[Decimal, str]]:
    return score_prepared(prepare(cards))


def item_scores(card: dict) -> list[Decimal]:
    return score_record_batch(prepare([dict(card)]), RUBRIC, keep=[]).column("item_scores").to_pylist()[0]
