"""复核: a reviewer's scores set against a unit's, row by row, with the reviewer's own arithmetic audited.

A :class:`Review` holds a reviewer's score and comment per row, matched to the
reviewed table by the row's location, else by the indicator's name, else by
its evaluation path. :func:`review` compares it with a filled table or a
self-evaluation: every difference beyond the tolerance (absolute, or relative
to the row's points — the caller's, else the rubric's ``review_tolerance``) is
a finding, a self-score above the reviewer's is an *inflated* self-score
(the central self-evaluation notices forbid units to inflate their scores), the total and grade are given
before and after, and the reviewer's stated total and grade are checked like
the unit's (the sum of the reviewed and unreviewed scores, the band of the
total).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import of_type, tuple_field
from perfrules.exceptions import InvalidInputError, TableError, WrongTypeError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Rubric
from perfrules.rules.grading import NATIONAL_GRADES, GradeBand, GradeScale
from perfrules.rules.tolerance import Tolerance
from perfrules.tables.cells import plain_figure
from perfrules.tables.columns import label_key
from perfrules.tables.read import read_table
from perfrules.tables.table import FilledTable
from perfrules.values.decimals import exact_sum, optional_decimal_field
from perfrules.messages import en_zh

__all__ = ["Review", "ReviewResult", "ReviewRow", "RowDifference", "read_review", "review"]

#: columns a reviewed workbook puts the reviewer's score and comment in
REVIEW_SCORE_COLUMNS = ("复核得分", "复核分", "审核得分", "复评得分", "核定得分", "评审得分")
REVIEW_COMMENT_COLUMNS = ("复核意见", "审核意见", "复核说明", "评审意见", "扣分原因")


@attrs.frozen
class ReviewRow:
    """A reviewer's verdict on one row.

    Attributes:
        where: the row's location in the reviewed table (``自评表!12``), if known.
        indicator: the indicator's name (三级指标) or evaluation path.
        score: the reviewer's score; ``None`` when the row was looked at but not rescored.
        comment: 复核意见.
    """

    where: str = ""
    indicator: str = ""
    score: Decimal | None = optional_decimal_field()
    comment: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.where and not self.indicator:
            raise InvalidInputError("a review row names its row (where) or its indicator", path="indicator")
        if self.score is not None and self.score < 0:
            raise InvalidInputError(f"a score cannot be negative, got {self.score}", path="score")


@attrs.frozen
class Review:
    """复核: who reviewed, their scores per row, and the total and grade they state.

    Attributes:
        reviewer: the reviewing body (a finance bureau, a third party).
        rows: the rows reviewed.
        execution_score: the reviewer's budget-execution score, if rescored.
        total / grade: the reviewer's stated total and grade.
        date: when.
    """

    reviewer: str
    rows: tuple[ReviewRow, ...] = tuple_field(ReviewRow, default=())
    execution_score: Decimal | None = optional_decimal_field()
    total: Decimal | None = optional_decimal_field()
    grade: str | None = None
    date: dt.date | None = attrs.field(default=None, validator=of_type(dt.date, optional=True))


@attrs.frozen
class RowDifference:
    """One row as the unit and the reviewer scored it."""

    where: str
    name: str
    points: Decimal | None
    self_score: Decimal | None
    review_score: Decimal | None
    comment: str = ""
    beyond_tolerance: bool = False

    @property
    def difference(self) -> Decimal | None:
        """Reviewer's minus the unit's, negative when the reviewer took points off."""
        if self.self_score is None or self.review_score is None:
            return None
        return self.review_score - self.self_score

    @property
    def inflated(self) -> bool:
        """The unit claimed more than the reviewer allows, beyond the tolerance."""
        d = self.difference
        return self.beyond_tolerance and d is not None and d < 0


@attrs.frozen
class ReviewResult:
    """What a review changed and found."""

    reviewer: str
    rows: tuple[RowDifference, ...]
    total_before: Decimal | None
    total_after: Decimal | None
    grade_before: GradeBand | None
    grade_after: GradeBand | None
    tolerance: Tolerance
    findings: tuple[Finding, ...] = ()

    @property
    def inflated(self) -> tuple[RowDifference, ...]:
        return tuple(r for r in self.rows if r.inflated)

    def render(self, lang: str = "zh") -> str:
        head = (
            f"复核（{self.reviewer}）：总分 {self.total_before} → {self.total_after}，评级 {_label(self.grade_before, lang)} → {_label(self.grade_after, lang)}"
            if lang == "zh"
            else f"review ({self.reviewer}): total {self.total_before} → {self.total_after}, grade {_label(self.grade_before, lang)} → {_label(self.grade_after, lang)}"
        )
        return "\n".join([head, *(f.render(lang) for f in self.findings)])


def _label(band: GradeBand | None, lang: str) -> str:
    return "—" if band is None else band.label_zh if lang == "zh" else band.label_en


@attrs.frozen
class _Row:
    """A reviewed row of the subject: where it is, its name, points and the unit's score."""

    where: str
    name: str
    path: str
    points: Decimal | None
    score: Decimal | None
    score_where: str


