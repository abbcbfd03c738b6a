"""What adds up: headings against their rows and sub-headings, the 分值 against 100, the 总分 against the
stated scores within rounding, the 评级 against the band of the 总分."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from perfrules.explanation import fmt
from perfrules.rules.grading import GradeScale
from perfrules.tables.cells import Figure
from perfrules.tables.checks import (
    AuditCheck,
    CheckState,
    exact_shown,
    figure_of,
    make_check,
    rounding_slack,
    row_points,
    row_score,
)
from perfrules.tables.columns import heading_points, label_key
from perfrules.tables.table import FilledTable, FundRow, Heading, IndicatorRow

__all__ = ["heading_checks", "total_checks"]

_GRADE_WORDS = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "合格": "中", "及格": "中", "差": "差", "不合格": "差"}


def _groups(table: FilledTable) -> tuple[dict[str, list[IndicatorRow]], dict[tuple[str, str], list[IndicatorRow]]]:
    """The rows under each 一级指标 and under each (二级指标, 一级指标), in one pass."""
    level1: dict[str, list[IndicatorRow]] = {}
    level2: dict[tuple[str, str], list[IndicatorRow]] = {}
    for row in table.rows:
        l1 = heading_points(row.text("一级指标"))[0]
        level1.setdefault(l1, []).append(row)
        level2.setdefault((heading_points(row.text("二级指标"))[0], l1), []).append(row)
    return level1, level2


def _members(heading: Heading, level1: dict[str, list[IndicatorRow]], level2: dict[tuple[str, str], list[IndicatorRow]]) -> list[IndicatorRow]:
    return level1.get(heading.name, []) if heading.level == 1 else level2.get((heading.name, heading.parent), [])


def heading_checks(table: FilledTable) -> Iterator[AuditCheck]:
    """Each heading's printed points (and score) against its rows', and against its sub-headings' points."""
    level1, level2 = _groups(table)
    for heading in table.headings:
        members = _members(heading, level1, level2)
        yield from _heading_scores(heading, members)
        if heading.points is None or heading.cell is None or not members:
            continue
        figures = [row_points(r) for r in members]
        if any(f is None for f in figures):
            yield make_check("heading.points_sum", CheckState.INSUFFICIENT_DATA, heading.cell.where, stated=heading.points, en=f"{heading.name}: some rows print no 分值", zh=f"{heading.name}：部分行未填分值，无法复核")
            continue
        exact = sum((Fraction(f.value) for f in figures if f), Fraction(0))
        state = CheckState.PASSED if Fraction(heading.points) == exact else CheckState.FAILED
        yield make_check(
            "heading.points_sum", state, heading.cell.where, stated=heading.points, recomputed=exact_shown(exact),
            en=f"{heading.name}: the heading prints {heading.points} points, its {len(members)} rows weigh {fmt(exact_shown(exact))}",
            zh=f"{heading.name}：标题分值 {heading.points}，其下 {len(members)} 项分值合计 {fmt(exact_shown(exact))}",
        )  # fmt: skip
    yield from _subheading_checks(table)


