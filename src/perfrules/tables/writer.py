"""Writing a filled table back to .xlsx in the standard layout, with its audit on the cells.

The table is written as the national template prints it (the funds block, the overall goal, then the indicators): title, project
block, funds block, 年度总体目标, the indicator header and rows (unknown columns
after the known ones), 总分, 评级, footnotes. Every cell is written as stated:
text as text, a stored number as a number with its number format — except a
number with more significant digits than a spreadsheet keeps (openpyxl writes
16, a spreadsheet reads 15), which is written as its exact text. Group points
printed outside a heading's own text (a heading row, a merged 分值) become a
heading row, so a table written and read back reads the same.

With an audit, each finding is a comment on the cell it is located at, the
cell is filled by severity (error red, warning amber, info blue), and a
``核查结果`` sheet lists every finding with its original and new location.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from perfrules.exceptions import TableError, WrongTypeError
from perfrules.findings import Finding, Severity
from perfrules.tables.audit import TableAudit
from perfrules.tables.cells import Cell
from perfrules.tables.columns import heading_parts, heading_points
from perfrules.tables.layout import PROJECT_LABELS
from perfrules.tables.table import FilledTable, Heading, IndicatorRow
from perfrules.tables.xlsx_text import escape, put_text

__all__ = ["write_xlsx"]

_FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
_HEADERS = {"偏差原因": "偏差原因分析及改进措施"}
_FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_BAD_SHEET = "[]:*?/\\"
_SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


class _Sheet:
    """A worksheet written row by row, remembering where each source cell went."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.row = 0
        self.moved: dict[str, str] = {}

    def put(self, cells: Sequence[Cell | str | None], *, hidden: bool = False, where: str = "") -> int:
        self.row += 1
        for j, cell in enumerate(cells, start=1):
            if cell is None:
                continue
            target = self.ws.cell(row=self.row, column=j)
            if isinstance(cell, str):
                put_text(target, cell)
                continue
            _write(target, cell)
            if cell.where and cell.where not in self.moved:
                self.moved[cell.where] = target.coordinate
        if where:
            self.moved.setdefault(where, f"A{self.row}")
        if hidden:
            self.ws.row_dimensions[self.row].hidden = True
        return self.row


def _write(target: Any, cell: Cell) -> None:
    if cell.number is not None and len(cell.number.as_tuple().digits) <= 15:
        target.value = cell.number
        exponent = cell.number.as_tuple().exponent
        if cell.number_format:
            target.number_format = cell.number_format
        elif isinstance(exponent, int) and exponent < 0:  # the places as stated: 0.50 stays 0.50
            target.number_format = "0." + "0" * -exponent
    elif cell.number is not None:
        put_text(target, f"{cell.number:f}")  # more digits than a spreadsheet keeps: exact text
        target.number_format = "@"
    elif cell.text:
        put_text(target, cell.text)
        target.number_format = "@"


def _heading_rows(table: FilledTable) -> dict[tuple[int, str, str], tuple[Heading, bool, bool]]:
    """Headings whose points or score no row's own heading text prints: they need a heading row (with the
    points, the score, or both) — a merged 分值, a heading row, a 小计 row as printed."""
    points_at, scores_at = set(), set()
    for row in table.rows:
        for column in ("一级指标", "二级指标"):
            cell = row.cell(column)
            if cell is not None and not cell.blank:
                _, points, score = heading_parts(cell.text)
                if points is not None:
                    points_at.add(cell.where)
                if score is not None:
                    scores_at.add(cell.where)
    out = {}
    for h in table.headings:
        points = h.points is not None and (h.cell is None or h.cell.where not in points_at)
        score = h.score is not None and (h.score_cell is None or h.score_cell.where not in scores_at)
        if points or score:
            out[(h.level, h.name, h.parent)] = (h, points, score)
    return out


def _indicator_rows(sheet: _Sheet, table: FilledTable, columns: list[str], extra: list[str]) -> None:
    pending = _heading_rows(table)
    width = len(columns) + len(extra)
    for row in table.rows:
        l1 = heading_points(row.text("一级指标"))[0]
        l2 = heading_points(row.text("二级指标"))[0]
        for key in ((1, l1, ""), (2, l2, l1)):
            found = pending.pop(key, None)
            if found is None:
                continue
            heading, points, score = found
            cells: list[Cell | str | None] = [None] * width
            for j, column in enumerate(columns):
                if column == "一级指标":
                    cells[j] = l1
                elif column == "二级指标" and key[0] == 2:
                    cells[j] = l2
                elif column == "分值" and points and heading.cell is not None:
                    cells[j] = _figure_cell(heading.cell, heading.points)
                elif column == "得分" and score and heading.score_cell is not None:
                    cells[j] = _figure_cell(heading.score_cell, heading.score)
            sheet.put(cells)
        cells = [_own(row, column) for column in columns] + [dict(row.extra).get(name) for name in extra]
        sheet.put(cells, hidden=row.hidden, where=row.where)


def _figure_cell(cell: Cell, value: Any) -> Cell:
    """The cell a heading's figure was printed in, as that figure alone (``(50分)`` in a label cell: 50)."""
    if cell.number is not None:
        return Cell(cell.text, cell.where, cell.number, cell.number_format)
    figure = cell.figure
    if figure is not None and not figure.percent:
        return Cell(cell.text, cell.where)
    return Cell(f"{value}", cell.where, value)


