"""An :class:`~perfrules.evaluation.EvaluationResult` as readable text (zh or en): the words of the explanation stage."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from perfrules.explanation import fmt
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.values.decimals import fraction_to_decimal

if TYPE_CHECKING:  # the result records call this renderer (EvaluationResult.explain); it only reads them
    from perfrules.evaluation.result import EvaluationResult, NodeResult

__all__ = ["render_text"]

_T = {
    "zh": {
        "title": "{name}（{year} 年度）绩效自评 — 评分方案 {rubric} v{version}",
        "total": "总分 {total} / {base}，等级：{grade}",
        "unsure": "（有 {n} 项错误，总分与等级待复核）",
        "checks": "行业核查：",
        "passed": "通过",
        "failed": "未通过",
        "skipped": "跳过（缺少数据）",
        "not_in_force": "不适用于本年度",
        "claimed": "（填报总分 {claimed}{grade}）",
        "claimed_item": "填报 {claimed}",
        "rescaled": "不适用指标 {excluded} 分，已折算为 {base} 分制",
        "adjust": "加分 {bonus}，减分 {penalty}",
        "findings": "发现问题 {n} 项：",
        "none": "未发现问题。",
        "lost": "失分 {lost}",
        "na": "不适用",
    },
    "en": {
        "title": "{name} ({year}) self-evaluation — rubric {rubric} v{version}",
        "total": "Total {total} / {base}, grade: {grade}",
        "unsure": " ({n} error finding(s): the total and grade need review)",
        "checks": "Sector checks:",
        "passed": "passed",
        "failed": "failed",
        "skipped": "skipped (a fact is missing)",
        "not_in_force": "not in force this year",
        "claimed": " (stated total {claimed}{grade})",
        "claimed_item": "stated {claimed}",
        "rescaled": "{excluded} points not applicable; rescaled to {base}",
        "adjust": "bonus {bonus}, penalty {penalty}",
        "findings": "{n} finding(s):",
        "none": "No findings.",
        "lost": "lost {lost}",
        "na": "not applicable",
    },
}


def _line(node: NodeResult, depth: int, lang: str) -> list[str]:
    t = _T[lang]
    pad = "  " * depth
    if not node.applicable:
        return [f"{pad}- {node.name}: {t['na']}"]
    head = f"{pad}- {node.name}: {fmt(node.score)} / {fmt(node.max_points)}"
    extra = []
    if node.declared_points is not None and node.declared_points != node.max_points and node.children:
        extra.append(f"{'标注' if lang == 'zh' else 'declared'} {fmt(node.declared_points)}")
    if node.claimed is not None and node.claimed != node.score:
        extra.append(t["claimed_item"].format(claimed=fmt(node.claimed)))
    if node.points_lost > 0 and node.explanation is not None:
        extra.append(t["lost"].format(lost=fmt(node.points_lost)))
    if extra:
        head += f"  ({'; '.join(extra)})"
    lines = [head]
    if node.explanation is not None:
        ex = node.explanation
        calc = ex.formula
        raw, score = node.raw, node.score
        if calc and calc != fmt(score):
            exact = Fraction(raw) == node.exact_raw
            calc = f"{calc} = {fmt(raw) if exact else '≈' + fmt(round_exact(node.exact_raw, 6, RoundingMode.HALF_UP))}"
            if node.rounding is not None and raw != score:
                calc += f" → {fmt(score)} ({node.rounding.describe(lang)})"
        lines.append(f"{pad}    {ex.reason(lang)}{'：' if lang == 'zh' else ': '}{calc}")
    for child in node.children:
        lines.extend(_line(child, depth + 1, lang))
    return lines


def _shown(result: EvaluationResult) -> str:
    """The total for reading: exact when it terminates, else ≈ to 2 places (a rubric that declares no
    total rounding keeps the total exact in the result; only its display is shortened)."""
    exact = result.total_exact
    d = fraction_to_decimal(exact)
    if Fraction(d) == exact:
        return fmt(d)
    return "≈" + fmt(round_exact(exact, 2, RoundingMode.HALF_UP))


def render_text(result: EvaluationResult, *, lang: str = "zh") -> str:
    """The result as text: totals, every node with its explanation, the findings.

    Args:
        result: what :func:`perfrules.evaluate` returned.
        lang: ``"zh"`` or ``"en"``.
    """
    if lang not in _T:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    t = _T[lang]
    p = result.project
    grade = result.grade.label_zh if lang == "zh" else f"{result.grade.label_zh} ({result.grade.label_en})"
    out = [
        t["title"].format(name=p.name, year=p.year, rubric=result.rubric_code, version=result.rubric_version),
        t["total"].format(total=_shown(result), base=fmt(result.base), grade=grade),
    ]
    if result.claimed_total is not None:
        g = f", {result.claimed_grade}" if result.claimed_grade else ""
        out[-1] += t["claimed"].format(claimed=fmt(result.claimed_total), grade=g)
    if result.has_errors:
        out[-1] += t["unsure"].format(n=len(result.errors))
    if result.rescaled:
        out.append(t["rescaled"].format(excluded=fmt(result.excluded_points), base=fmt(result.base)))
    if result.bonus or result.penalty:
        out.append(t["adjust"].format(bonus=fmt(result.bonus), penalty=fmt(result.penalty)))
    out.append("")
    for block in result.blocks:
        out.extend(_line(block, 0, lang))
    if result.checks:
        out.append("")
        out.append(t["checks"])
        for c in result.checks:
            title = c.title_zh if lang == "zh" else c.title_en
            detail = c.detail_zh if lang == "zh" else c.detail_en
            out.append(f"  [{t[c.status.value]}] {c.code} {title}" + (f" — {detail}" if detail else ""))
    out.append("")
    if result.findings:
        out.append(t["findings"].format(n=len(result.findings)))
        out.extend(f"  {f.render(lang)}" for f in result.findings)
    else:
        out.append(t["none"])
    return "\n".join(out)
