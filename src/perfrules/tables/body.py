"""The indicator body of a printed table: its rows, group headings, 总分, 评级 and footnotes.

Given where the indicator header is (:class:`Header`), the rows under it are
read as printed tables print them:

* a label left blank (a merged cell, or an export that prints it once) is the
  label above, carried down — a 二级指标 only within the same 一级指标;
* a cell merged across columns belongs to its first column (``产出指标(50分)``
  spanning the label columns is a heading, not the row's name and target);
* a heading row (``产出指标 | | | | 50 | 48``), a subtotal (``小计``), points in a
  heading (``产出指标(50分)``), or only ``(50分)`` in a label cell below the
  label, and a 分值 merged over a group's rows give the group's points (and
  score), not a row of their own;
* an empty template row (``指标2：……``) is not read, and says so;
* the table ends at 总分 or at its footnotes (``注：1.…``), which are kept; a
  grade (``评价等级：优``) is read wherever it stands, but never out of prose;
* a column without a known header keeps its cells in ``extra``, and says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import attrs

from perfrules.findings import Finding, Severity
from perfrules.tables.cells import Cell, Grid
from perfrules.tables.columns import canonical_indicator_column, heading_parts, label_key, total_label
from perfrules.tables.table import Heading, IndicatorRow, TotalRow
from perfrules.messages import en_zh

__all__ = ["Body", "Header", "first_text", "grade_in", "note", "read_body", "right_of", "total_in_text"]

LEVELS = ("一级指标", "二级指标", "三级指标")
_TARGETS = ("年度指标值", "指标性质", "指标值", "实际完成值")
_POINT_COLUMNS = ("分值", "得分")
_WORDS = r"(优秀|优|良好|良|中等|中|合格|及格|不合格|差)"
# a grade stated in one cell, ending it: 评价等级：优 (never 评价等级：优（90分以上）… in a footnote)
_GRADE = re.compile(r"(?:评级|评价等级|自评等级|绩效等级|综合评级|等级|评价结果|自评结果)[:：为是]?" + _WORDS + r"[。.;；]?$")
_GRADE_LABELS = ("评级", "评价等级", "自评等级", "绩效等级", "综合评级", "等级", "评价结果", "自评结果", "自评等次", "等次")
# a total stated in one cell, opening it: 自评总分：97分
_TOTAL_TEXT = re.compile(r"^(?:自评总分|总分|总得分|自评得分|综合得分|得分合计|合计得分)[:：为]?(\d+(?:\.\d+)?)分?(?:[,，;；。.]|$)")
_TEMPLATE = re.compile(r"^(?:指标\s*[\d一二三四五六七八九十]*\s*[:：]?)?\s*[…．.。、\s]*$")
# a footnote opens with its marker: 注：/ 注1. / 说明： — never a name that starts with 注 (注册人数)
_FOOTNOTE = re.compile(r"^(?:注|说明|备注|填表说明|填报说明|附注)(?:[:：]|\d|[一二三四五六七八九十]+[、.]|$)")
_BLANKS = re.compile(r"\s+")
_CELL = re.compile(r"^(.*)!([A-Z]{1,3})\d+$")
_ROW = re.compile(r"^(.*)!(\d+)$")


@attrs.define
class Header:
    """Where the indicator header is and what its columns are.

    Attributes:
        top: the header's first row; ``body`` the first row under it.
        columns: canonical column by position.
        unknown: the header cell of each unknown column, by position.
        follow: a column covered by the merged header of another (position → that position).
        ranges: the merged ranges of the header's cells (a label such as 绩效指标 merged down the body).
    """

    top: int
    body: int
    columns: dict[int, str]
    unknown: dict[int, Cell] = attrs.Factory(dict)
    follow: dict[int, int] = attrs.Factory(dict)
    ranges: frozenset[str] = frozenset()


@attrs.define
class Body:
    """The indicator part of a filled table: its rows, group headings, total row, grade cell and footnotes."""

    rows: list[IndicatorRow] = attrs.Factory(list)
    headings: list[Heading] = attrs.Factory(list)
    total: TotalRow | None = None
    grade: Cell | None = None
    footnotes: list[Cell] = attrs.Factory(list)
    notes: list[Finding] = attrs.Factory(list)


def note(code: str, severity: Severity, where: str, en: str, zh: str, **data: object) -> Finding:
    """A finding about the table at ``where`` (a cell such as ``自评表!F12``)."""
    return Finding(code, severity, where, en, zh, data)


def _plain(text: str) -> str:
    return _BLANKS.sub("", unicodedata.normalize("NFKC", text))


def first_text(row: Sequence[Cell]) -> Cell | None:
    """The first cell of ``row`` that is not blank, or None."""
    for cell in row:
        if not cell.blank:
            return cell
    return None


def _spill(row: Sequence[Cell], j: int) -> bool:
    """``row[j]`` is covered by a cell merged across from the column before it."""
    return j > 0 and bool(row[j].merged) and row[j - 1].merged == row[j].merged


def right_of(row: Sequence[Cell], j: int) -> Cell | None:
    """The first filled cell right of ``row[j]`` outside ``row[j]``'s merged range."""
    own = row[j].merged
    for cell in row[j + 1 :]:
        if not cell.blank and (not own or cell.merged != own):
            return cell
    return None


