"""Where a table's bytes come from: a path, bytes or a binary stream, each with the name problems are located by."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from perfrules.exceptions import TableError

__all__ = ["Source", "read_source"]

#: What a reader accepts — a path, the file's bytes, or a binary file object
Source = str | Path | bytes | IO[bytes]


def read_source(source: object) -> tuple[bytes, str, str | None]:
    """The bytes, the name to locate problems by, and the suffix that names the format."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        shown = str(path) if len(str(path)) <= 200 else str(path)[:200] + "…"
        try:
            if path.is_dir():
                raise TableError("a directory, not a file", path=shown)
            if not path.is_file():
                raise TableError("no such file", path=shown)
            data = path.read_bytes()
        except TableError:
            raise
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
