"""Arrow record batches → the kernel's exact :class:`~perfrules.kernel.layout.Columns`, without a Python object per value.

The columns are the kernel's layout (``budget``, ``executed``, ``initial``; per indicator block
``code.weight``, ``code.direction``, ``code.target``, ``code.actual``, ``code.assessment``,
``code.name`` as list columns, one entry per item). A ``decimal128(p, s)`` column stores each value
as a 128-bit integer ``value × 10^s``: its buffer is read as pairs of int64 words, a value whose high
word is the sign of its low word fits int64 and *is* the scaled integer, and moving it to the
kernel's scale is one exact multiplication or a division checked for a zero remainder. Integer
columns are read at scale 0. Nothing becomes a float or a ``Decimal`` on the way; a value that does
not fit is flagged and its row scored by :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`, as in
:func:`perfrules.kernel.columns <perfrules.kernel.layout.columns>`.

Problems of the whole batch raise (a missing column, a float or text column where numbers belong);
problems of one row (an unknown direction, a list of another length, a missing value) send the row
to the scalar path, which scores it or names the error in its own row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from perfrules.exceptions import FloatRefusedError, InvalidInputError, WrongTypeError
from perfrules.kernel.convert import LIMIT
from perfrules.kernel.layout import DIRECTION_CODES, Columns, ScaledBlock, assemble, finish_block, finish_funds
from perfrules.kernel.plan import LEVELS, Plan, plan_for
from perfrules.kernel.rows import rebuild
from perfrules.model.project import Project
from perfrules.rubrics.rubric import Rubric

__all__ = ["arrow_columns", "as_record_batch", "check_schema", "required_columns"]

_MAX_PLACES = 28
#: the directions the kernel computes, at their kernel code (a text's index here is its code)
_DIRECTIONS = pa.array(sorted((k for k in DIRECTION_CODES if isinstance(k, str)), key=DIRECTION_CODES.__getitem__))
#: an assessment's text at index ``code`` or ``code + len(LEVELS)``: its value or its Chinese label
_LEVELS = pa.array([lv.value for lv in LEVELS] + [lv.label_zh for lv in LEVELS])
_INT64_MIN = np.iinfo(np.int64).min
DEFAULT_PROJECT = Project("columns", 2024)


def as_record_batch(data: Any, path: str = "batch") -> pa.RecordBatch:
    """A record batch from a record batch or a table (its chunks combined)."""
    if isinstance(data, pa.RecordBatch):
        return data
    if isinstance(data, pa.Table):
        return data.combine_chunks().to_batches()[0] if data.num_rows else pa.RecordBatch.from_pylist([], schema=data.schema)
    raise WrongTypeError(f"expected a pyarrow RecordBatch or Table, got {type(data).__name__}", path=path)


def required_columns(plan: Plan) -> list[str]:
    """The columns a batch must have for ``plan``'s rubric (the others are optional)."""
    keys = [f"{b.code}.{f}" for b in plan.indicator_blocks for f in ("weight", "direction", "target")]
    if plan.funds_block:
        keys += ["executed", "initial" if plan.execution_initial else "budget"]
    return keys


_NUMBERS = ("budget", "executed", "initial")
_ITEM_NUMBERS = ("weight", "target", "actual")
_ITEM_TEXTS = ("direction", "assessment", "name")


def _item_type(kind: pa.DataType) -> pa.DataType | None:
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return kind.value_type
    return None if not pa.types.is_null(kind) else pa.null()


def _number_type_error(kind: pa.DataType) -> str | None:
    if pa.types.is_decimal256(kind) and kind.precision > 38:
        return f"is {kind}: wider than decimal128(38, s), which the columnar path reads; cast it (values that large are no budget figures)"
    if pa.types.is_floating(kind):
        return f"is {kind}: floats are refused (money, rates and scores must be exact); cast it to decimal(p, s)"
    if not (pa.types.is_decimal(kind) or pa.types.is_integer(kind) or pa.types.is_null(kind)):
        return f"is {kind}: expected decimal(p, s) or an integer type"
    return None


def check_schema(schema: pa.Schema, rubric: Rubric) -> None:
    """Refuse, before any row is read, a schema the columnar path cannot read exactly for ``rubric``.

    Raises:
        KernelUnsupportedError: the rubric uses something the kernel does not compute.
        InvalidInputError: a required column is missing.
        WrongTypeError: a column is of the wrong type — a float column among them, named.
    """
    plan = plan_for(rubric)
    names = set(schema.names)
    missing = [k for k in required_columns(plan) if k not in names]
    if missing:
        raise InvalidInputError(f"columns missing: {', '.join(missing)}", path="columns")
    for name in _NUMBERS:
        if name in names and (problem := _number_type_error(schema.field(name).type)):
            raise WrongTypeError(f"column {problem}", path=name)
    for block in plan.indicator_blocks:
        for field in (*_ITEM_NUMBERS, *_ITEM_TEXTS):
            key = f"{block.code}.{field}"
            if key not in names:
                continue
            item = _item_type(schema.field(key).type)
            if item is None:
                raise WrongTypeError(f"column is {schema.field(key).type}: expected a list, one entry per item", path=key)
            if field in _ITEM_NUMBERS and (problem := _number_type_error(item)):
                raise WrongTypeError(f"items {problem}", path=key)
            texts = (pa.types.is_string(item) or pa.types.is_large_string(item) or pa.types.is_null(item)
                     or pa.types.is_dictionary(item))  # fmt: skip
            if field in _ITEM_TEXTS and not texts:
                raise WrongTypeError(f"items are {item}: expected text", path=key)


