"""What a self-evaluation report says, as data: :func:`build_report` reads an evaluation (and its audit).

The sections are those of the report units write (自评结论, 预算执行情况, 绩效目标完成情况,
偏差原因, 存在的问题, 改进措施); every figure is already written for the report's locale by a
:class:`~perfrules.report.formatting.Formatter` (rounded by perfrules, then by babel's separators),
every sentence comes from the catalogue (:mod:`perfrules.report.messages`). Templates only lay it
out, so a bureau's own template gets the same content.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules._version import __version__
from perfrules.cycle.rectification import ACTIONS
from perfrules.evaluation.result import EvaluationResult, NodeResult
from perfrules.exceptions import InvalidInputError, WrongTypeError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.report.formatting import Formatter
from perfrules.report.messages import text
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.tables.audit import TableAudit
from perfrules.values.decimals import fraction_to_decimal

__all__ = ["Bar", "FindingLine", "IndicatorLine", "Report", "build_report"]

_MAX_DEPTH = 64
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}  # errors first, each in the order found


@attrs.frozen
class IndicatorLine:
    """One node of the indicator tree, for the table of targets (``depth`` 0 is a block)."""

    path: str
    depth: int
    name: str
    leaf: bool
    applicable: bool
    points: str
    score: str
    lost: str
    lost_exact: Decimal
    target: str
    actual: str
    why: str


@attrs.frozen
class Bar:
    """One bar of the chart: a block (``depth`` 0) or a group, points earned against available, exact."""

    name: str
    depth: int
    earned: Decimal
    available: Decimal
    earned_text: str
    available_text: str


@attrs.frozen
class FindingLine:
    """One problem, where it is (a cell ``自评表!F12`` or an indicator path) and what it is."""

    code: str
    severity: str
    severity_text: str
    where: str
    message: str


@attrs.frozen
class Report:
    """Everything a report shows, in one language; see the module docstring."""

    lang: str
    locale: str
    title: str
    unit: str
    rubric: str
    conclusion: tuple[str, ...]
    execution: str
    indicators: tuple[IndicatorLine, ...]
    bars: tuple[Bar, ...]
    deviations: tuple[str, ...]
    problems: tuple[FindingLine, ...]
    improvements: tuple[str, ...]
    generated: str
    total: str
    grade: str
    ok: bool

    def t(self, key: str, **params: object) -> str:
        """A catalogue text in the report's language (for templates: ``{{ report.t("report.targets") }}``)."""
        return text(key, self.lang, **params)


def _walk(node: NodeResult, depth: int) -> Iterator[tuple[NodeResult, int]]:
    if depth > _MAX_DEPTH:
        raise InvalidInputError(f"the indicator tree is deeper than {_MAX_DEPTH} levels", path=node.path)
    yield node, depth
    for child in node.children:
        yield from _walk(child, depth + 1)


def _stated(node: NodeResult, key: str) -> str:
    ex = node.explanation
    if ex is None:
        return ""
    inputs = dict(ex.inputs)
    value = inputs.get(key)
    if value is None:
        return ""
    unit = inputs.get("unit") or ""
    shown = _figure(value) if isinstance(value, (Decimal, int, Fraction)) else str(value)
    if key == "target":
        direction = inputs.get("direction") or ""
        return f"{direction if direction not in ('qualitative', 'n/a') else ''}{shown}{unit}"
    return f"{shown}{unit}"


def _figure(value: Decimal | int | Fraction) -> str:
    """A stated figure as written (``16.12``); a converted one that does not terminate as ``≈30.42``."""
    exact = Fraction(value)
    shown = fmt(exact)
    return shown if "/" not in shown else "≈" + fmt(round_exact(exact, 2, RoundingMode.HALF_UP))


def _score(node: NodeResult, f: Formatter, item: Formatter) -> str:
    """A node's score at the places of the rounding it had, else as its items are written (a group
    adding rounded items), else exactly as it is (``f.stated``)."""
    rounding = node.rounding
    if rounding is not None:
        return Formatter(f.locale, rounding.places, rounding.mode).score(node.exact_score)
    return _figure_at(Fraction(node.exact_score), f, item)


def _figure_at(value: Fraction, f: Formatter, item: Formatter) -> str:
    return item.score(value) if (value * 10**item.places).denominator == 1 else f.stated(value)


def _item_formatter(result: EvaluationResult, f: Formatter) -> Formatter:
    """The formatter of the item scores: the rounding the first rounded leaf had, else the total's."""
    rounding = next((leaf.rounding for leaf in result.leaves() if leaf.rounding is not None), None)
    return f if rounding is None else Formatter(f.locale, rounding.places, rounding.mode)


def _line(node: NodeResult, depth: int, f: Formatter, item: Formatter) -> IndicatorLine:
    lang = f.lang
    why = node.explanation.reason(lang) if node.explanation is not None else ""
    if not node.applicable:
        why = why or text("report.not_applicable", lang)
    lost = node.points_lost if node.applicable else Decimal(0)
    return IndicatorLine(
        path=node.path, depth=depth, name=node.name, leaf=node.is_leaf, applicable=node.applicable,
        points=f.stated(node.max_points), score=_score(node, f, item) if node.applicable else "—",
        lost=_figure_at(Fraction(lost), f, item) if lost else "", lost_exact=lost,
        target=_stated(node, "target"), actual=_stated(node, "actual"), why=why,
    )  # fmt: skip


