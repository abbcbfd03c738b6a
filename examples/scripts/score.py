"""Score a self-evaluation and read why each point was earned or lost.

    python examples/scripts/score.py
"""

import perfrules

result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
print(f"total {result.total}, grade {result.grade.label_zh}")  # total 97.62, grade 优
for leaf in result.leaves():
    if leaf.points_lost:
        print(f"  {leaf.name}: -{leaf.points_lost} — {leaf.explanation.reason('en')}")
print(f"{len(result.findings)} findings, {len(result.errors)} of them errors")
