"""A cell as stated: its text, its exact number, where it sits — and the figure it states.

Blank is not zero and missing is not blank: a :class:`Cell` whose text is
empty is *blank* (the table has the column, nobody filled it); a column the
table does not have gives no cell at all (``None``). A cell keeps what the
source gave — the text as shown, the exact number a spreadsheet stored, its
number format, a formula whose value was never computed — and its location
(``自评表!F12``, ``rows[3].得分``, ``table.csv:4:得分``), so every finding about
it points where the user must look. A :class:`Grid` is rows of such cells, as
every grid reader hands them to the layout finder.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from perfrules._fields import of_type
from perfrules.exceptions import InvalidInputError, TableError
from perfrules.findings import Finding

__all__ = ["Cell", "Figure", "Grid", "plain_figure", "read_figure", "value_text"]


def _finite(instance: Any, attribute: attrs.Attribute, value: Decimal | None) -> None:
    if value is not None and not value.is_finite():
        raise InvalidInputError(f"{value} is not a finite number", path=attribute.name, value=value)


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
    number: Decimal | None = attrs.field(default=None, validator=[of_type(Decimal, optional=True), _finite])
    number_format: str = attrs.field(default="", validator=of_type(str))
    formula: str = attrs.field(default="", validator=of_type(str))
    merged: str = attrs.field(default="", validator=of_type(str))

    @property
    def blank(self) -> bool:
        """Nothing was filled in (a formula without a value is blank too, and says so)."""
        return self.number is None and not self.text.strip()

    @property
    def not_applicable(self) -> bool:
        """The cell states that nothing applies (``—``, ``/``, ``无``, ``不适用``, ``N/A``): stated, not blank, no figure.

        >>> Cell("—").not_applicable, Cell("").not_applicable, Cell("0").not_applicable
        (True, False, False)
        """
        return self.number is None and _NOT_APPLICABLE.match(unicodedata.normalize("NFKC", self.text).strip()) is not None

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
        """The value as a ratio — ``95.5%`` → ``0.955``; a plain number as it is."""
        return self.value.scaleb(-2) if self.percent else self.value


_NOT_APPLICABLE = re.compile(r"^(?:[—–\-─/\\]+|无|不适用|不涉及|n/?a|N/?A)$")
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


def _grid_cell(value: object, where: str, source: str) -> Cell:
    """A grid entry as a cell: a :class:`Cell` as it is, text, ``None`` (blank) or an exact number."""
    if isinstance(value, Cell):
        return value
    if value is None:
        return Cell("", where)
    if isinstance(value, str):
        return Cell(value, where)
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return Cell(str(value), where, value)
    raise TableError(f"a grid cell must be a Cell, text, an int or a finite Decimal, got {type(value).__name__}", path=where or source)


@attrs.frozen
class Grid:
    """Rows of located cells, as a grid reader hands them over.

    Attributes:
        rows: the cells of each row (a merged range's value spread over the
            cells it covers, each marked with the range); text, ``None`` and
            exact numbers are taken as cells located ``row name:column``.
        row_names: each row's location (``自评表!7``, ``table.csv:7``); by
            default ``source:row``.
        source: the file (and sheet) the grid comes from.
        hidden: indices of hidden rows.
        notes: what the reader noticed (formulas without values …).

    Raises:
        TableError: the rows are no grid (a row that is no sequence, names that
            do not match the rows).
    """

    rows: tuple[tuple[Cell, ...], ...] = ()
    row_names: tuple[str, ...] = ()
    source: str = ""
    hidden: frozenset[int] = frozenset()
    notes: tuple[Finding, ...] = ()

    def __attrs_post_init__(self) -> None:
        source = self.source if isinstance(self.source, str) else str(self.source)
        if isinstance(self.rows, (str, bytes)) or not isinstance(self.rows, (tuple, list)):
            raise TableError(f"rows must be a sequence of rows, got {type(self.rows).__name__}", path=source)
        names = tuple(self.row_names) if isinstance(self.row_names, (tuple, list)) else None
        if names is None or not all(isinstance(n, str) for n in names):
            raise TableError("row_names must be a sequence of text", path=source)
        if not names:
            names = tuple(f"{source}:{i + 1}" for i in range(len(self.rows)))
        if len(names) != len(self.rows):
            raise TableError(f"{len(self.rows)} rows but {len(names)} row names", path=source)
        rows = []
        for i, row in enumerate(self.rows):
            if isinstance(row, (str, bytes)) or not isinstance(row, (tuple, list)):
                raise TableError(f"a row must be a sequence of cells, got {type(row).__name__}", path=names[i])
            rows.append(tuple(_grid_cell(v, f"{names[i]}:{j + 1}", source) for j, v in enumerate(row)))
        hidden = frozenset(h for h in self.hidden if isinstance(h, int) and 0 <= h < len(rows)) if isinstance(self.hidden, (set, frozenset, tuple, list)) else frozenset()
        notes = tuple(self.notes) if isinstance(self.notes, (tuple, list)) else None
        if notes is None or not all(isinstance(n, Finding) for n in notes):
            raise TableError("notes must be a sequence of findings", path=source)
        for field, value in (("rows", tuple(rows)), ("row_names", names), ("source", source), ("hidden", hidden), ("notes", notes)):
            object.__setattr__(self, field, value)


def plain_figure(cell: Cell | None) -> Decimal | None:
    """The number a points, score or amount cell states — ``None`` when blank, not a number, or a percentage."""
    figure = None if cell is None or cell.blank else cell.figure
    return None if figure is None or figure.percent else figure.value


def value_text(cell: Cell | None) -> str:
    """The text a target or actual cell states; a stored number exactly (a percent format as ``95.5%``).

    >>> value_text(Cell("≥735人次 ")), value_text(Cell("95.50%", number=Decimal("0.955"), number_format="0.00%"))
    ('≥735人次', '95.5%')
    """
    if cell is None:
        return ""
    if cell.number is not None:
        figure = cell.figure
        assert figure is not None
        return f"{figure.value:f}%" if figure.percent else f"{cell.number:f}"
    return cell.text.strip()
