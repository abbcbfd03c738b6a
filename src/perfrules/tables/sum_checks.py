"""What adds up: headings against their rows and sub-headings, the 分值 against 100, the 总分 against the
stated scores within rounding, the 评级 against the band of the 总分.

A row marked as not applicable (``—`` in its 分值 or 得分) adds nothing. A
group whose 分值 (or 得分) is printed once for its rows — merged over them, or
in its heading, the rows printing none of their own — adds the group's
figure once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
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
from perfrules.messages import texts

__all__ = ["heading_checks", "total_checks"]

_GRADE_WORDS = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "合格": "中", "及格": "中", "差": "差", "不合格": "差"}
Key = tuple[str, str]


class _Groups:
    """The rows under each 一级指标 and each (二级指标, 一级指标), and the 二级 headings, read once."""

    def __init__(self, table: FilledTable) -> None:
        self.level1: dict[str, list[IndicatorRow]] = {}
        self.level2: dict[Key, list[IndicatorRow]] = {}
        self.key: dict[int, Key] = {}
        for row in table.rows:
            l1 = heading_points(row.text("一级指标"))[0]
            key = (heading_points(row.text("二级指标"))[0], l1)
            self.level1.setdefault(l1, []).append(row)
            self.level2.setdefault(key, []).append(row)
            self.key[id(row)] = key
        self.headings2 = {(h.name, h.parent): h for h in table.headings if h.level == 2}

    def members(self, heading: Heading) -> list[IndicatorRow]:
        return self.level1.get(heading.name, []) if heading.level == 1 else self.level2.get((heading.name, heading.parent), [])

    def figures(self, rows: list[IndicatorRow], column: str) -> tuple[list[Figure], list[IndicatorRow]]:
        """The figures ``rows`` stand for in ``column`` (分值 or 得分), and the rows stating none."""
        own: Callable[[IndicatorRow], Figure | None] = row_points if column == "分值" else row_score
        figures: list[Figure] = []
        missing: list[IndicatorRow] = []
        used: set[Key] = set()
        for row in rows:
            cell = row.cell(column)
            if cell is not None and cell.not_applicable:
                continue
            figure = own(row)
            if figure is not None:
                figures.append(figure)
                continue
            key = self.key[id(row)]
            group = self.group_figure(key, column)
            if group is None:
                missing.append(row)
            elif key not in used:
                used.add(key)
                figures.append(group)
        return figures, missing

    def group_figure(self, key: Key, column: str) -> Figure | None:
        """The 二级 group's points (or score) printed once for rows that print none of their own."""
        heading = self.headings2.get(key)
        value = None if heading is None else heading.points if column == "分值" else heading.score
        if value is None:
            return None
        own = row_points if column == "分值" else row_score
        if any(own(r) is not None for r in self.level2.get(key, [])):
            return None
        return Figure(value, False, _places(value))


def _sum(figures: list[Figure]) -> Fraction:
    return sum((Fraction(f.value) for f in figures), Fraction(0))


def heading_checks(table: FilledTable) -> Iterator[AuditCheck]:
    """Each heading's printed points (and score) against its rows', and against its sub-headings' points."""
    groups = _Groups(table)
    for heading in table.headings:
        members = groups.members(heading)
        yield from _heading_scores(heading, members, groups)
        if heading.points is None or heading.cell is None or not members:
            continue
        where = heading.cell.where
        if heading.level == 2 and groups.group_figure((heading.name, heading.parent), "分值") is not None:
            yield make_check("heading.points_sum", CheckState.NOT_APPLICABLE, where, stated=heading.points, **texts("heading.points_sum", heading_name=heading.name, heading_points=heading.points))
            continue
        figures, missing = groups.figures(members, "分值")
        if missing:
            yield make_check("heading.points_sum", CheckState.INSUFFICIENT_DATA, where, stated=heading.points, **texts("heading.points_sum.2", heading_name=heading.name, missing_0_where=missing[0].where))
            continue
        exact = _sum(figures)
        ok = Fraction(heading.points) == exact
        yield make_check(
            "heading.points_sum", CheckState.PASSED if ok else CheckState.FAILED, where, stated=heading.points, recomputed=exact_shown(exact),
            en=f"{heading.name}: the heading prints {heading.points} points, its {len(members)} rows weigh {fmt(exact_shown(exact))}" if not ok else f"{heading.name}: the heading's {heading.points} points are its {len(members)} rows' points",
            zh=f"{heading.name}：标题分值 {heading.points}，其下 {len(members)} 项分值合计 {fmt(exact_shown(exact))}" if not ok else f"{heading.name}：标题分值 {heading.points} 等于其下 {len(members)} 项分值之和",
        )  # fmt: skip
    yield from _subheading_checks(table, groups)


