"""The bundled sample workbook (``perfrules/examples/huashan-2020.xlsx``) is seed 003's table as printed.

It is built from the transcription ``fixtures/tables/003-huashan.json`` by :func:`build` — written in the
standard layout, then set as the published table sets it: the title merged across, 一级指标 and
二级指标 labels merged down their groups. ``python tests/test_example_table.py`` rebuilds it; the test
checks the committed file still reads as the transcription does, and audits as documented.
"""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

import perfrules
from perfrules import CheckState
from test_table_write import content
from workbooks import _merge_runs

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "tables" / "003-huashan.json"
SAMPLE = ROOT / "src" / "perfrules" / "examples" / "huashan-2020.xlsx"


def build() -> bytes:
    """The sample workbook's bytes, from the transcription."""
    table = perfrules.read_table(FIXTURE)
    wb = openpyxl.load_workbook(io.BytesIO(perfrules.write_xlsx(table)))
    ws = wb["自评表"]
    width = len(table.columns)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "三级指标")
    last = header + len(table.rows)
    for column in (1, 2):
        _merge_runs(ws, header + 1, last, column)
    for column, size in zip("ABCDEFGH", (16, 18, 36, 26, 30, 8, 8, 30), strict=True):
        ws.column_dimensions[column].width = size
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_sample_reads_as_the_transcription():
    assert content(perfrules.read_table(SAMPLE)) == content(perfrules.read_table(build()))
    assert content(perfrules.read_table(SAMPLE))[6] == content(perfrules.read_table(FIXTURE))[6]  # every row, every cell


def test_the_sample_is_bundled_and_audits_as_documented():
    """What docs/audit-a-table.md shows: the headings that do not add up, at the cells that print them."""
    table = perfrules.examples.load_example_table("huashan-2020")
    assert table.source == "huashan-2020.xlsx:自评表"
    assert len(table.rows) == 27 and table.total.score.number == 98
    report = perfrules.audit(table)
    failed = sorted((c.where, c.stated, c.recomputed) for c in report.checks if c.code == "heading.points_sum" and c.state is CheckState.FAILED)
    # printed heading points against the 分值 of the rows under them (the transcription, row by row)
    assert failed == sorted([
        ("自评表!A8", Decimal(40), Decimal(2 * 8 + (2 + 2 + 3 + 2) + (2 + 3) + (3 + 3))),  # 产出 40, rows 36
        ("自评表!B8", Decimal(20), Decimal(2 * 8)),  # 数量指标(20分)
        ("自评表!B16", Decimal(10), Decimal(2 + 2 + 3 + 2)),  # 质量指标(10)
        ("自评表!B20", Decimal(3), Decimal(2 + 3)),  # 时效指标(3分)
        ("自评表!B22", Decimal(7), Decimal(3 + 3)),  # 成本指标(7分)
        ("自评表!A24", Decimal(40), Decimal(2 + 2 + 4 + 4 + 4 + 4 + 4 + 5 + 5 + 5 + 5)),  # 效益 40, rows 44
        ("自评表!B24", Decimal(20), Decimal(2 + 2 + 4 + 4 + 4)),  # 社会效益指标(20分)
        ("自评表!B29", Decimal(5), Decimal(4 + 4 + 5 + 5 + 5 + 5)),  # 环境效益指标(5分)
    ])  # fmt: skip
    # the stated scores add up: 20 + (15 + 9 + 5 + 6) + 43 = 98
    (total,) = [c for c in report.checks if c.code == "total.sum"]
    assert (total.state, total.recomputed) == (CheckState.PASSED, Decimal(20 + 35 + 43))
    assert all(c.state is CheckState.PASSED for c in report.checks if c.code.startswith("funds."))


if __name__ == "__main__":
    SAMPLE.write_bytes(build())
    print(f"wrote {SAMPLE}", file=sys.stderr)
