"""The filled table as printed (:class:`FilledTable`): every cell as stated, where it sits.

Nothing is interpreted here beyond recognising which column a cell belongs
to: scores stay text or stored numbers, headings keep their printed points,
unknown columns are kept beside the known ones, and what a reader noticed on
the way (an unknown column, a hidden row, a formula without a value) is kept
as ``notes``. :func:`perfrules.tables.derive.to_self_evaluation` turns the
table into a :class:`~perfrules.model.self_evaluation.SelfEvaluation`;
:func:`perfrules.tables.audit.audit` checks what it states.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from perfrules._fields import of_type, tuple_field
from perfrules.findings import Finding
from perfrules.model.funds import FundSource
from perfrules.tables.cells import Cell

__all__ = ["FilledTable", "FundRow", "Heading", "IndicatorRow", "TotalRow"]

Cells = tuple[tuple[str, Cell], ...]
# the template's numbering a unit typed its indicator after: 指标1：培训人次
_TEMPLATE_PREFIX = re.compile(r"^指标\s*[\d一二三四五六七八九十]+\s*[:：]\s*")


def _cells(value: object) -> Cells:
    items = value.items() if isinstance(value, dict) else value
    out = tuple((str(k), c) for k, c in items)  # type: ignore[union-attr]
    for key, cell in out:
        if not isinstance(cell, Cell):
            raise TypeError(f"{key}: expected a Cell, got {type(cell).__name__}")
    return out


def _get(cells: Cells, name: str) -> Cell | None:
    for key, cell in cells:
        if key == name:
            return cell
    return None


@attrs.frozen
class FundRow:
    """One row of the funds block (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金).

    Attributes:
        label: the row's label cell as printed.
        source: the fund source the label names.
        cells: the row's cells by canonical column (年初预算数, 全年预算数,
            全年执行数, 分值, 执行率, 得分); a column the table lacks is absent.
        where: the row's location (``自评表!7``, ``funds[0]``).
    """

    label: Cell = attrs.field(validator=of_type(Cell))
    source: FundSource
    cells: Cells = attrs.field(default=(), converter=_cells)
    where: str = ""

    def cell(self, column: str) -> Cell | None:
        """The cell in ``column``, or ``None`` if the table has no such column."""
        return _get(self.cells, column)


@attrs.frozen
class IndicatorRow:
    """One row of the indicator table.

    Attributes:
        cells: by canonical column (一级指标, 二级指标, 三级指标, 年度指标值 or
            指标性质/指标值/度量单位, 实际完成值, 分值, 得分, 偏差原因); a label
            carried down from a merged or blank cell above keeps that cell's location.
        extra: cells of columns perfrules does not know, by their printed header.
        where: the row's location.
        hidden: the row is hidden in the workbook.
    """

    cells: Cells = attrs.field(default=(), converter=_cells)
    extra: Cells = attrs.field(default=(), converter=_cells)
    where: str = ""
    hidden: bool = False

    def cell(self, column: str) -> Cell | None:
        """The cell in ``column``, or ``None`` if the table has no such column."""
        return _get(self.cells, column)

    def text(self, column: str) -> str:
        """The stripped text of ``column`` (``""`` when blank or absent)."""
        cell = self.cell(column)
        return "" if cell is None else cell.text.strip()

    @property
    def name(self) -> str:
        """The indicator's name — 三级指标, or the deepest level given, without the template's ``指标1：``."""
        name = self.text("三级指标") or self.text("二级指标") or self.text("一级指标")
        return _TEMPLATE_PREFIX.sub("", name) or name

    @property
    def name_cell(self) -> Cell | None:
        for column in ("三级指标", "二级指标", "一级指标"):
            cell = self.cell(column)
            if cell is not None and not cell.blank:
                return cell
        return None

    @property
    def target_text(self) -> str:
        """年度指标值, or 指标性质 + 指标值 + 度量单位 joined when the target is split in three."""
        whole = self.text("年度指标值")
        if whole or self.cell("指标值") is None:
            return whole
        value = self.cell("指标值")
        shown = "" if value is None else (value.text.strip() or ("" if value.number is None else str(value.number)))
        if not shown:
            return ""
        unit = self.text("度量单位")
        if unit and shown.endswith(unit):
            unit = ""
        return f"{self.text('指标性质')}{shown}{unit}"


@attrs.frozen
class Heading:
    """A group heading and the points it prints (``产出指标(50分)``, or a merged 分值 cell).

    Attributes:
        level: 1 for 一级指标, 2 for 二级指标.
        name: the heading without its points.
        parent: the 一级指标 a 二级指标 heading sits under (``""`` for level 1).
        points: the points printed for the group, as stated.
        cell: where the points are printed.
        score: the score printed for the group (the 得分 of a heading or
            subtotal row ``产出指标 | | | 50 | 48``, ``过程(基准分30分,自评分28分)``).
        score_cell: where the score is printed.
    """

    level: int
    name: str
    parent: str = ""
    points: Decimal | None = None
    cell: Cell | None = None
    score: Decimal | None = None
    score_cell: Cell | None = None


@attrs.frozen
class TotalRow:
    """The 总分 row: the points (分值) and the score (得分) it states."""

    label: Cell
    points: Cell | None = None
    score: Cell | None = None
    where: str = ""


@attrs.frozen
class FilledTable:
    """A self-evaluation table as printed.

    Attributes:
        title: the table's title (``2020年度…项目支出绩效自评表``).
        source: the file or sheet it was read from.
        project: the project block's labelled cells (项目名称, 主管部门, 实施单位 …).
        funds_unit: the funds block's unit (``万元`` unless the table says otherwise).
        funds: the funds rows.
        goal_expected / goal_actual: 年度总体目标, 预期目标 and 实际完成情况.
        columns: the indicator columns the table has, canonical names in printed order.
        rows: the indicator rows, in printed order.
        headings: group headings that print points.
        total: the 总分 row.
        grade: the 评级 cell.
        footnotes: 注 and 说明 lines.
        notes: what the reader noticed (unknown columns, hidden rows, formulas
            without values, template rows) as located findings.
    """

    title: str = ""
    source: str = ""
    project: Cells = attrs.field(default=(), converter=_cells)
    funds_unit: str = "万元"
    funds: tuple[FundRow, ...] = tuple_field(FundRow, default=())
    goal_expected: Cell | None = None
    goal_actual: Cell | None = None
    columns: tuple[str, ...] = tuple_field(str, default=())
    rows: tuple[IndicatorRow, ...] = tuple_field(IndicatorRow, default=())
    headings: tuple[Heading, ...] = tuple_field(Heading, default=())
    total: TotalRow | None = None
    grade: Cell | None = None
    footnotes: tuple[Cell, ...] = tuple_field(Cell, default=())
    notes: tuple[Finding, ...] = tuple_field(Finding, default=())

    def project_field(self, label: str) -> Cell | None:
        """A cell of the project block by its label (``项目名称``)."""
        return _get(self.project, label)

    def fund(self, source: FundSource) -> FundRow | None:
        """The funds row for ``source``, or ``None``."""
        for row in self.funds:
            if row.source is source:
                return row
        return None
