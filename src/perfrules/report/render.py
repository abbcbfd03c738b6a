"""Reports as Markdown and as a standalone HTML page (with its chart), and a summary of a folder run.

Templates are Jinja2 files; perfrules' own are in ``perfrules/report/templates``. A bureau uses its
own layout by passing ``template=`` a file of its own: it gets the same ``report`` (a
:class:`~perfrules.report.content.Report`), ``chart`` (the SVG, for HTML) and ``t`` (catalogue
texts) to lay out. HTML is autoescaped; Markdown table cells have their ``|`` escaped.

    >>> import perfrules
    >>> result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
    >>> print(render_markdown(result, locale="en").splitlines()[0])
    # 社会保障专项 (2020): project expenditure performance self-evaluation
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import jinja2
from markupsafe import Markup

from perfrules.evaluation.result import EvaluationResult
from perfrules.exceptions import InvalidInputError, WrongTypeError
from perfrules.report.chart import svg_chart
from perfrules.report.content import Report, build_report
from perfrules.report.formatting import Formatter
from perfrules.report.messages import text
from perfrules.tables.audit import TableAudit

__all__ = ["Summary", "build_summary", "render_html", "render_markdown", "render_summary"]

_MAX_TEMPLATE = 1_000_000


def _md(value: Any) -> str:
    """Text from a table as one line of Markdown: no raw HTML, no table break, no new block."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`").replace("*", "\\*").replace("_", "\\_")
    return " ".join(text.split())  # newlines and runs of spaces: one space


def _environment(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("perfrules.report", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = _md
    return env


_ENVIRONMENTS = {html: _environment(html) for html in (False, True)}


def _template(name: str, template: str | Path | None, html: bool) -> jinja2.Template:
    env = _ENVIRONMENTS[html]
    if template is None:
        return env.get_template(name)
    if not isinstance(template, (str, Path)):
        raise WrongTypeError(f"template must be a path, got {type(template).__name__}", path="template")
    path = Path(template)
    try:
        if path.stat().st_size > _MAX_TEMPLATE:
            raise InvalidInputError(f"{path.name} is over {_MAX_TEMPLATE:,} bytes", path="template")
        return env.from_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInputError(f"cannot read the template {path}: {e}", path="template") from None
    except jinja2.TemplateSyntaxError as e:
        raise InvalidInputError(f"{path.name}:{e.lineno}: {e.message}", path="template") from None


def _report(source: EvaluationResult | TableAudit | Report, locale: str) -> Report:
    return source if isinstance(source, Report) else build_report(source, locale=locale)


def _render(template: jinja2.Template, **context: Any) -> str:
    try:
        return template.render(**context)
    except jinja2.TemplateError as e:
        raise InvalidInputError(f"the template failed: {e}", path="template") from None
    except Exception as e:  # a bureau's template is code: whatever it raises is its failure, named
        raise InvalidInputError(f"the template failed: {type(e).__name__}: {e}", path="template") from None


def render_markdown(source: EvaluationResult | TableAudit | Report, *, locale: str = "zh_CN", template: str | Path | None = None) -> str:
    """The report as Markdown (GitHub tables)."""
    report = _report(source, locale)
    return _render(_template("report.md.j2", template, html=False), report=report, t=report.t)


def render_html(source: EvaluationResult | TableAudit | Report, *, locale: str = "zh_CN", template: str | Path | None = None) -> str:
    """The report as one standalone HTML page, its chart inline SVG (no script, nothing fetched)."""
    report = _report(source, locale)
    chart = svg_chart(
        report.bars, title=report.t("report.chart"), earned=report.t("report.chart.earned"), available=report.t("report.chart.available")
    )
    return _render(_template("report.html.j2", template, html=True), report=report, chart=Markup(chart), t=report.t)


@attrs.frozen
class Summary:
    """A folder run at a glance: the grade distribution, the most frequent findings, the lowest totals, the failures."""

    lang: str
    count: int
    grades: tuple[tuple[str, int], ...]
    findings: tuple[tuple[str, int, str], ...]
    worst: tuple[tuple[str, str, str], ...]
    failed: tuple[tuple[str, str], ...]


def build_summary(
    results: Iterable[tuple[str, EvaluationResult | TableAudit]],
    failed: Iterable[tuple[str, str]] = (),
    *,
    locale: str = "zh_CN",
    worst: int = 10,
    findings: int = 10,
) -> Summary:
    """Summarise ``(name, result or audit)`` pairs and ``(name, error)`` failures of one run."""
    formatter = Formatter(locale)
    lang = formatter.lang
    for name, value in (("worst", worst), ("findings", findings)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000:
            raise InvalidInputError(f"{name} must be an int 0–10000, not {value!r}", path=name)
    if isinstance(results, (str, bytes, dict)) or not isinstance(results, Iterable):
        raise WrongTypeError(f"expected (name, result) pairs, got {type(results).__name__}", path="results")
    grades: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    example: dict[str, str] = {}
    totals = []
    for index, pair in enumerate(results):
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], (EvaluationResult, TableAudit))):
            raise WrongTypeError(f"expected a (name, result or audit) pair, got {type(pair).__name__}", path=f"results[{index}]")
        name, source = str(pair[0]), pair[1]
        result = source.evaluation if isinstance(source, TableAudit) else source
        all_findings = source.findings if isinstance(source, TableAudit) else getattr(source, "findings", ())
        for finding in all_findings:
            codes[finding.code] += 1
            example.setdefault(finding.code, finding.message(lang))
        if isinstance(result, EvaluationResult):
            grades[formatter.grade(result.grade)] += 1
            rounding = result.total_rounding
            shown = formatter if rounding is None else Formatter(locale, rounding.places, rounding.mode)
            totals.append((result.total_exact, name, shown.score(result.total_exact), formatter.grade(result.grade)))
    totals.sort(key=lambda t: (t[0], t[1]))
    return Summary(
        lang=lang,
        count=sum(grades.values()),
        grades=tuple(sorted(grades.items(), key=lambda kv: (-kv[1], kv[0]))),
        findings=tuple((code, n, example[code]) for code, n in codes.most_common(findings)),
        worst=tuple((name, shown, grade) for _, name, shown, grade in totals[:worst]),
        failed=tuple((str(n), str(e)) for n, e in _pairs(failed, "failed")),
    )


def _pairs(items: Iterable[tuple[str, str]], path: str) -> list[tuple[str, str]]:
    if isinstance(items, (str, bytes, dict)) or not isinstance(items, Iterable):
        raise WrongTypeError(f"expected (name, error) pairs, got {type(items).__name__}", path=path)
    out = list(items)
    for index, pair in enumerate(out):
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise WrongTypeError(f"expected a (name, error) pair, got {type(pair).__name__}", path=f"{path}[{index}]")
    return out


def render_summary(summary: Summary, *, format: str = "md") -> str:
    """The summary as Markdown (``md``) or a standalone HTML page (``html``)."""
    if not isinstance(summary, Summary):
        raise WrongTypeError(f"expected a Summary, got {type(summary).__name__}", path="summary")
    if not isinstance(format, str) or format not in ("md", "html"):
        raise InvalidInputError(f"format must be 'md' or 'html', not {format!r}", path="format")
    html = format == "html"

    def t(key: str, **params: Any) -> str:
        return text(key, summary.lang, **params)

    return _render(_template(f"summary.{format}.j2", None, html=html), summary=summary, t=t)
