"""The funds block checked against itself: each 执行率 against 执行数 ÷ 预算数, each execution 得分 against
分值 × 执行率, the 年度资金总额 row against the sum of its sources, execution above the budget."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from perfrules.explanation import fmt
from perfrules.findings import Severity
from perfrules.model.funds import FundSource
from perfrules.tables.cells import Figure
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


def _fund_checks(row: FundRow) -> Iterator[AuditCheck]:
    label = row.label.text.strip()
    budget, spent = figure_of(row.cell("全年预算数")), figure_of(row.cell("全年执行数"))
    rate_cell = row.cell("执行率")
    rate = figure_of(rate_cell)
    if budget is None or spent is None or budget.value == 0:
        if rate is not None:
            yield make_check("funds.rate", CheckState.INSUFFICIENT_DATA, rate_cell.where, en=f"{label}: 执行率 is printed, but not the budget and execution it is made of", zh=f"{label}：填有执行率，但预算数或执行数空缺（或为 0），无法复核")  # type: ignore[union-attr]
        return
    exact = Fraction(spent.value) / Fraction(budget.value)
    if exact > 1:
        yield make_check(
            "funds.over_budget", CheckState.FAILED, row.where, Severity.WARNING, recomputed=exact_shown(exact * 100),
            en=f"{label}: execution {spent.value} exceeds the budget {budget.value} ({fmt(exact_shown(exact * 100))}%)",
            zh=f"{label}：执行数 {spent.value} 超过预算数 {budget.value}（执行率 {fmt(exact_shown(exact * 100))}%）",
        )  # fmt: skip
    if rate is None:
        state = CheckState.NOT_APPLICABLE if rate_cell is None or rate_cell.blank else CheckState.INSUFFICIENT_DATA
        if state is CheckState.INSUFFICIENT_DATA:
            yield make_check("funds.rate", state, rate_cell.where, Severity.WARNING, stated=rate_cell.text, en=f"{label}: 执行率 {rate_cell.text!r} is no number", zh=f"{label}：执行率“{rate_cell.text}”不是数字")  # type: ignore[union-attr]
        yield from _execution_score(row, label, exact, None)
        return
    readings = [(rate, 2 if rate.percent else 0)] if rate.percent else [(rate, 2), (rate, 0)]  # a bare 95 is 95 %, a bare 0.95 a ratio
    how = None
    for figure, scale in readings:
        how = printed_match(Figure(figure.value, figure.percent, figure.places), exact, scale=scale)
        if how:
            break
    shown = f"{fmt(exact_shown(exact * 100))}%"
    assert rate_cell is not None
    if how:
        yield make_check("funds.rate", CheckState.PASSED, rate_cell.where, stated=rate_cell.text, recomputed=exact_shown(exact * 100), en=f"{label}: 执行率 {rate_cell.text} = {spent.value} ÷ {budget.value} ({how})", zh=f"{label}：执行率 {rate_cell.text} = {spent.value} ÷ {budget.value}", printed=how)
    else:
        yield make_check(
            "funds.rate", CheckState.FAILED, rate_cell.where, stated=rate_cell.text, recomputed=exact_shown(exact * 100),
            en=f"{label}: the stated 执行率 {rate_cell.text} is not 全年执行数 ÷ 全年预算数 = {spent.value} ÷ {budget.value} = {shown}",
            zh=f"{label}：填报执行率 {rate_cell.text} 与 全年执行数 ÷ 全年预算数 = {spent.value} ÷ {budget.value} = {shown} 不符",
        )  # fmt: skip
    yield from _execution_score(row, label, exact, rate if how else None)


def _execution_score(row: FundRow, label: str, exact: Fraction, rate: Figure | None) -> Iterator[AuditCheck]:
    points, score_cell = figure_of(row.cell("分值")), row.cell("得分")
    score = figure_of(score_cell)
    if points is None or score is None:
        if score_cell is not None and not score_cell.blank and points is None:
            yield make_check("funds.score", CheckState.INSUFFICIENT_DATA, score_cell.where, en=f"{label}: 得分 is printed without 分值", zh=f"{label}：填有得分但无分值")
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
        yield make_check("funds.score", CheckState.PASSED, score_cell.where, stated=score.value, recomputed=shown, en=f"{label}: 得分 {score.value} = {points.value} × 执行率", zh=f"{label}：得分 {score.value} = {points.value} × 执行率")  # type: ignore[union-attr]
    else:
        yield make_check(
            "funds.score", CheckState.FAILED, score_cell.where, stated=score.value, recomputed=shown,  # type: ignore[union-attr]
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
            yield make_check("funds.sum", CheckState.PASSED, stated_cell.where, stated=stated.value, recomputed=exact_shown(exact))
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
