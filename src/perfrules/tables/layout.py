"""From a grid of cells to a :class:`~perfrules.tables.table.FilledTable`: the printed layout, found.

A :class:`Grid` is what every grid reader (.xlsx, CSV) hands over: rows of
located cells, merged ranges already spread over the cells they cover. The
layout is found by its labels, not by fixed positions, so tables that move,
drop, split or rename columns still read: the indicator header is the row
naming at least three indicator columns (a header over two rows is joined),
the funds block the rows labelled by a fund source under a row naming fund
columns, 年度总体目标 the texts under 预期目标 and 实际完成情况, 总分 and 评级 by
their labels, and whatever follows the table its footnotes.

Group points are read where tables print them: in a heading (``产出指标(50分)``),
in a heading row with no target (``产出指标 | | | 50``), or in a 分值 cell merged
over a group's rows (the rows then have no points of their own, and say so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from perfrules.exceptions import TableError
from perfrules.findings import Finding, Severity
from perfrules.tables.cells import Cell
from perfrules.tables.columns import (
    canonical_fund_column,
    canonical_indicator_column,
    fund_source,
    heading_points,
    label_key,
    total_label,
)
from perfrules.tables.table import FilledTable, FundRow, Heading, IndicatorRow, TotalRow

__all__ = ["Grid", "parse_grid"]

#: labels of the project block, read with the cell to their right
PROJECT_LABELS = ("项目名称", "主管部门", "实施单位", "项目实施单位", "主管部门及代码", "实施单位及代码", "项目负责人", "联系电话", "预算年度", "年度")
_GRADE = re.compile(r"(?:评级|评价等级|自评等级|绩效等级|综合评级|等级|评价结果)[:：]?\s*(优秀|优|良好|良|中等|中|合格|及格|差|不合格)")
_GRADE_LABELS = ("评级", "评价等级", "自评等级", "绩效等级", "综合评级", "等级", "评价结果", "自评结果")
_GRADE_WORDS = ("优秀", "优", "良好", "良", "中等", "中", "合格", "及格", "差", "不合格")
_TOTAL_IN_TEXT = re.compile(r"(?:自评总分|总分|自评得分|综合得分)[:：为]?\s*(\d+(?:\.\d+)?)\s*分?")
_TEMPLATE = re.compile(r"^(?:指标\s*\d*\s*[:：]?)?\s*[…．.。、\s]*$")
_FOOTNOTE_START = ("注", "说明", "备注", "填表说明", "填报说明", "附注")
_UNIT = re.compile(r"[(（]\s*(万元|元|亿元|千元)\s*[)）]|单位[:：]\s*(万元|元|亿元|千元)")
_LEVELS = ("一级指标", "二级指标", "三级指标")
_POINT_COLUMNS = ("分值", "得分")


@attrs.frozen
class Grid:
    """Rows of located cells, as a grid reader hands them over.

    Attributes:
        rows: the cells of each row (a merged range's value spread over the
            cells it covers, each marked with the range).
        row_names: each row's location (``自评表!7``, ``table.csv:7``).
        source: the file (and sheet) the grid comes from.
        hidden: indices of hidden rows.
        notes: what the reader noticed (formulas without values …).
    """

    rows: tuple[tuple[Cell, ...], ...]
    row_names: tuple[str, ...]
    source: str = ""
    hidden: frozenset[int] = frozenset()
    notes: tuple[Finding, ...] = ()


def _note(code: str, severity: Severity, where: str, en: str, zh: str, **data: object) -> Finding:
    return Finding(code, severity, where, en, zh, data)


def _keys(row: Sequence[Cell]) -> list[str]:
    return [label_key(c.text) if c.number is None else "" for c in row]


def _first_text(row: Sequence[Cell]) -> Cell | None:
    for cell in row:
        if not cell.blank:
            return cell
    return None


# ------------------------------------------------------------------ finding the blocks
def _indicator_header(grid: Grid) -> tuple[int, dict[int, str], dict[int, Cell]]:
    """The header row's index, its canonical columns by position, and its unknown header cells."""
    for i, row in enumerate(grid.rows):
        names = [canonical_indicator_column(c.text) if c.number is None else None for c in row]
        found = {n for n in names if n}
        if len(found) < 3 or not (found & {"三级指标", "二级指标"}) or not (found & {"实际完成值", "得分", "年度指标值", "指标值"}):
            continue
        above = grid.rows[i - 1] if i else ()
        columns: dict[int, str] = {}
        unknown: dict[int, Cell] = {}
        for j, cell in enumerate(row):
            name = names[j]
            if name is None and j < len(above) and above[j].number is None:
                name = canonical_indicator_column(above[j].text)  # a header over two rows
            if name and name not in columns.values():
                columns[j] = name
            elif not cell.blank and not cell.merged:
                unknown[j] = cell
            elif not cell.blank and cell.merged and name is None:
                unknown.setdefault(j, cell)
        return i, columns, unknown
    raise TableError(
        "no indicator table found: no row names the columns 一级指标/二级指标/三级指标, 年度指标值, 实际完成值, 分值, 得分",
        path=grid.source,
    )


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


