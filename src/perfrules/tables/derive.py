"""From the table as printed to a :class:`~perfrules.model.self_evaluation.SelfEvaluation`, traceably.

Each indicator of the derived self-evaluation remembers the row and cells it
came from (:attr:`Derived.where`), so a finding of an evaluation — whose
path is the rubric's (``output/数量指标/培训人次``) — is located at the cell the
user must fix (:meth:`Derived.locate`). A cell that cannot be read as meant (a
target in no notation perfrules knows, a negative score) is not guessed: the
indicator gets no value there, and a located error-level finding says why.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from perfrules.exceptions import InvalidInputError, PerfrulesError, TableError, WrongTypeError
from perfrules.findings import Finding, Severity
from perfrules.model.funds import FundLine, Funds, FundSource
from perfrules.model.indicators import Indicator
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Rubric
from perfrules.tables.cells import Cell, value_text
from perfrules.tables.columns import heading_points, label_key
from perfrules.tables.table import FilledTable, IndicatorRow
from perfrules.messages import en_zh

__all__ = ["BLOCK_NAMES", "Derived", "block_code", "to_self_evaluation"]

#: the national block codes by the names tables print
BLOCK_NAMES = {
    "预算执行": "execution", "预算执行率": "execution", "资金执行": "execution",
    "产出指标": "output", "产出": "output",
    "效益指标": "benefit", "效益": "benefit",
    "满意度指标": "satisfaction", "满意度": "satisfaction", "服务对象满意度指标": "satisfaction",
}  # fmt: skip
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE_WORDS = ("日期", "时间", "填报", "填表")
_YEAR_FIELDS = ("预算年度", "年度", "项目年度", "评价年度", "绩效年度")
_BARE_YEAR = re.compile(r"^((?:19|20)\d{2})\s*(?:年度?)?$")


@attrs.frozen
class Derived:
    """A self-evaluation derived from a filled table, with where each part came from.

    Attributes:
        self_evaluation: what :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` scores.
        where: evaluation path → the row (or cell) it came from; ``funds`` and
            ``total`` included.
        findings: what could not be read as meant, located at its cell.
    """

    self_evaluation: SelfEvaluation
    where: tuple[tuple[str, str], ...] = ()
    findings: tuple[Finding, ...] = ()
    _index: dict[str, str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", dict(self.where))  # built once: locating is a lookup, never a scan

    def locate(self, path: str) -> str:
        """The table location of an evaluation path (the nearest enclosing one), or ``""``."""
        probe = path.removeprefix("indicators.")
        while probe:
            if probe in self._index:
                return self._index[probe]
            probe = probe.rpartition("/")[0]
        return self._index.get(path.split(".")[0], "")

    def located(self, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """``findings`` with their paths replaced by table locations (the original kept as ``data.path``)."""
        out = []
        for f in findings:
            where = self.locate(f.path)
            out.append(attrs.evolve(f, path=where, data=(*f.data, ("path", f.path))) if where else f)
        return tuple(out)


def block_code(name: str, rubric: Rubric | None = None) -> str:
    """The block a printed 一级指标 fills: by the rubric's block names, else the national codes."""
    key = label_key(heading_points(name)[0])
    if rubric is not None:
        for block in rubric.blocks:
            if key in (label_key(block.name_zh), block.code):
                return block.code
    return BLOCK_NAMES.get(key, key)


def _figure(cell: Cell | None, what: str, problems: list[Finding]) -> Decimal | None:
    """The figure of a points, score or amount cell; blank and ``—`` (nothing applies) give none, silently."""
    if cell is None or cell.blank or cell.not_applicable:
        return None
    figure = cell.figure
    if figure is None or figure.percent:
        problems.append(_unreadable(cell, what, "is no plain number"))
        return None
    return figure.value


def _unreadable(cell: Cell, what: str, why: str) -> Finding:
    text = cell.text.strip()
    return Finding(
        "table.unreadable", Severity.ERROR, cell.where,
        *en_zh("table.unreadable", what=what, text=text, why=why),
        (("column", what), ("text", text)),
    )  # fmt: skip


def _leaf(row: IndicatorRow, code: str, problems: list[Finding]) -> Indicator | None:
    name = row.name
    points = row.cell("分值")
    kwargs: dict[str, Any] = {
        "weight": _figure(points, "分值", problems),
        "claimed_score": _figure(row.cell("得分"), "得分", problems),
        "deviation_reason": row.text("偏差原因"),
    }
    if points is not None and points.not_applicable:  # 分值 —: the row states that nothing applies
        kwargs.update(weight=Decimal(0), applicable=False)
    whole = row.cell("年度指标值")
    target_cell = whole if whole is not None and not whole.blank else row.cell("指标值")
    target = value_text(whole) or row.target_text
    if target:
        kwargs["target"] = target
    actual = value_text(row.cell("实际完成值"))
    if actual:
        kwargs["actual"] = actual
    for field, cell in (("target", target_cell), ("actual", row.cell("实际完成值"))):
        if field not in kwargs:
            continue
        try:
            Indicator(name, code=code, **{field: kwargs[field]})
        except PerfrulesError as exc:
            assert cell is not None
            problems.append(_unreadable(cell, "年度指标值" if field == "target" else "实际完成值", getattr(exc, "reason", str(exc))))
            del kwargs[field]
    try:
        return Indicator(name, code=code, **kwargs)
    except InvalidInputError as exc:
        problems.append(_unreadable(row.name_cell or Cell("", row.where), name, exc.reason))
        return None


def _year(table: FilledTable, year: int | None) -> int:
    if year is not None:
        return year
    for key, cell in table.project:  # 预算年度 | 2021: a year field needs no 年
        m = _BARE_YEAR.match(unicodedata.normalize("NFKC", cell.text).strip()) if key in _YEAR_FIELDS else None
        if m:
            return int(m.group(1))
    # a date the table was filled on (填报日期：2022年3月) is no budget year
    texts = [table.title, *(c.text for k, c in table.project if not any(w in k for w in _DATE_WORDS)), table.source]
    for text in texts:
        m = _YEAR.search(unicodedata.normalize("NFKC", text))
        if m:
            return int(m.group(1))
    raise TableError("the table states no budget year (in its title or project block); pass year=", path=table.source)


def _project(table: FilledTable, year: int) -> Project:
    def field(*labels: str) -> str:
        for label in labels:
            cell = table.project_field(label)
            if cell is not None and not cell.blank:
                return cell.text.strip()
        return ""

    name = field("项目名称") or table.title or table.source or "未命名项目"
    return Project(name, year, unit=field("实施单位", "项目实施单位", "实施单位及代码"), department=field("主管部门", "主管部门及代码"))


def _funds(table: FilledTable, problems: list[Finding], where: dict[str, str]) -> tuple[Funds | None, Decimal | None]:
    lines: dict[FundSource, FundLine] = {}
    claimed = None
    for row in table.funds:
        adjusted, executed = row.cell("全年预算数"), row.cell("全年执行数")
        numbers = [_figure(c, name, problems) for c, name in ((adjusted, "全年预算数"), (executed, "全年执行数"), (row.cell("年初预算数"), "年初预算数"))]
        score = _figure(row.cell("得分"), "得分", problems)
        if claimed is None and score is not None:
            claimed = score
            where["execution"] = row.cell("得分").where  # type: ignore[union-attr]
        if numbers[0] is None and numbers[1] is None:
            continue
        if numbers[0] is None or numbers[1] is None:
            missing = adjusted if numbers[0] is None else executed
            problems.append(Finding("table.fund_incomplete", Severity.WARNING, missing.where if missing is not None else row.where, *en_zh("table.fund_incomplete", row_label_text_strip=row.label.text.strip()), (("row", row.label.text.strip()),)))
            continue
        try:
            lines[row.source] = FundLine(row.source, numbers[0], numbers[1], numbers[2])
        except InvalidInputError as exc:
            problems.append(_unreadable(row.label, row.label.text.strip(), exc.reason))
            continue
        where.setdefault("funds", row.where)
    if not lines:
        return None, claimed
    chosen = [lines[FundSource.TOTAL]] if FundSource.TOTAL in lines else list(lines.values())
    return Funds(tuple(chosen), unit=table.funds_unit), claimed


def to_self_evaluation(table: FilledTable, *, year: int | None = None, rubric: Rubric | None = None) -> Derived:
    """Derive the self-evaluation a filled table states.

    Args:
        table: the table as read.
        year: the budget year, when the table does not state it.
        rubric: names 一级指标 by the rubric's blocks (otherwise the national codes).

    Raises:
        TableError: the table states no year and none was given.
    """
    if not isinstance(table, FilledTable):
        raise WrongTypeError(f"expected a FilledTable (read one with perfrules.read_table), got {type(table).__name__}", path="table")
    if rubric is not None and not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric")
    problems: list[Finding] = []
    where: dict[str, str] = {}
    first_l1: dict[str, str] = {}
    project = _project(table, _year(table, year))
    funds, claimed_execution = _funds(table, problems, where)
    groups: dict[str, dict[str, list[Indicator]]] = {}
    names: dict[str, str] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        l1 = heading_points(row.text("一级指标"))[0] or "未分类"
        l2 = heading_points(row.text("二级指标"))[0] if "三级指标" in table.columns else ""
        name = row.name
        if not name:
            continue
        block = block_code(l1, rubric)
        names[block] = l1
        key = (block, l2, name)
        seen[key] = seen.get(key, 0) + 1
        code = name if seen[key] == 1 else f"{name}#{seen[key]}"
        leaf = _leaf(row, code, problems)
        if leaf is None:
            continue
        groups.setdefault(block, {}).setdefault(l2, []).append(leaf)
        path = "/".join(p for p in (block, l2, code) if p)
        where[path] = row.where
        first_l1.setdefault(block, (row.cell("一级指标") or row.name_cell or Cell("", row.where)).where or row.where)
    points = {(h.level, h.name, h.parent): h for h in table.headings}
    indicators = []
    for block, by_l2 in groups.items():
        l1 = names[block]
        children: list[Indicator] = []
        for l2, leaves in by_l2.items():
            if not l2:
                children += leaves
                continue
            heading = points.get((2, l2, l1))
            children.append(Indicator(l2, weight=heading.points if heading else None, children=leaves))
            where.setdefault(f"{block}/{l2}", heading.cell.where if heading and heading.cell else "")
        heading = points.get((1, l1, ""))
        indicators.append(Indicator(l1, code=block, weight=heading.points if heading else None, children=children))
        where[block] = heading.cell.where if heading and heading.cell else first_l1[block]  # a block-level finding: at its heading
    total = table.total.score if table.total is not None else None
    claimed_total = _figure(total, "总分", problems)
    if total is not None:
        where["total"] = total.where
    grade = table.grade.text.strip() if table.grade is not None and not table.grade.blank else None
    if table.grade is not None:
        where["grade"] = table.grade.where
    goal_expected = table.goal_expected.text.strip() if table.goal_expected else ""
    goal_actual = table.goal_actual.text.strip() if table.goal_actual else ""
    se = SelfEvaluation(
        project, funds, tuple(indicators),
        goal_expected=goal_expected, goal_actual=goal_actual,
        claimed_execution_score=claimed_execution, claimed_total=claimed_total, claimed_grade=grade,
    )  # fmt: skip
    where.setdefault("execution", where.get("funds", table.source))  # no execution score (or no funds at all): the funds, or the table
    return Derived(se, tuple((k, v) for k, v in where.items() if v), tuple(problems))
