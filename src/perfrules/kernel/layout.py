"""Columnar input for the kernel: self-evaluations or decimal columns → scaled int64 arrays.

:func:`columns` reads either a sequence of :class:`~perfrules.model.self_evaluation.SelfEvaluation`
("rows") or a mapping of columns (a dict of lists or numpy object arrays of ``Decimal``, or an
Arrow record batch, read through its ``to_pydict()``) laid out by the rubric's blocks:

* ``budget``, ``executed`` (and ``initial`` when the rubric's execution base is the initial
  budget): one value per row, for the funds block;
* per indicator block ``code``: ``code.weight``, ``code.direction`` (a
  :class:`~perfrules.values.notation.Direction` or its text, ``≥`` ``≤`` ``=`` ``qualitative``),
  ``code.target``, ``code.actual``, ``code.assessment`` (an
  :class:`~perfrules.model.indicators.Assessment`, its value or its Chinese label ``达成``,
  ``部分达成``, ``未达成``, for qualitative items) and
  optionally ``code.name``: each one list per row, one entry per item of the block.

Each value column becomes int64 ``value × 10^k`` (``k`` the column's largest number of decimal
places; a target and its actual share one ``k``; weights are read at the item-rounding grid).
Floats are refused. A row the kernel cannot compute exactly is flagged and later re-scored by
:func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`: ``overflow`` (a value, or a product the kernel forms, would not fit
int64 with headroom) or ``unsupported`` (a rule, structure or value outside the kernel: a
strict or range target, units, N/A, negative values, adjustments, a claimed qualitative score …).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from typing import Any

import attrs
import numpy as np

from perfrules.exceptions import FloatRefusedError, InvalidInputError, WrongTypeError
from perfrules.kernel.convert import LIMIT, check_values, joint, scaled
from perfrules.kernel.plan import LEVELS, Plan, plan_for
from perfrules.kernel.rows import FIELDS, read_rows, rebuild
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Rubric
from perfrules.values.notation import Direction

__all__ = ["BlockColumns", "Columns", "ScaledBlock", "assemble", "columns", "finish_block", "finish_funds"]

#: direction codes of the kernel; 4 = not computed by the kernel
DIRECTION_CODES: dict[Any, int] = {
    Direction.GE: 0, Direction.LE: 1, Direction.EQ: 2, Direction.QUALITATIVE: 3,
    "≥": 0, "≤": 1, "=": 2, "qualitative": 3,
}  # fmt: skip
#: level codes of an assessment given as itself, its value (``achieved``) or its Chinese label (``达成``)
LEVEL_CODES: dict[Any, int] = {
    **{lv: i for i, lv in enumerate(LEVELS)},
    **{lv.value: i for i, lv in enumerate(LEVELS)},
    **{lv.label_zh: i for i, lv in enumerate(LEVELS)},
}
_HEADROOM = 2**60  # targets, actuals, budgets: 2 × value and every sum of two stay below LIMIT


@attrs.frozen(eq=False)
class BlockColumns:
    """One indicator block as ``(rows, items)`` arrays.

    Attributes:
        code: the block's code.
        width: items per row.
        kind: int8 direction codes: 0 ``≥``, 1 ``≤``, 2 ``=``, 3 qualitative.
        weight: int64 points × ``10^plan.places``.
        target / actual: int64 values × ``10^places``.
        places: the decimal places of ``target`` and ``actual``.
        level: int8 qualitative level codes (index into :data:`perfrules.kernel.plan.LEVELS`).
    """

    code: str
    width: int
    kind: np.ndarray
    weight: np.ndarray
    target: np.ndarray
    actual: np.ndarray
    places: int
    level: np.ndarray


@attrs.frozen(eq=False)
class Columns:
    """Prepared, exact integer columns of ``n`` rows for one rubric (see :func:`columns`).

    Attributes:
        rubric: the rubric the columns were laid out for.
        plan: its integer constants.
        n: the number of rows.
        budget / executed: int64 × ``10^funds_places`` (the budget is the initial one when the
            rubric says so); empty arrays without a funds block.
        funds_places: decimal places of ``budget`` and ``executed``.
        blocks: the indicator blocks, in rubric order.
        overflow: rows with a value or a product that would not fit int64 with headroom.
        unsupported: rows with a rule, structure or value the kernel does not compute.
    """

    rubric: Rubric
    plan: Plan
    n: int
    budget: np.ndarray
    executed: np.ndarray
    funds_places: int
    blocks: tuple[BlockColumns, ...]
    overflow: np.ndarray
    unsupported: np.ndarray
    row: Callable[[int], SelfEvaluation] = attrs.field(repr=False)
    """``row(i)``: the self-evaluation of row ``i``, for the exact scalar path."""

    @property
    def fallback(self) -> np.ndarray:
        """Rows re-scored by :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`: overflow or unsupported."""
        return self.overflow | self.unsupported


def _codes(values: list[Any], table: dict[Any, int], other: int, path: str) -> np.ndarray:
    try:
        return np.array([table.get(v, other) for v in values], dtype=np.int8)
    except TypeError as e:  # an unhashable value
        raise InvalidInputError(f"unreadable value: {e}", path=path) from e


def _direction_codes(values: list[Any], path: str) -> np.ndarray:
    for v in set(values) - DIRECTION_CODES.keys():
        if v is not None and not isinstance(v, Direction):
            try:
                Direction(v)
            except ValueError:
                raise InvalidInputError(f"{v!r} is not a direction", path=path) from None
    return _codes(values, DIRECTION_CODES, 4, path)


def _block(
    code: str,
    width: int,
    raw: dict[str, list[Any]],
    plan: Plan,
    n: int,
    bad: np.ndarray,
    over: np.ndarray,
    total_items: int,
) -> BlockColumns:
    shape = (n, width)
    kind = _direction_codes(raw["direction"], f"{code}.direction").reshape(shape)
    level = _codes(raw["assessment"], LEVEL_CODES, 3, f"{code}.assessment").reshape(shape)
    check_values(raw["weight"], f"{code}.weight")
    weight, w_inexact, w_big = scaled(raw["weight"], plan.places)
    (target, actual), too_big, places = joint((raw["target"], raw["actual"]), code)
    values = ScaledBlock(
        kind, level, weight.reshape(shape), w_inexact.reshape(shape), w_big.reshape(shape),
        target.reshape(shape), actual.reshape(shape), too_big.reshape(shape), places,
        _none(raw["weight"]).reshape(shape), _none(raw["target"]).reshape(shape), _none(raw["actual"]).reshape(shape),
    )  # fmt: skip
    return finish_block(code, values, plan, bad, over, total_items)


@attrs.frozen(eq=False)
class ScaledBlock:
    """One block's values already read into ``(rows, items)`` arrays (see :func:`finish_block`).

    ``weight_inexact`` marks weights not exact on the item grid, ``weight_big`` too big ones; ``value_big`` marks targets and actuals not exact at ``places`` or too big;
    the ``none_*`` masks mark missing values. Flagged entries hold 0.
    """

    kind: np.ndarray
    level: np.ndarray
    weight: np.ndarray
    weight_inexact: np.ndarray
    weight_big: np.ndarray
    target: np.ndarray
    actual: np.ndarray
    value_big: np.ndarray
    places: int
    none_weight: np.ndarray
    none_target: np.ndarray
    none_actual: np.ndarray


def finish_block(code: str, v: ScaledBlock, plan: Plan, bad: np.ndarray, over: np.ndarray, total_items: int) -> BlockColumns:
    """Flag the rows of one block the kernel does not compute (``bad``) or that could overflow (``over``)."""
    kind, weight, target, actual = v.kind, v.weight, v.target, v.actual
    quantitative = kind < 3
    missing = v.none_weight | (quantitative & v.none_target) | (quantitative & v.none_actual)
    shares = np.array([-1 if s is None else s for s in plan.shares] + [-1], dtype=np.int64)
    no_band = (kind == 3) & (shares[v.level] < 0)
    negative = (weight < 0) | (target < 0) | (actual < 0)
    bad |= ((kind == 4) | missing | no_band | negative | v.weight_inexact).any(axis=1)
    # headroom: weight × (2 × target | actual | share denominator) and 2 × remainder stay below LIMIT
    big = (v.weight_big | v.value_big | (target > _HEADROOM) | (actual > _HEADROOM)).any(axis=1)
    bound = np.maximum(2 * np.minimum(target, _HEADROOM), np.minimum(actual, _HEADROOM)).max(axis=1, initial=0)
    bound = np.maximum(bound, plan.share_den)
    w_max = np.abs(weight).max(axis=1, initial=0)
    big |= (w_max > LIMIT // bound) | (w_max > LIMIT // total_items)
    over |= big
    return BlockColumns(code, kind.shape[1], kind, weight, target, actual, v.places, v.level)


def finish_funds(
    budget: np.ndarray, executed: np.ndarray, flagged: np.ndarray, none: np.ndarray, plan: Plan, bad: np.ndarray, over: np.ndarray
) -> None:
    """Flag the rows whose funds the kernel does not compute (missing, negative) or that could overflow."""
    funds = plan.funds_block
    assert funds is not None
    bad |= none | (budget < 0) | (executed < 0)
    over |= flagged | (budget > _HEADROOM) | (executed > _HEADROOM)
    over |= np.maximum(budget, executed) > LIMIT // max(funds.points, 1)


def assemble(
    rubric: Rubric,
    plan: Plan,
    n: int,
    funds: tuple[np.ndarray, np.ndarray, int],
    blocks: tuple[BlockColumns, ...],
    bad: np.ndarray,
    over: np.ndarray,
    row: Callable[[int], SelfEvaluation],
) -> Columns:
    """The :class:`Columns`, with every flagged row's values zeroed (they go to the scalar path)."""
    budget, executed, funds_places = funds
    _zero_rows(
        bad | over, budget, executed, *(a for bc in blocks for a in (bc.kind, bc.weight, bc.target, bc.actual, bc.level))
    )
    return Columns(rubric, plan, n, budget, executed, funds_places, blocks, over & ~bad, bad, row)


def _none(values: list[Any]) -> np.ndarray:
    return np.array([v is None for v in values], dtype=bool)


def _zero_rows(mask: np.ndarray, *arrays: np.ndarray) -> None:
    if mask.any():
        for arr in arrays:
            arr[mask] = 0


def _from_mapping(data: Any) -> Mapping[str, Any]:
    if hasattr(data, "to_pydict") and not isinstance(data, Mapping):  # an Arrow record batch or table
        data = data.to_pydict()
    if not isinstance(data, Mapping):
        raise WrongTypeError(
            f"expected self-evaluations or a mapping of columns, got {type(data).__name__}", path="columns"
        )
    return data


def _as_list(values: Any, path: str) -> list[Any]:
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "f":
            raise FloatRefusedError(path=path, value=values.flat[0] if values.size else 0.0)
        return values.tolist()
    return list(values)


def _mapping_raw(data: Mapping[str, Any], plan: Plan) -> tuple[int, dict[str, Any], list[bool]]:
    """The columns flattened: one list per field, n × width entries per block; ragged rows flagged."""
    blocks = plan.indicator_blocks
    funds = plan.funds_block
    keys = [f"{b.code}.{f}" for b in blocks for f in ("weight", "direction", "target")]
    keys += ["executed", "initial" if plan.execution_initial else "budget"] if funds else []
    missing = [k for k in keys if k not in data]
    if missing:
        raise InvalidInputError(f"columns missing: {', '.join(missing)}", path="columns")
    lengths = {len(data[k]) for k in keys}
    if len(lengths) > 1:
        raise InvalidInputError(f"columns of different lengths: {sorted(lengths)}", path="columns")
    n = lengths.pop() if lengths else 0
    ragged = [False] * n
    raw: dict[str, Any] = {}
    if funds:
        raw["budget"] = _as_list(data["initial" if plan.execution_initial else "budget"], "budget")
        raw["executed"] = _as_list(data["executed"], "executed")
    for b in blocks:
        nested = {
            f: _as_list(data[f"{b.code}.{f}"], f"{b.code}.{f}") if f"{b.code}.{f}" in data else None for f in FIELDS
        }
        first = nested["weight"][0] if n else ()
        width = len(first) if first is not None else 0
        flat: dict[str, list[Any]] = {}
        for f in FIELDS:
            col = nested[f]
            if col is None:
                flat[f] = [None] * (n * width)
            elif all(row is not None and len(row) == width for row in col):
                flat[f] = list(chain.from_iterable(col))
            else:  # ragged: such rows are flagged and read as empty
                for i, row in enumerate(col):
                    if row is None or len(row) != width:
                        ragged[i] = True
                flat[f] = list(
                    chain.from_iterable(row if row is not None and len(row) == width else [None] * width for row in col)
                )
        for i in (i for i, r in enumerate(ragged) if r):
            for f in FIELDS:
                flat[f][i * width : (i + 1) * width] = [None] * width
        raw[b.code] = (width, flat)
    return n, raw, ragged


def columns(
    data: Sequence[SelfEvaluation] | Mapping[str, Any] | Any, rubric: Rubric, *, project: Project | None = None
) -> Columns:
    """Read rows or decimal columns into exact scaled-integer :class:`Columns` for ``rubric``.

    Args:
        data: a sequence of self-evaluations, or a mapping of columns (see the module docstring),
            or an Arrow record batch or table of such columns.
        rubric: the rubric the rows will be scored with.
        project: the project of the self-evaluations rebuilt from columns for the scalar path
            (default: ``Project("columns", 2024)``); unused for self-evaluation rows.

    Raises:
        KernelUnsupportedError: the rubric uses something the kernel does not compute.
        FloatRefusedError: a value is a float.
        InvalidInputError: a column is missing, of another length, or holds something unreadable.
    """
    plan = plan_for(rubric)
    if (
        isinstance(data, Sequence)
        and not isinstance(data, (str, bytes))
        and all(isinstance(r, SelfEvaluation) for r in data)
    ):
        rows = list(data)
        n, raw, unsupported = read_rows(rows, plan, rubric)
        row: Callable[[int], SelfEvaluation] = rows.__getitem__
    else:
        mapping = _from_mapping(data)
        n, raw, unsupported = _mapping_raw(mapping, plan)
        row = rebuild(mapping, plan, project or Project("columns", 2024))
    bad = np.array(unsupported, dtype=bool).reshape(n)
    over = np.zeros(n, dtype=bool)
    total_items = 1 + sum(raw[b.code][0] for b in plan.indicator_blocks)
    budget = executed = np.zeros(0, dtype=np.int64)
    funds_places = 0
    if plan.funds_block:
        (budget, executed), too_big, funds_places = joint((raw["budget"], raw["executed"]), "funds")
        finish_funds(budget, executed, too_big, _none(raw["budget"]) | _none(raw["executed"]), plan, bad, over)
    blocks = tuple(
        _block(b.code, raw[b.code][0], raw[b.code][1], plan, n, bad, over, total_items) for b in plan.indicator_blocks
    )
    return assemble(rubric, plan, n, (budget, executed, funds_places), blocks, bad, over, row)
