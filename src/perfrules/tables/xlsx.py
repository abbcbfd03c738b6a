"""Reading a filled table from an .xlsx workbook (openpyxl), exactly and never crashing.

openpyxl hands numbers over as binary floats. The exact decimal is recovered
from the float's shortest repr, cut to the 15 significant digits a
spreadsheet keeps (so a stored ``0.30000000000000004`` is the ``0.3`` the
user typed), never from float arithmetic; the cell's number format says how
it was shown (``0.955`` formatted ``0.00%`` is the ``95.50%`` the user sees,
read as 95.50 %). The workbook is opened in full mode, because read-only mode
loses merged ranges and hidden rows; a formula's value is read from the
file's cache, and a formula without one is a blank cell that says so.

Every problem — not a zip, an old .xls, a truncated file, a sheet too large,
no indicator table — is a :class:`~perfrules.exceptions.TableError` naming the
file (and sheet); every oddity of a cell is a note located at the cell. Size
is checked before openpyxl parses anything: the unpacked bytes, and the merged
ranges (openpyxl makes an object for every cell a merged range covers, so one
``A1:XFD1048576`` would never finish). The grid spans the cells that hold
values, however far a stray format reaches.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from perfrules.exceptions import TableError
from perfrules.findings import Finding, Severity
from perfrules.tables.cells import Cell
from perfrules.tables.layout import Grid, parse_grid
from perfrules.tables.source import Source, read_source
from perfrules.tables.table import FilledTable
from perfrules.tables.xlsx_text import unescape
from perfrules.messages import en_zh

__all__ = ["MAX_CELLS", "MAX_UNCOMPRESSED", "exact_number", "read_workbook", "read_xlsx", "shown"]

#: a sheet with more cells than this is refused (a self-evaluation table has a few thousand)
MAX_CELLS = 2_000_000
#: a workbook that unpacks to more bytes than this is refused before it is parsed (a zip bomb)
MAX_UNCOMPRESSED = 64 * 1024 * 1024

_SPREADSHEET = decimal.Context(prec=15)  # the significant digits a spreadsheet keeps
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?"')



def exact_number(value: int | float) -> Decimal:
    """The decimal a spreadsheet number stands for: its shortest repr, at 15 significant digits.

    >>> exact_number(0.1 + 0.2), exact_number(2440.91), exact_number(7)
    (Decimal('0.3'), Decimal('2440.91'), Decimal('7'))
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is no number")
    if isinstance(value, int):
        return Decimal(value)
    d = Decimal(repr(value))
    if len(d.as_tuple().digits) > 15:
        d = _SPREADSHEET.create_decimal(d)
        if d == d.to_integral_value() and d.adjusted() < 15:
            d = d.quantize(Decimal(1))
        else:
            d = d.normalize()
    return d


def _places(number_format: str) -> int | None:
    fmt = number_format.split(";")[0]
    if not fmt or fmt.lower() == "general" or fmt == "@":
        return None
    _, dot, tail = fmt.partition(".")
    return len(tail) - len(tail.lstrip("0")) if dot else 0


def shown(number: Decimal, number_format: str) -> str:
    """The text a spreadsheet shows for ``number`` in ``number_format`` (half away from zero).

    >>> shown(Decimal("0.955"), "0.00%"), shown(Decimal("12345.6"), "#,##0.00"), shown(Decimal("98"), "General")
    ('95.50%', '12,345.60', '98')
    """
    fmt = number_format.split(";")[0]
    percent = "%" in fmt
    value = number.scaleb(2) if percent else number
    places = _places(number_format)
    if places is not None and places <= 30:
        try:
            value = value.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
        except decimal.InvalidOperation:  # more digits than a context holds: shown as stored
            pass
    text = f"{value:,f}" if "," in fmt else f"{value:f}"
    return text + ("%" if percent else "")


def _name(source: Source) -> str:
    if isinstance(source, (str, Path)):
        return Path(source).name
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>"
    return Path(str(getattr(source, "name", "") or "<stream>")).name or "<stream>"


