"""Case files: a rubric's behaviour pinned in data, run by `perfrules test`, the API and pytest's plugin."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import perfrules
from perfrules.testing import load_case_file, run_case_file, update_case_file

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "tests" / "fixtures" / "cases" / "national.cases.toml"
HUASHAN = f"""
[rubric]
code = "cn-hubei-project-2020"

[tolerance]
total = "0"

[[cases]]
name = "Huashan 2020"
self_evaluation = "huashan.toml"
[cases.expect]
total = "97.62"
grade = "excellent"
items = {{ "output/数量指标/年组织开展群众文体活动" = "1.00", "output/质量指标/青少年活动参与人数" = "1.67" }}
findings = ["unit.omitted", "total.claimed_differs"]
absent = ["funds.over_budget"]
"""


@pytest.fixture
def huashan(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "src" / "perfrules" / "examples" / "huashan-2020.toml", tmp_path / "huashan.toml")
    path = tmp_path / "huashan.cases.toml"
    path.write_text(HUASHAN, encoding="utf-8")
    return path


def test_a_case_file_passes_with_hand_worked_figures(huashan):
    """97.62 from the example's own explanation; 1 of 2 activities → 1.00 of 2 points; 25 of 30 people → 2 × 25/30 = 1.67."""
    (result,) = run_case_file(huashan)
    assert result.passed, result.differences
    assert [r.passed for r in run_case_file(NATIONAL)] == [True, True]


def test_each_unmet_expectation_is_said(huashan):
    text = huashan.read_text(encoding="utf-8").replace('"97.62"', '"97.60"').replace('"excellent"', '"good"')
    text = text.replace('"1.67"', '"1.70"').replace('absent = ["funds.over_budget"]', 'absent = ["unit.omitted"]')
    huashan.write_text(text.replace('"unit.omitted", "total', '"no.such", "total'), encoding="utf-8")
    (result,) = run_case_file(huashan)
    assert [str(d) for d in result.differences] == [
        "total: expected 97.60, got 97.62",
        "grade: expected good, got excellent (优)",
        "items.output/质量指标/青少年活动参与人数: expected 1.70, got 1.67",
        "findings: expected no.such, got missing",
        "absent: expected unit.omitted, got present",
    ]
    huashan.write_text(text.replace('total = "0"', 'total = "0.02"'), encoding="utf-8")  # a tolerance per quantity
    assert "total" not in {d.what for d in run_case_file(huashan)[0].differences}


def test_update_rewrites_the_expectations_and_shows_the_diff(huashan):
    huashan.write_text(huashan.read_text(encoding="utf-8").replace('"97.62"', '"90"'), encoding="utf-8")
    diff = update_case_file(huashan)
    assert '-total = "90"' in diff and '+total = "97.62"' in diff
    assert run_case_file(huashan)[0].passed


def test_update_leaves_a_file_whose_expectations_hold_untouched(huashan):
    """Nothing to rewrite: no diff, and the file keeps its comments and layout byte for byte."""
    text = "# pinned by the province\n" + huashan.read_text(encoding="utf-8")
    huashan.write_text(text, encoding="utf-8")
    assert update_case_file(huashan) == ""
    assert huashan.read_text(encoding="utf-8") == text
    assert update_case_file(NATIONAL) == ""  # "1.00" and 1 are the same number; a subset of found codes still holds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = [", "not valid TOML"),
        ("[[cases]]\nname = 'a'\n", "needs a [rubric] table"),
        ("[rubric]\ncode = 'nope'\n[[cases]]\nname = 'a'\n", "unknown rubric 'nope'"),
        ("[rubric]\ncode = 'cn-national-project-2020'\n", "expected [[cases]] tables"),
        ("[rubric]\nregion = 'CN'\ndate = '2020'\n[[cases]]\nname = 'a'\n", "TOML date"),
        ("[rubric]\ncode = 'cn-national-project-2020'\n[tolerance]\ntotal = 0.5\n[[cases]]\nname = 'a'\n", "write numbers as text"),
    ],
)
def test_a_broken_case_file_is_a_located_error(tmp_path, text, message):
    path = tmp_path / "x.cases.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(perfrules.InvalidInputError, match=re.escape(message)) as info:
        load_case_file(path)
    assert str(info.value).startswith("x.cases.toml")


def test_a_case_whose_input_cannot_be_read_fails_alone(tmp_path, huashan):
    text = huashan.read_text(encoding="utf-8") + '\n[[cases]]\nname = "missing"\nself_evaluation = "nope.toml"\n'
    huashan.write_text(text, encoding="utf-8")
    results = run_case_file(huashan)
    assert results[0].passed and not results[1].passed and results[1].differences[0].what == "case"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "perfrules", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def test_perfrules_test_runs_folders_and_updates(huashan, tmp_path):
    proc = cli("test", str(tmp_path), str(NATIONAL))
    assert proc.returncode == 0 and proc.stdout.splitlines()[-1] == "3 passed, 0 failed (2 case files)"
    huashan.write_text(huashan.read_text(encoding="utf-8").replace('"97.62"', '"1"'), encoding="utf-8")
    proc = cli("test", str(huashan))
    assert proc.returncode == 1 and "total: expected 1, got 97.62" in proc.stdout
    proc = cli("test", str(huashan), "--update")
    assert proc.returncode == 0 and '+total = "97.62"' in proc.stdout
    (tmp_path / "bad.cases.toml").write_text("x = [", encoding="utf-8")
    proc = cli("test", str(tmp_path))
    assert proc.returncode == 2 and "bad.cases.toml" in proc.stderr and "Traceback" not in proc.stderr


def test_pytest_collects_case_files_through_the_plugin(huashan, tmp_path):
    """The pytest11 entry point: each case is a test item; a failing case shows its differences."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert "1 passed" in proc.stdout, proc.stdout + proc.stderr
    huashan.write_text(huashan.read_text(encoding="utf-8").replace('"97.62"', '"1"'), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert "1 failed" in proc.stdout and "total: expected 1, got 97.62" in proc.stdout


def test_a_run_that_finds_no_case_file_fails(tmp_path):
    """An empty folder checks nothing: exit 2 and say so, never a silent pass."""
    proc = cli("test", str(tmp_path))
    assert proc.returncode == 2 and "no *.cases.toml file" in proc.stderr


def test_a_description_is_for_people(huashan):
    text = huashan.read_text(encoding="utf-8")
    huashan.write_text('description = "Huashan, as the city scored it"\n' + text.replace('name = "Huashan 2020"', 'name = "Huashan 2020"\ndescription = "the bundled example"'), encoding="utf-8")
    assert run_case_file(huashan)[0].passed
