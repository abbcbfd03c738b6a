"""The schema of a filled table exported as JSON rows (what ``perfrules audit rows.json`` reads).

Written by hand after :func:`perfrules.tables.rows.read_records`, whose format is the printed table's
own: rows keyed by the table's Chinese column names, either as a list or inside an object that also
holds the table's single fields (项目名称, 总分, 评级 …) and footnotes. Every cell is text, a number
or null. The column names listed are the spellings perfrules knows (:mod:`perfrules.tables.columns`),
so an editor offers them; any other column is kept and reported, never refused.
"""

from __future__ import annotations

from typing import Any

from perfrules.tables.columns import FUND_COLUMNS, INDICATOR_COLUMNS

__all__ = ["FOOTNOTE_KEYS", "table_schema"]

#: keys whose list holds footnotes rather than rows (as :func:`~perfrules.tables.rows.read_records` reads them)
FOOTNOTE_KEYS = ("注", "备注说明", "脚注", "说明", "footnotes")
#: the table's single fields, by the spellings the reader knows
_FIELDS = {
    "项目名称": "项目名称 (the project's name)",
    "主管部门": "主管部门 (the supervising department)",
    "实施单位": "实施单位 (the spending unit)",
    "项目实施单位": "项目实施单位 (the spending unit)",
    "金额单位": "金额单位: the unit of the funds rows (元, 万元, 亿元, 千元)",
    "单位": "单位: the unit of the funds rows",
    "标题": "the table's title",
    "title": "the table's title",
    "总分": "总分: the stated total",
    "自评总分": "总分: the stated total",
    "自评得分": "总分: the stated total",
    "综合得分": "总分: the stated total",
    "总分值": "总分值: the points the total is out of",
    "满分": "总分值: the points the total is out of",
    "评级": "评级: the stated grade",
    "评价等级": "评级: the stated grade",
    "自评等级": "评级: the stated grade",
    "绩效等级": "评级: the stated grade",
    "预期目标": "年度总体目标, expected",
    "实际完成情况": "年度总体目标, achieved",
    "年度总体目标": "年度总体目标: {预期目标, 实际完成情况}",
}


def _cell() -> dict[str, Any]:
    return {"$ref": "#/$defs/cell"}


def _columns(table: dict[str, tuple[str, ...]], what: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for canonical, spellings in table.items():
        for spelling in spellings:
            out.setdefault(spelling, {**_cell(), "description": f"{what} column {canonical}" + ("" if spelling == canonical else f" (spelt {spelling})")})
    return out


def table_schema(*, schema_id: str, version: str, draft: str) -> dict[str, Any]:
    """The schema of JSON rows: a list of rows, or an object holding lists of rows and the table's fields."""
    row = {
        "title": "row",
        "description": "One row of the printed table, keyed by its column names (spellings as printed; a bracketed "
        "tail such as （A） and blanks are ignored when the loader matches them). An indicator row names its "
        "levels and figures; a funds row its source (资金来源) and amounts; any other row holds fields of the table.",
        "type": "object",
        "properties": {**_columns(INDICATOR_COLUMNS, "indicator"), **_columns(FUND_COLUMNS, "funds"), "资金来源": {**_cell(), "description": "funds: the source (年度资金总额, 财政拨款, 上年结转, 其他资金)"}},
        "additionalProperties": _cell(),
    }
    notes = {
        "anyOf": [{"type": "array", "items": _cell()}, {"type": "object", "additionalProperties": _cell()}, _cell()],
        "description": "footnotes (注): text, or a list of texts (an object here holds fields, as under any key)",
    }
    fields = {name: {"$ref": "#/$defs/entry", "description": text} for name, text in _FIELDS.items()}
    holder = {
        "title": "table",
        "description": "The table as an object: lists of rows under any keys (指标, 资金 …), the table's single fields, "
        "footnotes, and objects of fields (年度总体目标).",
        "type": "object",
        "properties": {**fields, **{key: notes for key in FOOTNOTE_KEYS}},
        "additionalProperties": {"$ref": "#/$defs/entry"},
    }
    entry = {
        "description": "An entry of the table object: a list of rows, an object of fields (年度总体目标: {预期目标, 实际完成情况}), or a single field.",
        "anyOf": [{"type": "array", "items": {"$ref": "#/$defs/row"}}, {"type": "object", "additionalProperties": _cell()}, _cell()],
    }
    return {
        "$schema": draft,
        "$id": schema_id,
        "version": version,
        "title": "perfrules filled table (JSON rows)",
        "description": (
            "A 项目支出绩效自评表 exported as rows keyed by the table's own column names, as `perfrules audit` "
            "and `perfrules.read_table` read it from .json. Numbers are read exactly from their text. "
            "Checked by the loader, not by this schema: that the rows, together, name an indicator table "
            "(at least three known columns, a name column 二级/三级指标 and a value column among them); "
            "column names and footnote keys spelt with other blanks, brackets or full-width forms (the loader "
            "normalises them); numbers beyond 10^±30."
        ),
        "anyOf": [{"type": "array", "items": {"$ref": "#/$defs/row"}}, {"$ref": "#/$defs/table"}],
        "$defs": {
            "cell": {"description": "A cell: text, a number (read exactly), or null for a blank.", "type": ["string", "number", "null"]},
            "entry": entry,
            "row": row,
            "table": holder,
        },
    }
