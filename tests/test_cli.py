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
        (("score", "no-such-table.toml"), "No such file"),
        (("score", "{clean}", "--rubric", "no-such-rubric.toml"), "rubric file not found: no-such-rubric.toml"),
        (("score", "{clean}", "--rubric", "no-such-code"), "no-such-code"),
        (("lint", "no-such-rubric.toml"), "No such file"),
        (("frobnicate",), "invalid choice"),
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