def _funds_unit(grid: Grid, header: int, stop: int) -> str:
    for row in grid.rows[max(0, header - 1) : stop]:
        for cell in row:
            m = _UNIT.search(unicodedata.normalize("NFKC", cell.text))
            if m:
                return m.group(1) or m.group(2)
    return "万元"


def _funds(grid: Grid, header: int, columns: dict[int, str], stop: int) -> list[FundRow]:
    first_column = min(columns)
    rows: list[FundRow] = []
    seen: set[object] = set()
    for i in range(header + 1, stop):
        row = grid.rows[i]
        label = None
        for cell in row[: max(first_column, 1)]:
            if cell.number is None and fund_source(cell.text) is not None:
                label = cell
        if label is None:
            if any(c.number is None and label_key(c.text) in ("年度总体目标", "绩效指标") for c in row):
                break
            continue
        source = fund_source(label.text)
        if source in seen:
            continue
        seen.add(source)
        cells = {name: row[j] if j < len(row) else Cell("", f"{grid.row_names[i]}") for j, name in columns.items()}
        rows.append(FundRow(label, source, cells, where=grid.row_names[i]))  # type: ignore[arg-type]
    return rows


def _goal(grid: Grid, stop: int) -> tuple[Cell | None, Cell | None]:
    for i in range(stop):
        keys = _keys(grid.rows[i])
        expected = next((j for j, k in enumerate(keys) if k.startswith("预期目标")), None)
        actual = next((j for j, k in enumerate(keys) if k.startswith("实际完成情况") or k == "实际完成"), None)
        if expected is None or actual is None:
            continue
        return _under(grid, i, expected, stop), _under(grid, i, actual, stop)
    return None, None


def _under(grid: Grid, i: int, j: int, stop: int) -> Cell | None:
    """A 预期目标 text: in the header cell after a colon, or in the first filled cell below it."""
    header = grid.rows[i][j]
    text = unicodedata.normalize("NFKC", header.text).strip()
    for label in ("预期目标", "实际完成情况"):
        if text.startswith(label) and len(text) > len(label) + 1:
            rest = text[len(label) :].lstrip(":：\n ")
            return Cell(rest, header.where)
    for k in range(i + 1, stop):
        row = grid.rows[k]
        if j < len(row) and not row[j].blank and row[j].text != header.text:
            return row[j]
    return None


def _right_of(row: Sequence[Cell], j: int) -> Cell | None:
    """The first filled cell right of ``row[j]`` outside ``row[j]``'s merged range."""
    own = row[j].merged
    for cell in row[j + 1 :]:
        if not cell.blank and (not own or cell.merged != own):
            return cell
    return None


