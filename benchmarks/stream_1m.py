"""Streaming at scale: 1,000,000 W1 cards from a Parquet file with decimal columns, on every core.

    .venv/bin/python benchmarks/stream_1m.py [--n 1000000] [--workers 2] [--file /tmp/w1-1m.parquet]

Writes the file once (W1 cards of the shared harness, ``../shared/bench/gen.py``, in chunks with
successive seeds; decimal128 columns in the kernel's layout, one row group per 65,536 cards),
then times ``perfrules.scale.score_many(path, W1, workers=N, keep=["id"])`` end to end — reading,
scoring, and the result batches back in order — and prints cards/s, wall time and the peak RSS of
this process and of the largest worker. The first and the last chunk are checked card by card
against the harness's hand-written Decimal reference (totals and grades). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
sys.path[:0] = [str(ROOT / "src"), str(BENCH), str(Path(__file__).resolve().parent)]

import gen  # noqa: E402  (the shared harness's W1 generator)
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import ref_decimal  # noqa: E402  (the harness's hand-written Decimal reference)
from w1_adapter import RUBRIC  # noqa: E402

from perfrules.scale import score_many  # noqa: E402

CHUNK = 65_536
_KIND = {"positive": "≥", "reverse": "≤", "exact": "=", "qualitative": "qualitative"}
D = pa.decimal128
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("budget", D(12, 2)),
        ("executed", D(12, 2)),
        ("output.weight", pa.list_(D(6, 2))),
        ("output.direction", pa.list_(pa.string())),
        ("output.target", pa.list_(D(14, 4))),
        ("output.actual", pa.list_(D(14, 4))),
        ("output.assessment", pa.list_(pa.string())),
        ("satisfaction.weight", pa.list_(D(6, 2))),
        ("satisfaction.direction", pa.list_(pa.string())),
        ("satisfaction.target", pa.list_(D(8, 2))),
        ("satisfaction.actual", pa.list_(D(8, 2))),
    ]
)


def to_batch(cards: list[dict]) -> pa.RecordBatch:
    """W1 cards as one record batch of the kernel's columns (decimal128, no float)."""
    inds = [c["indicators"] for c in cards]
    sat = [c["satisfaction"] for c in cards]
    return pa.RecordBatch.from_pydict(
        {
            "id": [c["id"] for c in cards],
            "budget": [c["funds"]["budget"] for c in cards],
            "executed": [c["funds"]["executed"] for c in cards],
            "output.weight": [[i["weight"] for i in row] for row in inds],
            "output.direction": [[_KIND[i["kind"]] for i in row] for row in inds],
            "output.target": [[i["target"] for i in row] for row in inds],
            "output.actual": [[i["actual"] for i in row] for row in inds],
            "output.assessment": [[i["level"] for i in row] for row in inds],
            "satisfaction.weight": [[s["weight"]] for s in sat],
            "satisfaction.direction": [["≥"]] * len(sat),
            "satisfaction.target": [[s["target"]] for s in sat],
            "satisfaction.actual": [[s["actual"]] for s in sat],
        },
        schema=SCHEMA,
    )


def chunk_cards(k: int, size: int) -> list[dict]:
    cards = gen.generate(size, gen.DEFAULT_SEED + k)
    for j, c in enumerate(cards):
        c["id"] = f"C{k:04d}-{j:06d}"
    return cards


def write(path: Path, n: int) -> None:
    start = time.perf_counter()
    with pq.ParquetWriter(path, SCHEMA) as writer:
        for k in range(0, (n + CHUNK - 1) // CHUNK):
            size = min(CHUNK, n - k * CHUNK)
            writer.write_batch(to_batch(chunk_cards(k, size)), row_group_size=CHUNK)
    print(f"wrote {n:,} cards to {path} in {time.perf_counter() - start:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)")


def check(results: dict[int, list[pa.RecordBatch]], n: int) -> int:
    """Cards of the first and the last chunk whose total or grade differs from the reference."""
    last = (n - 1) // CHUNK
    wrong = 0
    for k in sorted({0, last}):
        cards = chunk_cards(k, min(CHUNK, n - k * CHUNK))
        got = pa.Table.from_batches(results[k])
        totals, grades = got.column("total").to_pylist(), got.column("grade_label").to_pylist()
        ids = got.column("id").to_pylist()
        for j, card in enumerate(cards):
            assert ids[j] == card["id"]
            wrong += (totals[j], grades[j]) != ref_decimal.score_card(card)
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--file", type=Path, default=Path("/tmp/perfrules-w1-1m.parquet"))
    parser.add_argument("--batch-size", type=int, default=16_384)
    args = parser.parse_args()
    if not args.file.exists() or pq.ParquetFile(args.file).metadata.num_rows != args.n:
        write(args.file, args.n)
    seen = [0]

    def progress(done: int, total: int | None) -> None:
        seen[0] = done

    last = (args.n - 1) // CHUNK
    start = time.perf_counter()
    kept: dict[int, list[pa.RecordBatch]] = {0: [], last: []}  # the first and last chunks' results, for the check
    errors = rows = 0
    for index, batch in enumerate(score_many(args.file, RUBRIC, workers=args.workers, batch_size=args.batch_size, keep=["id"], progress=progress)):
        errors += batch.num_rows - batch.column("error").null_count
        rows += batch.num_rows
        if (rows - batch.num_rows) // CHUNK in kept:
            kept[(rows - batch.num_rows) // CHUNK].append(batch)  # the others are dropped as they come
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{rows:,} cards, {args.workers} workers: {wall:.2f} s wall, {rows / wall:,.0f} cards/s")
    print(f"peak RSS: this process {own:.0f} MiB, largest worker {children:.0f} MiB")
    print(f"rows with an error: {errors}; progress reported {seen[0]:,}")
    print(f"checked against the reference: {check(kept, args.n)} mismatches in the first and last chunk")


if __name__ == "__main__":
    main()