def grade_in(row: Sequence[Cell]) -> tuple[int, Cell] | None:
    """The grade a row states (``评价等级：优`` in a cell, or ``评价等级 | 优``) and the column it is in."""
    for j, cell in enumerate(row):
        if cell.number is not None or cell.blank or _spill(row, j):
            continue
        text = _plain(cell.text)
        m = _GRADE.search(text)
        if m:
            return j, Cell(m.group(1), cell.where)
        if label_key(text) in _GRADE_LABELS:
            value = right_of(row, j)
            # the cell beside the label is the grade as stated, a word perfrules knows or not (甲, A)
            if value is not None and value.number is None and 0 < len(label_key(value.text)) <= 6:
                return j, value
    return None


def total_in_text(row: Sequence[Cell]) -> TotalRow | None:
    """A total stated in one cell (``自评总分：97分``)."""
    for cell in row:
        if cell.number is None and not cell.blank:
            m = _TOTAL_TEXT.match(_plain(cell.text))
            if m:
                return TotalRow(cell, score=Cell(m.group(1), cell.where), where=cell.where)
    return None


def _is_footnote(row: Sequence[Cell]) -> bool:
    first = first_text(row)
    return first is not None and first.number is None and _FOOTNOTE.match(_plain(first.text)) is not None


def _total_row(row: Sequence[Cell], header: Header, label_end: int, where: str) -> TotalRow | None:
    at = next((j for j, c in enumerate(row[: max(label_end, 1)]) if c.number is None and total_label(c.text)), None)
    if at is None:
        return None
    label = row[at]

    def own(j: int | None) -> Cell | None:
        if j is None or j >= len(row) or j <= at or (label.merged and row[j].merged == label.merged):
            return None  # no such column, or the label covers it
        return row[j]

    by_name = {name: j for j, name in header.columns.items()}
    points = own(by_name.get("分值"))
    score = own(by_name.get("得分"))
    if score is None:
        score = next((c for j, c in enumerate(row) if own(j) is c and c is not points and c.figure is not None), None)
    return TotalRow(label, points, score, where)


def _grade_row(row: Sequence[Cell], at: int, header: Header) -> bool:
    """A row stating the grade, not an indicator named 评价结果: the label and its value alone, or the
    label first and no 分值 or 得分 stated."""
    if _distinct(row) <= 2:
        return True
    first = next((j for j, c in enumerate(row) if not c.blank), None)
    scored = any(j < len(row) and row[j].figure is not None for j, n in header.columns.items() if n in _POINT_COLUMNS)
    return first == at and not scored


def _distinct(row: Sequence[Cell]) -> int:
    return len({c.merged or c.where or str(j) for j, c in enumerate(row) if not c.blank})


def read_body(grid: Grid, header: Header) -> Body:
    """The rows under the indicator header, classified (see the module docstring)."""
    body = Body()
    values = [j for j, n in header.columns.items() if n not in LEVELS]
    label_end = min(values) if values else max(header.columns, default=-1) + 1
    state = "body"  # then "after" (the 总分 row was read) or "notes" (a footnote was read)
    raw: list[int] = []
    for i in range(header.body, len(grid.rows)):
        row = grid.rows[i]
        if all(c.blank for c in row):
            continue
        if state == "body" and _repeated_header(row):
            continue  # the header printed again over a page break
        total = _total_row(row, header, label_end, grid.row_names[i]) if state != "notes" else None
        footnote = total is None and (_is_footnote(row) or (bool(raw) and _spanning(row, header) and grade_in(row) is None))
        in_text = None if total is not None or footnote or (state == "body" and _distinct(row) > 2) else total_in_text(row)
        grade = None if footnote else grade_in(row)
        if total is not None or in_text is not None:
            body.total = body.total or total or in_text
            state = "notes" if state == "notes" else "after"
        elif footnote:
            state = "notes"
        elif state == "body":
            if grade is not None and _grade_row(row, grade[0], header):
                body.grade = body.grade or grade[1]
                state = "after"  # the 评级 row closes the table, as 总分 does
            else:
                raw.append(i)
            continue
        if grade is not None:
            body.grade = body.grade or grade[1]
        elif total is None and in_text is None:
            first = first_text(row)
            if first is not None and first.number is None:
                body.footnotes.append(first)
    _rows(grid, header, raw, body)
    return body


