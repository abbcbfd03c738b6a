"""What a filled table states, checked against itself: each check ends passed, failed, not applicable or short of data.

The checks recompute every figure the table states from the figures it is
made of — execution rates, execution scores, fund sums, heading points (a
heading's against its rows' and its sub-headings'), the points total, the 总分,
the grade — read every row's target against its actual, and every row's name
against the group it is filed under. Printed figures are rounded: a figure
matches when it equals the exact value, or the value rounded half-up,
half-even or truncated at the places it prints (seed tables truncate 138.9 %
to 138 %); a sum of *n* rounded parts may miss the exact sum by *n*
half-units of the printed places, and that is rounding, not a defect.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import enum_field, freeze_pairs
from perfrules.exceptions import PerfrulesError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.funds import FundSource
from perfrules.rules.grading import NATIONAL_GRADES, GradeScale
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.tables.cells import Cell, Figure
from perfrules.tables.columns import heading_points, label_key
from perfrules.tables.table import FilledTable, FundRow, IndicatorRow
from perfrules.values.decimals import decimal_field, fraction_to_decimal
from perfrules.values.notation import Direction, parse_actual, parse_target
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.reading import read_pair

__all__ = ["AuditCheck", "AuditPolicy", "CheckState", "printed_match", "rounding_slack", "table_checks"]


class CheckState(enum.Enum):
    """How one audit check ended."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    """Nothing to check (no 执行率 printed, no heading points)."""
    INSUFFICIENT_DATA = "insufficient_data"
    """A figure the check needs is blank or missing."""


@attrs.frozen
class AuditCheck:
    """One check of one stated figure.

    Attributes:
        code: what was checked (``funds.rate``, ``total.sum``).
        state: how it ended.
        where: the cell or row checked.
        severity: how serious a failure is.
        stated: the figure as the table states it.
        recomputed: the figure recomputed from its parts.
        message_en / message_zh: what was found.
        data: further figures.
    """

    code: str
    state: CheckState = enum_field(CheckState)
    where: str = ""
    severity: Severity = Severity.ERROR
    stated: Any = None
    recomputed: Any = None
    message_en: str = ""
    message_zh: str = ""
    data: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)

    @property
    def finding(self) -> Finding:
        """The finding a failed check becomes."""
        return Finding(self.code, self.severity, self.where, self.message_en, self.message_zh, (("stated", self.stated), ("recomputed", self.recomputed), *self.data))


def _positive(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive, got {value}")


#: rates that cannot exceed 100 % (a share of a whole); a name with a growth word is a change, which can
BOUNDED_RATES = ("满意度", "满意率", "合格率", "达标率", "覆盖率", "知晓率", "及时率", "准确率", "到位率", "执行率", "参保率", "通过率", "合规率", "规范率", "完好率", "正确率")
GROWTH_WORDS = ("增长", "增幅", "提高", "提升", "增加", "变动", "变化", "配建", "配置", "超额")
#: the second-level groups of the national framework, as tables print them
SECOND_LEVEL = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标")
#: (words in an indicator's name, words that undo them, the group it then belongs under): a cost cap
#: (培训成本 ≤200元/人) is a 成本指标, not an effect that lowers cost (降低成本); a 及时率 is a 时效指标
MISFILED = ((("成本",), ("节约", "降低", "减少", "节省", "下降", "满意"), "成本指标"), (("及时率", "及时性"), ("满意",), "时效指标"))
_SHARES = ("覆盖率", "合格率", "达标率", "知晓率", "满意度", "满意率", "参保率", "完好率", "正确率", "准确率")
_TIME_WORDS = ("及时", "按时", "时限", "时间", "进度", "期限", "周期", "时效", "逾期", "当年", "年底", "年内")


@attrs.frozen
class AuditPolicy:
    """What an audit tolerates and reports.

    Attributes:
        score_tolerance: a recomputed score may differ from the stated one by
            this much beyond rounding before it is reported.
        over_achievement: an actual at least this many times its ``≥`` target
            is reported (F12); ``None`` turns it off.
        bounded_rates / growth_words: a rate whose name has a bounded word
            (覆盖率) and no growth word (覆盖率增长) cannot exceed 100 %.
        grades: the bands a stated grade is checked against when no rubric is given.
    """

    score_tolerance: Decimal = decimal_field(default=Decimal(0))
    over_achievement: Decimal | None = attrs.field(default=Decimal(2), converter=attrs.converters.optional(Decimal))
    bounded_rates: tuple[str, ...] = BOUNDED_RATES
    growth_words: tuple[str, ...] = GROWTH_WORDS
    grades: GradeScale = NATIONAL_GRADES


_GRADE_WORDS = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "合格": "中", "及格": "中", "差": "差", "不合格": "差"}


# ------------------------------------------------------------------ rounding
def printed_match(stated: Figure, exact: Fraction, *, scale: int = 0) -> str | None:
    """How ``stated`` prints ``exact`` (× 10**scale): ``"exact"``, ``"rounded"``, ``"truncated"``, or ``None``.

    >>> printed_match(Figure(Decimal("138"), True, 0), Fraction(1250, 900), scale=2)
    'truncated'
    """
    value = exact * Fraction(10) ** scale
    if Fraction(stated.value) == value:
        return "exact"
    for mode, how in ((RoundingMode.HALF_UP, "rounded"), (RoundingMode.HALF_EVEN, "rounded"), (RoundingMode.DOWN, "truncated")):
        if round_exact(value, stated.places, mode) == stated.value:
            return how
    return None


def rounding_slack(parts: int, places: int) -> Fraction:
    """How far a sum of ``parts`` figures rounded at ``places`` may miss the exact sum."""
    return Fraction(parts, 2) / Fraction(10) ** places


def _show(q: Fraction) -> Decimal | Fraction:
    d = fraction_to_decimal(q)
    return d if Fraction(d) == q else round_exact(q, 4, RoundingMode.HALF_UP)


def _check(code: str, state: CheckState, where: str, severity: Severity = Severity.ERROR, stated: Any = None, recomputed: Any = None, en: str = "", zh: str = "", **data: Any) -> AuditCheck:
    return AuditCheck(code, state, where, severity, stated, recomputed, en, zh, data)


def _figure(cell: Cell | None) -> Figure | None:
    return None if cell is None else cell.figure


# ------------------------------------------------------------------ the funds block
def _fund_checks(row: FundRow) -> Iterator[AuditCheck]:
    label = row.label.text.strip()
    budget, spent = _figure(row.cell("全年预算数")), _figure(row.cell("全年执行数"))
    rate_cell = row.cell("执行率")
    rate = _figure(rate_cell)
    if budget is None or spent is None or budget.value == 0:
        if rate is not None:
            yield _check("funds.rate", CheckState.INSUFFICIENT_DATA, rate_cell.where, en=f"{label}: 执行率 is printed, but not the budget and execution it is made of", zh=f"{label}：填有执行率，但预算数或执行数空缺（或为 0），无法复核")  # type: ignore[union-attr]
        return
    exact = Fraction(spent.value) / Fraction(budget.value)
    if exact > 1:
        yield _check(
            "funds.over_budget", CheckState.FAILED, row.where, Severity.WARNING, recomputed=_show(exact * 100),
            en=f"{label}: execution {spent.value} exceeds the budget {budget.value} ({fmt(_show(exact * 100))}%)",
            zh=f"{label}：执行数 {spent.value} 超过预算数 {budget.value}（执行率 {fmt(_show(exact * 100))}%）",
        )  # fmt: skip
    if rate is None:
        state = CheckState.NOT_APPLICABLE if rate_cell is None or rate_cell.blank else CheckState.INSUFFICIENT_DATA
        if state is CheckState.INSUFFICIENT_DATA:
            yield _check("funds.rate", state, rate_cell.where, Severity.WARNING, stated=rate_cell.text, en=f"{label}: 执行率 {rate_cell.text!r} is no number", zh=f"{label}：执行率“{rate_cell.text}”不是数字")  # type: ignore[union-attr]
        yield from _execution_score(row, label, exact, None)
        return
    readings = [(rate, 2 if rate.percent else 0)] if rate.percent else [(rate, 2), (rate, 0)]  # a bare 95 is 95 %, a bare 0.95 a ratio
    how = None
    for figure, scale in readings:
        how = printed_match(Figure(figure.value, figure.percent, figure.places), exact, scale=scale)
        if how:
            break
    shown = f"{fmt(_show(exact * 100))}%"
    assert rate_cell is not None
    if how:
        yield _check("funds.rate", CheckState.PASSED, rate_cell.where, stated=rate_cell.text, recomputed=_show(exact * 100), en=f"{label}: 执行率 {rate_cell.text} = {spent.value} ÷ {budget.value} ({how})", zh=f"{label}：执行率 {rate_cell.text} = {spent.value} ÷ {budget.value}", printed=how)
    else:
        yield _check(
            "funds.rate", CheckState.FAILED, rate_cell.where, stated=rate_cell.text, recomputed=_show(exact * 100),
            en=f"{label}: the stated 执行率 {rate_cell.text} is not 全年执行数 ÷ 全年预算数 = {spent.value} ÷ {budget.value} = {shown}",
            zh=f"{label}：填报执行率 {rate_cell.text} 与 全年执行数 ÷ 全年预算数 = {spent.value} ÷ {budget.value} = {shown} 不符",
        )  # fmt: skip
    yield from _execution_score(row, label, exact, rate if how else None)


def _execution_score(row: FundRow, label: str, exact: Fraction, rate: Figure | None) -> Iterator[AuditCheck]:
    points, score_cell = _figure(row.cell("分值")), row.cell("得分")
    score = _figure(score_cell)
    if points is None or score is None:
        if score_cell is not None and not score_cell.blank and points is None:
            yield _check("funds.score", CheckState.INSUFFICIENT_DATA, score_cell.where, en=f"{label}: 得分 is printed without 分值", zh=f"{label}：填有得分但无分值")
        return
    capped = min(exact, Fraction(1))
    expected = Fraction(points.value) * capped
    ok = printed_match(score, expected) or abs(Fraction(score.value) - expected) <= rounding_slack(1, score.places)
    if not ok and rate is not None:  # scored from the rate as printed
        ok = printed_match(score, Fraction(points.value) * min(Fraction(rate.ratio), Fraction(1)))
    if Fraction(score.value) > Fraction(points.value):
        ok = None
    shown = _show(expected)
    if ok:
        yield _check("funds.score", CheckState.PASSED, score_cell.where, stated=score.value, recomputed=shown, en=f"{label}: 得分 {score.value} = {points.value} × 执行率", zh=f"{label}：得分 {score.value} = {points.value} × 执行率")  # type: ignore[union-attr]
    else:
        yield _check(
            "funds.score", CheckState.FAILED, score_cell.where, stated=score.value, recomputed=shown,  # type: ignore[union-attr]
            en=f"{label}: the stated execution score {score.value} is not 分值 × 执行率 = {points.value} × {fmt(_show(capped * 100))}% = {fmt(shown)}",
            zh=f"{label}：填报得分 {score.value} 与 分值 × 执行率 = {points.value} × {fmt(_show(capped * 100))}% = {fmt(shown)} 不符",
        )  # fmt: skip


def _fund_sums(table: FilledTable) -> Iterator[AuditCheck]:
    total = table.fund(FundSource.TOTAL)
    parts = [r for r in table.funds if r.source is not FundSource.TOTAL]
    if total is None or not parts:
        return
    for column in ("年初预算数", "全年预算数", "全年执行数"):
        stated_cell = total.cell(column)
        stated = _figure(stated_cell)
        figures = [f for r in parts if (f := _figure(r.cell(column))) is not None]
        if stated is None or not figures:
            continue
        exact = sum((Fraction(f.value) for f in figures), Fraction(0))
        places = max(f.places for f in figures)
        assert stated_cell is not None
        diff = abs(Fraction(stated.value) - exact)
        if diff == 0 or (places + stated.places > 0 and diff <= rounding_slack(len(figures), places) + rounding_slack(1, stated.places)):
            yield _check("funds.sum", CheckState.PASSED, stated_cell.where, stated=stated.value, recomputed=_show(exact))
        else:
            yield _check(
                "funds.sum", CheckState.FAILED, stated_cell.where, stated=stated.value, recomputed=_show(exact),
                en=f"{column}: the total {stated.value} is not the sum of its sources {fmt(_show(exact))}",
                zh=f"{column}：资金总额 {stated.value} 与各来源之和 {fmt(_show(exact))} 不符", column=column,
            )  # fmt: skip


# ------------------------------------------------------------------ rows, headings, totals
def _points(row: IndicatorRow) -> Figure | None:
    f = _figure(row.cell("分值"))
    return None if f is None or f.percent else f


def _score(row: IndicatorRow) -> Figure | None:
    f = _figure(row.cell("得分"))
    return None if f is None or f.percent else f


def _row_checks(table: FilledTable, policy: AuditPolicy) -> Iterator[AuditCheck]:
    seen: dict[str, str] = {}
    for row in table.rows:
        name = row.name
        points, score = _points(row), _score(row)
        if points is not None and score is not None:
            cell = row.cell("得分")
            assert cell is not None
            if score.value > points.value:
                yield _check("row.score_above_points", CheckState.FAILED, cell.where, stated=score.value, recomputed=points.value, en=f"{name}: 得分 {score.value} is above its 分值 {points.value}", zh=f"{name}：得分 {score.value} 高于分值 {points.value}")
            elif score.value < points.value and "偏差原因" in table.columns and not row.text("偏差原因"):
                where = row.cell("偏差原因").where  # type: ignore[union-attr]
                yield _check("row.no_deviation_reason", CheckState.FAILED, where, Severity.WARNING, stated=score.value, recomputed=points.value, en=f"{name}: {points.value - score.value} points lost without a 偏差原因 (N7)", zh=f"{name}：扣分 {points.value - score.value} 分，未填写偏差原因分析及改进措施")
        key = label_key(name)
        if key in seen:
            yield _check("row.duplicate", CheckState.FAILED, row.name_cell.where if row.name_cell else row.where, Severity.WARNING, stated=name, en=f"{name!r} appears twice (first at {seen[key]})", zh=f"指标“{name}”重复出现（首次在 {seen[key]}）", first=seen[key])
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
        yield _check("row.misfiled", CheckState.FAILED, row.name_cell.where if row.name_cell else row.where, Severity.WARNING, stated=group, recomputed=expected, en=f"{name}: filed under {group}, but what it measures belongs under {expected}", zh=f"{name}：列在{group}下，但其衡量内容应属{expected}")


def _pair_checks(row: IndicatorRow, points: Figure | None, score: Figure | None, policy: AuditPolicy) -> Iterator[AuditCheck]:
    name = row.name
    actual_cell = row.cell("实际完成值")
    target_text = row.target_text if row.cell("年度指标值") is None or row.cell("年度指标值").blank else _text(row.cell("年度指标值"))  # type: ignore[union-attr]
    if actual_cell is None or actual_cell.blank:
        return
    try:
        target = parse_target(target_text) if target_text else None
        actual = parse_actual(_text(actual_cell), target=target)
    except PerfrulesError:
        return  # unreadable cells are reported where the table is derived
    if actual.qualifier is not None:
        yield _check("actual.as_target", CheckState.FAILED, actual_cell.where, Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: the actual {actual_cell.text.strip()!r} is written as a target (an inequality), not as the value reached", zh=f"{name}：实际完成值“{actual_cell.text.strip()}”写成了目标形式（不等式），而非实际数值")
    bounded = any(w in name for w in policy.bounded_rates) and not any(w in name for w in policy.growth_words)
    if actual.is_numeric and actual.value is not None and actual.unit == "%" and actual.value > 100 and bounded:
        yield _check("actual.rate_above_100", CheckState.FAILED, actual_cell.where, Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: a rate of this kind cannot exceed 100 %, the table gives {actual_cell.text.strip()}", zh=f"{name}：该类比率不应超过 100%，表中为 {actual_cell.text.strip()}")
    if actual.is_numeric and actual.unit == "分" and any(w in name for w in policy.bounded_rates):
        yield _check("actual.points_not_rate", CheckState.FAILED, actual_cell.where, Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: the actual {actual_cell.text.strip()!r} is a score in points, not the rate the indicator measures", zh=f"{name}：实际完成值“{actual_cell.text.strip()}”是分数，而非该指标衡量的比率")
    if target is None or target.value is None or not actual.is_numeric:
        return
    reading = read_pair(target, actual, policy=ReadingPolicy(over_achievement=policy.over_achievement), path=actual_cell.where)
    for f in reading.findings:
        if f.code.startswith(("unit.incompatible", "unit.mismatch", "pair.implausible", "actual.far_above_target")):
            yield _check(f"pair.{f.code.split('.', 1)[1]}" if f.code.startswith("unit.") else f.code, CheckState.FAILED, actual_cell.where, f.severity if f.severity is not Severity.ERROR else Severity.WARNING, stated=actual_cell.text.strip(), en=f"{name}: {f.message_en}", zh=f"{name}：{f.message_zh}")
    if reading.value is None or points is None or score is None:
        return
    t = Fraction(target.value)
    missed = (target.direction in (Direction.GE, Direction.EQ) and reading.value < t) or (target.direction is Direction.GT and reading.value <= t) or (target.direction is Direction.LE and reading.value > t) or (target.direction is Direction.LT and reading.value >= t)
    if missed and score.value >= points.value and actual.kind.value in ("number", "range"):  # a range is read by its lower bound
        low = f", read by its lower bound {fmt(_show(reading.value))}" if actual.kind.value == "range" else ""
        low_zh = f"，按下限 {fmt(_show(reading.value))} 计" if low else ""
        yield _check("row.missed_full_points", CheckState.FAILED, row.cell("得分").where, Severity.WARNING, stated=score.value, recomputed=None, en=f"{name}: the target {target_text} is missed ({actual_cell.text.strip()}{low}), yet full points {score.value} are stated", zh=f"{name}：未达到目标 {target_text}（实际 {actual_cell.text.strip()}{low_zh}），却填报满分 {score.value}")  # type: ignore[union-attr]


def _text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.number is not None:
        figure = cell.figure
        assert figure is not None
        return f"{figure.value:f}%" if figure.percent else f"{cell.number:f}"
    return cell.text.strip()


def _heading_checks(table: FilledTable) -> Iterator[AuditCheck]:
    for heading in table.headings:
        if heading.points is None or heading.cell is None:
            continue
        members = [r for r in table.rows if heading_points(r.text("一级指标"))[0] == (heading.name if heading.level == 1 else heading.parent) and (heading.level == 1 or heading_points(r.text("二级指标"))[0] == heading.name)]
        figures = [_points(r) for r in members]
        if not members:
            continue
        if any(f is None for f in figures):
            yield _check("heading.points_sum", CheckState.INSUFFICIENT_DATA, heading.cell.where, stated=heading.points, en=f"{heading.name}: some rows print no 分值", zh=f"{heading.name}：部分行未填分值，无法复核")
            continue
        exact = sum((Fraction(f.value) for f in figures if f), Fraction(0))
        state = CheckState.PASSED if Fraction(heading.points) == exact else CheckState.FAILED
        yield _check(
            "heading.points_sum", state, heading.cell.where, stated=heading.points, recomputed=_show(exact),
            en=f"{heading.name}: the heading prints {heading.points} points, its {len(members)} rows weigh {fmt(_show(exact))}",
            zh=f"{heading.name}：标题分值 {heading.points}，其下 {len(members)} 项分值合计 {fmt(_show(exact))}",
        )  # fmt: skip
    yield from _subheading_checks(table)


def _subheading_checks(table: FilledTable) -> Iterator[AuditCheck]:
    """A 一级指标 heading's points against the points of the 二级指标 headings under it (seed 003: 效益 40, 社会效益 20 + 环境效益 5)."""
    printed = {(h.name, h.parent): h.points for h in table.headings if h.level == 2 and h.points is not None}
    for heading in table.headings:
        if heading.level != 1 or heading.points is None or heading.cell is None:
            continue
        groups = list(dict.fromkeys(l2 for r in table.rows if heading_points(r.text("一级指标"))[0] == heading.name and (l2 := heading_points(r.text("二级指标"))[0])))
        points = [printed.get((g, heading.name)) for g in groups]
        if not any(p is not None for p in points):
            continue  # no 二级 heading prints points: nothing to compare
        if any(p is None for p in points):
            missing = [g for g, p in zip(groups, points, strict=True) if p is None]
            yield _check("heading.children_sum", CheckState.INSUFFICIENT_DATA, heading.cell.where, stated=heading.points, en=f"{heading.name}: sub-headings without points: {'、'.join(missing)}", zh=f"{heading.name}：二级指标 {'、'.join(missing)} 未标分值，无法复核", groups=tuple(missing))
            continue
        exact = sum((Fraction(p) for p in points if p is not None), Fraction(0))
        yield _check(
            "heading.children_sum", CheckState.PASSED if exact == Fraction(heading.points) else CheckState.FAILED, heading.cell.where, stated=heading.points, recomputed=_show(exact),
            en=f"{heading.name}: the heading prints {heading.points} points, its {len(groups)} sub-headings {fmt(_show(exact))}",
            zh=f"{heading.name}：标题分值 {heading.points}，其下 {len(groups)} 个二级指标分值合计 {fmt(_show(exact))}",
        )  # fmt: skip


