"""Write the self-evaluation report (自评报告) as an HTML page with its chart, and as Markdown in English.

    python examples/scripts/report.py [OUT_DIR]
"""

import sys
from pathlib import Path

import perfrules
from perfrules.report import render_html, render_markdown

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out.mkdir(parents=True, exist_ok=True)
result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
(out / "huashan-2020.html").write_text(render_html(result, locale="zh_CN"), encoding="utf-8")
(out / "huashan-2020.en.md").write_text(render_markdown(result, locale="en"), encoding="utf-8")
print(f"wrote {out / 'huashan-2020.html'} and {out / 'huashan-2020.en.md'}")
