"""examples/scripts: one runnable script per main use, each run here and checked against hand-worked figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "examples" / "scripts"

#: a line each script must print (worked by hand where it is a figure)
EXPECTED = {
    "score.py": "total 97.62, grade 优",
    "audit_workbook.py": "errors → huashan-2020-audited.xlsx",
    "report.py": "wrote huashan-2020.html and huashan-2020.en.md",
    "custom_rule.py": "25 | 实际值 90 不低于 85，得一半分 | actual 90 reaches 85: half the points",  # 90 ≥ 85: half of 50
    "review.py": "复核（区财政局）：总分 98 → 92，评级 优 → 优",
    # 95/100 of 10 = 9.5; 50 × 700/735 = 47.619… → 47.62; + 30 + 10 = 97.12
    "batch.py": "Arrow: [Decimal('100.00'), Decimal('97.12'), Decimal('66.41')]",
}


def test_every_script_is_checked():
    assert sorted(p.name for p in SCRIPTS.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_script_runs_and_prints_what_it_should(name, tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPTS / name)], capture_output=True, text=True, encoding="utf-8", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert EXPECTED[name] in proc.stdout, proc.stdout
