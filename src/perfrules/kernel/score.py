"""The vectorised exact kernel: every item score as ``round(weight × X ÷ Y)`` by integer division.

Each item's exact value is ``weight × X ÷ Y`` with integers ``X`` and ``Y`` chosen per rule and
case (``actual ÷ target`` below a ``≥`` target, ``target ÷ actual`` above a ``≤`` target,
``(target − |actual − target|) ÷ target`` for a two-sided ``=``, a band share for a qualitative
item, ``executed ÷ budget`` for execution; full points ``X = Y = 1``; none ``X = 0``). With the
weight held at the item grid (``W = weight × 10^places``) the rounded score is
``q, r = divmod(W × X, Y)``, then ``q + 1`` if ``2r > Y``, or ``2r == Y`` under half-up (or
half-even with ``q`` odd): exact at every tie, no float anywhere. :mod:`perfrules.kernel.layout`
made sure no product exceeds int64; the rows it flagged (and rows whose budget is 0 under an N/A
policy) are scored by :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`, so every row's total, grade and item scores
are the explained path's.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import numpy as np

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult
from perfrules.exceptions import FloatRefusedError, InvalidInputError, PerfrulesError, WrongTypeError
from perfrules.kernel.layout import BlockColumns, Columns
from perfrules.kernel.plan import ZB_FULL, ZB_NOT_APPLICABLE, Plan
from perfrules.rubrics.rubric import Overflow, Rubric
from perfrules.rules.grading import GradeBand
from perfrules.rules.rounding import RoundingMode

__all__ = ["KernelResult", "round_div", "score_columns"]


def round_div(num: np.ndarray, den: np.ndarray | int, mode: RoundingMode) -> np.ndarray:
    """``num ÷ den`` rounded to an integer by ``mode``, exactly (``num ≥ 0``, ``den > 0``, ``2 × den`` in int64).

    >>> round_div(np.array([715, 725, 724]), 10, RoundingMode.HALF_EVEN).tolist()
    [72, 72, 72]
    >>> round_div(np.array([715, 725, 724]), 10, RoundingMode.HALF_UP).tolist()
    [72, 73, 72]
    """
    q, r = np.divmod(num, den)
    if mode is RoundingMode.HALF_UP:
        q += 2 * r >= den
    elif mode is RoundingMode.HALF_EVEN:
        twice = 2 * r
        q += (twice > den) | ((twice == den) & (q & 1 == 1))
    elif mode is RoundingMode.UP:
        q += r > 0
    return q


def _block_items(bc: BlockColumns, plan: Plan) -> np.ndarray:
    """The rounded item scores of one block, × 10^places."""
    k, w, t, a = bc.kind, bc.weight, bc.target, bc.actual
    one = np.ones_like(w)
    # ≥: full at or above the target (or at a 0 target by default), else weight × a ÷ t
    prop = (k == 0) & (a < t)
    x, y = np.where(prop, a, one), np.where(prop, t, one)
    zero = (k == 0) & (t == 0) if not plan.zero_target_full else np.zeros_like(prop)
    # ≤: full at or below the target; 0 above a 0 target; else ratio t ÷ a or linear (2t − a) ÷ t
    over = (k == 1) & (a > t)
    zero |= over & (t == 0)
    prop = over & (t > 0)
    if plan.reverse_linear:
        zero |= prop & (a >= 2 * t)
        prop &= a < 2 * t
        x, y = np.where(prop, 2 * t - a, x), np.where(prop, t, y)
    else:
        x, y = np.where(prop, t, x), np.where(prop, a, y)
    # =: full when hit; 0 against a 0 target; two-sided (t − |a − t|) ÷ t, or as ≥
    miss = (k == 2) & (a != t)
    zero |= miss & (t == 0)
    prop = miss & (t > 0)
    if plan.equal_two_sided:
        d = np.abs(a - t)
        zero |= prop & (d >= t)
        prop &= d < t
        x, y = np.where(prop, t - d, x), np.where(prop, t, y)
    else:
        prop &= a < t
        x, y = np.where(prop, a, x), np.where(prop, t, y)
    # qualitative: the level's band share
    qual = k == 3
    if qual.any():
        shares = np.array([0 if s is None else s for s in plan.shares] + [0], dtype=np.int64)
        x, y = np.where(qual, shares[bc.level], x), np.where(qual, plan.share_den, y)
    x = np.where(zero, 0, x)
    return round_div(w * x, y, plan.mode)


def _execution(columns: Columns, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(rounded execution scores × 10^places, rows whose zero-budget policy makes the item N/A)."""
    assert plan.funds_block is not None
    b, e, points = columns.budget, columns.executed, plan.funds_block.points
    prop = (b > 0) & (e < b)
    score = round_div(points * np.where(prop, e, 1), np.where(prop, b, 1), plan.mode)
    zb = b == 0
    unspent = zb & (e == 0)
    policy = np.where(unspent, plan.zero_budget_unspent, plan.zero_budget)
    score = np.where(zb, np.where(policy == ZB_FULL, points, 0), score)
    return score, zb & (policy == ZB_NOT_APPLICABLE)


def _decimal(scaled: int, places: int) -> Decimal:
    return Decimal(scaled).scaleb(-places) if places else Decimal(scaled)


