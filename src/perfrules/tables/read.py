"""``read_table(source)``: any filled table — .xlsx, JSON or CSV, a path, bytes or a stream — by what it is."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from perfrules.exceptions import TableError
from perfrules.tables.rows import read_rows
from perfrules.tables.table import FilledTable
from perfrules.tables.xlsx import read_xlsx

__all__ = ["read_table"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def read_table(source: str | Path | bytes | IO[bytes], *, format: str | None = None, sheet: str | None = None) -> FilledTable:
    """Read a filled self-evaluation table.

    Args:
        source: a path, the file's bytes, or a binary file object.
        format: ``"xlsx"``, ``"json"`` or ``"csv"``; by default the file's
            suffix, else its first bytes (a zip is a workbook, ``[`` or ``{`` JSON).
        sheet: the workbook sheet to read (by default the first holding a table).

    Raises:
        TableError: the source cannot be read as a table; the message names
            the file, sheet, cell or line at fault.
    """
    if format is not None and format not in ("xlsx", "xlsm", "json", "csv"):
        raise TableError(f"unknown format {format!r}; expected 'xlsx', 'json' or 'csv'", path=str(format))
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise TableError("no such file", path=str(path))
        kind = format or path.suffix.lstrip(".").lower()
        if kind in ("xlsx", "xlsm", "xls"):
            return read_xlsx(path, sheet=sheet)
        if kind in ("json", "csv"):
            return read_rows(path, format=kind)
        source = path.read_bytes()
    elif not isinstance(source, (bytes, bytearray, memoryview)):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        source = bytes(data)
    data = bytes(source)
    kind = format or ("xlsx" if data.startswith((_ZIP, _OLE)) else None)
    if kind in ("xlsx", "xlsm"):
        return read_xlsx(data, sheet=sheet)
    return read_rows(data, format=kind)
