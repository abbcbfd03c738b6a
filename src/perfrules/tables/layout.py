"""From a grid of cells to a :class:`~perfrules.tables.table.FilledTable`: the printed layout, found.

A :class:`Grid` is what every grid reader (.xlsx, CSV) hands over: rows of
located cells, merged ranges already spread over the cells they cover. The
layout is found by its labels, not by fixed positions, so tables that move,
drop, split or rename columns still read: the indicator header is the row
naming at least three indicator columns, joined with the row under it when
that row only names sub-columns (一级/二级/三级 under a merged 绩效指标,
指标性质/指标值/度量单位 under a merged 年度指标值); the funds block the rows
labelled by a fund source under a row naming fund columns; 年度总体目标 the
texts under (or beside) 预期目标 and 实际完成情况; the title the row naming a
自评表 (with a ``（2020年度）`` line under it). The indicator body — rows,
headings and their points, 总分, 评级, footnotes — is read by
:mod:`perfrules.tables.body`; a 总分 or 评级 printed above the table (``自评得分 |
97``) is read when the body states none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from perfrules.exceptions import TableError
from perfrules.findings import Finding, Severity
from perfrules.tables.body import Header, first_text, grade_in, note, read_body, right_of, total_in_text
from perfrules.tables.cells import Cell, Grid
from perfrules.tables.columns import (
    canonical_fund_column,
    canonical_indicator_column,
    fund_source,
    label_key,
    total_label,
)
from perfrules.tables.table import FilledTable, FundRow, TotalRow
from perfrules.messages import en_zh

__all__ = ["Grid", "parse_grid"]

#: labels of the project block, read with the cell to their right
PROJECT_LABELS = (
    "项目名称", "主管部门", "实施单位", "项目实施单位", "主管部门及代码", "实施单位及代码", "项目负责人", "联系电话",
    "预算年度", "年度", "项目编码", "项目代码", "资金用途", "项目属性", "填报单位", "填报日期", "填表人", "联系人", "审核人",
)  # fmt: skip
#: labels over the indicator block that name no column (绩效指标 merged over 一级/二级/三级, or down the rows)
_BLOCK_LABELS = ("绩效指标", "指标", "年度绩效指标", "绩效指标完成情况", "项目绩效指标")
_UNIT = re.compile(r"[(（]\s*(万元|元|亿元|千元)\s*[)）]|单位[:：]\s*(万元|元|亿元|千元)")
_YEAR_LINE = re.compile(r"^[(（]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?$")
#: a label and its value in one cell: a short label without digits, a colon, the value
_INLINE_FIELD = re.compile(r"^([^:\d\n]{2,12}):\s*(\S.*)$", re.DOTALL)
#: labels written inline that are no project field (read as the goal, the grade, or a note)
_NOT_FIELDS = ("预期目标", "实际完成情况", "年度总体目标", "评级", "评价等级", "自评等级", "绩效等级", "评价结果", "自评结果", "注", "说明", "备注", "附件")
#: a total printed above the table (``自评得分 | 97``): not 合计, which is a funds row there
_TOP_TOTALS = ("总分", "自评总分", "自评得分", "综合得分", "总得分")


def _keys(row: Sequence[Cell]) -> list[str]:
    return [label_key(c.text) if c.number is None else "" for c in row]


def _column(cell: Cell | None) -> str | None:
    return None if cell is None or cell.number is not None or cell.blank else canonical_indicator_column(cell.text)


# ------------------------------------------------------------------ the indicator header
def _is_label(cell: Cell) -> bool:
    return cell.number is None and (_column(cell) is not None or label_key(cell.text) in _BLOCK_LABELS)


def _is_subheader(row: Sequence[Cell], below: Sequence[Cell]) -> bool:
    """``below`` only names sub-columns of ``row``, itself nothing but column names (cells merged down from
    ``row`` aside): 一级/二级/三级 under 绩效指标, 指标性质/指标值/度量单位 under 年度指标值."""
    if not all(c.blank or _is_label(c) for c in row):
        return False
    own = [c for j, c in enumerate(below) if not c.blank and not (j < len(row) and c.merged and c.merged == row[j].merged)]
    return bool(own) and all(_is_label(c) for c in own)


def _header_at(grid: Grid, i: int) -> Header | None:
    row = grid.rows[i]
    below = grid.rows[i + 1] if i + 1 < len(grid.rows) else ()
    if not any(_column(c) is not None or label_key(c.text) in _BLOCK_LABELS for c in row if c.number is None):
        return None
    sub = _is_subheader(row, below)
    width = max(len(row), len(below) if sub else 0)
    columns: dict[int, str] = {}
    unknown: dict[int, Cell] = {}
    follow: dict[int, int] = {}
    first_of: dict[str, int] = {}
    ranges: set[str] = set()
    for j in range(width):
        top = row[j] if j < len(row) else None
        head = top
        if sub and j < len(below) and not below[j].blank and not (top is not None and below[j].merged and below[j].merged == top.merged):
            head = below[j]  # a sub-column names the column
        if head is None or head.blank:
            continue
        if head.merged:
            ranges.add(head.merged)
        key = head.merged or f"column {j}"
        if key in first_of:
            follow[j] = first_of[key]  # under a header merged across from the left
            continue
        first_of[key] = j
        name = _column(head)
        if name is None and label_key(head.text) in _BLOCK_LABELS:
            continue
        if name is None or name in columns.values():
            unknown[j] = head  # unknown, or a known column printed twice: kept, reported
        else:
            columns[j] = name
    found = set(columns.values())
    if len(found) < 3 or not (found & {"三级指标", "二级指标"}) or not (found & {"实际完成值", "得分", "年度指标值", "指标值"}):
        return None
    return Header(i, i + 2 if sub else i + 1, columns, unknown, follow, frozenset(ranges))


def _indicator_header(grid: Grid) -> Header:
    for i in range(len(grid.rows)):
        header = _header_at(grid, i)
        if header is not None:
            return header
    raise TableError(
        "no indicator table found: no row names the columns 一级指标/二级指标/三级指标, 年度指标值, 实际完成值, 分值, 得分",
        path=grid.source,
    )


# ------------------------------------------------------------------ the blocks above it
def _fund_header(grid: Grid, stop: int) -> tuple[int, dict[int, str]] | None:
    for i in range(stop):
        columns: dict[int, str] = {}
        for j, cell in enumerate(grid.rows[i]):
            name = canonical_fund_column(cell.text) if cell.number is None else None
            if name and name not in columns.values():
                columns[j] = name
        if {"全年预算数", "全年执行数"} & set(columns.values()) and len(columns) >= 2:
            return i, columns
    return None


def _funds_unit(grid: Grid, header: int) -> str:
    """The unit printed nearest above the funds' values: ``项目资金（万元）``, ``单位：元``."""
    for i in range(header, -1, -1):
        for cell in grid.rows[i]:
            m = _UNIT.search(unicodedata.normalize("NFKC", cell.text))
            if m:
                return m.group(1) or m.group(2)
    return "万元"