def _heading_scores(heading: Heading, members: list[IndicatorRow], groups: _Groups) -> Iterator[AuditCheck]:
    """A heading's printed score (过程(基准分30分,自评分28分), a subtotal row's 得分) against its points and its rows' scores."""
    if heading.score is None:
        return
    cell = heading.score_cell or heading.cell
    where = cell.where if cell is not None else ""
    if heading.points is not None:
        above = heading.score > heading.points
        yield make_check("heading.score_above_points", CheckState.FAILED if above else CheckState.PASSED, where, stated=heading.score, recomputed=heading.points,
                         en=f"{heading.name}: the score {heading.score} is above the {heading.points} points the heading prints" if above else f"{heading.name}: the score {heading.score} is within the heading's {heading.points} points",
                         zh=f"{heading.name}：得分 {heading.score} 高于其分值 {heading.points}" if above else f"{heading.name}：得分 {heading.score} 未超过其分值 {heading.points}")  # fmt: skip
    if heading.level == 2 and groups.group_figure((heading.name, heading.parent), "得分") is not None:
        yield make_check("heading.score_sum", CheckState.NOT_APPLICABLE, where, stated=heading.score, **texts("heading.score_sum", heading_name=heading.name))
        return
    scores, missing = groups.figures(members, "得分")
    if not members or not scores:
        yield make_check("heading.score_sum", CheckState.NOT_APPLICABLE, where, stated=heading.score, **texts("heading.score_sum.2", heading_name=heading.name))
        return
    if missing:
        yield make_check("heading.score_sum", CheckState.INSUFFICIENT_DATA, where, stated=heading.score, **texts("heading.score_sum.3", heading_name=heading.name, missing_0_where=missing[0].where))
        return
    exact = _sum(scores)
    places = max(f.places for f in scores)
    diff = abs(Fraction(heading.score) - exact)
    ok = diff == 0 or (places > 0 and diff <= rounding_slack(len(scores), places))
    yield make_check(
        "heading.score_sum", CheckState.PASSED if ok else CheckState.FAILED, where, stated=heading.score, recomputed=exact_shown(exact),
        en=f"{heading.name}: the heading's score {heading.score} is not the sum of its {len(scores)} rows' scores {fmt(exact_shown(exact))}" if not ok else f"{heading.name}: the heading's score {heading.score} is the sum of its rows' scores",
        zh=f"{heading.name}：该部分得分 {heading.score} 与其下 {len(scores)} 项得分之和 {fmt(exact_shown(exact))} 不符" if not ok else f"{heading.name}：该部分得分 {heading.score} 等于其下各项得分之和",
    )  # fmt: skip


def _subheading_checks(table: FilledTable, groups: _Groups) -> Iterator[AuditCheck]:
    """A 一级指标 heading's points against its 二级指标 groups' points (a published table: 效益 40, 社会效益 20 + 环境效益 5);
    a group printing no points of its own stands for its rows' points."""
    printed = {key: h.points for key, h in groups.headings2.items() if h.points is not None}
    for heading in table.headings:
        if heading.level != 1 or heading.points is None or heading.cell is None:
            continue
        names = list(dict.fromkeys(key[0] for key in groups.level2 if key[1] == heading.name and key[0]))
        if not any((g, heading.name) in printed for g in names):  # heading.points_sum compares the rows
            yield make_check("heading.children_sum", CheckState.NOT_APPLICABLE, heading.cell.where, stated=heading.points, **texts("heading.children_sum", heading_name=heading.name))
            continue
        points: list[Fraction | None] = []
        for g in names:
            if (g, heading.name) in printed:
                points.append(Fraction(printed[(g, heading.name)]))
                continue
            figures, missing = groups.figures(groups.level2[(g, heading.name)], "分值")
            points.append(None if missing else _sum(figures))
        if any(p is None for p in points):
            missing_names = [g for g, p in zip(names, points, strict=True) if p is None]
            yield make_check("heading.children_sum", CheckState.INSUFFICIENT_DATA, heading.cell.where, stated=heading.points, **texts("heading.children_sum.2", heading_name=heading.name, join_missing_names='、'.join(missing_names)), groups=tuple(missing_names))
            continue
        exact = sum((p for p in points if p is not None), Fraction(0))
        ok = exact == Fraction(heading.points)
        yield make_check(
            "heading.children_sum", CheckState.PASSED if ok else CheckState.FAILED, heading.cell.where, stated=heading.points, recomputed=exact_shown(exact),
            en=f"{heading.name}: the heading prints {heading.points} points, its {len(names)} sub-headings {fmt(exact_shown(exact))}" if not ok else f"{heading.name}: the heading's {heading.points} points are its {len(names)} sub-headings' points",
            zh=f"{heading.name}：标题分值 {heading.points}，其下 {len(names)} 个二级指标分值合计 {fmt(exact_shown(exact))}" if not ok else f"{heading.name}：标题分值 {heading.points} 等于其下 {len(names)} 个二级指标分值之和",
        )  # fmt: skip


