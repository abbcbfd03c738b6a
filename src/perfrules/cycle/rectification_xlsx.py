"""Rectification lists as .xlsx workbooks, to hand to the units that rectify and read back.

:func:`write_rectification_xlsx` writes the 整改清单 sheet (序号, 问题, 位置, 指标,
整改要求, 责任单位, 整改期限, 状态, 备注, then the English texts and the finding
code), the 整改记录 sheet (every status change) and the 清单信息 sheet (project,
year, issuer, date, notes); :func:`read_rectification_xlsx` reads it back to an
equal list. Text is written as text, never as a formula (``=…``), and what XML
cannot hold (control characters, a carriage return) is written in Excel's own
``_xHHHH_`` escapes, so every text reads back as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from perfrules.cycle.rectification import Change, RectificationItem, RectificationList, Status
from perfrules.exceptions import InvalidInputError, TableError
from perfrules.tables.source import read_source
from perfrules.tables.xlsx_text import put_text, unescape

__all__ = ["HISTORY_SHEET", "INFO_SHEET", "SHEET", "read_rectification_xlsx", "write_rectification_xlsx"]

SHEET, HISTORY_SHEET, INFO_SHEET = "整改清单", "整改记录", "清单信息"
_COLUMNS = ("序号", "问题", "位置", "指标", "整改要求", "责任单位", "整改期限", "状态", "备注", "问题（英文）", "整改要求（英文）", "发现代码")
_FIELDS = ("id", "problem_zh", "where", "indicator", "action_zh", "unit", "deadline", "status", "notes", "problem_en", "action_en", "code")
_HISTORY = ("序号", "日期", "原状态", "新状态", "说明", "经办")
_INFO = ("项目", "年度", "下发单位", "下发日期", "说明")
_EPOCH = dt.date(1900, 3, 1)  # a spreadsheet's dates before it are off by a day (its 1900 leap-year bug)


def _put(ws: Any, row: int, values: Iterable[Any]) -> None:
    for j, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        cell = ws.cell(row=row, column=j)
        if isinstance(value, dt.date) and value < _EPOCH:
            value = value.isoformat()  # read back from its text
        if isinstance(value, str):
            put_text(cell, value)  # escaped, and never a formula whatever the text starts with
        else:
            cell.value = value
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def write_rectification_xlsx(rectification: RectificationList, path: str | Path | None = None) -> bytes:
    """Write the list as a workbook (three sheets, see the module); returns the file's bytes, saved to ``path`` too."""
    import openpyxl  # lazy-ok: openpyxl is imported only when a workbook is written or read
    from openpyxl.styles import Font  # lazy-ok

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    _put(ws, 1, _COLUMNS)
    for n, item in enumerate(rectification.items, start=2):
        _put(ws, n, [item.status.label_zh if f == "status" else getattr(item, f) for f in _FIELDS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (6, 48, 28, 20, 40, 16, 12, 8, 24)):
        ws.column_dimensions[column].width = width
    history = wb.create_sheet(HISTORY_SHEET)
    _put(history, 1, _HISTORY)
    changes = [(i.id, c) for i in rectification.items for c in i.history]
    for n, (id, c) in enumerate(changes, start=2):
        _put(history, n, (id, c.on, c.previous.label_zh, c.status.label_zh, c.note, c.by))
    info = wb.create_sheet(INFO_SHEET)
    r = rectification
    for n, (label, value) in enumerate([*zip(_INFO, (r.project, r.year, r.issued_by, r.issued_on)), *(("说明", note) for note in r.notes)], start=1):
        _put(info, n, (label, value))
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _text_of(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time)):
        raise TableError(f"expected text, got {value!r}", path=where, value=value)
    if isinstance(value, float):
        if not value.is_integer():
            raise TableError(f"expected text or a whole number, got {value!r}", path=where, value=value)
        value = int(value)
    return unescape(str(value))