def _project(grid: Grid, stop: int) -> tuple[str, dict[str, Cell]]:
    title = ""
    fields: dict[str, Cell] = {}
    for i in range(stop):
        row = grid.rows[i]
        keys = _keys(row)
        for j, key in enumerate(keys):
            if key in PROJECT_LABELS and key not in fields:
                value = _right_of(row, j)
                if value is not None and label_key(value.text) not in PROJECT_LABELS:
                    fields[key] = value
        first = _first_text(row)
        if not title and first is not None and first.number is None and ("自评表" in first.text or "绩效" in first.text) and label_key(first.text) not in PROJECT_LABELS:
            title = first.text.strip()
    return title, fields


# ------------------------------------------------------------------ the indicator body
def _is_footnote(row: Sequence[Cell]) -> bool:
    first = _first_text(row)
    return first is not None and first.number is None and label_key(first.text).startswith(_FOOTNOTE_START)


def _total_cell(row: Sequence[Cell], upto: int) -> int | None:
    for j, cell in enumerate(row[: max(upto, 1)]):
        if cell.number is None and total_label(cell.text):
            return j
    return None


def _grade_in(row: Sequence[Cell]) -> Cell | None:
    for j, cell in enumerate(row):
        if cell.number is not None:
            continue
        text = unicodedata.normalize("NFKC", cell.text)
        m = _GRADE.search(text.replace(" ", ""))
        if m:
            return Cell(m.group(1), cell.where)
        if label_key(text) in _GRADE_LABELS:
            value = _right_of(row, j)
            if value is not None and label_key(value.text) in _GRADE_WORDS:
                return value
    return None


def _total_in_text(row: Sequence[Cell]) -> TotalRow | None:
    for cell in row:
        if cell.number is None:
            m = _TOTAL_IN_TEXT.search(unicodedata.normalize("NFKC", cell.text).replace(" ", ""))
            if m and not total_label(cell.text):
                return TotalRow(cell, score=Cell(m.group(1), cell.where), where=cell.where)
    return None


def _row_cells(row: Sequence[Cell], columns: dict[int, str], name: str) -> dict[str, Cell]:
    return {column: row[j] if j < len(row) else Cell("", f"{name}") for j, column in columns.items()}


def _span_key(cell: Cell) -> str:
    return cell.merged or cell.where


def _body(grid: Grid, header: int, columns: dict[int, str], unknown: dict[int, Cell]) -> Iterator[tuple[str, object]]:
    """``("row", (index, cells, extra))``, ``("total", TotalRow)``, ``("grade", Cell)``, ``("footnote", Cell)``."""
    first_value_column = min((j for j, n in columns.items() if n not in _LEVELS), default=len(columns))
    ended = False
    for i in range(header + 1, len(grid.rows)):
        row = grid.rows[i]
        if all(c.blank for c in row):
            continue
        at = _total_cell(row, first_value_column)
        grade = _grade_in(row)
        if at is not None:
            label = row[at]
            cells = _row_cells(row, columns, grid.row_names[i])
            score = cells.get("得分")
            if score is None or score.blank:
                score = next((c for c in row[at + 1 :] if c.figure is not None and c.merged != label.merged), score)
            yield "total", TotalRow(label, cells.get("分值"), score, grid.row_names[i])
            if grade is not None:
                yield "grade", grade
            ended = True
            continue
        if ended or _is_footnote(row):
            ended = True
            in_text = _total_in_text(row)
            if in_text is not None:
                yield "total", in_text
            if grade is not None:
                yield "grade", grade
            first = _first_text(row)
            if first is not None and first.number is None and grade is None and in_text is None:
                yield "footnote", first
            continue
        if grade is not None and not any(canonical_indicator_column(c.text) for c in row if c.number is None):
            yield "grade", grade
            continue
        cells = _row_cells(row, columns, grid.row_names[i])
        extra = {label_key(unknown[j].text) or f"column {j + 1}": row[j] for j in unknown if j < len(row)}
        yield "row", (i, cells, extra)


