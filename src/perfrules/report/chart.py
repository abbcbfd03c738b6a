"""The report's chart: points earned against points available, per block and group, as inline SVG.

Written directly from the exact figures (no plotting library, no script, no float): each bar's
width is its share of the widest block's points, computed as a fraction and written to two places.
Earned points are a dark bar over a light outlined bar of the points available, with both figures
written at the bar's end, so the chart reads the same in greyscale print and without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from xml.sax.saxutils import escape

from perfrules.exceptions import WrongTypeError
from perfrules.explanation import fmt
from perfrules.report.content import Bar
from perfrules.rules.rounding import RoundingMode, round_exact

__all__ = ["svg_chart"]

_ROW = 26
_LABEL = 210
_WIDTH = 400
_TEXT = 130
#: fonts with the Chinese glyphs on common systems, then any sans-serif
_FONTS = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def _x(value: Fraction) -> str:
    return fmt(round_exact(value, 2, RoundingMode.HALF_UP))


def svg_chart(bars: Sequence[Bar], *, title: str, earned: str, available: str) -> str:
    """The chart as an ``<svg>`` element (``role="img"`` with a title for screen readers)."""
    if isinstance(bars, (str, bytes)) or not isinstance(bars, (list, tuple)) or not all(isinstance(b, Bar) for b in bars):
        raise WrongTypeError("expected a sequence of Bar", path="bars")
    for name, value in (("title", title), ("earned", earned), ("available", available)):
        if not isinstance(value, str):
            raise WrongTypeError(f"{name} must be text, got {type(value).__name__}", path=name)
    widest = max((Fraction(b.available) for b in bars), default=Fraction(0)) or Fraction(1)
    height = _ROW * (len(bars) + 1) + 10
    width = _LABEL + _WIDTH + _TEXT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="perfrules-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{_FONTS}" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{_LABEL}" y="4" width="14" height="12" fill="#222"/><text x="{_LABEL + 20}" y="14">{escape(earned)}</text>',
        f'<rect x="{_LABEL + 110}" y="4" width="14" height="12" fill="#eee" stroke="#555"/><text x="{_LABEL + 130}" y="14">{escape(available)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = _ROW * (i + 1) + 4
        indent = 14 * bar.depth
        weight = "bold" if bar.depth == 0 else "normal"
        full = Fraction(bar.available) / widest * _WIDTH
        got = Fraction(bar.earned) / widest * _WIDTH if bar.available else Fraction(0)
        out.append(
            f'<g class="bar depth-{bar.depth}" data-earned="{escape(str(bar.earned))}" data-available="{escape(str(bar.available))}">'
            f'<text x="{4 + indent}" y="{y + 14}" font-weight="{weight}">{escape(bar.name[:24])}</text>'
            f'<rect x="{_LABEL}" y="{y + 2}" width="{_x(full)}" height="16" fill="#eee" stroke="#555"/>'
            f'<rect x="{_LABEL}" y="{y + 2}" width="{_x(max(Fraction(0), min(got, full)))}" height="16" fill="#222"/>'
            f'<text x="{_LABEL + _WIDTH + 8}" y="{y + 14}">{escape(bar.earned_text)} / {escape(bar.available_text)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)