def _spanning(row: Sequence[Cell], header: Header) -> bool:
    """One text merged across the whole width of the table: a note under it, not an indicator."""
    filled = [c for c in row if not c.blank]
    if not filled or filled[0].number is not None or not filled[0].merged:
        return False
    first, _, last = filled[0].merged.partition(":")
    if not last or any(c.merged != filled[0].merged for c in filled):
        return False
    width = sum(1 for c in row if c.merged == filled[0].merged)
    return width >= max(3, len(header.columns) - 1) and first[:1].isalpha()


def _repeated_header(row: Sequence[Cell]) -> bool:
    return len({canonical_indicator_column(c.text) for c in row if c.number is None} - {None}) >= 3


def _points(cell: Cell | None) -> Decimal | None:
    if cell is None or cell.blank:
        return None
    figure = cell.figure
    if figure is not None and not figure.percent:
        return figure.value
    _, points, _ = heading_parts(cell.text)
    return None if points is None else Decimal(points)


class _Rows:
    """The state of reading indicator rows: labels carried down, headings and extra columns found."""

    def __init__(self, grid: Grid, header: Header, body: Body) -> None:
        self.grid, self.header, self.body = grid, header, body
        self.headings: dict[tuple[int, str, str], Heading] = {}
        # heading points in printed order; a heading row's only once rows are found under it
        self.events: list[tuple[int, str, str, Decimal | None, Cell | None, Cell | None, Decimal | None] | int] = []
        self.previous: dict[str, Cell] = {}
        self.parent_of_l2 = ""
        self.names: dict[int, str] = {}
        used: set[str] = set(header.columns.values())  # an extra column is never named as a known one
        for j in sorted(header.unknown):
            self.names[j] = _unique(label_key(header.unknown[j].text) or f"column {j + 1}", used)
        self.used = used

    def put(self, level: int, name: str, parent: str, points: Decimal | None = None, cell: Cell | None = None, score: Cell | None = None, printed_score: Decimal | None = None) -> None:
        self.events.append((level, name, parent, points, cell, score, printed_score))

    def apply(self, level: int, name: str, parent: str, points: Decimal | None, cell: Cell | None, score: Cell | None, printed_score: Decimal | None = None) -> None:
        if not name:
            return
        key = (level, name, parent)
        old = self.headings.get(key, Heading(level, name, parent))
        new = old
        if points is not None and old.points is None:
            new = attrs.evolve(new, points=points, cell=cell)
        figure = None if score is None or printed_score is not None else score.figure
        value = printed_score if printed_score is not None else None if figure is None or figure.percent else figure.value
        if value is not None and old.score is None:
            new = attrs.evolve(new, score=value, score_cell=score)
        if new is not old:
            self.headings[key] = new

    def cells(self, i: int) -> tuple[dict[str, Cell], dict[str, Cell]]:
        row, name = self.grid.rows[i], self.grid.row_names[i]
        cells: dict[str, Cell] = {}
        for j, column in self.header.columns.items():
            if j >= len(row):
                cells[column] = Cell("", name)
            elif _spill(row, j) and not row[j].blank:
                cells[column] = Cell("", row[j].where)  # the cell merged across from the left is that column's
            elif row[j].merged and row[j].merged in self.header.ranges:
                cells[column] = Cell("", _own_where(row[j].where, name))  # merged down from the header: not this row's
            else:
                cells[column] = row[j]
        extra = {self.names[j]: row[j] for j in sorted(self.header.unknown) if j < len(row)}
        for j, cell in enumerate(row):
            if j in self.header.columns or j in self.header.unknown or cell.blank or _spill(row, j) or cell.merged in self.header.ranges:
                continue
            if j not in self.names:
                main = self.header.follow.get(j)
                base = label_key(self.header.unknown[main].text) if main in self.header.unknown else self.header.columns.get(main, "") if main is not None else ""
                self.names[j] = _unique(base or f"column {j + 1}", self.used)
                self.body.notes.append(note("table.unknown_column", Severity.INFO, cell.where, *en_zh("table.unknown_column", j_1=j + 1, self_names_j=self.names[j]), column=self.names[j]))
            extra[self.names[j]] = cell
        return cells, extra


