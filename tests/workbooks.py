"""Workbooks built in the tests with openpyxl: the standard self-evaluation layout and its real variations.

:func:`standard` writes the layout of the national template (财预〔2020〕10号, N8):
title, project block, funds block, 年度总体目标, indicator header and rows,
总分 and 评级, footnotes. Its keyword arguments switch on one variation at a time.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

import openpyxl

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]

#: (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因)
ROWS: list[tuple[Any, ...]] = [
    ("产出指标(50分)", "数量指标", "培训人次", "≥735人次", "800人次", 20, 20, ""),
    ("产出指标(50分)", "质量指标", "验收合格率", "100%", "100%", 15, 15, ""),
    ("产出指标(50分)", "时效指标", "完成时间", "2020年12月31日前", "2020年12月20日", 15, 15, ""),
    ("效益指标(30分)", "社会效益指标", "受益人数", "≥500人", "450人", 30, 27, "疫情影响，部分培训延期"),
    ("满意度指标(10分)", "服务对象满意度指标", "培训对象满意度", "≥90%", "95%", 10, 10, ""),
]


def standard(
    *,
    rows: Sequence[tuple[Any, ...]] = ROWS,
    header: Sequence[str] = HEADER,
    funds: Sequence[tuple[Any, ...]] | None = None,
    total: tuple[Any, Any] | None = (100, 97),
    grade: str | None = "优",
    footnotes: Sequence[str] = ("注：1.一级指标分值统一设置为：产出指标50分，效益指标30分，满意度指标10分，预算执行率10分。",),
    merge_levels: bool = True,
    sheet: str = "自评表",
    number_format: dict[str, str] | None = None,
) -> openpyxl.Workbook:
    """A filled table in the standard layout; returns the workbook (save it or pass :func:`to_bytes`)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["2020年度项目支出绩效自评表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(["项目名称", "社区养老服务", None, None, "主管部门", "示范区民政局"])
    ws.append(["实施单位", "示范街道办事处", None, None, "项目负责人", "张三"])
    ws.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    funds = funds if funds is not None else [
        ("年度资金总额", None, 100, 100, 95, 10, "95%", 9.5),
        ("其中：当年财政拨款", None, 100, 100, 95, None, None, None),
        ("上年结转资金", None, None, None, None, None, None, None),
        ("其他资金", None, None, None, None, None, None, None),
    ]
    for line in funds:
        ws.append(list(line))
    ws.append(["年度总体目标", "预期目标", None, None, "实际完成情况"])
    ws.append([None, "开展养老服务培训，提升服务质量", None, None, "完成培训800人次，服务质量提升"])
    ws.append(list(header))
    first = ws.max_row + 1
    for row in rows:
        ws.append(list(row))
    last = ws.max_row
    if merge_levels and rows:
        _merge_runs(ws, first, last, 1)
    if total is not None:
        ws.append(["总分", None, None, None, None, total[0], total[1], None])
    if grade is not None:
        ws.append(["评价等级", grade])
    for note in footnotes:
        ws.append([note])
    if number_format:
        for coord, fmt in number_format.items():
            ws[coord].number_format = fmt
    return wb


def _merge_runs(ws: Any, first: int, last: int, column: int) -> None:
    """Merge runs of equal labels in ``column`` (a heading spanning its rows), as printed tables do."""
    start = first
    for r in range(first + 1, last + 2):
        if r > last or ws.cell(r, column).value != ws.cell(start, column).value:
            if r - 1 > start:
                ws.merge_cells(start_row=start, start_column=column, end_row=r - 1, end_column=column)
            start = r


def to_bytes(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ the national template as published
#: (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因) of :func:`national`; 指标2：/…… are the
#: template's empty rows, left as the template prints them
NATIONAL_ROWS: list[tuple[Any, ...]] = [
    ("产出指标", "数量指标", "培训人次", "≥735人次", "800人次", 20, 20, None),
    ("产出指标", "数量指标", "指标2：", None, None, None, None, None),
    ("产出指标", "质量指标", "验收合格率", "100%", "100%", 15, 15, None),
    ("产出指标", "时效指标", "完成时间", "2020年12月31日前", "2020年12月20日", 15, 15, None),
    ("效益指标", "社会效益指标", "受益人数", "≥500人", "450人", 30, 27, "疫情影响，部分培训延期"),
    ("效益指标", "经济效益指标", "……", None, None, None, None, None),
    ("满意度指标", "服务对象满意度指标", "培训对象满意度", "≥90%", "95%", 10, 10, None),
]


def national(
    *,
    rows: Sequence[tuple[Any, ...]] = NATIONAL_ROWS,
    total: tuple[Any, Any] | None = (100, 96.5),
    grade: str | None = "评价等级：优",
    footnotes: Sequence[str] = ("注：1.一级指标分值统一设置为：产出指标50分，效益指标30分，满意度指标10分，预算执行率10分。", "2.注册人数以系统数据为准。"),
    hidden: Sequence[int] = (),
    sheet: str = "自评表",
) -> openpyxl.Workbook:
    """The national template (财预〔2020〕10号 附件) as a unit fills it in, columns A–I.

    Title over two rows (``项目支出绩效自评表`` / ``（2020年度）``); ``项目资金（万元）`` merged down
    A5:A9 with the fund labels merged across B:C; 执行率 stored as 0.95 formatted ``0.00%``; ``—``
    in the rows that have no points; 年度总体目标 merged down A10:A11; ``绩效指标`` merged down column A
    from the header (row 12) to the last indicator row; 一级 and 二级 labels merged over their rows;
    ``总分`` merged A:F; the grade as ``评价等级：优`` in one merged cell; footnotes. ``hidden`` are
    0-based indices into ``rows`` to hide.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["项目支出绩效自评表"])
    ws.append(["（2020年度）"])
    ws.append(["项目名称", "社区养老服务"])
    ws.append(["主管部门", "示范区民政局", None, None, "实施单位", "示范街道办事处"])
    ws.append(["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", None, 100, 100, 95, 10, 0.95, 9.5])
    ws.append([None, "其中：当年财政拨款", None, 100, 100, 95, "—", 0.95, "—"])
    ws.append([None, "上年结转资金", None, None, None, None, "—", None, "—"])
    ws.append([None, "其他资金", None, None, None, None, "—", None, "—"])
    ws.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    ws.append([None, "开展养老服务培训，提升服务质量", None, None, None, "完成培训800人次，服务质量提升"])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    for r in ("A1:I1", "A2:I2", "B3:I3", "B4:D4", "F4:I4", "A5:A9", "B5:C5", "A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11"):
        ws.merge_cells(r)
    for r in range(6, 10):
        ws.merge_cells(f"B{r}:C{r}")
    ws["H6"].number_format = ws["H7"].number_format = "0.00%"
    first = ws.max_row + 1
    for row in rows:
        ws.append([None, *row])
    last = ws.max_row
    if rows:
        ws.merge_cells(f"A12:A{last}")
        _merge_runs(ws, first, last, 2)
        _merge_runs(ws, first, last, 3)
    for index in hidden:
        ws.row_dimensions[first + index].hidden = True
    if total is not None:
        ws.append(["总分", None, None, None, None, None, total[0], total[1], None])
        ws.merge_cells(f"A{ws.max_row}:F{ws.max_row}")
    if grade is not None:
        ws.append([grade])
        ws.merge_cells(f"A{ws.max_row}:I{ws.max_row}")
    for note in footnotes:
        ws.append([note])
        ws.merge_cells(f"A{ws.max_row}:I{ws.max_row}")
    return wb


# ------------------------------------------------------------------ any layout, cell by cell
def sheet_of(rows: Sequence[Sequence[Any]], *, merges: Sequence[str] = (), sheet: str = "自评表", formats: dict[str, str] | None = None, hidden_rows: Sequence[int] = (), text: Sequence[str] = ()) -> openpyxl.Workbook:
    """A workbook of one sheet holding ``rows`` from A1, with ``merges`` (``"A5:A9"``), number ``formats``
    by cell, hidden rows (1-based) and cells written as text even when they start with ``=`` (``text``)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for coord in text:
        ws[coord].data_type = "s"  # openpyxl takes a string starting with '=' for a formula
    for r in merges:
        ws.merge_cells(r)
    for coord, fmt in (formats or {}).items():
        ws[coord].number_format = fmt
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    return wb


_TYPE = re.compile(r' t="[^"]*"')


def cache(data: bytes, values: dict[str, Any], *, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook ``data`` with cached values written into its formula cells, as a spreadsheet program saves them.

    openpyxl writes formulas without values; a file saved by Excel or WPS holds the value it computed
    (``0.30000000000000004`` for ``=0.1+0.2``). ``values`` maps a formula cell (``"F13"``) to that value.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == member:
                text = body.decode("utf-8")
                for coord, value in values.items():
                    pattern = re.compile(rf'<c r="{coord}"([^>]*)>(<f>.*?</f>)(?:<v\s*/>|<v>.*?</v>)?</c>')
                    kind = ' t="str"' if isinstance(value, str) else ""

                    def cell(m: re.Match[str], coord: str = coord, value: Any = value, kind: str = kind) -> str:
                        attributes = _TYPE.sub("", m.group(1))
                        return f'<c r="{coord}"{attributes}{kind}>{m.group(2)}<v>{value}</v></c>'

                    text, n = pattern.subn(cell, text)
                    assert n == 1, f"no formula cell {coord} in {member}"
                body = text.encode("utf-8")
            dst.writestr(info.filename, body)
    return out.getvalue()
