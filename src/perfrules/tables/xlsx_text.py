"""Text in a workbook cell, exactly: OOXML's ``_xHHHH_`` escapes, and text that is never taken for a formula.

XML cannot hold control characters, so a workbook writes them as ``_xHHHH_``
(and an underscore that could start such an escape as ``_x005F_``); a cell
whose text starts with ``=`` is text, not a formula, when its type says so.
Every writer of perfrules puts text through :func:`put_text`, every reader
through :func:`unescape`, so any text reads back as it was written.

>>> unescape(escape("a\\x01b_x0041_")) == "a\\x01b_x0041_"
True
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["escape", "put_text", "unescape"]

_RAW = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape(text: str) -> str:
    """``text`` with what XML cannot hold (and underscores that would read as an escape) escaped."""
    return _RAW.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape(text: str) -> str:
    """The text an escaped cell value stands for."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def put_text(cell: Any, text: str) -> None:
    """Write ``text`` into an openpyxl cell as text: escaped, and never a formula."""
    cell.value = escape(text)
    cell.data_type = "s"