def _funds(grid: Grid, header: int, columns: dict[int, str], stop: int) -> list[FundRow]:
    first_column = min(columns)
    rows: list[FundRow] = []
    seen: set[object] = set()
    above: dict[int, Cell] = {}
    for i in range(header + 1, stop):
        row = grid.rows[i]
        label = None
        for cell in row[: max(first_column, 1)]:
            if cell.number is None and fund_source(cell.text) is not None:
                label = cell
        if label is None:
            if any(c.number is None and label_key(c.text) in ("年度总体目标", "总体目标", "绩效目标", *_BLOCK_LABELS) for c in row):
                break
            continue
        source = fund_source(label.text)
        if source in seen:
            continue
        seen.add(source)
        cells: dict[str, Cell] = {}
        for j, name in columns.items():
            cell = row[j] if j < len(row) else Cell("", grid.row_names[i])
            if cell.merged and j in above and above[j].merged == cell.merged:
                cell = Cell("", cell.where, merged=cell.merged)  # merged down from the row above: that row's
            else:
                above[j] = cell
            cells[name] = cell
        rows.append(FundRow(label, source, cells, where=grid.row_names[i]))  # type: ignore[arg-type]
    return rows


def _goal(grid: Grid, stop: int) -> tuple[Cell | None, Cell | None]:
    expected = actual = None
    for i in range(stop):
        keys = _keys(grid.rows[i])
        e = next((j for j, k in enumerate(keys) if k.startswith("预期目标")), None)
        a = next((j for j, k in enumerate(keys) if k.startswith("实际完成情况") or k == "实际完成"), None)
        if e is not None and a is not None:
            return _under(grid, i, e, stop), _under(grid, i, a, stop)
        if e is not None and expected is None:  # the goals in rows: 预期目标 | text, 实际完成情况 | text
            expected = _beside(grid.rows[i], e)
        if a is not None and actual is None:
            actual = _beside(grid.rows[i], a)
    return expected, actual


def _inline(cell: Cell) -> Cell | None:
    """``预期目标：text`` in one cell."""
    text = unicodedata.normalize("NFKC", cell.text).strip()
    for label in ("预期目标", "实际完成情况"):
        if text.startswith(label) and len(text) > len(label) + 1:
            return Cell(text[len(label) :].lstrip(":：\n "), cell.where)
    return None


def _beside(row: Sequence[Cell], j: int) -> Cell | None:
    inline = _inline(row[j])
    if inline is not None:
        return inline
    value = right_of(row, j)
    return None if value is None or label_key(value.text).startswith(("预期目标", "实际完成")) else value


def _under(grid: Grid, i: int, j: int, stop: int) -> Cell | None:
    """A 预期目标 text: in the header cell after a colon, or in the first filled cell below it."""
    header = grid.rows[i][j]
    inline = _inline(header)
    if inline is not None:
        return inline
    for k in range(i + 1, stop):
        row = grid.rows[k]
        if j < len(row) and not row[j].blank and row[j].text != header.text:
            return row[j]
    return None


