"""Each indicator row checked: its 得分 against its 分值, points lost without a reason, the same indicator twice,
a row filed under the wrong group, and its actual read against its target (written as a target, a bounded rate
above 100 %, units that do not fit, a missed target with full points)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from perfrules.exceptions import PerfrulesError
from perfrules.explanation import fmt
from perfrules.findings import Severity

from perfrules.tables.cells import Cell, Figure, value_text
from perfrules.tables.checks import (
    AuditCheck,
    AuditPolicy,
    CheckState,
    exact_shown,
    make_check,
    row_points,
    row_score,
)
from perfrules.tables.columns import heading_points, label_key
from perfrules.tables.table import FilledTable, IndicatorRow
from perfrules.values.notation import Actual, Direction, Target, parse_actual, parse_target
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.reading import read_pair
from perfrules.messages import texts

__all__ = ["row_checks"]

#: the second-level groups of the national framework, as tables print them
SECOND_LEVEL = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标")
#: (words in an indicator's name, words that undo them, the group it then belongs under): a cost cap
#: (培训成本 ≤200元/人) is a 成本指标, not an effect that lowers cost (降低成本); a 及时率 is a 时效指标
MISFILED = ((("成本",), ("节约", "降低", "减少", "节省", "下降", "满意"), "成本指标"), (("及时率", "及时性"), ("满意",), "时效指标"))
_SHARES = ("覆盖率", "合格率", "达标率", "知晓率", "满意度", "满意率", "参保率", "完好率", "正确率", "准确率")
_TIME_WORDS = ("及时", "按时", "时限", "时间", "进度", "期限", "周期", "时效", "逾期", "当年", "年底", "年内")


def _na(cell: Cell | None) -> bool:
    return cell is not None and cell.not_applicable


def row_checks(table: FilledTable, policy: AuditPolicy) -> Iterator[AuditCheck]:
    """Every check of every row, each ending in a state: a passed check is recorded as well as a failed one."""
    seen: dict[str, str] = {}
    has_reason = "偏差原因" in table.columns
    for row in table.rows:
        name = row.name
        points, score = row_points(row), row_score(row)
        score_cell, points_cell = row.cell("得分"), row.cell("分值")
        where = score_cell.where if score_cell is not None else row.where
        if _na(points_cell) or _na(score_cell):
            yield make_check("row.score_above_points", CheckState.NOT_APPLICABLE, where, **texts("row.score_above_points", name=name))
        elif points is None or score is None:
            missing = "分值" if points is None else "得分"
            yield make_check("row.score_above_points", CheckState.INSUFFICIENT_DATA, where, **texts("row.score_above_points.2", name=name, missing=missing))
        elif score.value > points.value:
            yield make_check("row.score_above_points", CheckState.FAILED, where, stated=score.value, recomputed=points.value, **texts("row.score_above_points.3", name=name, score_value=score.value, points_value=points.value))
        else:
            yield make_check("row.score_above_points", CheckState.PASSED, where, stated=score.value, recomputed=points.value, **texts("row.score_above_points.4", name=name, score_value=score.value, points_value=points.value))
        if has_reason:
            yield _deviation(row, name, points, score)
        key = label_key(name)
        at = row.name_cell.where if row.name_cell else row.where
        if key in seen:
            yield make_check("row.duplicate", CheckState.FAILED, at, Severity.WARNING, stated=name, **texts("row.duplicate", name=name, seen_key=seen[key]), first=seen[key])
        else:
            seen[key] = at
            yield make_check("row.duplicate", CheckState.PASSED, at, Severity.WARNING, stated=name, **texts("row.duplicate.2", name=name))
        if "三级指标" in table.columns:
            yield from _misfiled(row)
        yield from _pair_checks(row, points, score, policy)


def _deviation(row: IndicatorRow, name: str, points: Figure | None, score: Figure | None) -> AuditCheck:
    reason = row.cell("偏差原因")
    assert reason is not None
    if points is None or score is None:
        state = CheckState.NOT_APPLICABLE if _na(row.cell("分值")) or _na(row.cell("得分")) else CheckState.INSUFFICIENT_DATA
        return make_check("row.no_deviation_reason", state, reason.where, Severity.WARNING, **texts("row.no_deviation_reason.2", name=name))
    if score.value >= points.value:
        return make_check("row.no_deviation_reason", CheckState.NOT_APPLICABLE, reason.where, Severity.WARNING, stated=score.value, recomputed=points.value, **texts("row.no_deviation_reason.3", name=name))
    lost = points.value - score.value
    if row.text("偏差原因") and not reason.not_applicable:  # 无 or — is no reason given
        return make_check("row.no_deviation_reason", CheckState.PASSED, reason.where, Severity.WARNING, stated=score.value, recomputed=points.value, **texts("row.no_deviation_reason.4", name=name, lost=lost))
    return make_check("row.no_deviation_reason", CheckState.FAILED, reason.where, Severity.WARNING, stated=score.value, recomputed=points.value, **texts("row.no_deviation_reason", name=name, lost=lost))


def _misfiled(row: IndicatorRow) -> Iterator[AuditCheck]:
    """A third-level indicator whose name says which second-level group it belongs to, filed under another."""
    group, name = heading_points(row.text("二级指标"))[0], row.name
    if group not in SECOND_LEVEL or not row.text("三级指标"):
        return
    expected = next((kind for words, exclude, kind in MISFILED if any(w in name for w in words) and not any(w in name for w in exclude)), None)
    if expected is None and group == "时效指标" and name.endswith(_SHARES) and not any(w in name for w in _TIME_WORDS):
        expected = "数量指标/质量指标"  # a share of a whole (覆盖率) measures no time
    if expected is not None and group in expected.split("/"):
        yield make_check("row.misfiled", CheckState.PASSED, row.name_cell.where if row.name_cell else row.where, Severity.WARNING, stated=group, recomputed=expected, **texts("row.misfiled", name=name, group=group))
    elif expected is not None:
        yield make_check("row.misfiled", CheckState.FAILED, row.name_cell.where if row.name_cell else row.where, Severity.WARNING, stated=group, recomputed=expected, **texts("row.misfiled.2", name=name, group=group, expected=expected))


def _pair_checks(row: IndicatorRow, points: Figure | None, score: Figure | None, policy: AuditPolicy) -> Iterator[AuditCheck]:
    """The actual against its target: a target's form, a bounded rate, the units, over-achievement, full points for a miss."""
    name = row.name
    actual_cell = row.cell("实际完成值")
    whole = row.cell("年度指标值")
    target_text = row.target_text if whole is None or whole.blank else value_text(whole)
    score_at = row.cell("得分").where if row.cell("得分") is not None else row.where  # type: ignore[union-attr]
    if actual_cell is None or actual_cell.blank or actual_cell.not_applicable:
        state = CheckState.INSUFFICIENT_DATA if actual_cell is not None and actual_cell.blank and target_text and not _na(whole) else CheckState.NOT_APPLICABLE
        where = actual_cell.where if actual_cell is not None else row.where
        yield make_check("actual.as_target", state, where, Severity.WARNING, **texts("actual.as_target", name=name))
        yield make_check("row.missed_full_points", state, score_at, Severity.WARNING, **texts("row.missed_full_points.4", name=name))
        return
    stated = actual_cell.text.strip()
    try:
        target = parse_target(target_text) if target_text else None
        actual = parse_actual(value_text(actual_cell), target=target)
    except PerfrulesError:  # unreadable cells are reported where the table is derived
        yield make_check("row.missed_full_points", CheckState.INSUFFICIENT_DATA, score_at, Severity.WARNING, stated=stated, **texts("row.missed_full_points.6", name=name))
        return
    as_target = CheckState.FAILED if actual.qualifier is not None else CheckState.PASSED
    yield make_check("actual.as_target", as_target, actual_cell.where, Severity.WARNING, stated=stated,
                     en=f"{name}: the actual {stated!r} is written as a target (an inequality), not as the value reached" if as_target is CheckState.FAILED else f"{name}: the actual {stated!r} is a value reached",
                     zh=f"{name}：实际完成值“{stated}”写成了目标形式（不等式），而非实际数值" if as_target is CheckState.FAILED else f"{name}：实际完成值“{stated}”为实际数值")  # fmt: skip
    if any(w in name for w in policy.bounded_rates) and not any(w in name for w in policy.growth_words) and actual.is_numeric and actual.value is not None and actual.unit == "%":
        above = actual.value > 100
        yield make_check("actual.rate_above_100", CheckState.FAILED if above else CheckState.PASSED, actual_cell.where, Severity.WARNING, stated=stated,
                         en=f"{name}: a rate of this kind cannot exceed 100 %, the table gives {stated}" if above else f"{name}: the rate {stated} is within 100 %",
                         zh=f"{name}：该类比率不应超过 100%，表中为 {stated}" if above else f"{name}：比率 {stated} 未超过 100%")  # fmt: skip
    if actual.is_numeric and actual.unit == "分" and any(w in name for w in policy.bounded_rates):
        yield make_check("actual.points_not_rate", CheckState.FAILED, actual_cell.where, Severity.WARNING, stated=stated, **texts("actual.points_not_rate", name=name, stated=stated))
    if target is None or target.value is None or not actual.is_numeric:
        state = CheckState.INSUFFICIENT_DATA if target is not None and target.value is not None and points is not None and score is not None and score.value >= points.value else CheckState.NOT_APPLICABLE
        yield make_check("row.missed_full_points", state, score_at, Severity.WARNING, stated=stated, **texts("row.missed_full_points.5", name=name))
        return
    reading = read_pair(target, actual, policy=ReadingPolicy(over_achievement=policy.over_achievement), path=actual_cell.where)
    found = set()
    for f in reading.findings:
        if f.code.startswith(("unit.incompatible", "unit.mismatch", "pair.implausible", "actual.far_above_target")):
            code = f"pair.{f.code.split('.', 1)[1]}" if f.code.startswith("unit.") else f.code
            found.add(code)
            yield make_check(code, CheckState.FAILED, actual_cell.where, f.severity if f.severity is not Severity.ERROR else Severity.WARNING, stated=stated, **texts("tables.row_checks", name=name, f_message_en=f.message_en, f_message_zh=f.message_zh))
    if not found & {"pair.incompatible", "pair.mismatch"}:
        yield make_check("pair.incompatible", CheckState.PASSED, actual_cell.where, Severity.WARNING, stated=stated, **texts("pair.incompatible", name=name, target_text=target_text))
    if policy.over_achievement is not None and target.direction in (Direction.GE, Direction.GT) and "actual.far_above_target" not in found:
        yield make_check("actual.far_above_target", CheckState.PASSED, actual_cell.where, Severity.INFO, stated=stated, **texts("actual.far_above_target.2", name=name, policy_over_achievement=policy.over_achievement))
    yield _missed(row, name, target, target_text, actual, reading.value, points, score, score_at, stated)


