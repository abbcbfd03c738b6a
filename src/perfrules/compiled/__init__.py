"""The compiled batch path: a rubric compiled once into a flat :class:`Plan` scores many plain inputs
exactly as :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` would, and re-derives the full explanation of any one on demand.

    >>> import perfrules
    >>> from decimal import Decimal as D
    >>> from perfrules.compiled import compile_rubric
    >>> rubric = perfrules.Rubric("demo", "示例", "demo", blocks=(
    ...     perfrules.Block("execution", "预算执行", "execution", 10, perfrules.BlockSource.FUNDS),
    ...     perfrules.Block("output", "产出", "output", 90)))
    >>> plan = compile_rubric(rubric)
    >>> s = plan.score({"funds": {"adjusted": D(100), "executed": D(90)},
    ...                 "items": [("output/Q1", D(90), "≥", D(6), D("1.43"), None)]})
    >>> s.total, s.grade.label_zh, s.item_scores
    (Decimal('30.45'), '差', (('execution', Decimal('9.00')), ('output/Q1', Decimal('21.45'))))
    >>> s.explain().total == s.total
    True
"""

from perfrules.compiled.plan import Plan, Scored, compile_rubric

__all__ = ["Plan", "Scored", "compile_rubric"]