def _array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _null_mask(arr: pa.Array) -> np.ndarray:
    if arr.null_count == 0:
        return np.zeros(len(arr), dtype=bool)
    return arr.is_null().to_numpy(zero_copy_only=False)


def scaled_ints(arr: pa.Array, places: int, path: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(value × 10^places as int64, missing, inexact, too big)`` of a decimal or integer column; flagged entries 0."""
    n = len(arr)
    kind = arr.type
    none = _null_mask(arr)
    if pa.types.is_floating(kind):
        first = next((v for v in arr.to_pylist() if v is not None), 0.0)
        raise FloatRefusedError(path=path, value=first)
    if pa.types.is_decimal256(kind):
        arr = arr.cast(pa.decimal128(38, kind.scale), safe=True) if kind.precision <= 38 else arr
        kind = arr.type
    if pa.types.is_decimal128(kind):
        words = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=2 * (arr.offset + n))[2 * arr.offset :]
        low, high = words[0::2], words[1::2]
        fits = (high == (low >> 63)) & (low != _INT64_MIN)
        scale = kind.scale
    elif pa.types.is_integer(kind):
        if pa.types.is_unsigned_integer(kind) and kind.bit_width == 64:
            raw = arr.fill_null(0).to_numpy(zero_copy_only=False)
            fits = raw <= LIMIT
            low = np.where(fits, raw, 0).astype(np.int64)
        else:
            low = arr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            fits = low != _INT64_MIN
        scale = 0
    elif pa.types.is_null(kind):
        zeros = np.zeros(n, dtype=np.int64)
        return zeros, np.ones(n, dtype=bool), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    else:
        raise InvalidInputError(f"expected a decimal or integer column, got {kind}", path=path)
    low = np.where(fits & ~none, low, 0)
    big = ~fits & ~none
    inexact = np.zeros(n, dtype=bool)
    if places >= scale:
        factor = 10 ** (places - scale)
        if factor > LIMIT:  # only 0 fits at so many more places
            big |= low != 0
            low = np.zeros(n, dtype=np.int64)
        elif factor > 1:
            big |= np.abs(low) > LIMIT // factor
            low = np.where(big, 0, low) * factor
    else:
        factor = 10 ** (scale - places)
        if factor > LIMIT:  # every int64 but 0 has digits below the kernel's places
            inexact = low != 0
            low = np.zeros(n, dtype=np.int64)
        else:
            quotient, remainder = np.divmod(low, factor)
            inexact = remainder != 0
            low = np.where(inexact, 0, quotient)
    big |= np.abs(low) > LIMIT
    if big.any():
        low = np.where(big, 0, low)
    return low.astype(np.int64, copy=False), none, inexact, big


def _scale(arr: pa.Array) -> int:
    kind = arr.type
    return min(_MAX_PLACES, kind.scale) if pa.types.is_decimal(kind) else 0


def _text_codes(arr: pa.Array, values: pa.Array, other: int, path: str) -> np.ndarray:
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_null(arr.type):
        return np.full(len(arr), other, dtype=np.int8)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        raise InvalidInputError(f"expected a text column, got {arr.type}", path=path)
    return pc.index_in(arr, value_set=values).fill_null(other).to_numpy(zero_copy_only=False).astype(np.int8)


class _Lists:
    """A list column laid out as ``(rows, width)``: rows of another length read as missing."""

    def __init__(self, column: pa.Array, path: str) -> None:
        if pa.types.is_null(column.type):
            column = pa.nulls(len(column), pa.list_(pa.null()))
        if not (pa.types.is_list(column.type) or pa.types.is_large_list(column.type) or pa.types.is_fixed_size_list(column.type)):
            raise InvalidInputError(f"expected a list column (one entry per item), got {column.type}", path=path)
        self.column = column
        self.path = path
        self.lengths = pc.list_value_length(column).fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)

    def values(self, width: int, regular: np.ndarray) -> pa.Array:
        """The items of the regular rows, ``rows × width`` of them; the other rows' slots are null."""
        column = self.column
        n = len(column)
        if pa.types.is_fixed_size_list(column.type):
            size = column.type.list_size  # every row has its slots, a null row's too
            base = column.values.slice(column.offset * size, n * size)
            starts = np.arange(n, dtype=np.int64) * size
        else:
            offsets = column.offsets.to_numpy().astype(np.int64)
            if regular.all():
                return column.values.slice(int(offsets[0]), n * width)
            base = column.values
            starts = offsets[:-1]
        if regular.all() and width == getattr(column.type, "list_size", -1):
            return base
        index = (starts[:, None] + np.arange(width, dtype=np.int64)[None, :]).ravel()
        mask = np.repeat(~regular, width)
        return base.take(pa.array(np.where(mask, 0, index), mask=mask))


class _RowView(Mapping[str, Any]):
    """The batch as the mapping of columns :func:`~perfrules.kernel.rows.rebuild` reads, one Python value at a time."""

    def __init__(self, batch: pa.RecordBatch) -> None:
        self._batch = batch
        self._names = set(batch.schema.names)

    def __getitem__(self, key: str) -> Any:
        if key not in self._names:
            raise KeyError(key)
        return _Column(self._batch.column(key))

    def __iter__(self) -> Iterator[str]:
        return iter(self._batch.schema.names)

    def __len__(self) -> int:
        return len(self._names)


class _Column:
    def __init__(self, arr: pa.Array) -> None:
        self._arr = arr

    def __getitem__(self, i: int) -> Any:
        return self._arr[i].as_py()

    def __len__(self) -> int:
        return len(self._arr)


def arrow_columns(batch: pa.RecordBatch | pa.Table, rubric: Rubric, *, project: Project | None = None) -> Columns:
    """Read an Arrow batch of the kernel's columns into :class:`~perfrules.kernel.layout.Columns`.

    Raises:
        KernelUnsupportedError: the rubric uses something the kernel does not compute.
        FloatRefusedError: a value column holds floats (name in the error).
        InvalidInputError: a required column is missing, or a column is of the wrong type.
    """
    batch = as_record_batch(batch)
    check_schema(batch.schema, rubric)
    plan = plan_for(rubric)
    names = set(batch.schema.names)
    n = batch.num_rows
    bad = np.zeros(n, dtype=bool)
    over = np.zeros(n, dtype=bool)
    budget = executed = np.zeros(0, dtype=np.int64)
    funds_places = 0
    if plan.funds_block:
        key = "initial" if plan.execution_initial else "budget"
        b_arr, e_arr = _array(batch.column(key)), _array(batch.column("executed"))
        funds_places = max(_scale(b_arr), _scale(e_arr))
        budget, b_none, b_inexact, b_big = scaled_ints(b_arr, funds_places, key)
        executed, e_none, e_inexact, e_big = scaled_ints(e_arr, funds_places, "executed")
        finish_funds(budget, executed, b_inexact | b_big | e_inexact | e_big, b_none | e_none, plan, bad, over)
    lists: dict[str, _Lists] = {}
    widths: dict[str, int] = {}
    for b in plan.indicator_blocks:
        for field in ("weight", "direction", "target", "actual", "assessment"):
            key = f"{b.code}.{field}"
            if key in names:
                lists[key] = _Lists(_array(batch.column(key)), key)
        lengths = lists[f"{b.code}.weight"].lengths
        known = np.flatnonzero(lengths >= 0)
        widths[b.code] = int(lengths[known[0]]) if known.size else 0  # the first row that has the block
    total_items = 1 + sum(widths.values())
    blocks = []
    for b in plan.indicator_blocks:
        width = widths[b.code]
        present = [lists[k] for k in (f"{b.code}.{f}" for f in ("weight", "direction", "target", "actual", "assessment")) if k in lists]
        regular = np.ones(n, dtype=bool)
        for column in present:
            regular &= column.lengths == width
        bad |= ~regular
        blocks.append(finish_block(b.code, _block_values(b.code, width, lists, regular, plan, n), plan, bad, over, total_items))
    view = _RowView(batch)
    return assemble(rubric, plan, n, (budget, executed, funds_places), tuple(blocks), bad, over, rebuild(view, plan, project or DEFAULT_PROJECT))


def _block_values(code: str, width: int, lists: dict[str, _Lists], regular: np.ndarray, plan: Plan, n: int) -> ScaledBlock:
    shape = (n, width)

    def items(field: str) -> pa.Array:
        column = lists.get(f"{code}.{field}")
        return pa.nulls(n * width) if column is None else column.values(width, regular)

    kind = _text_codes(items("direction"), _DIRECTIONS, 4, f"{code}.direction").reshape(shape)
    found = _text_codes(items("assessment"), _LEVELS, -1, f"{code}.assessment")
    level = np.where(found < 0, len(LEVELS), found % len(LEVELS)).astype(np.int8).reshape(shape)  # no level: no band
    weight, w_none, w_inexact, w_big = scaled_ints(items("weight"), plan.places, f"{code}.weight")
    t_arr, a_arr = items("target"), items("actual")
    places = max(_scale(t_arr), _scale(a_arr))
    target, t_none, t_inexact, t_big = scaled_ints(t_arr, places, f"{code}.target")
    actual, a_none, a_inexact, a_big = scaled_ints(a_arr, places, f"{code}.actual")
    value_flagged = t_inexact | t_big | a_inexact | a_big
    return ScaledBlock(
        kind, level, weight.reshape(shape), w_inexact.reshape(shape), w_big.reshape(shape),
        target.reshape(shape), actual.reshape(shape), value_flagged.reshape(shape), places,
        w_none.reshape(shape), t_none.reshape(shape), a_none.reshape(shape),
    )  # fmt: skip
