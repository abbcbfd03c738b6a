"""Audit a filled workbook as printed — every stated figure checked, each finding at its cell — and write it
back with the findings as comments.

    python examples/scripts/audit_workbook.py [OUT.xlsx]
"""

import sys
from pathlib import Path

import perfrules

table = perfrules.examples.load_example_table("huashan-2020")  # or perfrules.read_table("自评表.xlsx")
report = perfrules.audit(table, perfrules.HUBEI_2020)
for finding in report.errors:
    print(finding.render("zh"))
out = Path(sys.argv[1] if len(sys.argv) > 1 else "huashan-2020-audited.xlsx")
perfrules.write_xlsx(report.table, out, audit=report)
print(f"{len(report.findings)} findings, {len(report.errors)} errors → {out}")