def _own_where(where: str, row: str) -> str:
    """The location of a cell a merged range covers, in its own row (``自评表!F1`` in row ``自评表!2``: ``自评表!F2``)."""
    cell, at = _CELL.match(where), _ROW.match(row)
    return f"{at.group(1)}!{cell.group(2)}{at.group(2)}" if cell and at and cell.group(1) == at.group(1) else where


def _unique(name: str, used: set[str]) -> str:
    out, n = name, 1
    while out in used:
        n += 1
        out = f"{name}#{n}"
    used.add(out)
    return out


def _name(cell: Cell | None) -> tuple[str, str | None, str | None]:
    if cell is None or cell.blank or cell.number is not None:
        return "", None, None
    return heading_parts(cell.text)


def _rows(grid: Grid, header: Header, raw: list[int], body: Body) -> None:
    """Indicator rows with labels carried down; heading, subtotal, template rows and merged group points taken out."""
    state = _Rows(grid, header, body)
    rows = [(i, *state.cells(i)) for i in raw]
    spans: dict[tuple[str, str], set[int]] = {}
    for i, cells, _ in rows:
        for column in _POINT_COLUMNS:
            cell = cells.get(column)
            if cell is not None and cell.merged and not cell.blank:
                spans.setdefault((column, cell.merged), set()).add(i)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    firsts: dict[tuple[str, str], Cell] = {}
    items: list[IndicatorRow] = []
    candidates: list[tuple[int, str, str, int, IndicatorRow]] = []
    columns = set(header.columns.values())
    deep = "三级指标" if "三级指标" in columns else "二级指标" if "二级指标" in columns else None
    for i, cells, extra in rows:
        where = grid.row_names[i]
        if _subtotal(state, cells):
            continue
        own = _carry(state, cells, carry_l2=deep == "三级指标")
        l1 = _name(cells.get("一级指标"))[0]
        l2 = _name(cells.get("二级指标"))[0]
        for level, column, parent in ((1, "一级指标", ""), (2, "二级指标", l1)):
            name, printed, score = _name(cells.get(column))
            if printed is not None or score is not None:
                state.put(level, name, parent, None if printed is None else Decimal(printed), cells[column], cells[column] if score is not None else None, None if score is None else Decimal(score))
        for column in _POINT_COLUMNS:
            cell = cells.get(column)
            if cell is not None and cell.merged and len(spans.get((column, cell.merged), ())) > 1:
                groups.setdefault((column, cell.merged), []).append((l1, l2))
                firsts.setdefault((column, cell.merged), cell)
                cells[column] = Cell("", cell.where, merged=cell.merged)
        name = cells.get(deep) if deep else None
        stated = any(not cells[k].blank for k in _TARGETS if k in cells)
        hidden = i in grid.hidden
        if name is not None and name.blank and not stated and own:
            # a heading row (产出指标 | | | | 50 | 48) — or, when no row comes under it, an item of its own
            level = 2 if deep == "三级指标" and own == 2 else 1
            named, parent = (l2, l1) if level == 2 else (l1, "")
            state.events.append(len(candidates))
            candidates.append((level, named, parent, len(items), IndicatorRow(cells, extra, where, hidden)))
            continue
        filled = [c for k, c in cells.items() if k not in LEVELS and not c.blank]
        if name is not None and not name.blank and _TEMPLATE.match(unicodedata.normalize("NFKC", name.text)) and not filled:
            body.notes.append(note("table.template_row", Severity.INFO, where, *en_zh("table.template_row", name_text_strip=name.text.strip()), text=name.text.strip()))
            continue
        items.append(IndicatorRow(cells, extra, where, hidden))
    _groups(state, groups, firsts)
    _resolve(state, items, candidates)