def _date_of(value: Any, where: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*", str(value))
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else dt.date.fromisoformat(str(value))
    except ValueError:
        raise TableError(f"expected a date such as 2021-06-30, got {value!r}", path=where, value=value) from None


def _status_of(value: Any, where: str) -> Status:
    text = _text_of(value, where).strip()
    for s in Status:
        if text in (s.value, s.label_zh):
            return s
    if not text:
        return Status.OPEN
    raise TableError(f"unknown status {text!r}; one of {', '.join(s.label_zh for s in Status)}", path=where, value=text)


def _records(ws: Any, header: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    """The sheet's rows below its header row, as {header: value}; blank rows skipped."""
    rows = list(ws.iter_rows(values_only=True))
    for n, row in enumerate(rows):
        names = [v.strip() if isinstance(v, str) else "" for v in row]
        if header[0] in names and header[1] in names:
            columns = {name: j for j, name in enumerate(names) if name in header}
            return [(n + k + 2, {h: r[j] if j < len(r) else None for h, j in columns.items()}) for k, r in enumerate(rows[n + 1 :]) if any(v is not None for v in r)]
    raise TableError(f"no header row with {header[0]} and {header[1]}", path=ws.title)


def read_rectification_xlsx(source: str | Path | bytes | BinaryIO) -> RectificationList:
    """Read a list written by :func:`write_rectification_xlsx` (or typed in its layout: the 整改清单 sheet's
    header row, in any order; the other sheets may be absent).

    Raises:
        TableError: not a readable workbook, no 整改清单 sheet, or a cell that cannot be read.
    """
    import openpyxl  # lazy-ok: openpyxl is imported only when a workbook is written or read

    data, name, _ = read_source(source)
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            wb = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:  # openpyxl raises anything from KeyError to XML syntax errors on bad files
        raise TableError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})", path=name) from None
    if SHEET not in wb.sheetnames:
        raise TableError(f"no {SHEET} sheet (sheets: {', '.join(wb.sheetnames)})", path=name)
    history: dict[str, list[Change]] = {}
    if HISTORY_SHEET in wb.sheetnames:
        for n, rec in _records(wb[HISTORY_SHEET], _HISTORY):
            at = f"{HISTORY_SHEET}!{n}"
            change = _build(Change, at, _date_of(rec.get("日期"), at), _status_of(rec.get("原状态"), at), _status_of(rec.get("新状态"), at), _text_of(rec.get("说明"), at), _text_of(rec.get("经办"), at))
            history.setdefault(_text_of(rec.get("序号"), at), []).append(change)
    items = []
    for n, rec in _records(wb[SHEET], _COLUMNS):
        at = f"{SHEET}!{n}"
        values = {f: _text_of(rec.get(c), at) for c, f in zip(_COLUMNS, _FIELDS) if f not in ("deadline", "status")}
        values.update(deadline=_date_of(rec.get("整改期限"), at), status=_status_of(rec.get("状态"), at), history=tuple(history.get(values["id"], ())))
        items.append(_build(RectificationItem, at, **values))
    info: dict[str, Any] = {"说明": []}
    if INFO_SHEET in wb.sheetnames:
        for n, row in enumerate(wb[INFO_SHEET].iter_rows(values_only=True), start=1):
            label = _text_of(row[0] if row else None, f"{INFO_SHEET}!A{n}").strip()
            value = row[1] if len(row) > 1 else None
            if label == "说明":
                info["说明"].append(_text_of(value, f"{INFO_SHEET}!B{n}"))
            elif label in _INFO:
                info[label] = value
    year = _text_of(info.get("年度"), f"{INFO_SHEET}!年度").strip()
    if year and not year.isdecimal():
        raise TableError(f"expected a year such as 2021, got {year!r}", path=f"{INFO_SHEET}!年度", value=year)
    return _build(RectificationList, name, _text_of(info.get("项目"), INFO_SHEET), int(year) if year else None, tuple(items), _text_of(info.get("下发单位"), INFO_SHEET), _date_of(info.get("下发日期"), INFO_SHEET), tuple(info["说明"]))


def _build(cls: type, at: str, /, *args: Any, **kwargs: Any) -> Any:
    try:
        return cls(*args, **kwargs)
    except InvalidInputError as exc:
        raise TableError(exc.reason, path=f"{at}.{exc.path}" if exc.path else at, value=exc.value) from None
