"""perfrules.report: figures written for a locale, the catalogue, the Markdown and HTML reports, the summary."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfrules
from perfrules.report import Formatter, build_report, build_summary, render_html, render_markdown, render_summary
from perfrules.report.messages import LANGS, add_messages, catalogue, placeholders, text
from perfrules.rules.rounding import RoundingMode

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "reports"
TEMPLATES = ROOT / "src" / "perfrules" / "report" / "templates"
RESULT = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
AUDIT = perfrules.audit(perfrules.examples.load_example_table("huashan-2020"), perfrules.HUBEI_2020)


# ---- formatting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "value", "score", "amount"),
    [
        ("zh_CN", "93.665", "93.67", "93.67 万元"),  # half-up first: babel alone writes 93.66 (half-even)
        ("en", "93.665", "93.67", "93.67 ×10k yuan"),
        ("zh_CN", "93.675", "93.68", "93.68 万元"),
        ("zh_CN", "0.005", "0.01", "0.01 万元"),
        ("en", "12345678.905", "12,345,678.91", "12,345,678.91 ×10k yuan"),
        ("zh_CN", "99999999999999999999.995", "100,000,000,000,000,000,000.00", "100,000,000,000,000,000,000.00 万元"),
        ("en", "-2.345", "-2.35", "-2.35 ×10k yuan"),  # half-up is away from zero
        ("de_DE", "1234.565", "1.234,57", "1.234,57 ×10k yuan"),
    ],
)
def test_scores_and_amounts_are_rounded_half_up_by_perfrules_before_babel(locale, value, score, amount):
    f = Formatter(locale)
    assert f.score(Decimal(value)) == score
    assert f.amount(Decimal(value)) == amount


def test_the_rubric_decides_places_and_mode():
    even = Formatter("zh_CN", 2, RoundingMode.HALF_EVEN)
    assert even.score(Decimal("93.665")) == "93.66" and even.score(Decimal("93.675")) == "93.68"
    assert Formatter.for_rubric(perfrules.HUBEI_2020, "en").places == 2
    assert Formatter("zh_CN", 0).score(Decimal("97.5")) == "98"


def test_rates_amounts_compact_grades_and_dates():
    import datetime as dt

    zh, en = Formatter("zh_CN"), Formatter("en")
    assert zh.rate(Decimal("0.935")) == "93.5%" and en.rate(Decimal("0.93550")) == "93.6%"
    assert zh.rate(Fraction(2, 3), places=2) == "66.67%"
    assert zh.amount(Decimal("24409100.455"), unit="元") == "24,409,100.46 元"
    assert zh.compact(Decimal("3498000")) == "349.8万" and en.compact(Decimal("3498000")) == "3.5M"
    assert zh.compact(Decimal("349999999")) == "3.5亿" and zh.compact(Decimal("999")) == "999"
    assert zh.grade(RESULT.grade) == "优" and en.grade(RESULT.grade) == "excellent"
    assert zh.date(dt.date(2020, 12, 31)) == "2020年12月31日" and en.date(dt.date(2020, 12, 31)) == "December 31, 2020"
    assert zh.stated(Decimal("20")) == "20" and zh.stated(Decimal("2.50")) == "2.5" and zh.stated(Fraction(1, 3)) == "0.33"


def test_formatter_refuses_floats_and_garbage():
    f = Formatter("zh_CN")
    with pytest.raises(perfrules.FloatRefusedError):
        f.score(93.665)
    for bad in ("93", None, Decimal("NaN"), object()):
        with pytest.raises(perfrules.PerfrulesError):
            f.score(bad)
    with pytest.raises(perfrules.InvalidInputError, match="unknown locale"):
        Formatter("xx_NOPE")
    with pytest.raises(perfrules.InvalidInputError, match="unit must be"):
        f.amount(Decimal(1), unit="美元")
    with pytest.raises(perfrules.InvalidInputError, match="places"):
        Formatter("en", 40)


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4), st.sampled_from(["zh_CN", "en"]))
def test_a_written_score_reads_back_as_the_half_up_value(value, locale):
    """Strip the separators and the score is exactly the value rounded half-up to 2 places."""
    written = Formatter(locale).score(value)
    assert Decimal(written.replace(",", "")) == value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


# ---- catalogue ----------------------------------------------------------------------------------------


def test_every_id_has_both_languages_and_report_texts_the_same_placeholders():
    entries = catalogue()
    assert len(entries) > 200
    for key, texts in entries.items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key
        if key.startswith(("report.", "summary.")):
            assert placeholders(texts["zh"]) == placeholders(texts["en"]), key


def test_every_message_raised_in_the_code_is_in_the_catalogue_with_every_placeholder_filled():
    """Each ``en_zh("id", name=…)`` / ``texts("id", …)`` call names an id of the catalogue and passes every placeholder of both
    its texts; no id of the findings' catalogue is left unused."""
    import ast

    own = catalogue()
    used: set[str] = set()
    for path in (ROOT / "src" / "perfrules").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "from perfrules.messages import" not in source:
            continue  # a module that raises no catalogued message (the strategies' own texts() is another function)
        for node in ast.walk(ast.parse(source)):
            if path.name != "messages.py" and isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("en_zh", "texts"):
                key = node.args[0].value
                assert key in own, f"{path.name}:{node.lineno}: {key}"
                given = {k.arg for k in node.keywords}
                needed = placeholders(own[key]["zh"]) | placeholders(own[key]["en"])
                assert needed <= given, f"{path.name}:{node.lineno}: {key} lacks {needed - given}"
                used.add(key)
    findings = set(tomllib.loads((ROOT / "src" / "perfrules" / "texts" / "findings.toml").read_text(encoding="utf-8")))
    assert len(used) > 150 and findings - used == set()


