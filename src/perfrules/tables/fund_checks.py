"""The funds block checked against itself: each 执行率 against 执行数 ÷ 预算数, each execution 得分 against
分值 × 执行率, the 年度资金总额 row against the sum of its sources, execution above the budget."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from perfrules.explanation import fmt
from perfrules.findings import Severity
from perfrules.model.funds import FundSource
from perfrules.tables.cells import Cell, Figure
from perfrules.tables.checks import (
    AuditCheck,
    CheckState,
    exact_shown,
    figure_of,
    make_check,
    printed_match,
    rounding_slack,
)
from perfrules.tables.table import FilledTable, FundRow
from perfrules.messages import texts

__all__ = ["fund_checks"]


def _absent(cell: Cell | None) -> bool:
    """Nothing stated: no such column, a blank cell, or a mark that nothing applies (``—``)."""
    return cell is None or (cell.blank and not cell.formula) or cell.not_applicable


def _fund_checks(row: FundRow) -> Iterator[AuditCheck]:
    label = row.label.text.strip()
    budget, spent = figure_of(row.cell("全年预算数")), figure_of(row.cell("全年执行数"))
    rate_cell = row.cell("执行率")
    rate = figure_of(rate_cell)
    rate_at = rate_cell.where if rate_cell is not None else row.where
    exact = None if budget is None or spent is None or budget.value == 0 else Fraction(spent.value) / Fraction(budget.value)
    if exact is not None and exact > 1:
        yield make_check(
            "funds.over_budget", CheckState.FAILED, row.where, Severity.WARNING, recomputed=exact_shown(exact * 100),
            **texts("funds.over_budget.2", label=label, spent_value=spent.value, budget_value=budget.value, exact_shown_exact_100=fmt(exact_shown(exact * 100))),  # type: ignore[union-attr]
        )  # fmt: skip
    if _absent(rate_cell):
        yield make_check("funds.rate", CheckState.NOT_APPLICABLE, rate_at, **texts("funds.rate", label=label))
    elif rate is None:
        why = f"the formula {rate_cell.formula} has no value in the file" if rate_cell.formula else f"{rate_cell.text.strip()!r} is no number"  # type: ignore[union-attr]
        why_zh = f"公式 {rate_cell.formula} 在文件中没有计算结果" if rate_cell.formula else f"“{rate_cell.text.strip()}”不是数字"  # type: ignore[union-attr]
        yield make_check("funds.rate", CheckState.INSUFFICIENT_DATA, rate_at, Severity.WARNING, stated=rate_cell.text, **texts("funds.rate.4", label=label, why=why, why_zh=why_zh))  # type: ignore[union-attr]
    elif exact is None:
        yield make_check("funds.rate", CheckState.INSUFFICIENT_DATA, rate_at, stated=rate_cell.text, **texts("funds.rate.5", label=label))  # type: ignore[union-attr]
    else:
        yield from _rate(row, label, exact, rate, rate_cell)  # type: ignore[arg-type]
        return
    yield from _execution_score(row, label, exact, None)


def _rate(row: FundRow, label: str, exact: Fraction, rate: Figure, rate_cell: Cell) -> Iterator[AuditCheck]:
    readings = [(rate, 2 if rate.percent else 0)] if rate.percent else [(rate, 2), (rate, 0)]  # a bare 95 is 95 %, a bare 0.95 a ratio
    how = None
    for figure, scale in readings:
        how = printed_match(Figure(figure.value, figure.percent, figure.places), exact, scale=scale)
        if how:
            break
    shown = f"{fmt(exact_shown(exact * 100))}%"
    budget, spent = figure_of(row.cell("全年预算数")), figure_of(row.cell("全年执行数"))
    assert budget is not None and spent is not None
    if how:
        yield make_check("funds.rate", CheckState.PASSED, rate_cell.where, stated=rate_cell.text, recomputed=exact_shown(exact * 100), **texts("funds.rate.2", label=label, rate_cell_text=rate_cell.text, spent_value=spent.value, budget_value=budget.value, how=how), printed=how)
    else:
        yield make_check(
            "funds.rate", CheckState.FAILED, rate_cell.where, stated=rate_cell.text, recomputed=exact_shown(exact * 100),
            **texts("funds.rate.3", label=label, rate_cell_text=rate_cell.text, spent_value=spent.value, budget_value=budget.value, shown=shown),
        )  # fmt: skip
    yield from _execution_score(row, label, exact, rate if how else None)


def _execution_score(row: FundRow, label: str, exact: Fraction | None, rate: Figure | None) -> Iterator[AuditCheck]:
    points_cell, score_cell = row.cell("分值"), row.cell("得分")
    points, score = figure_of(points_cell), figure_of(score_cell)
    where = score_cell.where if score_cell is not None else row.where
    if _absent(score_cell):
        if not _absent(points_cell):  # the execution row: points printed, no score
            yield make_check("funds.score", CheckState.NOT_APPLICABLE, where, **texts("funds.score.4", label=label))
        return  # a source row (当年财政拨款 …) scores nothing
    assert score_cell is not None
    if score is None or points is None or exact is None:
        what = (f"得分: the formula {score_cell.formula} has no value in the file" if score_cell.formula else "得分 is no number") if score is None else "得分 is printed without 分值" if points is None else "得分 is printed without the budget and execution it is made of"
        what_zh = (f"得分公式 {score_cell.formula} 在文件中没有计算结果" if score_cell.formula else "得分不是数字") if score is None else "填有得分但无分值" if points is None else "填有得分，但预算数或执行数空缺（或为 0）"
        yield make_check("funds.score", CheckState.INSUFFICIENT_DATA, where, stated=score_cell.text, **texts("funds.score", label=label, what=what, what_zh=what_zh))
        return
    capped = min(exact, Fraction(1))
    expected = Fraction(points.value) * capped
    ok = printed_match(score, expected) or abs(Fraction(score.value) - expected) <= rounding_slack(1, score.places)
    if not ok and rate is not None:  # scored from the rate as printed
        ok = printed_match(score, Fraction(points.value) * min(Fraction(rate.ratio), Fraction(1)))
    if Fraction(score.value) > Fraction(points.value):
        ok = None
    shown = exact_shown(expected)
    if ok:
        yield make_check("funds.score", CheckState.PASSED, where, stated=score.value, recomputed=shown, **texts("funds.score.2", label=label, score_value=score.value, points_value=points.value))
    else:
        yield make_check(
            "funds.score", CheckState.FAILED, where, stated=score.value, recomputed=shown,
            **texts("funds.score.3", label=label, score_value=score.value, points_value=points.value, exact_shown_capped_100=fmt(exact_shown(capped * 100)), shown=fmt(shown)),
        )  # fmt: skip


def _fund_sums(table: FilledTable) -> Iterator[AuditCheck]:
    total = table.fund(FundSource.TOTAL)
    parts = [r for r in table.funds if r.source is not FundSource.TOTAL]
    if total is None or not parts:
        return
    for column in ("年初预算数", "全年预算数", "全年执行数"):
        stated_cell = total.cell(column)
        stated = figure_of(stated_cell)
        figures = [f for r in parts if (f := figure_of(r.cell(column))) is not None]
        if stated is None or not figures:
            continue
        exact = sum((Fraction(f.value) for f in figures), Fraction(0))
        places = max(f.places for f in figures)
        assert stated_cell is not None
        diff = abs(Fraction(stated.value) - exact)
        if diff == 0 or (places + stated.places > 0 and diff <= rounding_slack(len(figures), places) + rounding_slack(1, stated.places)):
            yield make_check("funds.sum", CheckState.PASSED, stated_cell.where, stated=stated.value, recomputed=exact_shown(exact), **texts("funds.sum", column=column, stated_value=stated.value), column=column)
        else:
            yield make_check(
                "funds.sum", CheckState.FAILED, stated_cell.where, stated=stated.value, recomputed=exact_shown(exact),
                **texts("funds.sum.2", column=column, stated_value=stated.value, exact_shown_exact=fmt(exact_shown(exact))), column=column,
            )  # fmt: skip


def fund_checks(table: FilledTable) -> Iterator[AuditCheck]:
    """Every check of the funds block, row by row, then the sums."""
    for row in table.funds:
        yield from _fund_checks(row)
    yield from _fund_sums(table)