@attrs.frozen(eq=False)
class KernelResult:
    """Totals, grades and item scores of every row, equal to :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`'s.

    Attributes:
        rubric: the rubric scored by.
        places: the item grid; ``totals`` and ``items`` are integers × ``10^places``.
        totals: int64 totals × 10^places (rows in ``fallback`` hold 0 here: read :meth:`total`).
        grade_codes: int8 index of each row's band in ``rubric.grades.bands`` (every row).
        items: int64 ``(rows, items)`` rounded item scores × 10^places, execution first, then each
            block's items in order (rows in ``fallback`` hold 0 here: read :meth:`item_scores`).
        fallback: the rows scored by the exact scalar path, with their full results.
        errors: the rows that could not be scored (``score_columns(..., errors="collect")``), with
            the error naming the row and field; their grade code is ``-1`` and :meth:`total`,
            :meth:`grade` and :meth:`item_scores` raise it.
    """

    rubric: Rubric
    places: int
    totals: np.ndarray
    grade_codes: np.ndarray
    items: np.ndarray
    fallback: dict[int, EvaluationResult]
    errors: dict[int, PerfrulesError] = attrs.field(factory=dict)

    @property
    def n(self) -> int:
        """The number of rows."""
        return len(self.totals)

    def _check(self, i: int) -> None:
        if i in self.errors:
            raise self.errors[i]

    def total(self, i: int) -> Decimal:
        """Row ``i``'s total (as :attr:`EvaluationResult.total`)."""
        self._check(i)
        if i in self.fallback:
            return self.fallback[i].total
        return _decimal(int(self.totals[i]), self.places)

    def total_list(self) -> list[Decimal]:
        """Every row's total, in order (``None`` for a row in :attr:`errors`)."""
        p = -self.places
        out = [Decimal(t).scaleb(p) for t in self.totals.tolist()]
        for i, r in self.fallback.items():
            out[i] = r.total
        for i in self.errors:
            out[i] = None  # type: ignore[call-overload]
        return out

    def grade(self, i: int) -> GradeBand:
        """Row ``i``'s grade band."""
        self._check(i)
        return self.rubric.grades.bands[self.grade_codes[i]]

    def grade_list(self) -> list[GradeBand | None]:
        """Every row's grade band, in order (``None`` for a row in :attr:`errors`)."""
        bands = self.rubric.grades.bands
        return [None if c < 0 else bands[c] for c in self.grade_codes.tolist()]

    def item_scores(self, i: int) -> list[Decimal]:
        """Row ``i``'s rounded item scores, in the order of :meth:`EvaluationResult.leaves`."""
        self._check(i)
        if i in self.fallback:
            return [leaf.score for leaf in self.fallback[i].leaves()]
        return [_decimal(s, self.places) for s in self.items[i].tolist()]


def score_columns(columns: Columns, rubric: Rubric, *, errors: str = "raise", first_row: int = 0) -> KernelResult:
    """Score every row of ``columns`` with ``rubric``; each row's result equals ``evaluate()``'s.

    Args:
        errors: ``"raise"`` (default): a row that cannot be scored raises its error, naming the row;
            ``"collect"``: it is kept in :attr:`KernelResult.errors` and the other rows are scored.
        first_row: the number of the first row in the whole data, for the errors' ``rows[i]``.

    Raises:
        WrongTypeError: ``columns`` is not :class:`Columns`.
        InvalidInputError: the columns were laid out for another rubric.
    """
    if not isinstance(columns, Columns):
        raise WrongTypeError(f"expected Columns, got {type(columns).__name__}", path="columns")
    if rubric is not columns.rubric and rubric != columns.rubric:
        raise InvalidInputError(
            f"the columns were laid out for rubric {columns.rubric.key}, not {getattr(rubric, 'key', rubric)!r}",
            path="rubric",
        )
    if errors not in ("raise", "collect"):
        raise InvalidInputError(f"errors must be 'raise' or 'collect', not {errors!r}", path="errors")
    plan, n = columns.plan, columns.n
    fallback = columns.fallback
    parts: list[np.ndarray] = []
    total = np.zeros(n, dtype=np.int64)
    by_code = {bc.code: bc for bc in columns.blocks}
    for block in plan.blocks:
        if block.funds:
            score, not_applicable = _execution(columns, plan)
            fallback = fallback | not_applicable
            parts.append(score[:, None])
            total += score
            continue
        bc = by_code[block.code]
        items = _block_items(bc, plan)
        parts.append(items)
        subtotal = items.sum(axis=1)
        if plan.overflow is Overflow.CAP:
            subtotal = np.where(bc.weight.sum(axis=1) > block.points, np.minimum(subtotal, block.points), subtotal)
        total += subtotal
    total = np.minimum(total, plan.base)
    if plan.floor is not None:
        total = np.maximum(total, plan.floor)
    if plan.ceiling is not None:
        total = np.minimum(total, plan.ceiling)
    if plan.total_step > 1:
        total = round_div(total, plan.total_step, plan.total_mode) * plan.total_step
    codes = np.full(n, len(plan.thresholds) - 1, dtype=np.int8)
    for index in range(len(plan.thresholds) - 1, -1, -1):
        codes[total >= plan.thresholds[index]] = index
    items = np.concatenate(parts, axis=1) if parts else np.zeros((n, 0), dtype=np.int64)
    scalar: dict[int, EvaluationResult] = {}
    failed: dict[int, PerfrulesError] = {}
    if fallback.any():
        bands = rubric.grades.bands
        for i in np.flatnonzero(fallback).tolist():
            try:
                result = evaluate(rubric, columns.row(i))
            except (InvalidInputError, FloatRefusedError) as e:
                located = e.at(f"rows[{first_row + i}]")
                if errors == "raise":
                    raise located from None
                failed[i] = located
                codes[i] = -1
                continue
            scalar[i] = result
            codes[i] = bands.index(result.grade)
        total[fallback] = 0
        items[fallback] = 0
    return KernelResult(rubric, plan.places, total, codes, items, scalar, failed)
