"""Each indicator row checked: its 得分 against its 分值, points lost without a reason, the same indicator twice,
a row filed under the wrong group, and its actual read against its target (written as a target, a bounded rate
above 100 %, units that do not fit, a missed target with full points)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from perfrules.exceptions import PerfrulesError
from perfrules.explanation import fmt
from perfrules.findings import Severity
from perfrules.tables.cells import Figure
from perfrules.tables.checks import (
    AuditCheck,
    AuditPolicy,
    CheckState,
    cell_text,
    exact_shown,
    make_check,
    row_points,
    row_score,
)
from perfrules.tables.columns import heading_points, label_key
from perfrules.tables.table import FilledTable, IndicatorRow
from perfrules.values.notation import Direction, parse_actual, parse_target
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.reading import read_pair

__all__ = ["row_checks"]

#: the second-level groups of the national framework, as tables print them
SECOND_LEVEL = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标")
#: (words in an indicator's name, words that undo them, the group it then belongs under): a cost cap
#: (培训成本 ≤200元/人) is a 成本指标, not an effect that lowers cost (降低成本); a 及时率 is a 时效指标
MISFILED = ((("成本",), ("节约", "降低", "减少", "节省", "下降", "满意"), "成本指标"), (("及时率", "及时性"), ("满意",), "时效指标"))
_SHARES = ("覆盖率", "合格率", "达标率", "知晓率", "满意度", "满意率", "参保率", "完好率", "正确率", "准确率")
_TIME_WORDS = ("及时", "按时", "时限", "时间", "进度", "期限", "周期", "时效", "逾期", "当年", "年底", "年内")


def row_checks(table: FilledTable, policy: AuditPolicy) -> Iterator[AuditCheck]:
    seen: dict[str, str] = {}
    for row in table.rows:
        name = row.name
        points, score = row_points(row), row_score(row)
        if points is not None and score is not None:
            cell = row.cell("得分")
            assert cell is not None
            if score.value > points.value:
                yield make_check("row.score_above_points", CheckState.FAILED, cell.where, stated=score.value, recomputed=points.value, en=f"{name}: 得分 {score.value} is above its 分值 {points.value}", zh=f"{name}：得分 {score.value} 高于分值 {points.value}")
            elif score.value < points.value and "偏差原因" in table.columns and not row.text("偏差原因"):
                where = row.cell("偏差原因").where  # type: ignore[union-attr]
                yield make_check("row.no_deviation_reason", CheckState.FAILED, where, Severity.WARNING, stated=score.value, recomputed=points.value, en=f"{name}: {points.value - score.value} points lost without a 偏差原因 (N7)", zh=f"{name}：扣分 {points.value - score.value} 分，未填写偏差原因分析及改进措施")
        key = label_key(name)
        if key in seen:
            yield make_check("row.duplicate", CheckState.FAILED, row.name_cell.where if row.name_cell else row.where, Severity.WARNING, stated=name, en=f"{name!r} appears twice (first at {seen[key]})", zh=f"指标“{name}”重复出现（首次在 {seen[key]}）", first=seen[key])
        else:
            seen[key] = row.name_cell.where if row.name_cell else row.where
        if "三级指标" in table.columns:
            yield from _misfiled(row)
        yield from _pair_checks(row, points, score, policy)


def _misfiled(row: IndicatorRow) -> Iterator[AuditCheck]:
    """A third-level indicator whose name says which second-level group it belongs to, filed under another."""
    group, name = heading_points(row.text("二级指标"))[0], row.name
    if group not in SECOND_LEVEL or not row.text("三级指标"):
        return
    expected = next((kind for words, exclude, kind in MISFILED if any(w in name for w in words) and not any(w in name for w in exclude)), None)
    if expected is None and group == "时效指标" and name.endswith(_SHARES) and not any(w in name for w in _TIME_WORDS):
        expected = "数量指标/质量指标"  # a share of a whole (覆盖率) measures no time
    if expected is not None and group not in expected.split("/"):
        yield make_check("row.misfiled", CheckState.FAILED, row.name_cell.where if row.name_cell else row.where, Severity.WARNING, stated=group, recomputed=expected, en=f"{name}: filed under {group}, but what it measures belongs under {expected}", zh=f"{name}：列在{group}下，但其衡量内容应属{expected}")


def _pair_checks(row: IndicatorRow, points: Figure | None, score: Figure | None, policy: AuditPolicy) -> Iterator[AuditCheck]:
    name = row.name
    actual_cell = row.cell("实际完成值")
    target_text = row.target_text if row.cell("年度指标值") is None or row.cell("年度指标值").blank else cell_text(row.cell("年度指标值"))  # type: ignore[union-attr]
    if actual_cell is None or actual_cell.blank:
        return
    try:
        target = parse_target(target_text) if target_text else None
        actual = parse_actual(cell_text(actual_cell), target=target)
    except PerfrulesError:
        return  # unreadable cells are reported where the table is derived
    if actual.qualifier is not None:
        yield make_check("actual.as_target", CheckState.FAILED, actual_cell.where, Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: the actual {actual_cell.text.strip()!r} is written as a target (an inequality), not as the value reached", zh=f"{name}：实际完成值“{actual_cell.text.strip()}”写成了目标形式（不等式），而非实际数值")
    bounded = any(w in name for w in policy.bounded_rates) and not any(w in name for w in policy.growth_words)
    if actual.is_numeric and actual.value is not None and actual.unit == "%" and actual.value > 100 and bounded:
        yield make_check("actual.rate_above_100", CheckState.FAILED, actual_cell.where, Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: a rate of this kind cannot exceed 100 %, the table gives {actual_cell.text.strip()}", zh=f"{name}：该类比率不应超过 100%，表中为 {actual_cell.text.strip()}")
    if actual.is_numeric and actual.unit == "分" and any(w in name for w in policy.bounded_rates):
        yield make_check("actual.points_not_rate", CheckState.FAILED, actual_cell.where, Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: the actual {actual_cell.text.strip()!r} is a score in points, not the rate the indicator measures", zh=f"{name}：实际完成值“{actual_cell.text.strip()}”是分数，而非该指标衡量的比率")
    if target is None or target.value is None or not actual.is_numeric:
        return
    reading = read_pair(target, actual, policy=ReadingPolicy(over_achievement=policy.over_achievement), path=actual_cell.where)
    for f in reading.findings:
        if f.code.startswith(("unit.incompatible", "unit.mismatch", "pair.implausible", "actual.far_above_target")):
            yield make_check(f"pair.{f.code.split('.', 1)[1]}" if f.code.startswith("unit.") else f.code, CheckState.FAILED, actual_cell.where, f.severity if f.severity is not Severity.ERROR else Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: {f.message_en}", zh=f"{name}：{f.message_zh}")
    if reading.value is None or points is None or score is None:
        return
    t = Fraction(target.value)
    missed = (target.direction in (Direction.GE, Direction.EQ) and reading.value < t) or (target.direction is Direction.GT and reading.value <= t) or (target.direction is Direction.LE and reading.value > t) or (target.direction is Direction.LT and reading.value >= t)
    if missed and score.value >= points.value and actual.kind.value in ("number", "range"):  # a range is read by its lower bound
        low = f", read by its lower bound {fmt(exact_shown(reading.value))}" if actual.kind.value == "range" else ""
        low_zh = f"，按下限 {fmt(exact_shown(reading.value))} 计" if low else ""
        yield make_check("row.missed_full_points", CheckState.FAILED, row.cell("得分").where, Severity.WARNING, stated=score.value, recomputed=None, en=f"{name}: the target {target_text} is missed ({actual_cell.text.strip()}{low}), yet full points {score.value} are stated", zh=f"{name}：未达到目标 {target_text}（实际 {actual_cell.text.strip()}{low_zh}），却填报满分 {score.value}")  # type: ignore[union-attr]
