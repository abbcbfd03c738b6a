"""Filled tables from exported rows: JSON or CSV bytes in any encoding, or Python mappings.

Systems export the self-evaluation table as flat rows keyed by the table's own
Chinese column names (一级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分 …;
funds rows keyed 资金来源, 全年预算数, 全年执行数, 执行率 …; 总分, 评级). Rows
are laid out as the printed table would be and read by the same layout
finder as a workbook, so a heading with points or a template row means the
same in every format; each cell is located as ``rows[3].得分`` (JSON, Python)
or ``table.csv:4:得分`` (CSV).

Bytes are decoded by their BOM (UTF-8, UTF-16, UTF-32), else as UTF-16 when
they hold NUL bytes (no UTF-8 or GBK text does; the side holding more of them
is the high byte), else as strict UTF-8, else as strict GB18030 (a superset of
GBK and GB2312, the encodings Chinese spreadsheet programs export). A
detector is not used: on the short texts of a table, statistical detectors
mistake GBK for Big5 or a Latin code page, and a misread cell would then be
scored; a strict decoder either reads the text as written or refuses.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from perfrules.exceptions import FloatRefusedError, TableError
from perfrules.findings import Finding, Severity
from perfrules.tables.cells import Cell
from perfrules.tables.columns import canonical_fund_column, canonical_indicator_column, label_key
from perfrules.tables.layout import PROJECT_LABELS, Grid, parse_grid
from perfrules.tables.source import Source, read_source
from perfrules.tables.table import FilledTable
from perfrules.messages import en_zh

__all__ = ["MAX_BYTES", "decode", "read_csv", "read_json", "read_records", "read_rows"]

#: a text export larger than this is refused (a province's table is a few kilobytes)
MAX_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
_FUND_LABEL_KEYS = ("资金来源", "资金项目", "资金类别", "资金性质", "来源", "项目资金", "资金")
_FUND_ONLY = ("年初预算数", "全年预算数", "全年执行数", "执行率")
_SCALARS = {
    "总分": "总分", "自评总分": "总分", "自评得分": "总分", "综合得分": "总分",
    "评级": "评级", "评价等级": "评级", "自评等级": "评级", "绩效等级": "评级",
    "预期目标": "预期目标", "实际完成情况": "实际完成情况", "总分值": "总分值", "满分": "总分值",
}  # fmt: skip
_FOOTNOTE_KEYS = ("注", "备注说明", "脚注", "说明", "footnotes")
_LEVEL_ORDER = ("一级指标", "二级指标", "三级指标")
_MAX_ROWS = 100_000
#: a text export with more cells than this is refused (a province's table has a few hundred)
_MAX_CELLS = 2_000_000
#: a number beyond 10^±30 is no figure of a table (and ``1e999999999`` would print a billion digits)
_MAX_EXPONENT = 30



def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """The text of ``data``: by BOM, else UTF-16 (NUL bytes), strict UTF-8 or GB18030.

    >>> decode("总分".encode("gbk")), decode(codecs.BOM_UTF8 + "得分".encode())
    ('总分', '得分')
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TableError(f"expected bytes, got {type(data).__name__}", path=name)
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise TableError(f"{len(data)} bytes, more than the {MAX_BYTES} perfrules reads", path=name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name)
    if 0 in data:  # UTF-8 and GBK text hold no NUL; UTF-16 holds one in every ASCII character
        even_nuls = data[0::2].count(0)
        return _strict(data, "utf-16-be" if even_nuls > data[1::2].count(0) else "utf-16-le", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise TableError(
            f"cannot decode the bytes as UTF-8, UTF-16 or GB18030 (byte {exc.start}: {data[exc.start:exc.start + 4]!r})",
            path=name,
        ) from None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TableError(f"not valid {encoding} at byte {exc.start}", path=name) from None
    return text.lstrip("\ufeff")


def _read(source: Source) -> tuple[bytes, str]:
    data, name, _ = read_source(source)
    return data, name


# ------------------------------------------------------------------ JSON
def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not an exact number")


def read_json(source: Source) -> FilledTable:
    """A table from JSON: a list of rows, or an object with rows and the table's scalars.

    Numbers are read from their text as exact decimals. A syntax error names
    its line and column (``table.json:3:14``).
    """
    data, name = _read(source)
    return _json(decode(data, name=name), name)


def _json(text: str, name: str) -> FilledTable:
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise TableError(f"invalid JSON: {exc.msg}", path=f"{name}:{exc.lineno}:{exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise TableError(f"invalid JSON: {exc}", path=name) from None
    return read_records(document, source=name)


# ------------------------------------------------------------------ CSV
def read_csv(source: Source) -> FilledTable:
    """A table from CSV: either flat rows under one header, or the printed layout cell by cell."""
    data, name = _read(source)
    return _csv(decode(data, name=name), name)


def _csv(text: str, name: str) -> FilledTable:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;") if text.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[Cell, ...]] = []
    names: list[str] = []
    cells = 0
    start = 1
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)  # quoted line breaks stay in their cell
        for record in reader:
            if len(rows) >= _MAX_ROWS or cells + len(record) > _MAX_CELLS:
                raise TableError(f"more than {_MAX_ROWS} rows or {_MAX_CELLS} cells", path=name)
            cells += len(record)
            rows.append(tuple(Cell(v, f"{name}:{start}:{j + 1}") for j, v in enumerate(record)))
            names.append(f"{name}:{start}")
            start = reader.line_num + 1
    except (csv.Error, TypeError, ValueError) as exc:
        if isinstance(exc, TableError):
            raise
        raise TableError(f"invalid CSV: {exc}", path=f"{name}:{start}") from None
    return parse_grid(Grid(tuple(rows), tuple(names), name))


def read_rows(source: Source, *, format: str | None = None) -> FilledTable:
    """A table from exported rows, JSON or CSV (``format``, else the suffix, else the content)."""
    data, name = _read(source)
    if format is not None and format not in ("json", "csv"):
        raise TableError(f"unknown format {format!r}; expected 'json' or 'csv'", path=name)
    text = decode(data, name=name)
    kind = format or Path(name).suffix.lstrip(".").lower()
    if kind not in ("json", "csv"):
        kind = "json" if text.lstrip().startswith(("[", "{")) else "csv"
    return _json(text, name) if kind == "json" else _csv(text, name)


# ------------------------------------------------------------------ records → the printed layout
def _cell(value: Any, where: str) -> Cell:
    if value is None:
        return Cell("", where)
    if isinstance(value, bool):
        raise TableError(f"expected text or a number, got {value!r}", path=where)
    if isinstance(value, float):
        raise TableError(str(FloatRefusedError(path="", value=value)), path=where)
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TableError(f"{value} is not an exact number", path=where)
        if value and abs(value.adjusted()) > _MAX_EXPONENT:
            raise TableError(f"{value:.6e} is no figure of a table (beyond 10^±{_MAX_EXPONENT})", path=where)
        return Cell(f"{value:f}", where, value)
    if isinstance(value, str):
        return Cell(value, where)
    raise TableError(f"expected text or a number, got {type(value).__name__}", path=where)


def _kind(record: Mapping[str, Any]) -> str:
    keys = {label_key(str(k)) for k in record}
    if keys & set(_FUND_LABEL_KEYS) or keys & set(_FUND_ONLY):
        return "fund"
    if any(canonical_indicator_column(str(k)) for k in record):
        return "indicator"
    return "other"


def read_records(document: Any, *, source: str = "rows") -> FilledTable:
    """A table from rows already parsed: a list of mappings, or a mapping holding them.

    Raises:
        TableError: the shape is not a table, naming the row and key at fault.
    """
    scalars: dict[str, Cell] = {}
    footnotes: list[Cell] = []
    if isinstance(document, Mapping):
        rows: list[tuple[str, Mapping[str, Any]]] = []
        for key, value in document.items():
            if not isinstance(key, str):
                raise TableError(f"keys must be text, got {key!r}", path=source)
            where = f"{source}.{key}"
            if isinstance(value, list):
                if label_key(key) in _FOOTNOTE_KEYS:
                    footnotes += [_cell(v, f"{where}[{i}]") for i, v in enumerate(value)]
                else:
                    rows += [(f"{where}[{i}]", _mapping(r, f"{where}[{i}]")) for i, r in enumerate(value)]
            elif isinstance(value, Mapping):
                for k, v in value.items():  # 年度总体目标: {预期目标: …, 实际完成情况: …}
                    scalars[_scalar(str(k))] = _cell(v, f"{where}.{k}")
            elif label_key(key) in _FOOTNOTE_KEYS:
                footnotes.append(_cell(value, where))
            else:
                scalars[_scalar(key)] = _cell(value, where)
    elif isinstance(document, list):
        rows = [(f"{source}[{i}]", _mapping(r, f"{source}[{i}]")) for i, r in enumerate(document)]
    else:
        raise TableError(f"expected a list of rows or an object holding them, got {type(document).__name__}", path=source)
    if len(rows) > _MAX_ROWS or sum(len(r) for _, r in rows) > _MAX_CELLS:
        raise TableError(f"more than {_MAX_ROWS} rows or {_MAX_CELLS} cells", path=source)
    kept = []
    for where, record in rows:
        if _kind(record) != "other":
            kept.append((where, record))
            continue
        for key, value in record.items():  # a 总分 row, a note among the rows: the table's fields
            if label_key(key) in _FOOTNOTE_KEYS:
                footnotes.append(_cell(value, f"{where}.{key}"))
            else:
                scalars.setdefault(_scalar(key), _cell(value, f"{where}.{key}"))
    grade = scalars.pop("评级", None)
    title = scalars.get("标题") or scalars.get("title")
    grid, synthesized = _layout(kept, scalars, source)
    table = parse_grid(grid)
    if table.total is not None and table.total.where == synthesized:
        table = attrs.evolve(table, total=attrs.evolve(table.total, points=None))  # not given, not blank
    if grade is not None:
        table = attrs.evolve(table, grade=grade)  # the field names it: the grade as stated
    if title is not None:
        table = attrs.evolve(table, title=title.text.strip())
    notes = [
        Finding("table.unknown_column", Severity.INFO, cell.where, *en_zh("table.unknown_column.3", key=key), (("column", key),))
        for key, cell in scalars.items()
        if key not in PROJECT_LABELS
    ]
    return attrs.evolve(
        table,
        project=(*table.project, *scalars.items()),
        footnotes=(*table.footnotes, *footnotes),
        notes=(*table.notes, *notes),
    )


def _scalar(key: str) -> str:
    """A top-level field by the name the layout knows it by (自评总分 → 总分, 评价等级 → 评级)."""
    key = label_key(key)
    return _SCALARS.get(key, key)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TableError(f"a row must be an object of column → value, got {type(value).__name__}", path=where)
    for key in value:
        if not isinstance(key, str):
            raise TableError(f"column names must be text, got {key!r}", path=where)
    return value


def _layout(rows: Sequence[tuple[str, Mapping[str, Any]]], scalars: dict[str, Cell], source: str) -> tuple[Grid, str | None]:
    """The rows laid out as the printed table, and where a 总分 row without its points was made from a field.

    The scalars it uses are taken out of ``scalars``.
    """
    grid: list[tuple[Cell, ...]] = []
    names: list[str] = []

    def add(cells: Iterable[Cell], name: str) -> None:
        grid.append(tuple(cells))
        names.append(name)

    title = scalars.pop("标题", None) or scalars.pop("title", None)
    if title is not None:
        add([Cell(title.text or "自评表", title.where)], title.where)
    for label in ("项目名称", "主管部门", "实施单位", "项目实施单位"):
        if label in scalars:
            add([Cell(label, scalars[label].where), scalars.pop(label)], f"{source}.{label}")
    funds = [(w, r) for w, r in rows if _kind(r) == "fund"]
    indicators = [(w, r) for w, r in rows if _kind(r) == "indicator"]
    if funds:
        columns = list(dict.fromkeys(k for _, r in funds for k in r if canonical_fund_column(k)))
        unit = scalars.pop("金额单位", None) or scalars.pop("单位", None)
        label = f"项目资金（{unit.text}）" if unit is not None and unit.text in ("元", "万元", "亿元", "千元") else "项目资金"
        add([Cell(label, f"{source}.funds"), *(Cell(k, f"{source}.funds") for k in columns)], f"{source}.funds")
        for where, record in funds:
            label_value = next((v for k, v in record.items() if label_key(k) in _FUND_LABEL_KEYS), None)
            add([_cell(label_value, f"{where}.资金来源"), *(_cell(record.get(k), f"{where}.{k}") for k in columns)], where)
    if "预期目标" in scalars or "实际完成情况" in scalars:
        expected, actual = scalars.pop("预期目标", Cell("")), scalars.pop("实际完成情况", Cell(""))
        add([Cell("预期目标", expected.where), Cell("实际完成情况", actual.where)], f"{source}.goal")
        add([expected, actual], f"{source}.goal")
    keys = list(dict.fromkeys(k for _, r in indicators for k in r))
    levels = [k for name in _LEVEL_ORDER for k in keys if canonical_indicator_column(k) == name]
    header = levels + [k for k in keys if k not in levels]
    if indicators:
        add([Cell(k, f"{source}.columns") for k in header], f"{source}.columns")
        for where, record in indicators:
            add([_cell(record.get(k), f"{where}.{k}") for k in header], where)
    points_at = next((j for j, k in enumerate(header) if canonical_indicator_column(k) == "分值"), None)
    score_at = next((j for j, k in enumerate(header) if canonical_indicator_column(k) == "得分"), None)
    total = scalars.pop("总分", None)
    points = scalars.pop("总分值", None)
    if total is not None:
        width = max(len(header), 2)
        cells = [Cell("", total.where) for _ in range(width)]
        cells[0] = Cell("总分", total.where)
        at = score_at if score_at is not None and score_at > 0 else 1
        cells[at] = total
        if points is not None and points_at is not None and points_at > 0 and points_at != at:
            cells[points_at] = points
        add(cells, total.where)
    return Grid(tuple(grid), tuple(names), source), None if total is None or points is not None else total.where
