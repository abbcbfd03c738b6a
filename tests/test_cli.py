"""The command line as a pipeline sees it: exit codes, --strict, --version, input errors (through the
installed entry point, ``python -m perfrules``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import perfrules

CLEAN = """
[project]
name = "社区养老服务"
year = 2024
unit = "某街道办事处"

[funds]
adjusted = "120.00"
executed = "120.00"

[[indicators]]
name = "产出指标"
code = "output"
children = [{name = "服务人次", weight = "50", target = "≥735人次", actual = "800人次"}]

[[indicators]]
name = "效益指标"
code = "benefit"
children = [{name = "服务质量", weight = "30", target = "≥1", actual = "1"}]

[[indicators]]
name = "满意度指标"
code = "satisfaction"
children = [{name = "服务对象满意度", weight = "10", target = "≥90%", actual = "93.5%"}]
"""


def perfrules_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "perfrules", *args], capture_output=True, text=True, encoding="utf-8")


@pytest.fixture
def tables(tmp_path: Path) -> dict[str, Path]:
    clean = tmp_path / "clean.toml"
    clean.write_text(CLEAN, encoding="utf-8")
    # weights that add up to 60 under the 50-point output block: an error finding (score.above_declared)
    over = tmp_path / "over.toml"
    over.write_text(CLEAN.replace('weight = "50", target = "≥735人次"', 'weight = "60", target = "≥735人次"'), encoding="utf-8")
    # a bare fraction against a percentage: scored (0.935 = 93.5 %), with a warning
    warning = tmp_path / "warning.toml"
    warning.write_text(CLEAN.replace('actual = "93.5%"', 'actual = "0.935"'), encoding="utf-8")
    return {"clean": clean, "over": over, "warning": warning}


def test_clean_table_exits_0(tables):
    proc = perfrules_cli("score", str(tables["clean"]), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "Total 100 / 100, grade: 优 (excellent)" in proc.stdout


def test_error_findings_exit_1_and_the_grade_says_so(tables):
    proc = perfrules_cli("score", str(tables["over"]), "--lang", "en")
    assert proc.returncode == 1
    assert "error finding(s): the total and grade need review" in proc.stdout
    result = perfrules.evaluate(perfrules.NATIONAL_2020, perfrules.load_self_evaluation(tables["over"]))
    assert result.has_errors and not result.ok
    assert [f.code for f in result.errors] == ["weights.sum_mismatch", "score.above_declared"]


def test_warnings_exit_0_unless_strict(tables):
    assert perfrules_cli("score", str(tables["warning"])).returncode == 0
    assert perfrules_cli("score", str(tables["warning"]), "--strict").returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("score", "no-such-table.toml"), "no such file or folder"),
        (("score", "{clean}", "--rubric", "no-such-rubric.toml"), "rubric file not found: no-such-rubric.toml"),
        (("score", "{clean}", "--rubric", "no-such-code"), "no-such-code"),
        (("lint", "no-such-rubric.toml"), "No such file"),
        (("frobnicate",), "No such command"),
    ],
)
def test_usage_and_input_errors_exit_2(tables, args, message):
    proc = perfrules_cli(*(a.format(clean=tables["clean"]) for a in args))
    assert proc.returncode == 2
    assert message in proc.stderr


def test_version():
    proc = perfrules_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"perfrules {perfrules.__version__}"


def test_lint_strict(tmp_path):
    # a rubric whose only lint finding is a warning (an unknown unit in its template): 0, and 1 with --strict
    path = Path(perfrules.__file__).parent / "rubrics" / "data" / "cn-national-project-2020.toml"
    text = path.read_text(encoding="utf-8").replace('code = "cn-national-project-2020"', 'code = "x-test"', 1)
    rubric = tmp_path / "x.toml"
    rubric.write_text(text, encoding="utf-8")
    assert perfrules_cli("lint", str(rubric)).returncode == 0
    assert perfrules_cli("lint", str(rubric), "--strict").returncode == 0  # no warnings either


def test_nothing_given_is_never_printed_as_none():
    from perfrules.explanation import fmt

    assert fmt(None) == "—"


def test_sector_check_statuses_are_translated():
    se = perfrules.SelfEvaluation(perfrules.Project("托管", 2023, region="CN-JX"), facts={"subsidy_total_wan": 80, "area_mu": 10000})
    result = perfrules.evaluate(perfrules.get_rubric("cn-agriculture-trusteeship"), se)
    zh, en = result.explain("zh"), result.explain("en")
    assert "[通过]" in zh and "[passed]" not in zh and "[跳过（缺少数据）]" in zh
    assert "[passed]" in en and "[skipped (a fact is missing)]" in en


# ---- reports, folders, formats -------------------------------------------------------------------------

EXAMPLES = Path(perfrules.__file__).parent / "examples"


@pytest.fixture
def folder(tmp_path: Path, tables) -> Path:
    """A folder of tables as a bureau receives them: a self-evaluation, a workbook, a corrupt workbook, a broken TOML."""
    root = tmp_path / "in"
    (root / "2020").mkdir(parents=True)
    (root / "clean.toml").write_text(CLEAN, encoding="utf-8")
    (root / "2020" / "huashan.xlsx").write_bytes((EXAMPLES / "huashan-2020.xlsx").read_bytes())
    (root / "2020" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (root / "bad.toml").write_text("x = [", encoding="utf-8")
    (root / "notes.txt").write_text("not a table", encoding="utf-8")
    return root


def test_a_folder_run_reports_corrupt_files_and_goes_on(folder, tmp_path):
    out = tmp_path / "out"
    proc = perfrules_cli("report", str(folder), "-o", str(out), "--format", "html", "--lang", "en")
    assert proc.returncode == 2, proc.stderr  # a file could not be read
    assert "broken.xlsx" in proc.stderr and "bad.toml" in proc.stderr and "Traceback" not in proc.stderr
    assert "4 files: 2 scored" in proc.stdout and "2 unreadable" in proc.stdout  # notes.txt is not picked up
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == ["2020/huashan.xlsx.html", "clean.toml.html", "summary.html"]
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "Files that could not be read" in summary and "broken.xlsx" in summary and "Grades" in summary
    page = (out / "clean.toml.html").read_text(encoding="utf-8")
    assert "<svg" in page and "100.00 of 100 points" in page


def test_score_a_folder_prints_a_line_per_table_and_a_summary(folder):
    proc = perfrules_cli("score", str(folder), "--lang", "en")
    lines = proc.stdout.splitlines()
    assert "clean.toml: 100.00 excellent, 0 error(s), 0 warning(s)" in lines  # files in path order, each on its line
    assert lines[0].startswith("huashan.xlsx: ") and lines[-1].startswith("4 files: 2 scored") and proc.returncode == 2


def test_report_of_one_file_to_markdown_and_html(tables, tmp_path):
    md = tmp_path / "r.md"
    proc = perfrules_cli("report", str(tables["clean"]), "-o", str(md), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert md.read_text(encoding="utf-8").startswith("# 社区养老服务 (2024): project expenditure performance self-evaluation")
    proc = perfrules_cli("report", str(tables["clean"]))  # Markdown on stdout by default
    assert proc.stdout.startswith("# 社区养老服务（2024年度）项目支出绩效自评报告")


def test_the_example_writes_its_report_and_its_audited_workbook(tmp_path):
    page = tmp_path / "huashan.html"
    proc = perfrules_cli("example", "-o", str(page))
    assert proc.returncode == 0 and "97.62 优" in proc.stdout and page.read_text(encoding="utf-8").count("<svg") == 1
    book = tmp_path / "audited.xlsx"
    proc = perfrules_cli("example", "--audit", "-o", str(book))
    assert proc.returncode == 0 and book.read_bytes()[:2] == b"PK"
    proc = perfrules_cli("example", "--format", "xlsx")
    assert proc.returncode == 2 and "needs -o" in proc.stderr


def test_shell_completion_is_offered():
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "perfrules"], capture_output=True, text=True, env={**os.environ, "_PERFRULES_COMPLETE": "bash_source"}
    )
    assert "_perfrules_completion" in proc.stdout or "complete" in proc.stdout


def test_folder_runs_say_what_is_wrong_before_they_start(folder, tmp_path):
    proc = perfrules_cli("report", str(folder), "--format", "html")
    assert proc.returncode == 2 and "add -o DIR" in proc.stderr
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    proc = perfrules_cli("report", str(folder), "-o", str(tmp_path / "file.txt"))
    assert proc.returncode == 2 and "is a file" in proc.stderr
    proc = perfrules_cli("score", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "no such file or folder" in proc.stderr
    proc = perfrules_cli("score", str(folder), "--format", "xlsx", "-o", str(tmp_path / "o"))
    assert proc.returncode == 2 and "use `perfrules audit`" in proc.stderr
    proc = perfrules_cli("score", str(folder), "-o", str(tmp_path / "text"))
    assert (tmp_path / "text" / "clean.toml.txt").read_text(encoding="utf-8").startswith("社区养老服务")


def test_a_file_whose_report_cannot_be_written_does_not_stop_the_run(tmp_path):
    """A figure too large to write (1e45 yuan executed) fails that file's report; the next file is still reported."""
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.toml").write_text(CLEAN.replace('executed = "120.00"', 'executed = "1e45"'), encoding="utf-8")
    (root / "b.toml").write_text(CLEAN, encoding="utf-8")
    proc = perfrules_cli("report", str(root), "-o", str(tmp_path / "out"))
    assert (tmp_path / "out" / "b.toml.md").exists() and (tmp_path / "out" / "summary.md").exists()
    assert "Traceback" not in proc.stderr