def _execution_row(table: FilledTable) -> FundRow | None:
    return next((r for r in table.funds if _figure(r.cell("分值")) is not None or _figure(r.cell("得分")) is not None), None)


def _total_checks(table: FilledTable, base: Decimal, grades: GradeScale) -> Iterator[AuditCheck]:
    execution = _execution_row(table)
    rows_points = [_points(r) for r in table.rows]
    exec_points = None if execution is None else _figure(execution.cell("分值"))
    stated_points = None if table.total is None else _figure(table.total.points)
    where = table.total.where if table.total is not None else (table.rows[-1].where if table.rows else table.source)
    if rows_points and all(f is not None for f in rows_points):
        exact = sum((Fraction(f.value) for f in rows_points if f), Fraction(0)) + (Fraction(exec_points.value) if exec_points else 0)
        expected = stated_points.value if stated_points is not None else base
        state = CheckState.PASSED if exact == Fraction(expected) else CheckState.FAILED
        yield _check("points.total", state, where, stated=expected, recomputed=_show(exact), en=f"分值 add up to {fmt(_show(exact))}, not {expected}", zh=f"分值合计 {fmt(_show(exact))}，应为 {expected}")
    elif table.rows:
        yield _check("points.total", CheckState.INSUFFICIENT_DATA, where, en="rows without 分值: the points cannot be added up", zh="部分行未填分值，无法合计分值")
    total_cell = None if table.total is None else table.total.score
    stated = _figure(total_cell)
    if stated is None:
        if table.total is not None:
            yield _check("total.sum", CheckState.INSUFFICIENT_DATA, table.total.where, en="总分 is not filled in", zh="总分未填写")
    else:
        assert total_cell is not None
        scores = [_score(r) for r in table.rows]
        exec_score = None if execution is None else _figure(execution.cell("得分"))
        parts = [f for f in [*scores, exec_score] if f is not None]
        blank = [r.where for r, f in zip(table.rows, scores, strict=True) if f is None]
        if blank:
            yield _check("total.sum", CheckState.INSUFFICIENT_DATA, total_cell.where, stated=stated.value, en=f"{len(blank)} rows have no 得分 (first {blank[0]}): the total cannot be recomputed", zh=f"{len(blank)} 行未填得分（首行 {blank[0]}），无法复核总分", rows=tuple(blank))
        elif parts:
            exact = sum((Fraction(f.value) for f in parts), Fraction(0))
            places = max(f.places for f in parts)
            slack = rounding_slack(len(parts), places) + rounding_slack(1, stated.places)
            diff = Fraction(stated.value) - exact
            ok = diff == 0 or (places + stated.places > 0 and abs(diff) <= slack)
            yield _check(
                "total.sum", CheckState.PASSED if ok else CheckState.FAILED, total_cell.where, stated=stated.value, recomputed=_show(exact),
                en=f"the stated 总分 {stated.value} is not the sum of the stated scores {fmt(_show(exact))}" if not ok else f"总分 {stated.value} = the sum of the stated scores",
                zh=f"填报总分 {stated.value} 与各项得分之和 {fmt(_show(exact))} 不符" if not ok else f"总分 {stated.value} 等于各项得分之和",
                parts=len(parts),
            )  # fmt: skip
        if stated.value > base:
            yield _check("total.above_base", CheckState.FAILED, total_cell.where, stated=stated.value, recomputed=base, en=f"the stated 总分 {stated.value} is above the {base} points a table can earn", zh=f"填报总分 {stated.value} 超过满分 {base}")
    yield from _grade_check(table, stated, grades)