def _execution_row(table: FilledTable) -> FundRow | None:
    return next((r for r in table.funds if figure_of(r.cell("分值")) is not None or figure_of(r.cell("得分")) is not None), None)


def _parts(table: FilledTable, groups: _Groups) -> tuple[list[Figure] | None, list[Figure], list[str]]:
    """The points (``None`` when some cannot be told) and scores the total is made of, and the rows without
    a score: each row's, a group's printed once, or a 一级指标 heading's own."""
    headings = {h.name: h for h in table.headings if h.level == 1}
    points: list[Figure] | None = []
    scores: list[Figure] = []
    blank: list[str] = []
    for name, rows in groups.level1.items():
        heading = headings.get(name)
        own, missing = groups.figures(rows, "分值")
        if missing and heading is not None and heading.points is not None:
            own, missing = [Figure(heading.points, False, _places(heading.points))], []
        if points is not None:
            points = None if missing else points + own
        if heading is not None and heading.score is not None:
            scores.append(Figure(heading.score, False, _places(heading.score)))
        else:
            figures, none = groups.figures(rows, "得分")
            scores += figures
            blank += [r.where for r in none]
    return points, scores, blank


def _places(d: Decimal) -> int:
    exponent = d.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _hidden_hint(table: FilledTable, column: str, stated: Fraction, exact: Fraction) -> tuple[str, str]:
    """When the figure matches without the hidden rows, say so: the printed table does not show them."""
    hidden = [r for r in table.rows if r.hidden]
    own = row_points if column == "分值" else row_score
    figures = [f for r in hidden if (f := own(r)) is not None]
    if not hidden or not figures or exact - _sum(figures) != stated:
        return "", ""
    wheres = "、".join(r.where for r in hidden)
    return f" (without the hidden rows {wheres} it would match)", f"（若不计隐藏行 {wheres} 则相符）"


