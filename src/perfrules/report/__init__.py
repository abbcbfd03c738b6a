"""Reports people read: figures written for a locale with babel, the self-evaluation report as
Markdown or a standalone HTML page with its chart, and a summary of a folder of tables.

    >>> import perfrules
    >>> from perfrules.report import render_html
    >>> page = render_html(perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020()), locale="zh_CN")
    >>> "<svg" in page and "自评结论" in page
    True
"""

from perfrules.report.chart import svg_chart
from perfrules.report.content import Bar, FindingLine, IndicatorLine, Report, build_report
from perfrules.report.formatting import Formatter
from perfrules.report.messages import add_messages
from perfrules.report.render import Summary, build_summary, render_html, render_markdown, render_summary

__all__ = [
    "Bar",
    "FindingLine",
    "Formatter",
    "IndicatorLine",
    "Report",
    "Summary",
    "add_messages",
    "build_report",
    "build_summary",
    "render_html",
    "render_markdown",
    "render_summary",
    "svg_chart",
]