def _heading_scores(heading: Heading, members: list[IndicatorRow]) -> Iterator[AuditCheck]:
    """A heading's printed score (过程(基准分30分,自评分28分), a subtotal row's 得分) against its points and its rows' scores."""
    if heading.score is None:
        return
    cell = heading.score_cell or heading.cell
    where = cell.where if cell is not None else ""
    if heading.points is not None and heading.score > heading.points:
        yield make_check("heading.score_above_points", CheckState.FAILED, where, stated=heading.score, recomputed=heading.points, en=f"{heading.name}: the score {heading.score} is above the {heading.points} points the heading prints", zh=f"{heading.name}：得分 {heading.score} 高于其分值 {heading.points}")
    scores = [row_score(r) for r in members]
    if not members or all(f is None for f in scores):
        return  # the heading is the only score printed for the group
    if any(f is None for f in scores):
        yield make_check("heading.score_sum", CheckState.INSUFFICIENT_DATA, where, stated=heading.score, en=f"{heading.name}: some rows print no 得分", zh=f"{heading.name}：部分行未填得分，无法复核")
        return
    exact = sum((Fraction(f.value) for f in scores if f), Fraction(0))
    places = max(f.places for f in scores if f)
    diff = abs(Fraction(heading.score) - exact)
    ok = diff == 0 or (places > 0 and diff <= rounding_slack(len(scores), places))
    yield make_check(
        "heading.score_sum", CheckState.PASSED if ok else CheckState.FAILED, where, stated=heading.score, recomputed=exact_shown(exact),
        en=f"{heading.name}: the heading's score {heading.score} is not the sum of its {len(scores)} rows' scores {fmt(exact_shown(exact))}",
        zh=f"{heading.name}：该部分得分 {heading.score} 与其下 {len(scores)} 项得分之和 {fmt(exact_shown(exact))} 不符",
    )  # fmt: skip


def _subheading_checks(table: FilledTable) -> Iterator[AuditCheck]:
    """A 一级指标 heading's points against the points of the 二级指标 headings under it (a published table: 效益 40, 社会效益 20 + 环境效益 5)."""
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
            yield make_check("heading.children_sum", CheckState.INSUFFICIENT_DATA, heading.cell.where, stated=heading.points, en=f"{heading.name}: sub-headings without points: {'、'.join(missing)}", zh=f"{heading.name}：二级指标 {'、'.join(missing)} 未标分值，无法复核", groups=tuple(missing))
            continue
        exact = sum((Fraction(p) for p in points if p is not None), Fraction(0))
        yield make_check(
            "heading.children_sum", CheckState.PASSED if exact == Fraction(heading.points) else CheckState.FAILED, heading.cell.where, stated=heading.points, recomputed=exact_shown(exact),
            en=f"{heading.name}: the heading prints {heading.points} points, its {len(groups)} sub-headings {fmt(exact_shown(exact))}",
            zh=f"{heading.name}：标题分值 {heading.points}，其下 {len(groups)} 个二级指标分值合计 {fmt(exact_shown(exact))}",
        )  # fmt: skip


def _execution_row(table: FilledTable) -> FundRow | None:
    return next((r for r in table.funds if figure_of(r.cell("分值")) is not None or figure_of(r.cell("得分")) is not None), None)


def _parts(table: FilledTable) -> tuple[list[Figure | None], list[Figure | None], list[str]]:
    """The points and scores the total is made of: each row's, except where a 一级指标 heading prints its own."""
    headings = {h.name: h for h in table.headings if h.level == 1}
    level1, _ = _groups(table)
    points: list[Figure | None] = []
    scores: list[Figure | None] = []
    wheres: list[str] = []
    for name, rows in level1.items():
        heading = headings.get(name)
        own_points = [row_points(r) for r in rows]
        if heading is not None and heading.points is not None and any(f is None for f in own_points):
            points.append(Figure(heading.points, False, _places(heading.points)))
        else:
            points += own_points
        if heading is not None and heading.score is not None:
            scores.append(Figure(heading.score, False, _places(heading.score)))
            wheres.append(heading.score_cell.where if heading.score_cell else rows[0].where)
        else:
            scores += [row_score(r) for r in rows]
            wheres += [r.where for r in rows]
    return points, scores, wheres