def _own(row: IndicatorRow, column: str) -> Cell | None:
    cell = row.cell(column)
    if cell is not None and cell.merged and cell.blank and column in ("分值", "得分"):
        return None  # the group's points, written on its heading row
    return cell


def _mark(wb: Any, sheet: _Sheet, findings: Sequence[Finding]) -> None:
    from openpyxl.comments import Comment  # lazy-ok: openpyxl is imported only when a workbook is written
    from openpyxl.styles import PatternFill  # lazy-ok

    notes: dict[str, list[Finding]] = {}
    for f in findings:
        if f.path in sheet.moved:
            notes.setdefault(sheet.moved[f.path], []).append(f)
    for coord, found in notes.items():
        cell = sheet.ws[coord]
        worst = min(found, key=lambda f: _RANK[f.severity])
        cell.fill = PatternFill("solid", fgColor=_FILLS[worst.severity])
        cell.comment = Comment(escape("\n".join(f"[{f.code}] {f.message('zh')}" for f in found)), "perfrules")
    report = wb.create_sheet("核查结果")
    rows = [["代码", "级别", "原位置", "本表位置", "说明", "填报值", "复核值", "message"]]
    rows += [[f.code, _SEVERITY_ZH[f.severity], f.path, sheet.moved.get(f.path, ""), f.message("zh"), _plain(f.get("stated")), _plain(f.get("recomputed")), f.message("en")] for f in findings]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                put_text(report.cell(row=r, column=c), str(value))


def _plain(value: Any) -> Any:
    return None if value is None else str(value)


def write_xlsx(table: FilledTable, target: str | Path | None = None, *, audit: TableAudit | None = None, sheet: str = "自评表") -> bytes:
    """Write ``table`` in the standard layout (with ``audit`` marked on its cells); returns the file's bytes.

    Args:
        table: the table to write.
        target: a path to save to as well.
        audit: findings to mark on the cells and list on a second sheet.
        sheet: the name of the table's sheet.
    """
    import openpyxl  # lazy-ok: openpyxl takes a tenth of a second to import; only workbook users pay it

    if not isinstance(table, FilledTable):
        raise WrongTypeError(f"expected a FilledTable (read one with perfrules.read_table), got {type(table).__name__}", path="table")
    if audit is not None and not isinstance(audit, TableAudit):
        raise WrongTypeError(f"expected a TableAudit (perfrules.audit(table)), got {type(audit).__name__}", path="audit")
    if target is not None and not isinstance(target, (str, Path)):
        raise WrongTypeError(f"expected a path to save to, got {type(target).__name__}", path="target")
    if not isinstance(sheet, str) or not sheet.strip() or len(sheet) > 31 or any(c in sheet for c in _BAD_SHEET) or sheet == "核查结果":
        raise TableError(f"{sheet!r} is no sheet name a spreadsheet accepts (1 to 31 characters, none of {_BAD_SHEET}, not 核查结果)", path="sheet")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    out = _Sheet(ws)
    if table.title:
        out.put([table.title])
    for label, cell in table.project:  # a label of no standard field is written as one (联系人：)
        out.put([label if label in PROJECT_LABELS else f"{label}：", cell])
    if table.funds:  # the columns the table has: a column it lacks is not written blank
        fund_columns = [c for c in _FUND_COLUMNS if any(f.cell(c) is not None for f in table.funds)]
        out.put([f"项目资金（{table.funds_unit}）", None, *fund_columns])
        for fund in table.funds:
            out.put([fund.label, None, *(fund.cell(c) for c in fund_columns)], where=fund.where)
    if table.goal_expected is not None or table.goal_actual is not None:
        out.put(["年度总体目标", "预期目标", None, None, "实际完成情况"])
        out.put([None, table.goal_expected, None, None, table.goal_actual])
    columns = list(table.columns)
    extra = list(dict.fromkeys(name for row in table.rows for name, _ in row.extra))
    out.put([_HEADERS.get(c, c) for c in columns] + extra)
    width = len(columns) + len(extra)
    _indicator_rows(out, table, columns, extra)
    if table.total is not None:
        cells: list[Cell | str | None] = [table.total.label] + [None] * (len(columns) - 1)
        for j, column in enumerate(columns):
            if column == "分值" and j:
                cells[j] = table.total.points
            elif column == "得分" and j:
                cells[j] = table.total.score
        if "得分" not in columns[1:]:
            cells.append(table.total.score)
        row = out.put(cells, where=table.total.where)
        at = columns.index("分值") if "分值" in columns else 0
        if table.total.points is None and 0 < at < (columns.index("得分") if "得分" in columns else len(cells)):
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=at + 1)  # no 分值 stated: the label covers its column
    if table.grade is not None:
        out.put(["评价等级", table.grade])
    for note in table.footnotes:  # merged across the table, as printed tables set their notes
        row = out.put([note])
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    if audit is not None:
        _mark(wb, out, audit.findings)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if target is not None:
        try:
            Path(target).write_bytes(data)
        except OSError as exc:
            raise TableError(f"cannot write the file: {exc.strerror or exc}", path=str(target)) from None
    return data
