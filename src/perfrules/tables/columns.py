"""The columns and labels of a 项目支出绩效自评表, in the spellings real tables use.

A header is recognised after NFKC, without blanks, line breaks and bracketed
tails (``全年预算数（A）`` → ``全年预算数``; ``(万元)`` is kept as the unit).
Each canonical name has the spellings seen in published tables; a header that
is none of them is an *unknown column*: kept with its cells, and reported.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from perfrules.model.funds import FundSource

__all__ = [
    "FUND_COLUMNS",
    "INDICATOR_COLUMNS",
    "canonical_fund_column",
    "canonical_indicator_column",
    "fund_source",
    "heading_parts",
    "heading_points",
    "label_key",
    "total_label",
]

#: indicator-table columns, canonical name → accepted spellings (after :func:`label_key`)
INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "一级指标": ("一级指标", "一级", "一级指标名称"),
    "二级指标": ("二级指标", "二级", "二级指标名称"),
    "三级指标": ("三级指标", "三级", "三级指标名称", "指标名称", "具体指标", "指标内容", "绩效指标名称"),
    "年度指标值": ("年度指标值", "年度目标值", "指标值(年度)", "预期指标值", "目标值", "年度绩效目标值", "预期目标值"),
    "指标性质": ("指标性质", "指标方向", "符号", "比较符"),
    "指标值": ("指标值",),
    "度量单位": ("度量单位", "计量单位", "单位"),
    "实际完成值": ("实际完成值", "全年实际值", "实际值", "完成值", "实际完成", "实际完成情况", "年度实际完成值", "全年实际完成值", "实际完成指标值"),
    "分值": ("分值", "权重", "标准分", "基准分", "满分", "指标分值"),
    "得分": ("得分", "自评得分", "自评分", "评分", "实际得分"),
    "偏差原因": (
        "偏差原因分析及改进措施", "偏差原因分析及改进措施(未完成原因分析)", "偏差原因分析", "偏差原因",
        "未完成原因分析", "未完成原因", "原因分析及改进措施", "偏差原因及改进措施", "偏差原因分析和改进措施",
        "未完成原因分析及改进措施", "未完成原因及改进措施", "备注",
    ),
}  # fmt: skip

#: funds-block columns
FUND_COLUMNS: dict[str, tuple[str, ...]] = {
    "年初预算数": ("年初预算数", "年初预算", "年初预算金额"),
    "全年预算数": ("全年预算数", "全年预算", "调整后预算数", "全年预算金额", "预算数"),
    "全年执行数": ("全年执行数", "全年执行", "实际执行数", "执行数", "实际支出数", "全年支出数"),
    "分值": ("分值", "权重"),
    "执行率": ("执行率", "预算执行率"),
    "得分": ("得分", "自评得分"),
}

_FUND_SOURCES: tuple[tuple[str, FundSource], ...] = (
    ("年度资金总额", FundSource.TOTAL), ("年度财政资金总额", FundSource.TOTAL), ("资金总额", FundSource.TOTAL),
    ("项目资金总额", FundSource.TOTAL), ("合计", FundSource.TOTAL),
    ("当年财政拨款", FundSource.APPROPRIATION), ("其中:当年财政拨款", FundSource.APPROPRIATION),
    ("财政拨款", FundSource.APPROPRIATION), ("本年财政拨款", FundSource.APPROPRIATION),
    ("上年结转资金", FundSource.CARRY_OVER), ("上年结转", FundSource.CARRY_OVER), ("结转资金", FundSource.CARRY_OVER),
    ("其他资金", FundSource.OTHER), ("其他", FundSource.OTHER),
)  # fmt: skip

_TOTAL_LABELS = ("总分", "合计", "总计", "自评总分", "自评得分", "综合得分", "总得分", "得分合计", "合计得分")
_BRACKETED = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")
_BLANKS = re.compile(r"\s+")
_POINTS = re.compile(r"[(\[【]?\s*(\d+(?:\.\d+)?)\s*分\s*[)\]】]?")
# a bracket of labelled parts at the end of a heading: 过程(基准分30分,自评分30分)
_BARE_POINTS = re.compile(r"[(\[【](\d+(?:\.\d+)?)[)\]】]$")
_LABELLED = re.compile(r"[(\[【]([^()\[\]【】]*)[)\]】]$")
_PART = re.compile(r"^(基准分|标准分|分值|满分|权重|自评分|自评得分|得分|实际得分)[:：为]?(\d+(?:\.\d+)?)分?$")
_SCORE_LABELS = ("自评分", "自评得分", "得分", "实际得分")


@functools.lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The comparable form of a header: NFKC, no blanks, no bracketed tail, no ``其中:``/colon."""
    s = _BLANKS.sub("", unicodedata.normalize("NFKC", text))
    s = _BRACKETED.sub("", s).strip(":：*")
    return s


