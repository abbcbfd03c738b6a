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
            en=f"{label}: execution {spent.value} exceeds the budget {budget.value} ({fmt(exact_shown(exact * 100))}%)",  # type: ignore[union-attr]
            zh=f"{label}：执行数 {spent.value} 超过预算数 {budget.value}（执行率 {fmt(exact_shown(exact * 100))}%）",  # type: ignore[union-attr]
        )  # fmt: skip
    if _absent(rate_cell):
        yield make_check("funds.rate", CheckState.NOT_APPLICABLE, rate_at, en=f"{label}: no 执行率 printed", zh=f"{label}：未填执行率")
    elif rate is None:
        why = f"the formula {rate_cell.formula} has no value in the file" if rate_cell.formula else f"{rate_cell.text.strip()!r} is no number"  # type: ignore[union-attr]
        why_zh = f"公式 {rate_cell.formula} 在文件中没有计算结果" if rate_cell.formula else f"“{rate_cell.text.strip()}”不是数字"  # type: ignore[union-attr]
        yield make_check("funds.rate", CheckState.INSUFFICIENT_DATA, rate_at, Severity.WARNING, stated=rate_cell.text, en=f"{label}: 执行率: {why}", zh=f"{label}：执行率{why_zh}")  # type: ignore[union-attr]
    elif exact is None:
        yield make_check("funds.rate", CheckState.INSUFFICIENT_DATA, rate_at, stated=rate_cell.text, en=f"{label}: 执行率 is printed, but not the budget and execution it is made of", zh=f"{label}：填有执行率，但预算数或执行数空缺（或为 0），无法复核")  # type: ignore[union-attr]
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
        yield make_check("funds.rate", CheckState.PASSED, rate_cell.where, stated=rate_cell.text, recomputed=exact_shown(exact * 100), en=f"{label}: 执行率 {rate_cell.text} = {spent.value} ÷ {budget.value} ({how})", zh=f"{label}：执行率 {rate_cell.text} = {spent.value} ÷ {budget.value}", printed=how)
    else:
        yield make_check(
            "funds.rate", CheckState.FAILED, rate_cell.where, stated=rate_cell.text, recomputed=exact_shown(exact * 100),
            en=f"{label}: the stated 执行率 {rate_cell.text} is not 全年执行数 ÷ 全年预算数 = {spent.value} ÷ {budget.value} = {shown}",
            zh=f"{label}：填报执行率 {rate_cell.text} 与 全年执行数 ÷ 全年预算数 = {spent.value} ÷ {budget.value} = {shown} 不符",
        )  # fmt: skip
    yield from _execution_score(row, label, exact, rate if how else None)


def _execution_score(row: FundRow, label: str, exact: Fraction | None, rate: Figure | None) -> Iterator[AuditCheck]:
    points_cell, score_cell = row.cell("分值"), row.cell("得分")
    points, score = figure_of(points_cell), figure_of(score_cell)
    where = score_cell.where if score_cell is not None else row.where
    if _absent(score_cell):
        if not _absent(points_cell):  # the execution row: points printed, no score
            yield make_check("funds.score", CheckState.NOT_APPLICABLE, where, en=f"{label}: no execution 得分 printed", zh=f"{label}：未填得分")
        return  # a source row (当年财政拨款 …) scores nothing
    assert score_cell is not None
    if score is None or points is None or exact is None:
        what = (f"得分: the formula {score_cell.formula} has no value in the file" if score_cell.formula else "得分 is no number") if score is None else "得分 is printed without 分值" if points is None else "得分 is printed without the budget and execution it is made of"
        what_zh = (f"得分公式 {score_cell.formula} 在文件中没有计算结果" if score_cell.formula else "得分不是数字") if score is None else "填有得分但无分值" if points is None else "填有得分，但预算数或执行数空缺（或为 0）"
        yield make_check("funds.score", CheckState.INSUFFICIENT_DATA, where, stated=score_cell.text, en=f"{label}: {what}", zh=f"{label}：{what_zh}")
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
        yield make_check("funds.score", CheckState.PASSED, where, stated=score.value, recomputed=shown, en=f"{label}: 得分 {score.value} = {points.value} × 执行率", zh=f"{label}：得分 {score.value} = {points.value} × 执行率")
    else:
        yield make_check(
            "funds.score", CheckState.FAILED, where, stated=score.value, recomputed=shown,
            en=f"{label}: the stated execution score {score.value} is not 分值 × 执行率 = {points.value} × {fmt(exact_shown(capped * 100))}% = {fmt(shown)}",
            zh=f"{label}：填报得分 {score.value} 与 分值 × 执行率 = {points.value} × {fmt(exact_shown(capped * 100))}% = {fmt(shown)} 不符",
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
            yield make_check("funds.sum", CheckState.PASSED, stated_cell.where, stated=stated.value, recomputed=exact_shown(exact), en=f"{column}: the total {stated.value} is the sum of its sources", zh=f"{column}：资金总额 {stated.value} 等于各来源之和", column=column)
        else:
            yield make_check(
                "funds.sum", CheckState.FAILED, stated_cell.where, stated=stated.value, recomputed=exact_shown(exact),
                en=f"{column}: the total {stated.value} is not the sum of its sources {fmt(exact_shown(exact))}",
                zh=f"{column}：资金总额 {stated.value} 与各来源之和 {fmt(exact_shown(exact))} 不符", column=column,
            )  # fmt: skip


def fund_checks(table: FilledTable) -> Iterator[AuditCheck]:
    """Every check of the funds block, row by row, then the sums."""
    for row in table.funds:
        yield from _fund_checks(row)
    yield from _fund_sums(table)