def _table_rows(table: FilledTable) -> tuple[list[_Row], Decimal | None, Decimal | None]:
    rows = []
    for row in table.rows:
        cell = row.cell("得分")
        rows.append(_Row(row.where, row.name, row.name, plain_figure(row.cell("分值")), plain_figure(cell), cell.where if cell is not None else row.where))
    execution = next((plain_figure(f.cell("得分")) for f in table.funds if plain_figure(f.cell("得分")) is not None), None)
    total = None if table.total is None else plain_figure(table.total.score)
    return rows, execution, total


def _leaf_rows(se: SelfEvaluation) -> list[_Row]:
    rows = []
    for top in se.indicators:
        for path, node in top.walk():
            if node.is_leaf:
                rows.append(_Row(path, node.name, path, node.weight, node.claimed_score, path))
    return rows


def _match(rows: list[_Row], item: ReviewRow) -> _Row | None:
    for key, value in ((lambda r: r.where, item.where), (lambda r: r.score_where, item.where), (lambda r: label_key(r.name), label_key(item.indicator)), (lambda r: r.path, item.indicator)):
        if not value:
            continue
        found = [r for r in rows if key(r) == value]
        if len(found) == 1:
            return found[0]
    return None


def review(subject: FilledTable | SelfEvaluation, rev: Review, *, rubric: Rubric | None = None, tolerance: Tolerance | None = None) -> ReviewResult:
    """Set a reviewer's scores against the unit's.

    Args:
        subject: the filled table or self-evaluation reviewed.
        rev: the review.
        rubric: supplies the grade bands and the review tolerance (national bands otherwise).
        tolerance: overrides the rubric's tolerance.

    Raises:
        WrongTypeError: the arguments are of the wrong kind.
    """
    if not isinstance(subject, (FilledTable, SelfEvaluation)):
        raise WrongTypeError(f"expected a FilledTable or a SelfEvaluation, got {type(subject).__name__}", path="subject")
    if not isinstance(rev, Review):
        raise WrongTypeError(f"expected a Review, got {type(rev).__name__}", path="review")
    if rubric is not None and not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric")
    tolerance = tolerance or (rubric.review_tolerance if rubric is not None else Tolerance())
    grades: GradeScale = rubric.grades if rubric is not None else NATIONAL_GRADES
    if isinstance(subject, FilledTable):
        rows, execution, stated_total = _table_rows(subject)
    else:
        rows, execution, stated_total = _leaf_rows(subject), subject.claimed_execution_score, subject.claimed_total
    findings: list[Finding] = []
    differences: dict[str, RowDifference] = {}
    for i, item in enumerate(rev.rows):
        row = _match(rows, item)
        if row is None:
            findings.append(_finding("review.unmatched", Severity.ERROR, item.where or item.indicator, *en_zh("review.unmatched", i=i, item_indicator_or_item_where=item.indicator or item.where, i_1=i + 1)))
            continue
        if row.where in differences:
            findings.append(_finding("review.duplicate", Severity.ERROR, row.score_where, *en_zh("review.duplicate", row_name=row.name)))
            continue
        beyond = False
        if item.score is not None and row.score is not None:
            beyond = not tolerance.allows(item.score - row.score, row.points)
        diff = RowDifference(row.score_where, row.name, row.points, row.score, item.score, item.comment, beyond)
        differences[row.where] = diff
        findings += _row_findings(diff)
    before = stated_total
    after, after_findings = _total_after(rows, differences, execution, rev, stated_total)
    findings += after_findings
    findings += _reviewer_arithmetic(rev, after, grades)
    return ReviewResult(
        rev.reviewer, tuple(differences.values()), before, after,
        None if before is None else grades.grade(before), None if after is None else grades.grade(after),
        tolerance, tuple(findings),
    )  # fmt: skip


def _finding(code: str, severity: Severity, where: str, en: str, zh: str, **data: Any) -> Finding:
    return Finding(code, severity, where, en, zh, tuple(data.items()))


