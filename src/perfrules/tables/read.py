"""``read_table(source)``: any filled table — .xlsx, JSON or CSV, a path, bytes or a stream — by what it is."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from perfrules.exceptions import TableError
from perfrules.tables.rows import read_rows
from perfrules.tables.table import FilledTable
from perfrules.tables.xlsx import read_xlsx

__all__ = ["read_table"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
_FORMATS = ("xlsx", "xlsm", "json", "csv")


def _source(source: object) -> tuple[bytes, str, str | None]:
    """The bytes, the name to locate problems by, and the suffix that names the format."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        shown = str(path) if len(str(path)) <= 200 else str(path)[:200] + "…"
        try:
            if not path.is_file():
                raise TableError("no such file", path=shown)
            data = path.read_bytes()
        except (OSError, ValueError) as exc:
            raise TableError(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}", path=shown) from None
        return data, path.name, path.suffix.lstrip(".").lower()
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "<bytes>", None
    if hasattr(source, "read"):
        name = Path(str(getattr(source, "name", "") or "<stream>")).name or "<stream>"
        try:
            data = source.read()
        except (OSError, ValueError) as exc:
            raise TableError(f"cannot read the stream: {getattr(exc, 'strerror', None) or exc}", path=name) from None
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TableError(f"the stream gave {type(data).__name__}, not bytes", path=name)
        return bytes(data), name, Path(name).suffix.lstrip(".").lower() or None
    raise TableError(f"expected a path, bytes or a binary file, got {type(source).__name__}", path="")


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
    data, name, suffix = _source(source)
    kind = format
    if kind is None:
        kind = "xlsx" if data.startswith((_ZIP, _OLE)) or suffix == "xls" else suffix
    stream = io.BytesIO(data)
    stream.name = name  # type: ignore[attr-defined]  # the readers locate problems by it
    if kind in ("xlsx", "xlsm"):
        return read_xlsx(stream, sheet=sheet)
    return read_rows(stream, format=kind if kind in ("json", "csv") else None)