def _points_of(cell: Cell) -> Decimal | None:
    figure = cell.figure
    if figure is not None and not figure.percent:
        return figure.value
    _, points = heading_points(cell.text)
    return None if points is None else Decimal(points)


def parse_grid(grid: Grid) -> FilledTable:
    """Find the printed layout in ``grid``.

    Raises:
        TableError: the grid holds no indicator table.
    """
    header, columns, unknown = _indicator_header(grid)
    notes = list(grid.notes)
    for j, cell in unknown.items():
        notes.append(_note("table.unknown_column", Severity.INFO, cell.where, f"column {cell.text.strip()!r} is not a self-evaluation column; its cells are kept", f"列“{cell.text.strip()}”不是自评表的标准列，已保留其内容", column=cell.text.strip()))
    for needed in ("分值", "得分", "实际完成值"):
        if needed not in columns.values():
            notes.append(_note("table.missing_column", Severity.INFO, grid.row_names[header], f"the table has no {needed} column", f"表中没有“{needed}”列", column=needed))
    fund_header = _fund_header(grid, header)
    funds: list[FundRow] = []
    unit = "万元"
    top = header
    if fund_header is not None:
        funds = _funds(grid, fund_header[0], fund_header[1], header)
        unit = _funds_unit(grid, fund_header[0], header)
        top = fund_header[0]
    title, project = _project(grid, top)
    expected, achieved = _goal(grid, header)

    raw_rows: list[tuple[int, dict[str, Cell], dict[str, Cell]]] = []
    total: TotalRow | None = None
    grade: Cell | None = None
    footnotes: list[Cell] = []
    for kind, item in _body(grid, header, columns, unknown):
        if kind == "row":
            raw_rows.append(item)  # type: ignore[arg-type]
        elif kind == "total" and total is None:
            total = item  # type: ignore[assignment]
        elif kind == "grade" and grade is None:
            grade = item  # type: ignore[assignment]
        elif kind == "footnote":
            footnotes.append(item)  # type: ignore[arg-type]
    rows, headings, body_notes = _rows(grid, raw_rows, "三级指标" in columns.values())
    notes += body_notes
    return FilledTable(
        title=title,
        source=grid.source,
        project=project,
        funds_unit=unit,
        funds=funds,
        goal_expected=expected,
        goal_actual=achieved,
        columns=tuple(columns[j] for j in sorted(columns)),
        rows=rows,
        headings=headings,
        total=total,
        grade=grade,
        footnotes=footnotes,
        notes=notes,
    )


