"""Many tables under one rubric: the compiled plan for Python inputs, and Arrow for a file of them.

    python examples/scripts/batch.py
"""

from decimal import Decimal

import perfrules

plan = perfrules.compile_rubric(perfrules.NATIONAL_2020)
inputs = [
    {"funds": {"adjusted": Decimal(100), "executed": Decimal(executed)},
     "items": [("output/服务人次", Decimal(50), "≥", Decimal(735), Decimal(actual), None),
               ("benefit/质量", Decimal(30), "≥", Decimal(1), Decimal(1), None),
               ("satisfaction/满意度", Decimal(10), "≥", Decimal(90), Decimal(93), None)]}
    for executed, actual in ((100, 800), (95, 700), (60, 300))
]  # fmt: skip
for scored in plan.score_many(inputs):
    print(scored.total, scored.grade.label_zh, scored.findings)
print("first one explained:", plan.explain(inputs[1]).node("output/服务人次").explanation.reason("en"))

try:
    import pyarrow as pa
except ImportError:  # pip install 'perfrules[arrow]' for the columnar path
    raise SystemExit(0) from None
from perfrules.scale import score_record_batch

d = pa.decimal128(12, 2)
batch = pa.table({
    "budget": pa.array([Decimal(100)] * 3, d), "executed": pa.array([Decimal(100), Decimal(95), Decimal(60)], d),
    "output.weight": pa.array([[Decimal(50)]] * 3, pa.list_(d)), "output.direction": [["≥"]] * 3,
    "output.target": pa.array([[Decimal(735)]] * 3, pa.list_(d)), "output.actual": pa.array([[Decimal(800)], [Decimal(700)], [Decimal(300)]], pa.list_(d)),
    "benefit.weight": pa.array([[Decimal(30)]] * 3, pa.list_(d)), "benefit.direction": [["≥"]] * 3,
    "benefit.target": pa.array([[Decimal(1)]] * 3, pa.list_(d)), "benefit.actual": pa.array([[Decimal(1)]] * 3, pa.list_(d)),
    "satisfaction.weight": pa.array([[Decimal(10)]] * 3, pa.list_(d)), "satisfaction.direction": [["≥"]] * 3,
    "satisfaction.target": pa.array([[Decimal(90)]] * 3, pa.list_(d)), "satisfaction.actual": pa.array([[Decimal(93)]] * 3, pa.list_(d)),
})  # fmt: skip
print("Arrow:", score_record_batch(batch, perfrules.NATIONAL_2020, keep=[]).column("total").to_pylist())