def _row_findings(diff: RowDifference) -> list[Finding]:
    out = []
    if diff.review_score is not None and diff.points is not None and diff.review_score > diff.points:
        out.append(_finding("review.above_points", Severity.ERROR, diff.where, *en_zh("review.above_points", diff_name=diff.name, diff_review_score=fmt(diff.review_score), diff_points=fmt(diff.points)), stated=diff.review_score, recomputed=diff.points))
    if not diff.beyond_tolerance or diff.difference is None:
        return out
    d = diff.difference
    if d < 0:
        out.append(_finding("review.inflated", Severity.WARNING, diff.where, *en_zh("review.inflated", diff_name=diff.name, diff_self_score=fmt(diff.self_score), diff_review_score=fmt(diff.review_score), d=fmt(-d)), stated=diff.self_score, recomputed=diff.review_score, comment=diff.comment))
    else:
        out.append(_finding("review.raised", Severity.INFO, diff.where, *en_zh("review.raised", diff_name=diff.name, diff_self_score=fmt(diff.self_score), diff_review_score=fmt(diff.review_score)), stated=diff.self_score, recomputed=diff.review_score, comment=diff.comment))
    return out


def _total_after(rows: list[_Row], differences: dict[str, RowDifference], execution: Decimal | None, rev: Review, stated: Decimal | None) -> tuple[Decimal | None, list[Finding]]:
    """The total with the reviewer's scores where given and the unit's elsewhere; ``None`` when a score is blank."""
    parts: list[Decimal] = []
    blank: list[str] = []
    for row in rows:
        diff = differences.get(row.where)
        score = diff.review_score if diff is not None and diff.review_score is not None else row.score
        if score is None:
            blank.append(row.where)
        else:
            parts.append(score)
    exec_score = rev.execution_score if rev.execution_score is not None else execution
    if exec_score is not None:
        parts.append(exec_score)
    if blank:
        return None, [_finding("review.total_unknown", Severity.WARNING, blank[0], *en_zh("review.total_unknown", len_blank=len(blank)), rows=tuple(blank))]
    return exact_sum(parts), []


def _reviewer_arithmetic(rev: Review, after: Decimal | None, grades: GradeScale) -> list[Finding]:
    """The reviewer's own total and grade, audited like the unit's."""
    out = []
    if rev.total is not None and after is not None and Fraction(rev.total) != Fraction(after):
        out.append(_finding("review.total_sum", Severity.ERROR, "review.total", *en_zh("review.total_sum", rev_total=fmt(rev.total), after=fmt(after)), stated=rev.total, recomputed=after))
    total = rev.total if rev.total is not None else after
    if rev.grade is not None and total is not None:
        band = grades.grade(total)
        if rev.grade.strip() not in (band.label_zh, band.label_en, band.code) and rev.grade.strip().rstrip("秀好等") != band.label_zh:
            out.append(_finding("review.grade_band", Severity.ERROR, "review.grade", *en_zh("review.grade_band", rev_grade=rev.grade, total=fmt(total), band_label_en=band.label_en, band_label_zh=band.label_zh), stated=rev.grade, recomputed=band.label_zh))
    return out


def read_review(source: Any, *, reviewer: str, sheet: str | None = None, date: dt.date | None = None) -> Review:
    """A review from a reviewed copy of the table (.xlsx, JSON or CSV).

    The reviewer's score is read from a 复核得分 column (or 审核得分, 核定得分 …) and the comment from
    复核意见 (or 审核意见 …); a copy without such a column is read as the reviewer's own table, its
    得分 being the reviewer's scores. Its 总分 and 评级 are the reviewer's.

    Raises:
        TableError: the source cannot be read as a table.
    """
    table = read_table(source, sheet=sheet)
    rows = []
    has_column = any(label_key(name) in REVIEW_SCORE_COLUMNS for row in table.rows for name, _ in row.extra)
    for row in table.rows:
        extra = {label_key(name): cell for name, cell in row.extra}
        score_cell = next((extra[c] for c in REVIEW_SCORE_COLUMNS if c in extra), None) if has_column else row.cell("得分")
        comment = next((extra[c].text.strip() for c in REVIEW_COMMENT_COLUMNS if c in extra), "")
        score = plain_figure(score_cell)
        if score is None and score_cell is not None and not score_cell.blank:
            raise TableError(f"the reviewer's score {score_cell.text!r} is no number", path=score_cell.where)
        if score is None and not comment:
            continue
        rows.append(ReviewRow(row.where, row.name, score, comment))
    total = None if has_column or table.total is None else plain_figure(table.total.score)
    grade = None if has_column or table.grade is None else table.grade.text.strip() or None
    return Review(reviewer, tuple(rows), total=total, grade=grade, date=date)