def _rows(grid: Grid, raw: list[tuple[int, dict[str, Cell], dict[str, Cell]]], three_levels: bool) -> tuple[list[IndicatorRow], list[Heading], list[Finding]]:
    """Indicator rows with labels carried down, heading rows and merged group points taken out."""
    notes: list[Finding] = []
    headings: dict[tuple[int, str, str], Heading] = {}
    # how many body rows each merged range spans: a 分值 merged over several rows is a group's
    spans: dict[str, int] = {}
    for _, cells, _extra in raw:
        for column in _POINT_COLUMNS:
            cell = cells.get(column)
            if cell is not None and cell.merged:
                spans[cell.merged] = spans.get(cell.merged, 0) + 1
    rows: list[IndicatorRow] = []
    previous: dict[str, Cell] = {}
    group_ranges: dict[str, list[dict[str, Cell]]] = {}
    for i, cells, extra in raw:
        where = grid.row_names[i]
        # labels left blank in a continuation row belong to the row above (exports leave them out)
        for level in _LEVELS[:2]:
            cell = cells.get(level)
            if cell is not None and cell.blank and level in previous:
                if level == "二级指标" and cells.get("一级指标") is not None and not cells["一级指标"].blank and cells["一级指标"].where != previous["一级指标"].where:
                    continue
                cells[level] = previous[level]
        for level in _LEVELS[:2]:
            if level in cells and not cells[level].blank:
                previous[level] = cells[level]
            elif level in previous and level not in cells:
                previous.pop(level)
        l1 = heading_points(cells["一级指标"].text)[0] if "一级指标" in cells else ""
        l2 = heading_points(cells["二级指标"].text)[0] if "二级指标" in cells else ""
        for level, name, parent in ((1, l1, ""), (2, l2, l1)):
            column = _LEVELS[level - 1]
            cell = cells.get(column)
            if cell is None or not name:
                continue
            _, printed = heading_points(cell.text)
            key = (level, name, parent)
            if printed is not None and key not in headings:
                headings[key] = Heading(level, name, parent, Decimal(printed), cell)
        for column in _POINT_COLUMNS:
            cell = cells.get(column)
            if cell is not None and cell.merged and spans.get(cell.merged, 0) > 1:
                group_ranges.setdefault(f"{column}|{cell.merged}", []).append(dict(cells))
                cells[column] = Cell("", cell.where, merged=cell.merged)
        name = cells.get("三级指标") if three_levels else cells.get("二级指标")
        filled = [c for k, c in cells.items() if k not in _LEVELS and not c.blank]
        if three_levels and (name is None or name.blank) and not any(not cells[k].blank for k in ("年度指标值", "指标值", "实际完成值") if k in cells):
            # a heading row: 产出指标 | | | 50 | 48
            level = 2 if l2 else 1
            points = cells.get("分值")
            key = (level, l2 if level == 2 else l1, l1 if level == 2 else "")
            if key[1] and points is not None and not points.blank and key not in headings:
                headings[key] = Heading(level, key[1], key[2], _points_of(points), points)
            continue
        if name is not None and _TEMPLATE.match(unicodedata.normalize("NFKC", name.text)) and not filled:
            notes.append(_note("table.template_row", Severity.INFO, where, f"template row {name.text.strip()!r} left empty; not read", f"模板行“{name.text.strip()}”未填写，不计入", text=name.text.strip()))
            continue
        hidden = i in grid.hidden
        if hidden:
            notes.append(_note("table.hidden_row", Severity.WARNING, where, "a hidden row is read as part of the table; check it belongs there", "隐藏行已按表格内容读取，请确认其应在表中", row=where))
        rows.append(IndicatorRow(cells, extra, where, hidden))
    for key, members in group_ranges.items():
        column, _, merged = key.partition("|")
        l1s = {heading_points(m["一级指标"].text)[0] for m in members if "一级指标" in m}
        l2s = {heading_points(m["二级指标"].text)[0] for m in members if "二级指标" in m}
        cell = next(m[column] for m in members)
        if len(l2s) == 1 and len(l1s) == 1:
            level, name, parent = 2, next(iter(l2s)), next(iter(l1s))
        elif len(l1s) == 1:
            level, name, parent = 1, next(iter(l1s)), ""
        else:
            notes.append(_note("table.merged_points", Severity.WARNING, cell.where, f"a {column} cell merged over rows of different groups ({merged}) cannot be given to one group", f"合并单元格 {merged} 的{column}跨越不同指标组，无法归属", range=merged))
            continue
        old = headings.get((level, name, parent), Heading(level, name, parent))
        value = _points_of(cell)
        if column == "分值" and old.points is None:
            headings[(level, name, parent)] = attrs.evolve(old, points=value, cell=cell)
        notes.append(_note("table.group_points", Severity.INFO, cell.where, f"{column} {cell.text.strip() or cell.number} is merged over the rows of {name!r} ({merged}): read as the group's, the rows have none of their own", f"{column}“{cell.text.strip() or cell.number}”为“{name}”各行的合并单元格（{merged}），按该组合计读取，各行无单独{column}", column=column, group=name, range=merged))
    return rows, list(headings.values()), notes