def _finding(finding: Finding, lang: str) -> FindingLine:
    return FindingLine(
        finding.code, finding.severity.value, text(f"report.severity.{finding.severity.value}", lang), finding.path, finding.message(lang)
    )


def _execution(result: EvaluationResult, f: Formatter) -> str:
    for block in result.blocks:
        ex = block.explanation
        if ex is None or ex.rule != "budget_execution":
            continue
        inputs = dict(ex.inputs)
        budget, executed = inputs.get("budget"), inputs.get("executed")
        if budget is None or executed is None:
            break
        rate = Fraction(executed) / Fraction(budget) if budget else Fraction(0)
        return text(
            "report.execution.text", f.lang,
            budget=f.amount(budget), executed=f.amount(executed), rate=f.rate(rate),
            score=_score(block, f, _item_formatter(result, f)), points=f.stated(block.max_points),
        )  # fmt: skip
    return text("report.execution.none", f.lang)


def _improvements(findings: tuple[Finding, ...], deviations: list[IndicatorLine], lang: str) -> tuple[str, ...]:
    out: dict[str, None] = {}
    if deviations:
        names = ("、" if lang == "zh" else ", ").join(line.name for line in deviations[:5]) + ("等" if lang == "zh" and len(deviations) > 5 else "")
        out[text("report.improvements.deviation", lang, names=names)] = None
    index = 0 if lang == "zh" else 1
    for finding in findings:
        action = ACTIONS.get(finding.code)
        if action is not None and finding.severity is not Severity.INFO:
            out[action[index]] = None
    return tuple(out) or (text("report.improvements.none", lang),)


def build_report(source: EvaluationResult | TableAudit, *, locale: str = "zh_CN") -> Report:
    """The report of an evaluation, or of an audited table with its evaluation (findings at their cells).

    Args:
        source: what :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` returned, or :func:`perfrules.audit <perfrules.tables.audit.audit>` with a rubric.
        locale: ``zh_CN``, ``en`` or another babel locale; Chinese locales write Chinese, others English.

    Raises:
        WrongTypeError: ``source`` is neither.
        InvalidInputError: an audit made without a rubric (it has no scores to report).
    """
    audit = source if isinstance(source, TableAudit) else None
    result = audit.evaluation if audit is not None else source
    if audit is not None and result is None:
        raise InvalidInputError("the audit was made without a rubric: audit(table, rubric) gives the scores a report needs", path="source")
    if not isinstance(result, EvaluationResult):
        raise WrongTypeError(f"expected an EvaluationResult or a TableAudit, got {type(source).__name__}", path="source")
    rounding = result.total_rounding
    f = Formatter(locale) if rounding is None else Formatter(locale, rounding.places, rounding.mode)
    lang = f.lang
    p = result.project
    item = _item_formatter(result, f)
    lines = [_line(node, depth, f, item) for block in result.blocks for node, depth in _walk(block, 0)]
    bars = tuple(
        Bar(node.name, depth, fraction_to_decimal(node.exact_score), node.max_points, _score(node, f, item), f.stated(node.max_points))
        for block in result.blocks
        for node, depth in _walk(block, 0)
        if node.applicable and (depth == 0 or (depth == 1 and not node.is_leaf))
    )  # every block, and the groups one level down
    grade = f.grade(result.grade)
    total = f.score(result.total_exact)
    conclusion = [text("report.conclusion.text", lang, total=total, base=f.stated(result.base), grade=grade)]
    if result.claimed_total is not None and result.claimed_total != result.total:
        claimed_grade = f"（{result.claimed_grade}）" if lang == "zh" and result.claimed_grade else f" ({result.claimed_grade})" if result.claimed_grade else ""
        conclusion.append(text("report.conclusion.claimed", lang, claimed=f.score(result.claimed_total), grade=claimed_grade))
    findings = audit.findings if audit is not None else result.findings
    errors = sum(1 for x in findings if x.severity is Severity.ERROR)
    if errors:
        conclusion.append(text("report.conclusion.unsure", lang, n=errors))
    deviations = [line for line in lines if line.leaf and line.lost_exact > 0]
    return Report(
        lang=lang,
        locale=locale,
        title=text("report.title", lang, name=p.name, year=p.year),
        unit=text("report.unit", lang, unit=p.unit or p.department or "—"),
        rubric=text("report.rubric", lang, rubric=result.rubric_code, version=result.rubric_version),
        conclusion=tuple(conclusion),
        execution=_execution(result, f),
        indicators=tuple(lines),
        bars=bars,
        deviations=tuple(text("report.deviations.item", lang, name=d.name, lost=d.lost, why=d.why) for d in deviations),
        problems=tuple(_finding(x, lang) for x in sorted(findings, key=lambda x: _RANK[x.severity]) if x.severity is not Severity.INFO),
        improvements=_improvements(findings, deviations, lang),
        generated=text("report.generated", lang, version=__version__, fingerprint=result.rubric_fingerprint[:19]),
        total=total,
        grade=grade,
        ok=errors == 0,
    )