def _project(grid: Grid, stop: int) -> tuple[str, dict[str, Cell]]:
    title = ""
    fields: dict[str, Cell] = {}
    for i in range(stop):
        row = grid.rows[i]
        keys = _keys(row)
        for j, key in enumerate(keys):
            # a known label, or any other written as a label (联系人：) — kept, never dropped
            labelled = key in PROJECT_LABELS or (key and row[j].text.strip().endswith((":", "：")) and key not in fields)
            if labelled and key not in fields:
                value = right_of(row, j)
                if value is not None and label_key(value.text) not in PROJECT_LABELS:
                    fields[key] = value
            elif key and not _spill(row, j):
                inline = _inline_field(row[j])  # 填报单位（盖章）：某县农业农村局 in one cell
                if inline is not None and inline[0] not in fields:
                    fields[inline[0]] = inline[1]
        first = _first_title(row)
        if not title and first is not None:
            title = first.text.strip()
            later = first_text(grid.rows[i + 1]) if i + 1 < stop else None
            if later is not None and later.number is None and _YEAR_LINE.match(label_key(later.text) or unicodedata.normalize("NFKC", later.text).strip()):
                title += later.text.strip()  # 项目支出绩效自评表 / （2020年度）
    return title, fields


def _spill(row: Sequence[Cell], j: int) -> bool:
    return j > 0 and bool(row[j].merged) and row[j - 1].merged == row[j].merged


def _inline_field(cell: Cell) -> tuple[str, Cell] | None:
    """A label and its value written in one cell (``项目名称：社区养老``, ``填报日期：2021年3月``), or ``None``."""
    m = _INLINE_FIELD.match(unicodedata.normalize("NFKC", cell.text).strip())
    if m is None:
        return None
    key = label_key(m.group(1))
    if not key or key in _NOT_FIELDS or total_label(key) or key in _TOP_TOTALS or _UNIT.search(cell.text) or _UNIT.search(unicodedata.normalize("NFKC", cell.text)):
        return None  # a total, a grade, a goal or the funds' unit: read where they belong
    return key, Cell(m.group(2).strip(), cell.where)


def _first_title(row: Sequence[Cell]) -> Cell | None:
    first = first_text(row)
    if first is None or first.number is not None:
        return None
    text = unicodedata.normalize("NFKC", first.text)
    if not ("自评表" in text or "绩效" in text) or label_key(text) in PROJECT_LABELS or _is_label(first):
        return None  # 绩效指标 over the indicator columns is no title
    return first


def _above(grid: Grid, stop: int) -> tuple[TotalRow | None, Cell | None]:
    """A 总分 and 评级 printed above the table (some provinces print them in the project block)."""
    total: TotalRow | None = None
    grade: Cell | None = None
    for i in range(stop):
        row = grid.rows[i]
        found = grade_in(row)
        grade = grade or (found[1] if found else None)
        if total is None:
            total = total_in_text(row)
        for j, cell in enumerate(row):
            if total is None and cell.number is None and label_key(cell.text) in _TOP_TOTALS:
                value = right_of(row, j)
                if value is not None and value.figure is not None and not value.figure.percent:
                    total = TotalRow(cell, score=value, where=grid.row_names[i])
    return total, grade


def parse_grid(grid: Grid) -> FilledTable:
    """Find the printed layout in ``grid``.

    Raises:
        TableError: the grid holds no indicator table.
    """
    header = _indicator_header(grid)
    notes: list[Finding] = list(grid.notes)
    for cell in header.unknown.values():
        text = cell.text.strip()
        notes.append(note("table.unknown_column", Severity.INFO, cell.where, *en_zh("table.unknown_column.2", text=text), column=text))
    for needed in ("分值", "得分", "实际完成值"):
        if needed not in header.columns.values():
            notes.append(note("table.missing_column", Severity.INFO, grid.row_names[header.top], *en_zh("table.missing_column", needed=needed), column=needed))
    fund_header = _fund_header(grid, header.top)
    funds: list[FundRow] = []
    unit = "万元"
    top = header.top
    if fund_header is not None:
        funds = _funds(grid, fund_header[0], fund_header[1], header.top)
        unit = _funds_unit(grid, fund_header[0])
        top = fund_header[0]
    title, project = _project(grid, top)
    for key, cell in project.items():
        if key not in PROJECT_LABELS:
            notes.append(note("table.unknown_column", Severity.INFO, cell.where, *en_zh("table.unknown_column.3", key=key), column=key))
    expected, achieved = _goal(grid, header.top)
    body = read_body(grid, header)
    total, grade = body.total, body.grade
    if total is None or grade is None:
        above_total, above_grade = _above(grid, header.top)
        total, grade = total or above_total, grade or above_grade
    return FilledTable(
        title=title,
        source=grid.source,
        project=project,
        funds_unit=unit,
        funds=funds,
        goal_expected=expected,
        goal_actual=achieved,
        columns=tuple(header.columns[j] for j in sorted(header.columns)),
        rows=body.rows,
        headings=body.headings,
        total=total,
        grade=grade,
        footnotes=body.footnotes,
        notes=[*notes, *body.notes],
    )