def _resolve(state: _Rows, items: list[IndicatorRow], candidates: list[tuple[int, str, str, int, IndicatorRow]]) -> None:
    """Heading rows with rows under them are headings; the others are items (a one-level table's rows)."""
    l1s = {_name(r.cell("一级指标"))[0] for r in items}
    pairs = {(_name(r.cell("一级指标"))[0], _name(r.cell("二级指标"))[0]) for r in items}
    kept: dict[int, list[IndicatorRow]] = {}
    for level, name, parent, at, row in candidates:
        if (name in l1s) if level == 1 else ((parent, name) in pairs):
            continue
        points, score = row.cell("分值"), row.cell("得分")
        if (points is None or points.blank) and (score is None or score.blank):
            continue  # a label alone: carried down, nothing of its own
        kept.setdefault(at, []).append(row)
    rows = [r for at in range(len(items) + 1) for r in (*kept.get(at, ()), *items[at : at + 1])]
    for row in rows:
        if row.hidden:
            state.body.notes.append(note("table.hidden_row", Severity.WARNING, row.where, *en_zh("table.hidden_row"), row=row.where))
    state.body.rows = rows
    for event in state.events:
        if isinstance(event, int):
            level, name, parent, _, row = candidates[event]
            if any(row is r for r in rows):
                continue
            points = row.cell("分值")
            state.apply(level, name, parent, _points(points), points, row.cell("得分"))
        else:
            state.apply(*event)
    state.body.headings = list(state.headings.values())


def _carry(state: _Rows, cells: dict[str, Cell], *, carry_l2: bool) -> int:
    """Carry blank labels down; read a label cell printing only points (``(50分)``) as the label above's.

    Returns 2 when the row prints its own 二级指标, 1 its own 一级指标 only, else 0.
    """
    own = 0
    for level, column in ((1, "一级指标"), (2, "二级指标")):
        cell = cells.get(column)
        if cell is None:
            continue
        l1 = _name(cells.get("一级指标"))[0]
        previous = state.previous.get(column)
        if level == 2 and (not carry_l2 or state.parent_of_l2 != l1):
            previous = None  # a 二级指标 is carried only within its 一级指标, and never when it is the indicator
        name, printed, score = _name(cell)
        if not cell.blank and not name and (printed is not None or score is not None) and previous is not None:
            points = None if printed is None else Decimal(printed)
            state.put(level, _name(previous)[0], "" if level == 1 else l1, points, cell, cell if score is not None else None, None if score is None else Decimal(score))
            cells[column] = previous
        elif cell.blank and previous is not None:
            cells[column] = previous
        elif not cell.blank:
            own = level
    l1cell, l2cell = cells.get("一级指标"), cells.get("二级指标")
    if l1cell is not None and not l1cell.blank:
        state.previous["一级指标"] = l1cell
    if l2cell is not None and not l2cell.blank:
        state.previous["二级指标"] = l2cell
        state.parent_of_l2 = _name(l1cell)[0]
    return own


def _subtotal(state: _Rows, cells: dict[str, Cell]) -> bool:
    """A 小计 row: the points and score of the group above (``小计 | | | | 50 | 48``, ``产出指标小计``)."""
    for column in LEVELS:
        cell = cells.get(column)
        if cell is None or cell.blank or cell.number is not None:
            continue
        key = label_key(cell.text)
        if not key.endswith("小计"):
            continue
        named = key[: -len("小计")]
        l1 = _name(state.previous.get("一级指标"))[0]
        l2 = _name(state.previous.get("二级指标"))[0] if state.parent_of_l2 == l1 else ""
        if l2 and column != "一级指标" and named in ("", l2):
            state.put(2, l2, l1, _points(cells.get("分值")), cells.get("分值"), cells.get("得分"))
        else:
            state.put(1, named or l1, "", _points(cells.get("分值")), cells.get("分值"), cells.get("得分"))
        return True
    return False


def _groups(state: _Rows, groups: dict[tuple[str, str], list[tuple[str, str]]], firsts: dict[tuple[str, str], Cell]) -> None:
    """A 分值 (or 得分) merged over a group's rows is the group's."""
    for (column, merged), members in groups.items():
        l1s = {m[0] for m in members}
        l2s = {m[1] for m in members}
        cell = firsts[(column, merged)]
        if len(l2s) == 1 and len(l1s) == 1 and next(iter(l2s)):
            level, name, parent = 2, next(iter(l2s)), next(iter(l1s))
        elif len(l1s) == 1:
            level, name, parent = 1, next(iter(l1s)), ""
        else:
            state.body.notes.append(note("table.merged_points", Severity.WARNING, cell.where, *en_zh("table.merged_points", column=column, merged=merged), range=merged))
            continue
        if column == "分值":
            state.put(level, name, parent, _points(cell), cell)
        else:
            state.put(level, name, parent, score=cell)
        shown = cell.text.strip() or str(cell.number)
        state.body.notes.append(note("table.group_points", Severity.INFO, cell.where, *en_zh("table.group_points", column=column, shown=shown, name=name, merged=merged), column=column, group=name, range=merged))