def _by_spelling(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spellings in table.items():
        for spelling in spellings:
            out.setdefault(spelling, name)  # the first column naming a spelling has it
    return out


_INDICATOR_SPELLINGS = _by_spelling(INDICATOR_COLUMNS)
_FUND_SPELLINGS = _by_spelling(FUND_COLUMNS)


def _lookup(spellings: dict[str, str], text: str) -> str | None:
    return spellings.get(label_key(text)) if text else None


def canonical_indicator_column(header: str) -> str | None:
    """``"实际完成值（B）"`` → ``"实际完成值"``; ``None`` for a header that is no indicator column."""
    return _lookup(_INDICATOR_SPELLINGS, header)


def canonical_fund_column(header: str) -> str | None:
    """``"执行率（B/A）"`` → ``"执行率"``."""
    return _lookup(_FUND_SPELLINGS, header)


def fund_source(label: str) -> FundSource | None:
    """``"其中：当年财政拨款"`` → :attr:`FundSource.APPROPRIATION`."""
    key = label_key(label).removeprefix("其中").strip(":：")
    for spelling, source in _FUND_SOURCES:
        if key == spelling:
            return source
    return None


def total_label(text: str) -> bool:
    """The label of a total row (``总分``, ``合计``, ``自评得分``)."""
    key = label_key(text)
    return key in _TOTAL_LABELS


@functools.lru_cache(maxsize=8192)
def heading_parts(text: str) -> tuple[str, str | None, str | None]:
    """A heading, the points it prints and the score it prints, as written.

    >>> heading_parts("过程（基准分30分，自评分28分）")
    ('过程', '30', '28')
    >>> heading_parts("产出指标（50分）")
    ('产出指标', '50', None)
    >>> heading_parts("质量指标(10)"), heading_parts("指标名称(2020)")[1] is None
    (('质量指标', '10', None), True)
    """
    s = _BLANKS.sub("", unicodedata.normalize("NFKC", text))
    labelled = _LABELLED.search(s)
    if labelled is not None:
        points = score = None
        parts = [p for p in re.split(r"[,，;；、]", labelled.group(1)) if p]
        matches = [_PART.match(p) for p in parts]
        if parts and all(matches):
            for m in matches:
                assert m is not None
                if m.group(1) in _SCORE_LABELS:
                    score = score or m.group(2)
                else:
                    points = points or m.group(2)
            return s[: labelled.start()].strip(":："), points, score
    matches_ = list(_POINTS.finditer(s))
    if not matches_:
        bare = _BARE_POINTS.search(s)  # 质量指标(10): points without 分, after a heading that names a dimension
        if bare is not None and s[: bare.start()].endswith("指标"):
            return s[: bare.start()], bare.group(1), None
        return s, None, None
    last = matches_[-1]
    if last.end() != len(s):
        return s, None, None
    return s[: last.start()].strip(":："), last.group(1), None


def heading_points(text: str) -> tuple[str, str | None]:
    """A heading and the points it prints: ``"产出指标(50分)"`` → ``("产出指标", "50")``.

    >>> heading_points("产出指标（50分）")
    ('产出指标', '50')
    >>> heading_points("(10分)")
    ('', '10')
    >>> heading_points("数量指标")
    ('数量指标', None)
    """
    name, points, _ = heading_parts(text)
    return name, points
