"""Workbooks built in the tests with openpyxl: the standard self-evaluation layout and its real variations.

:func:`standard` writes the layout of the national template (财预〔2020〕10号, N8):
title, project block, funds block, 年度总体目标, indicator header and rows,
总分 and 评级, footnotes. Its keyword arguments switch on one variation at a time.
"""

from __future__ import annotations

import io
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
