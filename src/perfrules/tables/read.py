"""``read_table(source)``: any filled table — .xlsx, JSON or CSV, a path, bytes or a stream — by what it is."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from perfrules.exceptions import TableError
from perfrules.tables.rows import read_rows
from perfrules.tables.source import read_source
from perfrules.tables.table import FilledTable
from perfrules.tables.xlsx import read_xlsx

__all__ = ["read_table"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
_FORMATS = ("xlsx", "xlsm", "json", "csv")


def read_table(source: str | Path | bytes | IO[bytes], *, format: str | None = None, sheet: str | None = None) -> FilledTable:
    """Read a filled self-evaluation table.

    Args:
        source: a path, the file's bytes, or a binary file object.
        format: ``"xlsx"``, ``"json"`` or ``"csv"``; by default the file's
            first bytes when they name a workbook (a zip, an old .xls), else its
            suffix, else its content (``[`` or ``{`` is JSON).
        sheet: the workbook sheet to read (by default the first holding a table).

    Raises:
        TableError: the source cannot be read as a table; the message names
            the file, sheet, cell or line at fault.
    """
    if format is not None and format not in _FORMATS:
        raise TableError(f"unknown format {format!r}; expected 'xlsx', 'json' or 'csv'", path=str(format))
    data, name, suffix = read_source(source)
    kind = format
    if kind is None:
        kind = "xlsx" if data.startswith((_ZIP, _OLE)) or suffix == "xls" else suffix
    stream = io.BytesIO(data)
    stream.name = name  # type: ignore[attr-defined]  # the readers locate problems by it
    if kind in ("xlsx", "xlsm"):
        return read_xlsx(stream, sheet=sheet)
    return read_rows(stream, format=kind if kind in ("json", "csv") else None)