def _places(d: Decimal) -> int:
    exponent = d.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def total_checks(table: FilledTable, base: Decimal, grades: GradeScale) -> Iterator[AuditCheck]:
    execution = _execution_row(table)
    rows_points, scores, rows_of = _parts(table)
    exec_points = None if execution is None else figure_of(execution.cell("分值"))
    stated_points = None if table.total is None else figure_of(table.total.points)
    where = table.total.where if table.total is not None else (table.rows[-1].where if table.rows else table.source)
    if rows_points and all(f is not None for f in rows_points):
        exact = sum((Fraction(f.value) for f in rows_points if f), Fraction(0)) + (Fraction(exec_points.value) if exec_points else 0)
        expected = stated_points.value if stated_points is not None else base
        state = CheckState.PASSED if exact == Fraction(expected) else CheckState.FAILED
        yield make_check("points.total", state, where, stated=expected, recomputed=exact_shown(exact), en=f"分值 add up to {fmt(exact_shown(exact))}, not {expected}", zh=f"分值合计 {fmt(exact_shown(exact))}，应为 {expected}")
    elif table.rows:
        yield make_check("points.total", CheckState.INSUFFICIENT_DATA, where, en="rows without 分值: the points cannot be added up", zh="部分行未填分值，无法合计分值")
    total_cell = None if table.total is None else table.total.score
    stated = figure_of(total_cell)
    if stated is None:
        if table.total is not None:
            yield make_check("total.sum", CheckState.INSUFFICIENT_DATA, table.total.where, en="总分 is not filled in", zh="总分未填写")
    else:
        assert total_cell is not None
        exec_score = None if execution is None else figure_of(execution.cell("得分"))
        parts = [f for f in [*scores, exec_score] if f is not None]
        blank = [where for where, f in zip(rows_of, scores, strict=True) if f is None]
        if blank:
            yield make_check("total.sum", CheckState.INSUFFICIENT_DATA, total_cell.where, stated=stated.value, en=f"{len(blank)} rows have no 得分 (first {blank[0]}): the total cannot be recomputed", zh=f"{len(blank)} 行未填得分（首行 {blank[0]}），无法复核总分", rows=tuple(blank))
        elif parts:
            exact = sum((Fraction(f.value) for f in parts), Fraction(0))
            places = max(f.places for f in parts)
            slack = rounding_slack(len(parts), places) + rounding_slack(1, stated.places)
            diff = Fraction(stated.value) - exact
            ok = diff == 0 or (places + stated.places > 0 and abs(diff) <= slack)
            yield make_check(
                "total.sum", CheckState.PASSED if ok else CheckState.FAILED, total_cell.where, stated=stated.value, recomputed=exact_shown(exact),
                en=f"the stated 总分 {stated.value} is not the sum of the stated scores {fmt(exact_shown(exact))}" if not ok else f"总分 {stated.value} = the sum of the stated scores",
                zh=f"填报总分 {stated.value} 与各项得分之和 {fmt(exact_shown(exact))} 不符" if not ok else f"总分 {stated.value} 等于各项得分之和",
                parts=len(parts),
            )  # fmt: skip
        if stated.value > base:
            yield make_check("total.above_base", CheckState.FAILED, total_cell.where, stated=stated.value, recomputed=base, en=f"the stated 总分 {stated.value} is above the {base} points a table can earn", zh=f"填报总分 {stated.value} 超过满分 {base}")
    yield from _grade_check(table, stated, grades)


def _grade_check(table: FilledTable, total: Figure | None, grades: GradeScale) -> Iterator[AuditCheck]:
    if table.grade is None or table.grade.blank:
        return
    word = label_key(unicodedata.normalize("NFKC", table.grade.text))
    stated = _GRADE_WORDS.get(word)
    if stated is None:
        yield make_check("grade.band", CheckState.INSUFFICIENT_DATA, table.grade.where, stated=table.grade.text, en=f"the grade {table.grade.text!r} is none of 优/良/中/差", zh=f"评级“{table.grade.text}”不是 优/良/中/差 之一")
        return
    if total is None:
        yield make_check("grade.band", CheckState.INSUFFICIENT_DATA, table.grade.where, stated=stated, en="a grade without a total to check it against", zh="填有评级但无总分，无法复核")
        return
    band = grades.grade(total.value)
    state = CheckState.PASSED if band.label_zh == stated else CheckState.FAILED
    yield make_check("grade.band", state, table.grade.where, stated=stated, recomputed=band.label_zh, en=f"the grade {stated} is not the band of the total {total.value} ({band.label_zh})", zh=f"评级“{stated}”与总分 {total.value} 所在等级“{band.label_zh}”不符")
