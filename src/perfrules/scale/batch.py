"""One Arrow function every engine builds on: :func:`score_record_batch` scores a record batch exactly.

The input columns are kept (all, some or none, by ``keep``) and four are added:

* ``total`` — ``decimal128(p, s)``, ``s`` the rubric's item places (the grid every score is on),
  ``p`` enough digits for the largest total the rubric allows;
* ``grade`` and ``grade_label`` — the band's code (``excellent``) and its Chinese label (``优``);
* ``item_scores`` — ``list<decimal128(p, s)>``, the rounded item scores in the order of
  :meth:`~perfrules.evaluation.result.EvaluationResult.leaves` (execution first);
* ``error`` — ``null``, or the error of a row that could not be scored, naming the row and the
  field (``rows[17].output[3].weight: …``); that row's scores are null. One bad row never fails the
  batch.

Every value equals :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`'s on the same row: the kernel scores the rows it
computes exactly in integers and :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` scores the rest. The result's schema is
exactly :func:`result_schema` (checked before the batch is returned), so an engine given that schema
never casts — Spark, for one, would silently round a decimal of more places than declared.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import pyarrow as pa

from perfrules.exceptions import InvalidInputError, PerfrulesError, WrongTypeError
from perfrules.kernel.plan import Plan, plan_for
from perfrules.kernel.score import KernelResult, score_columns
from perfrules.model.project import Project
from perfrules.rubrics.rubric import Rubric
from perfrules.scale.arrow_columns import arrow_columns, as_record_batch

__all__ = ["RESULT_COLUMNS", "result_schema", "score_record_batch", "score_type"]

#: the columns :func:`score_record_batch` adds, in order
RESULT_COLUMNS = ("total", "grade", "grade_label", "item_scores", "error")


def score_type(rubric: Rubric) -> pa.Decimal128Type:
    """``decimal128(p, s)`` of the rubric's scores: ``s`` its item places, ``p`` room for its largest total."""
    plan = plan_for(rubric)
    bound = max(plan.base, plan.ceiling or 0, *(b.points * plan.scale for b in plan.blocks))
    digits = len(str(bound)) + 1  # one digit of headroom: a total a scalar row reaches above the base is refused, not cut
    return pa.decimal128(min(38, max(digits, plan.places + 1)), plan.places)


def _result_fields(rubric: Rubric, prefix: str) -> list[pa.Field]:
    decimal = score_type(rubric)
    return [
        pa.field(f"{prefix}total", decimal),
        pa.field(f"{prefix}grade", pa.string()),
        pa.field(f"{prefix}grade_label", pa.string()),
        pa.field(f"{prefix}item_scores", pa.list_(decimal)),
        pa.field(f"{prefix}error", pa.string()),
    ]


def _kept(schema: pa.Schema, keep: Sequence[str] | None) -> list[str]:
    if keep is None:
        return list(schema.names)
    if isinstance(keep, str):
        raise InvalidInputError("keep must be a sequence of column names, not one string", path="keep")
    if not isinstance(keep, (list, tuple)) or not all(isinstance(k, str) for k in keep):
        raise WrongTypeError("keep must be a list or tuple of column names", path="keep", value=keep)
    unknown = [k for k in keep if k not in schema.names]
    if unknown:
        raise InvalidInputError(f"no such column to keep: {', '.join(map(str, unknown))}", path="keep")
    return list(keep)


def result_schema(rubric: Rubric, input_schema: pa.Schema | None = None, *, keep: Sequence[str] | None = None, prefix: str = "") -> pa.Schema:
    """The schema of :func:`score_record_batch`'s result: the kept input columns, then :data:`RESULT_COLUMNS`.

    Raises:
        KernelUnsupportedError: the rubric uses something the columnar path does not compute.
        InvalidInputError: a kept column does not exist, or a result column would clash with one.
    """
    if not isinstance(prefix, str):
        raise WrongTypeError(f"prefix must be text, got {type(prefix).__name__}", path="prefix", value=prefix)
    if input_schema is not None and not isinstance(input_schema, pa.Schema):
        raise WrongTypeError(f"expected a pyarrow Schema, got {type(input_schema).__name__}", path="input_schema")
    fields = _result_fields(rubric, prefix)
    kept = [] if input_schema is None else [input_schema.field(name) for name in _kept(input_schema, keep)]
    clash = {f.name for f in kept} & {f.name for f in fields}
    if clash:
        raise InvalidInputError(
            f"the input already has column(s) {', '.join(sorted(clash))}: keep others or pass a prefix", path="keep"
        )
    return pa.schema(kept + fields)