def _check(data: bytes, name: str) -> None:
    """Refuse what is no workbook, or too large to parse, before openpyxl sees it."""
    if data[:8] == _OLE:
        raise TableError("an old .xls (or encrypted) workbook: save it as .xlsx", path=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            size = sum(info.file_size for info in infos)
            sheets = [] if size > MAX_UNCOMPRESSED else [archive.read(i) for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise TableError(f"not an .xlsx workbook (not a readable zip archive: {exc})", path=name) from None
    if size > MAX_UNCOMPRESSED:
        raise TableError(f"the workbook unpacks to {size} bytes, more than the {MAX_UNCOMPRESSED} perfrules reads", path=name)
    covered = sum(_area(m) for xml in sheets for m in _MERGE.finditer(xml))
    if covered > MAX_CELLS:
        raise TableError(f"merged ranges cover {covered} cells, more than the {MAX_CELLS} perfrules reads", path=name)


def _letters(column: bytes) -> int:
    n = 0
    for ch in column.upper():
        n = n * 26 + ch - 64
    return n


def _area(m: re.Match[bytes]) -> int:
    c1, r1 = _letters(m.group(1)), int(m.group(2))
    c2, r2 = (_letters(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)


def _open(data: bytes, name: str, *, values: bool) -> Any:
    import openpyxl  # lazy-ok: openpyxl takes a tenth of a second to import; only workbook users pay it

    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            return openpyxl.load_workbook(io.BytesIO(data), data_only=values, read_only=False)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML syntax errors on bad files
        raise TableError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})", path=name) from None


def _cell_value(value: Any, number_format: str, where: str) -> tuple[Cell, Finding | None]:
    if value is None:
        return Cell("", where), None
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE", where), None
    if isinstance(value, (int, float)):
        try:
            number = exact_number(value)
        except (ValueError, decimal.InvalidOperation):
            return Cell(str(value), where), _bad_number(where, value)
        if not number.is_finite():
            return Cell(str(value), where), _bad_number(where, value)
        return Cell(shown(number, number_format), where, number, number_format), None
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
        return Cell(text, where), None
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return Cell(str(value), where), None
    text = unescape(str(value))
    if text.startswith("#") and text.rstrip("!?").upper() in ("#REF", "#DIV/0", "#VALUE", "#NAME", "#NUM", "#NULL", "#N/A"):
        return Cell(text, where), Finding("table.cell_error", Severity.WARNING, where, *en_zh("table.cell_error.2", text=text), (("text", text),))
    return Cell(text, where, number_format=number_format if number_format not in ("General", "@") else ""), None


def _bad_number(where: str, value: Any) -> Finding:
    return Finding("table.cell_error", Severity.WARNING, where, *en_zh("table.cell_error", value=value), (("text", str(value)),))


def _column_letter(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _stored(ws: Any) -> dict[tuple[int, int], Any]:
    """The cells a sheet stores, by (row, column) — never the empty cells iterating would create."""
    cells = getattr(ws, "_cells", None)
    if isinstance(cells, dict):
        return cells
    return {(c.row, c.column): c for row in ws.iter_rows() for c in row}  # pragma: no cover - openpyxl keeps _cells


def _grid(ws: Any, cached: Any, name: str) -> Grid:
    stored = _stored(ws)
    rows_n = cols_n = 0
    for (r, c), cell in stored.items():
        if cell.value is not None:
            rows_n, cols_n = max(rows_n, r), max(cols_n, c)
    if rows_n * cols_n > MAX_CELLS:
        raise TableError(f"sheet {ws.title!r} spans {rows_n} × {cols_n} cells, more than the {MAX_CELLS} perfrules reads", path=f"{name}:{ws.title}")
    computed = _stored(cached[ws.title]) if cached is not None and ws.title in cached.sheetnames else {}
    letters = [_column_letter(c) for c in range(1, cols_n + 1)]
    notes: list[Finding] = []
    grid: list[list[Cell]] = []
    for r in range(1, rows_n + 1):
        out: list[Cell] = []
        for c in range(1, cols_n + 1):
            where = f"{ws.title}!{letters[c - 1]}{r}"
            cell = stored.get((r, c))
            if cell is None:
                out.append(Cell("", where))
                continue
            value, fmt = cell.value, getattr(cell, "number_format", None) or "General"
            formula = ""
            if getattr(cell, "data_type", None) == "f":  # text that starts with '=' (a target '=100%') is text
                formula = str(value.text) if hasattr(value, "text") else str(value)
                held = computed.get((r, c))
                value = None if held is None else held.value
            made, note = _cell_value(value, fmt, where)
            if formula and value is None:
                made = Cell("", where, formula=formula)
                notes.append(Finding("table.formula_without_value", Severity.WARNING, where, *en_zh("table.formula_without_value", formula=formula), (("formula", formula),)))
            if note is not None:
                notes.append(note)
            out.append(made)
        grid.append(out)
    for merged in ws.merged_cells.ranges:
        if merged.min_row > rows_n or merged.min_col > cols_n:
            continue
        top = grid[merged.min_row - 1][merged.min_col - 1]
        coord = merged.coord
        for r in range(merged.min_row, min(merged.max_row, rows_n) + 1):
            for c in range(merged.min_col, min(merged.max_col, cols_n) + 1):
                grid[r - 1][c - 1] = Cell(top.text, top.where, top.number, top.number_format, top.formula, coord)
    hidden = frozenset(r - 1 for r, dim in ws.row_dimensions.items() if dim.hidden and isinstance(r, int) and 1 <= r <= rows_n)
    notes += _hidden_columns(ws, grid, cols_n)
    return Grid(tuple(tuple(r) for r in grid), tuple(f"{ws.title}!{r}" for r in range(1, rows_n + 1)), f"{name}:{ws.title}", hidden, tuple(notes))


def _hidden_columns(ws: Any, grid: list[list[Cell]], cols_n: int) -> list[Finding]:
    """A note for each hidden column holding values: the printed table does not show it, perfrules reads it."""
    columns: set[int] = set()
    for dim in ws.column_dimensions.values():
        if getattr(dim, "hidden", False) and isinstance(dim.min, int) and isinstance(dim.max, int):
            columns.update(range(max(dim.min, 1), min(dim.max, cols_n) + 1))
    notes = []
    for c in sorted(columns):
        first = next((row[c - 1] for row in grid if not row[c - 1].blank), None)
        if first is not None:
            letter = _column_letter(c)
            notes.append(Finding("table.hidden_column", Severity.WARNING, first.where, *en_zh("table.hidden_column", letter=letter), (("column", letter),)))
    return notes


def _has_formula(wb: Any) -> bool:
    return any(getattr(cell, "data_type", None) == "f" for ws in wb.worksheets for cell in _stored(ws).values())


def _tables(source: Source, sheet: str | None) -> Iterator[FilledTable | TableError]:
    data, name, _ = read_source(source)
    _check(data, name)
    wb = _open(data, name, values=False)
    cached = _open(data, name, values=True) if _has_formula(wb) else None
    sheets = wb.worksheets
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise TableError(f"no sheet {sheet!r}; the workbook has {', '.join(map(repr, wb.sheetnames))}", path=name)
        sheets = [wb[sheet]]
    visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
    for ws in visible + [ws for ws in sheets if ws not in visible]:
        if not hasattr(ws, "merged_cells"):  # a chart sheet
            continue
        try:
            yield parse_grid(_grid(ws, cached, name))
        except TableError as exc:
            yield exc


def read_xlsx(source: Source, *, sheet: str | None = None) -> FilledTable:
    """Read the filled table of a workbook: the named sheet, or the first that holds one.

    Args:
        source: a path, the file's bytes, or a binary file object.
        sheet: the sheet to read; by default the first visible sheet with an indicator table.

    Raises:
        TableError: the file is no readable workbook, or holds no table.
    """
    found: FilledTable | None = None
    errors: list[TableError] = []
    others: list[str] = []
    for item in _tables(source, sheet):
        if isinstance(item, TableError):
            errors.append(item)
        elif found is None:
            found = item
        else:
            others.append(item.source)
    if found is None:
        reason = errors[0].reason if len(errors) == 1 else "no sheet holds an indicator table (a row naming 三级指标, 实际完成值, 分值, 得分 …)"
        raise TableError(reason, path=errors[0].path if len(errors) == 1 else _name(source))
    if others:
        note = Finding("table.other_sheets", Severity.INFO, found.source, *en_zh("table.other_sheets", join_others=', '.join(others), join_others_2='、'.join(others)), (("sheets", tuple(others)),))
        found = _with_note(found, note)
    return found


def _with_note(table: FilledTable, note: Finding) -> FilledTable:
    return attrs.evolve(table, notes=(*table.notes, note))


def read_workbook(source: Source) -> tuple[FilledTable, ...]:
    """Every sheet of a workbook that holds a filled table, in sheet order.

    Raises:
        TableError: the file is no readable workbook, or no sheet holds a table.
    """
    tables = tuple(t for t in _tables(source, None) if isinstance(t, FilledTable))
    if not tables:
        raise TableError("no sheet holds an indicator table", path=_name(source))
    return tables
