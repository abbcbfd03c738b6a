"""The exact vectorised kernel: many self-evaluations at once, in scaled-integer numpy arithmetic.

For columnar input (decimal columns, Arrow record batches, or a batch of self-evaluations)
under one rubric: :func:`columns` reads the values into int64 ``value × 10^k`` arrays (no float
anywhere, floats refused), :func:`score_columns` computes every item score as an integer
division with its remainder, rounded half-up (or as the rubric says) exactly at every tie, and
adds, caps, rounds and grades as :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` does. Rows the kernel does not
compute — a value or product that would overflow int64, or a rule, structure or value outside
it — are scored by :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` itself, so every row's total, grade and item
scores equal the explained path's. It gives no explanations or findings: for those, evaluate
the row.

    >>> from perfrules import kernel
    >>> cols = kernel.columns(self_evaluations, rubric)             # doctest: +SKIP
    >>> result = kernel.score_columns(cols, rubric)                 # doctest: +SKIP
    >>> result.total(0), result.grade(0).label_zh, result.item_scores(0)   # doctest: +SKIP

Needs numpy (``pip install perfrules[kernel]``); ``import perfrules`` does not import it.
"""

from perfrules.kernel.layout import BlockColumns, Columns, columns
from perfrules.kernel.plan import KernelUnsupportedError, Plan, plan_for
from perfrules.kernel.score import KernelResult, round_div, score_columns

__all__ = [
    "BlockColumns",
    "Columns",
    "KernelResult",
    "KernelUnsupportedError",
    "Plan",
    "columns",
    "plan_for",
    "round_div",
    "score_columns",
]
