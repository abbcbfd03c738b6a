"""A cell as stated: its text, its exact number, where it sits — and the figure it states.

Blank is not zero and missing is not blank: a :class:`Cell` whose text is
empty is *blank* (the table has the column, nobody filled it); a column the
table does not have gives no cell at all (``None``). A cell keeps what the
source gave — the text as shown, the exact number a spreadsheet stored, its
number format, a formula whose value was never computed — and its location
(``自评表!F12``, ``rows[3].得分``, ``table.csv:4:得分``), so every finding about
it points where the user must look.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import attrs

from perfrules._fields import of_type

__all__ = ["Cell", "Figure", "read_figure"]


@attrs.frozen
class Cell:
    """One cell of a filled table, as stated.

    Attributes:
        text: the cell as shown (``"95.50%"``, ``"≥735人次"``); ``""`` when blank.
        where: its location (``自评表!F12``, ``rows[3].得分``).
        number: the exact number the source stored, when it stored one (a
            numeric spreadsheet cell, a JSON number); ``None`` for text.
        number_format: the spreadsheet number format (``0.00%``), kept for writing back.
        formula: a formula whose computed value the file does not hold.
        merged: the merged range the cell belongs to (``A5:A9``), if any.
    """

    text: str = attrs.field(default="", validator=of_type(str))
    where: str = attrs.field(default="", validator=of_type(str))
    number: Decimal | None = attrs.field(default=None, validator=of_type(Decimal, optional=True))
    number_format: str = ""
    formula: str = ""
    merged: str = ""

    @property
    def blank(self) -> bool:
        """Nothing was filled in (a formula without a value is blank too, and says so)."""
        return self.number is None and not self.text.strip()

    @property
    def figure(self) -> Figure | None:
        """The number the cell states, read exactly (see :func:`read_figure`)."""
        return read_figure(self)

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Figure:
    """A number as a table states it.

    Attributes:
        value: the number as written, exactly (``95.5`` for ``95.5%``).
        percent: the number is a percentage (written with ``%`` or formatted as one).
        places: the decimal places printed, for recognising rounding.
    """

    value: Decimal
    percent: bool = False
    places: int = 0

    @property
    def ratio(self) -> Decimal:
        """The value as a ratio: ``95.5%`` → ``0.955``; a plain number as it is."""
        return self.value.scaleb(-2) if self.percent else self.value


# a stated figure: sign, digits with optional thousands separators, a unit word or % after it
_FIGURE = re.compile(r"^([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(%|分|万元|元|個|个|人|人次|次)?$")
_PLACES = re.compile(r"0\.(0+)")


def _format_places(number_format: str) -> int | None:
    """Decimal places a spreadsheet number format prints (``0.00%`` → 2), ``None`` for General."""
    fmt = number_format.split(";")[0]
    if not fmt or fmt.lower() == "general" or fmt == "@":
        return None
    m = _PLACES.search(fmt)
    return len(m.group(1)) if m else 0


def _places(d: Decimal) -> int:
    exponent = d.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def read_figure(cell: Cell | None) -> Figure | None:
    """The figure a cell states, exactly, or ``None`` when it states none.

    A stored number is taken as it is (a spreadsheet's percent format makes it
    a percentage: ``0.955`` shown as ``95.50%`` is 95.50 %); text is read in
    NFKC with thousands separators and a trailing ``%``, ``分`` or money unit.

    >>> read_figure(Cell("95.50%")).ratio
    Decimal('0.9550')
    >>> read_figure(Cell("９８分"))
    Figure(value=Decimal('98'), percent=False, places=0)
    >>> read_figure(Cell("")) is None, read_figure(Cell("达成")) is None
    (True, True)
    """
    if cell is None:
        return None
    if cell.number is not None:
        fmt = cell.number_format
        places = _format_places(fmt)
        if "%" in fmt.split(";")[0]:
            value = cell.number.scaleb(2)
            return Figure(value, True, _places(value) if places is None else places)
        return Figure(cell.number, False, _places(cell.number) if places is None else places)
    text = unicodedata.normalize("NFKC", cell.text).strip().replace(" ", "")
    m = _FIGURE.match(text)
    if m is None:
        return None
    digits = m.group(2).replace(",", "")
    value = Decimal(m.group(1) + digits)
    return Figure(value, m.group(3) == "%", _places(Decimal(digits)))