def _decimal_array(values: np.ndarray, valid: np.ndarray, kind: pa.Decimal128Type) -> pa.Array:
    """int64 ``value × 10^s`` → ``decimal128(p, s)``: each 128-bit value is the int64 and its sign word."""
    words = np.empty((len(values), 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = values >> 63
    null_count = int((~valid).sum())
    validity = pa.py_buffer(np.packbits(valid, bitorder="little")) if null_count else None
    return pa.Array.from_buffers(kind, len(values), [validity, pa.py_buffer(words)], null_count=null_count)


def _scaled(value: Decimal, places: int, limit: int) -> int | None:
    """A scalar row's score on the grid, or ``None`` if it is not on it or too big for the column."""
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        return None
    number = int(scaled)
    return number if abs(number) < limit else None


def _assemble(result: KernelResult, plan: Plan, kind: pa.Decimal128Type, first_row: int) -> tuple[pa.Array, ...]:
    n = result.n
    limit = 10**kind.precision
    totals = result.totals.copy()
    items = result.items.copy()
    width = items.shape[1]
    lengths = np.full(n, width, dtype=np.int64)
    valid = np.ones(n, dtype=bool)
    errors: list[str | None] = [None] * n
    codes = result.grade_codes.astype(np.int64)
    extra: dict[int, list[int]] = {}
    for i, error in result.errors.items():
        valid[i] = False
        errors[i] = str(error)
        lengths[i] = 0
    for i, evaluated in result.fallback.items():
        total = _scaled(evaluated.total, plan.places, limit)
        scores = [_scaled(leaf.score, plan.places, limit) for leaf in evaluated.leaves()]
        if total is None or None in scores:
            valid[i] = False
            codes[i] = -1
            lengths[i] = 0
            errors[i] = f"rows[{first_row + i}]: a score is not on the {plan.places}-place grid or too big for {kind}"
            continue
        totals[i] = total
        if len(scores) == width:
            items[i] = scores
        else:
            lengths[i] = len(scores)
            extra[i] = [s for s in scores if s is not None]
    totals[~valid] = 0
    if ((np.abs(totals) >= limit) & valid).any():
        raise PerfrulesError(f"a kernel total does not fit {kind}")  # the plan bounds every kernel total
    total_array = _decimal_array(totals, valid, kind)
    bands = result.rubric.grades.bands
    code_text = pa.array([b.code for b in bands] + [None], pa.string())
    label_text = pa.array([b.label_zh for b in bands] + [None], pa.string())
    index = pa.array(np.where(codes < 0, len(bands), codes))
    grade = code_text.take(index)
    label = label_text.take(index)
    if extra:
        flat = np.concatenate(
            [np.asarray(extra[i], dtype=np.int64) if i in extra else items[i] if valid[i] else np.zeros(0, dtype=np.int64) for i in range(n)]
        )
    else:
        items[~valid] = 0
        flat = items[valid].ravel() if not valid.all() else items.ravel()
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    values = _decimal_array(flat, np.ones(len(flat), dtype=bool), kind)
    item_array = pa.ListArray.from_arrays(pa.array(offsets), values, mask=pa.array(~valid))
    error_array = pa.array(errors, pa.string())
    return total_array, grade, label, item_array, error_array


def score_record_batch(
    batch: pa.RecordBatch | pa.Table,
    rubric: Rubric,
    *,
    keep: Sequence[str] | None = None,
    prefix: str = "",
    project: Project | None = None,
    first_row: int = 0,
) -> pa.RecordBatch:
    """Score every row of an Arrow batch of the kernel's columns; see the module docstring.

    Args:
        batch: a record batch (or table) laid out as :func:`perfrules.kernel.columns <perfrules.kernel.layout.columns>` reads.
        rubric: the rubric in force.
        keep: the input columns to keep (default: all).
        prefix: put before each result column's name (when the input has a ``total`` of its own).
        project: the project of the rows rebuilt for the scalar path (names no real project).
        first_row: the number of the batch's first row in the whole data, for the errors' ``rows[i]``.

    Raises:
        KernelUnsupportedError: the rubric uses something the columnar path does not compute (score
            such tables with :func:`perfrules.scale.score_many <perfrules.scale.stream.score_many>`).
        InvalidInputError, FloatRefusedError: a column is missing or of the wrong type — a problem
            of the whole batch; a problem of one row becomes that row's ``error``.
    """
    batch = as_record_batch(batch)
    if project is not None and not isinstance(project, Project):
        raise WrongTypeError(f"project must be a Project, got {type(project).__name__}", path="project", value=project)
    if isinstance(first_row, bool) or not isinstance(first_row, int) or first_row < 0:
        raise InvalidInputError(f"first_row must be a non-negative int, not {first_row!r}", path="first_row")
    schema = result_schema(rubric, batch.schema, keep=keep, prefix=prefix)
    kept = _kept(batch.schema, keep)
    plan = plan_for(rubric)
    result = score_columns(arrow_columns(batch, rubric, project=project), rubric, errors="collect", first_row=first_row)
    arrays = [batch.column(name) for name in kept] + list(_assemble(result, plan, score_type(rubric), first_row))
    out = pa.RecordBatch.from_arrays(arrays, schema=schema)
    if not out.schema.equals(schema):
        raise PerfrulesError(f"result schema {out.schema} differs from the declared {schema}")
    return out
