"""Streaming: :func:`score_many` scores an unbounded source lazily, in order, in bounded memory, on several cores.

Two kinds of source, two kinds of result — columns in, columns out; records in, records out:

* **Arrow** — a Parquet or Arrow IPC file (path), a ``pyarrow`` table, record batch, reader or
  iterable of record batches: each batch goes through :func:`~perfrules.scale.batch.score_record_batch`
  and the result batches come back in order. With ``workers > 1`` each worker reads its own row
  groups (Parquet) or record batches (IPC) of a file, so nothing is copied between processes but
  the results.
* **records** — any iterable of plan inputs (mappings of plain values) or
  :class:`~perfrules.model.self_evaluation.SelfEvaluation`: each goes through the compiled plan
  (:func:`perfrules.compile_rubric`) and a :class:`~perfrules.compiled.plan.Scored` comes back — or,
  for an input that could not be scored, a :class:`RowError` in its place. Nothing is dropped.

At most ``2 × workers`` pieces are in flight, so memory stays bounded whatever the source's size.
Workers are started with ``spawn`` (safe beside Arrow's and numpy's threads) and get the rubric
once each.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from perfrules.compiled.plan import Plan, Scored, compile_rubric
from perfrules.exceptions import FloatRefusedError, InvalidInputError, WrongTypeError
from perfrules.rubrics.rubric import Rubric
from perfrules.scale.batch import score_record_batch

__all__ = ["RowError", "score_many"]

#: ``progress(rows_done, rows_total)``; the total is ``None`` when the source does not say
Progress = Callable[[int, "int | None"], None]
_MAX_WORKERS = 64
_END = object()  # an iterator's end (None is an input like any other)


@attrs.frozen
class RowError:
    """An input of :func:`score_many` that could not be scored, in its place in the results.

    Attributes:
        index: its position in the source (0-based).
        error: the error, naming the field.
        input: the input as given.
    """

    index: int
    error: Exception
    input: Any = attrs.field(repr=False)
    ok = False

    def __str__(self) -> str:
        return f"inputs[{self.index}]: {self.error}"


# ---- the worker side: the rubric (and its plan) arrive once per process ----------------------------

_STATE: dict[str, Any] = {}


def _start(rubric: Rubric, keep: Sequence[str] | None, prefix: str) -> None:
    _STATE.update(rubric=rubric, keep=keep, prefix=prefix, plan=None)
    pa.set_memory_pool(pa.system_memory_pool())  # a worker's batches come and go: give memory back as they go


def _score_batch(batch: pa.RecordBatch, first_row: int = 0) -> pa.RecordBatch:
    return score_record_batch(batch, _STATE["rubric"], keep=_STATE["keep"], prefix=_STATE["prefix"], first_row=first_row)


def _read_piece(path: str, kind: str, piece: int, batch_size: int) -> Iterator[pa.RecordBatch]:
    """The batches of one row group (Parquet) or record batch (IPC), read one at a time."""
    what = "row group" if kind == "parquet" else "record batch"
    try:
        if kind == "parquet":
            yield from pq.ParquetFile(path).iter_batches(batch_size=batch_size, row_groups=[piece])
            return
        with pa.memory_map(path) as f:
            yield pa.ipc.open_file(f).get_batch(piece)
    except (OSError, pa.ArrowException) as e:
        raise InvalidInputError(f"cannot read {what} {piece} of {Path(path).name}: {e}", path="source") from None


def _score_piece(path: str, kind: str, piece: int, batch_size: int, first_row: int) -> list[pa.RecordBatch]:
    out = []
    for batch in _read_piece(path, kind, piece, batch_size):
        out.append(_score_batch(batch, first_row))
        first_row += batch.num_rows
    return out


def _plan() -> Plan:
    if _STATE.get("plan") is None:
        _STATE["plan"] = compile_rubric(_STATE["rubric"])
    return _STATE["plan"]


def _score_records(plan: Plan, start: int, records: list[Any]) -> list[tuple[Any, ...]]:
    """Per record: ``("ok", total, grade index, findings, items)`` or ``("error", exception)``."""
    bands = plan.rubric.grades.bands
    out: list[tuple[Any, ...]] = []
    for offset, data in enumerate(records):
        try:
            s = plan.score(data)
        except (InvalidInputError, FloatRefusedError) as e:
            out.append(("error", e))
            continue
        out.append(("ok", s.total, bands.index(s.grade), s.findings, s.item_scores))
    return out


def _score_records_in_worker(start: int, records: list[Any]) -> list[tuple[Any, ...]]:
    return _score_records(_plan(), start, records)


# ---- the caller's side --------------------------------------------------------------------------------


def _workers(workers: int) -> int:
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise WrongTypeError(f"workers must be an int, got {type(workers).__name__}", path="workers", value=workers)
    if workers == 0:
        workers = os.cpu_count() or 1
    if not 1 <= workers <= _MAX_WORKERS:
        raise InvalidInputError(f"workers must be 0 (one per core) or 1–{_MAX_WORKERS}, not {workers}", path="workers")
    return workers


def _positive(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"{name} must be a positive int, not {value!r}", path=name)
    return value


def _file_pieces(path: Path, batch_size: int) -> tuple[str, list[int], list[int]]:
    """``(kind, pieces, rows per piece)`` of a Parquet (row groups) or Arrow IPC file (record batches)."""
    if not path.is_file():
        raise InvalidInputError(f"no such file: {path}", path="source")
    try:
        with path.open("rb") as f:
            head = f.read(6)
        if head[:4] == b"PAR1":
            meta = pq.ParquetFile(path).metadata
            return "parquet", list(range(meta.num_row_groups)), [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
        if head == b"ARROW1":
            with pa.memory_map(str(path)) as f:
                reader = pa.ipc.open_file(f)
                return "ipc", list(range(reader.num_record_batches)), [reader.get_batch(i).num_rows for i in range(reader.num_record_batches)]
    except (OSError, pa.ArrowException) as e:
        raise InvalidInputError(f"cannot read {path.name}: {e}", path="source") from None
    raise InvalidInputError(f"{path.name} is neither a Parquet nor an Arrow IPC file", path="source")


def _ordered(futures: Iterator[Callable[[], Future[Any]]], depth: int) -> Iterator[Any]:
    """The results of lazily submitted tasks in submission order, at most ``depth`` in flight."""
    pending: deque[Future[Any]] = deque()
    for submit in futures:
        pending.append(submit())
        if len(pending) >= depth:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _pool(workers: int, rubric: Rubric, keep: Sequence[str] | None, prefix: str) -> Executor:
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start, initargs=(rubric, keep, prefix))


def _arrow_batches(source: Any) -> Iterator[pa.RecordBatch] | None:
    if isinstance(source, pa.RecordBatch):
        return iter([source])
    if isinstance(source, pa.Table):
        return iter(source.to_batches())
    if isinstance(source, pa.RecordBatchReader):
        return iter(source)
    return None


def score_many(
    source: Any,
    rubric: Rubric,
    *,
    workers: int = 1,
    batch_size: int = 16_384,
    chunk_size: int = 256,
    keep: Sequence[str] | None = None,
    prefix: str = "",
    progress: Progress | None = None,
) -> Iterator[Any]:
    """Score every table of ``source`` with ``rubric``, lazily and in order; see the module docstring.

    Args:
        source: a Parquet or Arrow IPC file path, an Arrow table, batch, reader or iterable of
            batches (result: record batches, :func:`~perfrules.scale.batch.score_record_batch`'s), or
            an iterable of plan inputs or self-evaluations (result: ``Scored`` or :class:`RowError`
            per input).
        workers: processes to score in (``1``: this one; ``0``: one per core).
        batch_size: rows per batch read from a file (Parquet row groups larger than this are split).
        chunk_size: records per task sent to a worker.
        keep, prefix: as :func:`~perfrules.scale.batch.score_record_batch` (Arrow sources).
        progress: called as ``progress(rows_done, rows_total)`` after each batch or chunk.

    Raises:
        InvalidInputError: an argument is out of range, or the file cannot be read.
        KernelUnsupportedError: an Arrow source under a rubric the columnar path does not compute.
    """
    if not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
    workers = _workers(workers)
    if progress is not None and not callable(progress):
        raise WrongTypeError(f"progress must be callable, got {type(progress).__name__}", path="progress", value=progress)
    batch_size = _positive(batch_size, "batch_size")
    chunk_size = _positive(chunk_size, "chunk_size")
    if isinstance(source, (str, os.PathLike)):
        return _from_file(Path(source), rubric, workers, batch_size, keep, prefix, progress)
    batches = _arrow_batches(source)
    if batches is not None:
        return _from_batches(batches, rubric, workers, keep, prefix, progress, None)
    if isinstance(source, (bytes, bytearray, Mapping)) or not isinstance(source, Iterable):
        raise WrongTypeError(
            f"expected a file path, Arrow data or an iterable of inputs, got {type(source).__name__}", path="source"
        )
    items = iter(source)
    first = next(items, _END)
    if first is _END:
        return iter(())
    items = itertools.chain([first], items)
    if isinstance(first, (pa.RecordBatch, pa.Table)):  # an iterable of Arrow data: batches in, batches out
        batches = itertools.chain.from_iterable(_arrow_batches(b) or iter([b]) for b in items)
        return _from_batches(batches, rubric, workers, keep, prefix, progress, None)
    return _from_items(items, rubric, workers, chunk_size, keep, prefix, progress)


def _from_file(path: Path, rubric: Rubric, workers: int, batch_size: int, keep: Sequence[str] | None, prefix: str, progress: Progress | None) -> Iterator[pa.RecordBatch]:
    kind, pieces, rows = _file_pieces(path, batch_size)
    total = sum(rows)
    starts = list(itertools.accumulate(rows, initial=0))
    if workers == 1:  # in this process: the file's batches, one at a time
        batches = (batch for piece in pieces for batch in _read_piece(str(path), kind, piece, batch_size))
        yield from _from_batches(batches, rubric, 1, keep, prefix, progress, total)
        return
    with _pool(workers, rubric, keep, prefix) as pool:
        submits = (lambda p=p, i=i: pool.submit(_score_piece, str(path), kind, p, batch_size, starts[i]) for i, p in enumerate(pieces))
        done = 0
        for results, count in zip(_ordered(submits, 2 * workers), rows, strict=True):
            yield from results
            done += count
            if progress is not None:
                progress(done, total)


def _checked(batches: Iterator[Any]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        if not isinstance(batch, pa.RecordBatch):
            raise WrongTypeError(f"expected record batches, got {type(batch).__name__}", path="source")
        yield batch


def _from_batches(batches: Iterator[pa.RecordBatch], rubric: Rubric, workers: int, keep: Sequence[str] | None, prefix: str, progress: Progress | None, total: int | None) -> Iterator[pa.RecordBatch]:
    done = 0
    batches = _checked(batches)
    if workers == 1:
        for batch in batches:
            yield score_record_batch(batch, rubric, keep=keep, prefix=prefix, first_row=done)
            done += batch.num_rows
            if progress is not None:
                progress(done, total)
        return
    with _pool(workers, rubric, keep, prefix) as pool:
        sizes: deque[int] = deque()

        def submits() -> Iterator[Callable[[], Future[Any]]]:
            start = 0
            for batch in batches:
                sizes.append(batch.num_rows)
                yield lambda b=batch, s=start: pool.submit(_score_batch, b, s)
                start += batch.num_rows

        for result in _ordered(submits(), 2 * workers):
            yield result
            done += sizes.popleft()
            if progress is not None:
                progress(done, total)


def _from_items(items: Iterator[Any], rubric: Rubric, workers: int, chunk_size: int, keep: Sequence[str] | None, prefix: str, progress: Progress | None) -> Iterator[Scored | RowError]:
    plan = compile_rubric(rubric)
    bands = rubric.grades.bands
    chunks = ((start, list(itertools.islice(items, chunk_size))) for start in itertools.count(0, chunk_size))
    chunks = itertools.takewhile(lambda c: bool(c[1]), chunks)
    done = 0

    def results(start: int, records: list[Any], scored: list[tuple[Any, ...]]) -> Iterator[Scored | RowError]:
        for offset, (data, got) in enumerate(zip(records, scored, strict=True)):
            if got[0] == "error":
                yield RowError(start + offset, got[1], data)
            else:
                _, total, grade, findings, item_scores = got
                yield Scored(total, bands[grade], findings, item_scores, plan, data)

    if workers == 1:
        for start, records in chunks:
            yield from results(start, records, _score_records(plan, start, records))
            done += len(records)
            if progress is not None:
                progress(done, None)
        return
    with _pool(workers, rubric, keep, prefix) as pool:
        held: deque[tuple[int, list[Any]]] = deque()

        def submits() -> Iterator[Callable[[], Future[Any]]]:
            for start, records in chunks:
                held.append((start, records))
                yield lambda s=start, r=records: pool.submit(_score_records_in_worker, s, r)

        for scored in _ordered(submits(), 2 * workers):
            start, records = held.popleft()
            yield from results(start, records, scored)
            done += len(records)
            if progress is not None:
                progress(done, None)