def test_every_id_a_template_or_the_code_uses_is_in_the_catalogue():
    used = set()
    for path in [*TEMPLATES.glob("*.j2"), *(ROOT / "src" / "perfrules" / "report").glob("*.py")]:
        used |= set(re.findall(r"""\bt(?:ext)?\(\s*f?["']((?:report|summary)\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    used |= {f"report.severity.{s.value}" for s in perfrules.Severity}
    assert used and used <= set(catalogue())


def test_placeholders_must_be_filled_and_plugins_add_without_rewording():
    with pytest.raises(perfrules.InvalidInputError, match="needs total"):
        text("report.conclusion.text", "zh", base="100", grade="优")
    with pytest.raises(perfrules.InvalidInputError, match="no message"):
        text("report.nope", "zh")
    add_messages({"plugin.example": {"zh": "示例 {x}", "en": "example {x}"}, "report.conclusion": {"zh": "改", "en": "changed"}})
    assert text("plugin.example", "en", x=1) == "example 1"
    assert text("report.conclusion", "en") == "1. Conclusion"
    with pytest.raises(perfrules.InvalidInputError, match="different placeholders"):
        add_messages({"plugin.bad": {"zh": "{a}", "en": "{b}"}})


# ---- the report -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_markdown_report_matches_its_golden_file(locale):
    """The Huashan 2020 report, reviewed by hand once; any change to it shows here as a diff.
    (Regenerate after a deliberate change: PERFRULES_REGOLD=1 pytest tests/test_report.py.)"""
    golden = GOLDEN / f"huashan-2020.{locale}.md"
    got = render_markdown(RESULT, locale=locale)
    if os.environ.get("PERFRULES_REGOLD"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_report_figures_are_the_results():
    """97.62 = 20 + 36.67 + 39 + … as evaluated; 2440.91 万元 executed of 2440.91: 100.0 %; 1 + 0.33 points lost in 产出."""
    zh = build_report(RESULT, locale="zh_CN")
    assert zh.total == "97.62" and zh.grade == "优"
    assert "预算执行率 100.0%" in zh.execution and "2,440.91 万元" in zh.execution
    output = next(line for line in zh.indicators if line.path == "output")
    assert (output.points, output.score, output.lost) == ("38", "36.67", "1.33")
    lost = {line.name: line.lost for line in zh.indicators if line.leaf and line.lost}
    assert lost["年组织开展群众文体活动"] == "1.00" and lost["青少年活动参与人数"] == "0.33"  # 2 × (1 − 25/30) = 1/3
    assert len(zh.deviations) == len(lost)
    assert any("98.00" in line for line in zh.conclusion)  # the table's own total, which differs


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_html_page_has_its_chart_every_block_and_the_findings_at_their_cells(locale):
    page = render_html(AUDIT, locale=locale)
    parser = _Page()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert tags.count("svg") == 1 and "script" not in tags and "link" not in tags  # nothing fetched, nothing run
    bars = [a for t, a in parser.tags if t == "g" and "bar" in a.get("class", "")]
    evaluation = AUDIT.evaluation
    blocks = {(b.name, str(b.max_points)) for b in evaluation.blocks if b.applicable}
    assert blocks <= {(bar_name, a["data-available"]) for a, bar_name in zip(bars, _bar_names(page), strict=True)}
    findings = [a for t, a in parser.tags if t == "tr" and "data-code" in a]
    located = [f for f in AUDIT.findings if f.severity is not perfrules.Severity.INFO]
    assert len(findings) == len(located) and {a["data-code"] for a in findings} == {f.code for f in located}
    text_ = "".join(parser.text)
    assert all(f.path in text_ for f in located) and "自评表!" in text_
    rows = [a for t, a in parser.tags if t == "tr" and "data-path" in a]
    assert len(rows) == sum(1 for _ in evaluation.nodes())


def _bar_names(page: str) -> list[str]:
    return re.findall(r'<g class="bar[^"]*"[^>]*><text[^>]*>([^<]*)</text>', page)


def test_html_escapes_what_the_table_says():
    se = perfrules.examples.huashan_2020()
    import attrs

    evil = attrs.evolve(se, project=attrs.evolve(se.project, name="<script>alert(1)</script>|x\n# injected", unit="a\n\n## b"))
    result = perfrules.evaluate(perfrules.HUBEI_2020, evil)
    page = render_html(result)
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = render_markdown(result)
    assert "<script>" not in md and md.splitlines()[0].startswith("# &lt;script&gt;") and "\\|x # injected" in md.splitlines()[0]
    assert not any(line.startswith(("# injected", "## b")) for line in md.splitlines())


def test_a_bureau_template(tmp_path):
    mine = tmp_path / "mine.md.j2"
    mine.write_text("{{ report.title }} — {{ report.total }} {{ report.grade }} {{ t('report.targets') }}\n", encoding="utf-8")
    assert render_markdown(RESULT, template=mine) == "社会保障专项（2020年度）项目支出绩效自评报告 — 97.62 优 三、绩效目标完成情况\n"
    broken = tmp_path / "broken.md.j2"
    broken.write_text("{{ report.nope }}", encoding="utf-8")
    with pytest.raises(perfrules.InvalidInputError, match="template failed"):
        render_markdown(RESULT, template=broken)
    broken.write_text("{% for %}", encoding="utf-8")
    with pytest.raises(perfrules.InvalidInputError, match="broken.md.j2:1"):
        render_markdown(RESULT, template=broken)
    with pytest.raises(perfrules.InvalidInputError, match="cannot read"):
        render_markdown(RESULT, template=tmp_path / "missing.j2")
    broken.write_text("{{ 1 / 0 }}", encoding="utf-8")
    with pytest.raises(perfrules.InvalidInputError, match="ZeroDivisionError"):
        render_markdown(RESULT, template=broken)
    with pytest.raises(perfrules.WrongTypeError):
        render_markdown("not a result")


def test_summary_of_a_run():
    other = perfrules.evaluate(perfrules.NATIONAL_2020, perfrules.examples.huashan_2020())
    summary = build_summary([("a.xlsx", AUDIT), ("b.toml", RESULT), ("c.toml", other)], [("d.xlsx", "not a workbook")])
    assert summary.count == 3 and summary.failed == (("d.xlsx", "not a workbook"),)
    assert [name for name, _, _ in summary.worst][0] == "a.xlsx"  # the audit's re-score is the lowest
    assert sum(n for _, n in summary.grades) == 3
    md = render_summary(summary)
    assert "d.xlsx" in md and "等级分布" in md
    assert "<table" in render_summary(summary, format="html")


@pytest.mark.skipif(not os.environ.get("PERFRULES_BROWSER_TEST"), reason="opt-in: set PERFRULES_BROWSER_TEST=1 (needs Debian's chromium)")
def test_the_page_renders_in_a_browser(tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    page = tmp_path / "report.html"
    page.write_text(render_html(AUDIT), encoding="utf-8")
    png = tmp_path / "report.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={png}", "--window-size=1200,2000", page.as_uri()], check=True, timeout=120)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a blank page compresses to a few KB


def test_the_reports_page_runs_and_its_chart_is_current():
    """docs/reports.md: every example prints what the page shows; the chart it shows is today's."""
    import doctest

    page = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", page, flags=re.S))
    test = doctest.DocTestParser().get_doctest(code, {}, "reports.md", "docs/reports.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 10
    from perfrules.report import svg_chart

    report = build_report(RESULT, locale="zh_CN")
    chart = svg_chart(report.bars, title=report.t("report.chart"), earned=report.t("report.chart.earned"), available=report.t("report.chart.available"))
    assert (ROOT / "docs" / "images" / "huashan-2020-chart.svg").read_text(encoding="utf-8") == chart + "\n"


def test_items_are_written_at_their_own_rounding_not_the_totals():
    """Items rounded to 2 places half-up, the total to 0 places half-even: 7/8 of 17.5 = 15.3125 shows as 15.31,
    the total 15.31 + 10 (execution) = 25.31 as 25."""
    from w1 import w1_rubric

    from perfrules import Funds, Indicator, Project, Rounding, RoundingPolicy, SelfEvaluation

    rubric = w1_rubric(rounding=RoundingPolicy(item=Rounding(2, RoundingMode.HALF_UP), total=Rounding(0, RoundingMode.HALF_EVEN)))
    se = SelfEvaluation(
        Project("p", 2024),
        Funds.single(adjusted=1, executed=1),
        (Indicator(name="指标", code="output", children=(Indicator(name="a", weight=Decimal("17.5"), target="≥8", actual="7"),)),),
    )
    report = build_report(perfrules.evaluate(rubric, se), locale="en")
    scores = {line.name: line.score for line in report.indicators}
    assert scores["a"] == "15.31" and scores["指标"] == "15.31" and report.total == "25"
    assert {line.name: line.lost for line in report.indicators}["a"] == "2.19"  # 17.5 − 15.31
