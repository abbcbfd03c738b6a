"""A reviewer's scores against the unit's (复核): inflated self-scores found, row by row.

    python examples/scripts/review.py
"""

from decimal import Decimal

import perfrules
from perfrules import Review, ReviewRow, Tolerance, review

unit = {
    "标题": "2021年度社区养老服务项目支出绩效自评表", "总分": 98, "评级": "优",
    "资金": [{"资金来源": "年度资金总额", "全年预算数": "100", "全年执行数": "100", "分值": 10, "执行率": "100%", "得分": 10}],
    "指标": [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥100人次", "实际完成值": "90人次", "分值": 50, "得分": 50},
        {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "受益人数", "年度指标值": "≥500人", "实际完成值": "450人", "分值": 30, "得分": 28},
        {"一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "满意度", "年度指标值": "≥90%", "实际完成值": "95%", "分值": 10, "得分": 10},
    ],
}  # fmt: skip
table = perfrules.read_records(unit, source="2021.json")
reviewer = Review("区财政局", (ReviewRow(indicator="培训人次", score=Decimal(45)), ReviewRow(indicator="受益人数", score=Decimal(27))), total=Decimal(92), grade="优")
print(review(table, reviewer, tolerance=Tolerance(absolute=Decimal("0.5"))).render("zh"))