def _missed(row: IndicatorRow, name: str, target: Target, target_text: str, actual: Actual, value: Fraction | None, points: Figure | None, score: Figure | None, where: str, stated: str) -> AuditCheck:
    """Full points stated for an actual that misses its target (a range read by its lower bound, as it is scored)."""
    if value is None or points is None or score is None or target.value is None:
        state = CheckState.INSUFFICIENT_DATA if value is None or not (_na(row.cell("分值")) or _na(row.cell("得分"))) else CheckState.NOT_APPLICABLE
        return make_check("row.missed_full_points", state, where, Severity.WARNING, stated=stated, **texts("row.missed_full_points.2", name=name))
    t = Fraction(target.value)
    missed = (target.direction in (Direction.GE, Direction.EQ) and value < t) or (target.direction is Direction.GT and value <= t) or (target.direction is Direction.LE and value > t) or (target.direction is Direction.LT and value >= t)
    if not (missed and actual.kind.value in ("number", "range")):
        return make_check("row.missed_full_points", CheckState.PASSED if not missed else CheckState.INSUFFICIENT_DATA, where, Severity.WARNING, stated=score.value, en=f"{name}: the target {target_text} is met" if not missed else f"{name}: the actual {stated!r} cannot be compared with the target {target_text}", zh=f"{name}：已达到目标 {target_text}" if not missed else f"{name}：实际完成值“{stated}”无法与目标 {target_text} 比较")
    if score.value < points.value:
        return make_check("row.missed_full_points", CheckState.PASSED, where, Severity.WARNING, stated=score.value, recomputed=points.value, **texts("row.missed_full_points.3", name=name, target_text=target_text))
    low = f", read by its lower bound {fmt(exact_shown(value))}" if actual.kind.value == "range" else ""
    low_zh = f"，按下限 {fmt(exact_shown(value))} 计" if low else ""
    return make_check("row.missed_full_points", CheckState.FAILED, where, Severity.WARNING, stated=score.value, recomputed=None, **texts("row.missed_full_points", name=name, target_text=target_text, stated=stated, low=low, score_value=score.value, low_zh=low_zh))