def total_checks(table: FilledTable, base: Decimal, grades: GradeScale) -> Iterator[AuditCheck]:
    """The checks of the table's total row: points and scores against the sum of their rows, and the grade against ``grades``."""
    groups = _Groups(table)
    execution = _execution_row(table)
    rows_points, scores, blank = _parts(table, groups)
    exec_points = None if execution is None else figure_of(execution.cell("分值"))
    stated_points = None if table.total is None else figure_of(table.total.points)
    where = table.total.where if table.total is not None else (table.rows[-1].where if table.rows else table.source)
    if rows_points is not None and (rows_points or exec_points is not None):
        exact = _sum(rows_points) + (Fraction(exec_points.value) if exec_points else 0)
        expected = stated_points.value if stated_points is not None else base
        ok = exact == Fraction(expected)
        hint, hint_zh = ("", "") if ok else _hidden_hint(table, "分值", Fraction(expected), exact)
        yield make_check("points.total", CheckState.PASSED if ok else CheckState.FAILED, where, stated=expected, recomputed=exact_shown(exact),
                         en=f"分值 add up to {fmt(exact_shown(exact))}, not {expected}{hint}" if not ok else f"分值 add up to {expected}",
                         zh=f"分值合计 {fmt(exact_shown(exact))}，应为 {expected}{hint_zh}" if not ok else f"分值合计 {expected}")  # fmt: skip
    elif rows_points is None:
        yield make_check("points.total", CheckState.INSUFFICIENT_DATA, where, **texts("points.total"))
    else:
        yield make_check("points.total", CheckState.NOT_APPLICABLE, where, **texts("points.total.2"))
    total_cell = None if table.total is None else table.total.score
    stated = figure_of(total_cell)
    if stated is None:
        if table.total is None:
            yield make_check("total.sum", CheckState.NOT_APPLICABLE, where, **texts("total.sum"))
        else:
            formula = total_cell.formula if total_cell is not None else ""
            en = f"总分: the formula {formula} has no value in the file" if formula else "总分 is not filled in"
            zh = f"总分公式 {formula} 在文件中没有计算结果" if formula else "总分未填写"
            yield make_check("total.sum", CheckState.INSUFFICIENT_DATA, total_cell.where if total_cell is not None else table.total.where, en=en, zh=zh)
    else:
        assert total_cell is not None
        exec_score = None if execution is None else figure_of(execution.cell("得分"))
        parts = [*scores, *([exec_score] if exec_score is not None else [])]
        if blank:
            yield make_check("total.sum", CheckState.INSUFFICIENT_DATA, total_cell.where, stated=stated.value, **texts("total.sum.2", len_blank=len(blank), blank_0=blank[0]), rows=tuple(blank))
        elif parts:
            exact = _sum(parts)
            places = max(f.places for f in parts)
            slack = rounding_slack(len(parts), places) + rounding_slack(1, stated.places)
            diff = Fraction(stated.value) - exact
            ok = diff == 0 or (places + stated.places > 0 and abs(diff) <= slack)
            hint, hint_zh = ("", "") if ok else _hidden_hint(table, "得分", Fraction(stated.value), exact)
            yield make_check(
                "total.sum", CheckState.PASSED if ok else CheckState.FAILED, total_cell.where, stated=stated.value, recomputed=exact_shown(exact),
                en=f"the stated 总分 {stated.value} is not the sum of the stated scores {fmt(exact_shown(exact))}{hint}" if not ok else f"总分 {stated.value} = the sum of the stated scores",
                zh=f"填报总分 {stated.value} 与各项得分之和 {fmt(exact_shown(exact))} 不符{hint_zh}" if not ok else f"总分 {stated.value} 等于各项得分之和",
                parts=len(parts),
            )  # fmt: skip
        else:
            yield make_check("total.sum", CheckState.INSUFFICIENT_DATA, total_cell.where, stated=stated.value, **texts("total.sum.3"))
        above = stated.value > base
        yield make_check("total.above_base", CheckState.FAILED if above else CheckState.PASSED, total_cell.where, stated=stated.value, recomputed=base,
                         en=f"the stated 总分 {stated.value} is above the {base} points a table can earn" if above else f"the stated 总分 {stated.value} is within {base}",
                         zh=f"填报总分 {stated.value} 超过满分 {base}" if above else f"填报总分 {stated.value} 未超过满分 {base}")  # fmt: skip
    yield from _grade_check(table, stated, grades)


def _grade_check(table: FilledTable, total: Figure | None, grades: GradeScale) -> Iterator[AuditCheck]:
    if table.grade is None or table.grade.blank:
        return
    word = label_key(unicodedata.normalize("NFKC", table.grade.text))
    stated = _GRADE_WORDS.get(word)
    if stated is None:
        yield make_check("grade.band", CheckState.INSUFFICIENT_DATA, table.grade.where, stated=table.grade.text, **texts("grade.band", table_grade_text=table.grade.text))
        return
    if total is None:
        yield make_check("grade.band", CheckState.INSUFFICIENT_DATA, table.grade.where, stated=stated, **texts("grade.band.2"))
        return
    band = grades.grade(total.value)
    ok = band.label_zh == stated
    yield make_check("grade.band", CheckState.PASSED if ok else CheckState.FAILED, table.grade.where, stated=stated, recomputed=band.label_zh,
                     en=f"the grade {stated} is not the band of the total {total.value} ({band.label_zh})" if not ok else f"the grade {stated} is the band of the total {total.value}",
                     zh=f"评级“{stated}”与总分 {total.value} 所在等级“{band.label_zh}”不符" if not ok else f"评级“{stated}”与总分 {total.value} 所在等级相符")  # fmt: skip
