"""Qualitative bands (定性指标): a judgement (优/良/中/差 …) maps to a share of the points, with claimed scores checked against the band."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from perfrules._fields import enum_field
from perfrules.exceptions import RubricError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.indicators import Assessment, Outcome, RuleContext
from perfrules.rules._common import ZERO, choice, make_outcome, rule_finding
from perfrules.values.decimals import decimal_field, to_decimal
from perfrules.values.screening import normalize_text, simplify
from perfrules.messages import en_zh

__all__ = ["Band", "DEFAULT_BANDS", "DEFAULT_LABELS", "QualitativeBands"]

# ------------------------------------------------------------------ qualitative
def _share(value: Any, field: attrs.Attribute) -> Decimal:
    d = to_decimal(value, path=field.name)
    if not 0 <= d <= 1:
        raise RubricError(f"{field.name}: a band share must lie in [0, 1], got {d}")
    return d


@attrs.frozen
class Band:
    """One qualitative band: shares of the weight ``[lower, upper]`` and a default share.

    ``upper_inclusive`` says whether ``upper`` itself belongs to the band;
    ``lower`` always does.
    """

    level: Assessment = enum_field(Assessment)
    lower: Decimal = attrs.field(converter=attrs.Converter(_share, takes_field=True))
    upper: Decimal = attrs.field(converter=attrs.Converter(_share, takes_field=True))
    default: Decimal = attrs.field(converter=attrs.Converter(_share, takes_field=True))
    upper_inclusive: bool = False

    def __attrs_post_init__(self) -> None:
        if self.lower > self.upper:
            raise RubricError(f"band {self.level.value}: lower {self.lower} above upper {self.upper}")
        if not self.contains(self.default):
            raise RubricError(f"band {self.level.value}: default {self.default} lies outside the band")

    def contains(self, share: Decimal | Fraction) -> bool:
        """Whether ``share`` (points ÷ weight) lies in this band."""
        share = Fraction(share)
        lo, hi = Fraction(self.lower), Fraction(self.upper)
        return lo <= share and (share <= hi if self.upper_inclusive else share < hi)

    def describe(self) -> str:
        return f"[{fmt(self.lower * 100)}%, {fmt(self.upper * 100)}%{']' if self.upper_inclusive else ')'}"


#: F10 bands; the default shares (100 %, 70 %, 30 %) are a documented choice, not law.
DEFAULT_BANDS = (
    Band(Assessment.ACHIEVED, "0.8", "1", "1", upper_inclusive=True),
    Band(Assessment.PARTLY, "0.6", "0.8", "0.7"),
    Band(Assessment.NOT_ACHIEVED, "0", "0.6", "0.3"),
)

#: words in actual values that state a judgement (F10, F11 and common table wording)
DEFAULT_LABELS: dict[str, Assessment] = {
    **dict.fromkeys(
        ("达成", "达成年度指标", "达成预期指标", "达到预期", "达到预期目标", "已达成", "完成", "已完成",
         "是", "合格", "有效", "达标", "良好", "优秀", "符合", "符合要求", "效果明显", "显著", "明显提升"),
        Assessment.ACHIEVED,
    ),
    **dict.fromkeys(
        ("部分达成", "部分达成年度指标并具有一定效果", "基本达成", "基本完成", "基本合格", "基本达标", "部分完成", "一般"),
        Assessment.PARTLY,
    ),
    **dict.fromkeys(
        ("未达成", "未达成年度指标且效果较差", "未完成", "否", "不合格", "无效", "未达标", "较差", "差"),
        Assessment.NOT_ACHIEVED,
    ),
}


def _label_pairs(value: Any) -> tuple[tuple[str, Assessment], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), Assessment(v)) for k, v in items))


DEFAULT_LABEL_PAIRS = _label_pairs(DEFAULT_LABELS)


@functools.lru_cache(maxsize=32)
def _label_lookup(pairs: tuple[tuple[str, Assessment], ...]) -> dict[str, Assessment]:
    return dict(pairs)


@functools.lru_cache(maxsize=1024)
def _level_of(text: str, labels: tuple[tuple[str, Assessment], ...]) -> Assessment | None:
    """The level a judgement's wording names: the label itself (``合格``, ``達標``), or a text that ends
    with one (``验收合格``, ``已达标``); the longest label wins, so ``不合格`` is not ``合格``."""
    lookup = _label_lookup(labels)
    words = simplify(normalize_text(text)).strip("。.!！;；,，")
    if words in lookup:
        return lookup[words]
    for label in sorted(lookup, key=len, reverse=True):
        if len(label) > 1 and words.endswith(label):
            return lookup[label]
    return None


def _bands(value: Any) -> tuple[Band, ...]:
    bands = tuple(value)
    levels = [b.level for b in bands]
    if len(set(levels)) != len(levels) or not bands:
        raise RubricError("qualitative bands need one band per level, none twice")
    return bands


@attrs.frozen
class QualitativeBands:
    """F10: 达成 [80 %, 100 %] / 部分达成 [60 %, 80 %) / 未达成 [0, 60 %) of the weight.

    The level comes from the indicator's ``assessment``, else from a known
    word in its actual value (``labels``); from the band of the stated score
    only if ``infer_from_claimed`` (a missing judgement is otherwise a warning
    and scores 0). A stated score inside the level's band is used as the
    score (the reviewer's judgement); without one, the band's default share
    applies. A stated score outside the band is an error and, under
    ``out_of_band="clamp"`` (default), is brought to the band's edge but never
    raised above what the unit stated; ``"default"`` takes the band's default
    share instead.
    """

    kind: ClassVar[str] = "qualitative"
    bands: tuple[Band, ...] = attrs.field(default=DEFAULT_BANDS, converter=_bands)
    labels: tuple[tuple[str, Assessment], ...] = attrs.field(default=DEFAULT_LABEL_PAIRS, converter=_label_pairs, repr=False)
    infer_from_claimed: bool = False
    out_of_band: str = attrs.field(default="clamp", validator=choice("clamp", "default"))
    step: Decimal = decimal_field(default=Decimal("0.01"))
    """The precision a clamped score lands at — the highest score inside a band whose upper edge is
    excluded is that edge less one step (a 60–80 % band of 10 points: 7.99)."""

    def band(self, level: Assessment) -> Band | None:
        return next((b for b in self.bands if b.level is level), None)

    def apply(self, ctx: RuleContext) -> Outcome:
        ind = ctx.indicator
        w = Fraction(ctx.weight)
        findings: list[Finding] = []
        level = ind.assessment if ind else None
        actual_text = ind.actual.text if ind and ind.actual else ""
        claimed = ind.claimed_score if ind else None
        if level is None and actual_text:
            level = _level_of(actual_text, self.labels)
        if level is None and self.infer_from_claimed and claimed is not None and ctx.weight > 0:
            share = Fraction(claimed) / w
            hit = next((b for b in self.bands if b.contains(share)), None)
            if hit is not None:
                level = hit.level
                findings.append(
                    rule_finding(
                        "qualitative.level_inferred",
                        Severity.INFO,
                        ctx,
                        *en_zh("qualitative.level_inferred", level_value=level.value, claimed=fmt(claimed), level_label_zh=level.label_zh),
                        claimed=claimed,
                    )
                )
        inputs = {"weight": ctx.weight, "actual": actual_text, "claimed": claimed}
        if level is None:
            findings.append(
                rule_finding(
                    "qualitative.no_judgement",
                    Severity.WARNING,
                    ctx,
                    *en_zh("qualitative.no_judgement", actual_text=actual_text),
                    actual=actual_text,
                )
            )
            return make_outcome(self.kind, "qualitative.no_judgement", ZERO, "0", inputs, findings, actual=actual_text)
        band = self.band(level)
        if band is None:
            raise RubricError(f"qualitative rule has no band for level {level.value!r}")
        inputs["level"] = level.value
        p = {"level": level.label_zh, "level_en": level.value, "band": band.describe()}
        if claimed is not None and ctx.weight > 0:
            share = Fraction(claimed) / w
            if band.contains(share):
                return make_outcome(self.kind, "qualitative.claimed_in_band", Fraction(claimed), fmt(claimed), inputs, findings, claimed=claimed, **p)
            findings.append(
                rule_finding(
                    "qualitative.out_of_band",
                    Severity.ERROR,
                    ctx,
                    *en_zh("qualitative.out_of_band", claimed=fmt(claimed), ctx_weight=fmt(ctx.weight), level_value=level.value, band_describe=band.describe(), level_label_zh=level.label_zh),
                    claimed=claimed,
                    band=band.describe(),
                )
            )
            if self.out_of_band == "default":
                value, formula = w * Fraction(band.default), f"{fmt(ctx.weight)} × {fmt(band.default)}"
            elif share > Fraction(band.upper) or (share == Fraction(band.upper) and not band.upper_inclusive):
                # brought down to the highest score inside the band
                top = w * Fraction(band.upper) - (0 if band.upper_inclusive else Fraction(self.step))
                value, formula = max(top, w * Fraction(band.lower)), f"{fmt(ctx.weight)} × {fmt(band.upper)}" + ("" if band.upper_inclusive else f" − {fmt(self.step)}")
            else:  # below the band: never raised above what the unit stated
                value, formula = Fraction(claimed), fmt(claimed)
            return make_outcome(self.kind, "qualitative.claimed_out_of_band", value, formula, inputs, findings, claimed=claimed, **p)
        return make_outcome(
            self.kind,
            "qualitative.default",
            w * Fraction(band.default),
            f"{fmt(ctx.weight)} × {fmt(band.default)}",
            inputs,
            findings,
            share=f"{fmt(band.default * 100)}%",
            **p,
        )