def _grade_check(table: FilledTable, total: Figure | None, grades: GradeScale) -> Iterator[AuditCheck]:
    if table.grade is None or table.grade.blank:
        return
    word = label_key(unicodedata.normalize("NFKC", table.grade.text))
    stated = _GRADE_WORDS.get(word)
    if stated is None:
        yield _check("grade.band", CheckState.INSUFFICIENT_DATA, table.grade.where, stated=table.grade.text, en=f"the grade {table.grade.text!r} is none of 优/良/中/差", zh=f"评级“{table.grade.text}”不是 优/良/中/差 之一")
        return
    if total is None:
        yield _check("grade.band", CheckState.INSUFFICIENT_DATA, table.grade.where, stated=stated, en="a grade without a total to check it against", zh="填有评级但无总分，无法复核")
        return
    band = grades.grade(total.value)
    state = CheckState.PASSED if band.label_zh == stated else CheckState.FAILED
    yield _check("grade.band", state, table.grade.where, stated=stated, recomputed=band.label_zh, en=f"the grade {stated} is not the band of the total {total.value} ({band.label_zh})", zh=f"评级“{stated}”与总分 {total.value} 所在等级“{band.label_zh}”不符")


def table_checks(table: FilledTable, *, base: Decimal = Decimal(100), grades: GradeScale | None = None, policy: AuditPolicy | None = None) -> tuple[AuditCheck, ...]:
    """Every check of ``table`` against itself, in table order."""
    policy = policy or AuditPolicy()
    checks: list[AuditCheck] = []
    for row in table.funds:
        checks += _fund_checks(row)
    checks += _fund_sums(table)
    checks += _heading_checks(table)
    checks += _row_checks(table, policy)
    checks += _total_checks(table, base, grades or policy.grades)
    return tuple(checks)
