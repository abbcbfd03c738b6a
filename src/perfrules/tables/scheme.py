"""The scheme a table prints — block points from headings, footnotes, the funds 分值 and the rows — as data.

A filled table carries its own idea of the rubric: ``产出指标(50分)``, a
footnote ``一级指标分值统一设置为：产出指标50分…``, a funds 分值 of 20, row
points adding to 40. :func:`table_scheme` collects them, each with where it
was printed; :meth:`TableScheme.as_rubric` makes them an explicit rubric (a
base rubric with the table's block weights); :func:`compare_scheme` lists
every difference from the rubric in force as a finding. Row points are never
invented: :func:`infer_row_points` proposes equal shares only when asked, and
each proposal is marked as inferred.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules.exceptions import WrongTypeError
from perfrules.findings import Finding, Severity
from perfrules.rubrics.rubric import Rubric
from perfrules.tables.cells import Cell
from perfrules.tables.columns import heading_points, label_key
from perfrules.tables.derive import block_code
from perfrules.tables.table import FilledTable, IndicatorRow
from perfrules.values.decimals import exact_sum, fraction_to_decimal
from perfrules.messages import en_zh

__all__ = ["SchemePart", "TableScheme", "compare_scheme", "infer_row_points", "table_scheme"]

_DECLARED = re.compile(r"(预算执行率|预算执行|产出指标|效益指标|满意度指标|产出|效益|满意度)[:：为]?(\d+(?:\.\d+)?)分")


@attrs.frozen
class SchemePart:
    """The points a table gives one block, and where it says so.

    Attributes:
        code: the block (``output``; ``execution`` for the funds block).
        name: the block's printed name.
        points: the points printed.
        origin: ``"heading"``, ``"footnote"``, ``"funds"`` (the funds 分值) or
            ``"rows"`` (the sum of the block's row points).
        where: the cell (or first row) that prints it.
    """

    code: str
    name: str
    points: Decimal
    origin: str
    where: str = ""


@attrs.frozen
class TableScheme:
    """Every block-points statement of a table (a block may be stated more than once)."""

    parts: tuple[SchemePart, ...] = ()
    rows_without_points: int = 0

    def points(self, code: str) -> Decimal | None:
        """The block's points as the table states them first (heading, footnote, funds, then rows)."""
        for origin in ("funds", "heading", "footnote", "rows"):
            for part in self.parts:
                if part.code == code and part.origin == origin:
                    return part.points
        return None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.code for p in self.parts))

    def as_rubric(self, base: Rubric) -> Rubric:
        """``base`` with the table's block weights: the scheme the table was scored by, made explicit."""
        blocks = tuple(attrs.evolve(b, weight=p) if (p := self.points(b.code)) is not None else b for b in base.blocks)
        return attrs.evolve(base, blocks=blocks, code=f"{base.code}+table", title_zh=f"{base.title_zh}（按表内分值）", title_en=f"{base.title_en} (the table's own points)")


def _row_points(row: IndicatorRow) -> Decimal | None:
    cell = row.cell("分值")
    figure = None if cell is None else cell.figure
    return None if figure is None or figure.percent else figure.value


def table_scheme(table: FilledTable, rubric: Rubric | None = None) -> TableScheme:
    """The block points ``table`` prints, each with its origin and location."""
    if not isinstance(table, FilledTable):
        raise WrongTypeError(f"expected a FilledTable (read one with perfrules.read_table), got {type(table).__name__}", path="table")
    if rubric is not None and not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric")
    parts: list[SchemePart] = []
    for row in table.funds:
        points = row.cell("分值")
        figure = None if points is None else points.figure
        if figure is not None and not figure.percent:
            parts.append(SchemePart("execution", row.label.text.strip(), figure.value, "funds", points.where))  # type: ignore[union-attr]
            break
    for heading in table.headings:
        if heading.level == 1 and heading.points is not None:
            parts.append(SchemePart(block_code(heading.name, rubric), heading.name, heading.points, "heading", heading.cell.where if heading.cell else ""))
    for note in table.footnotes:
        for m in _DECLARED.finditer(unicodedata.normalize("NFKC", note.text).replace(" ", "")):
            name = m.group(1)
            code = "execution" if name.startswith("预算执行") else block_code(name if name.endswith("指标") else f"{name}指标", rubric)
            parts.append(SchemePart(code, name, Decimal(m.group(2)), "footnote", note.where))
    sums: dict[str, list[Decimal]] = {}
    names: dict[str, str] = {}
    where: dict[str, str] = {}
    missing = 0
    for row in table.rows:
        l1 = heading_points(row.text("一级指标"))[0]
        code = block_code(l1, rubric)
        points = _row_points(row)
        if points is None:
            cell = row.cell("分值")
            missing += 0 if cell is not None and cell.not_applicable else 1  # — : nothing applies, not missing
            continue
        sums.setdefault(code, []).append(points)
        names.setdefault(code, l1)
        where.setdefault(code, row.where)
    for code, values in sums.items():
        parts.append(SchemePart(code, names[code], exact_sum(values), "rows", where[code]))
    return TableScheme(tuple(parts), missing)


def compare_scheme(scheme: TableScheme, rubric: Rubric) -> list[Finding]:
    """A finding for every block whose printed points differ from the rubric's, and every block the table lacks."""
    findings: list[Finding] = []
    for block in rubric.blocks:
        stated = [p for p in scheme.parts if p.code == block.code and p.origin != "rows"]
        for part in stated:
            if part.points != block.weight:
                findings.append(Finding(
                    "scheme.block_points", Severity.WARNING, part.where,
                    *en_zh("scheme.block_points", part_name=part.name, part_points=part.points, part_origin=part.origin, rubric_code=rubric.code, block_weight=block.weight, origin_zh_part_origin=_ORIGIN_ZH[part.origin]),
                    (("block", block.code), ("stated", part.points), ("rubric", block.weight), ("origin", part.origin)),
                ))  # fmt: skip
        if not any(p.code == block.code for p in scheme.parts) and block.code != "execution":
            findings.append(Finding(
                "scheme.block_missing", Severity.WARNING, "",
                *en_zh("scheme.block_missing", block_name_en=block.name_en, block_name_zh=block.name_zh, block_weight=block.weight, rubric_code=rubric.code),
                (("block", block.code), ("rubric", block.weight)),
            ))  # fmt: skip
    known = {b.code for b in rubric.blocks}
    for code in scheme.codes:
        if code not in known:
            part = next(p for p in scheme.parts if p.code == code)
            findings.append(Finding(
                "scheme.block_unknown", Severity.WARNING, part.where,
                *en_zh("scheme.block_unknown", part_name=part.name, rubric_code=rubric.code),
                (("block", code),),
            ))  # fmt: skip
    return findings


_ORIGIN_ZH = {"heading": "标题", "footnote": "表注", "funds": "资金分值", "rows": "各行合计"}


def _inferred(row: IndicatorRow, shown: Decimal) -> IndicatorRow:
    cell = Cell(f"{shown}", f"{row.where}（推定）", shown)
    return attrs.evolve(row, cells=(*((k, c) for k, c in row.cells if k != "分值"), ("分值", cell)))


def _share(points: Decimal, n: int, name: str, where: str, notes: list[Finding]) -> Decimal | None:
    share = Fraction(points) / n
    shown = fraction_to_decimal(share)
    if Fraction(shown) == share:
        return shown
    notes.append(Finding(
        "scheme.points_not_inferred", Severity.WARNING, where,
        *en_zh("scheme.points_not_inferred", name=name, points=points, n=n),
        (("block", name), ("rows", n)),
    ))  # fmt: skip
    return None


def infer_row_points(table: FilledTable, scheme: TableScheme) -> tuple[FilledTable, tuple[Finding, ...]]:
    """Equal shares of a group's (or block's) stated points for rows that print none — every one marked as inferred.

    A group whose 分值 is printed once for its rows (merged over them, or in a
    二级指标 heading) gives its rows equal shares; then a block whose points the
    table states and whose rows print none gives its rows equal shares. A
    group or block any of whose rows prints points is left alone: shares are
    proposed only where nothing else says what a row is worth. Rows marked
    not applicable (``—``) get none.
    """
    rows = list(table.rows)
    notes: list[Finding] = []
    groups: dict[tuple[str, str], list[int]] = {}
    by_block: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        cell = row.cell("分值")
        if cell is not None and cell.not_applicable:
            continue
        l1 = heading_points(row.text("一级指标"))[0]
        groups.setdefault((heading_points(row.text("二级指标"))[0], l1), []).append(i)
        by_block.setdefault(block_code(l1), []).append(i)
    headings = {(h.name, h.parent): h for h in table.headings if h.level == 2 and h.points is not None}
    for key, members in groups.items():
        heading = headings.get(key)
        if heading is None or heading.points is None or any(_row_points(rows[i]) is not None for i in members):
            continue
        shown = _share(heading.points, len(members), key[0], rows[members[0]].where, notes)
        for i in members if shown is not None else ():
            rows[i] = _inferred(rows[i], shown)  # type: ignore[arg-type]
            notes.append(Finding(
                "scheme.points_inferred", Severity.INFO, rows[i].where,
                *en_zh("scheme.points_inferred", rows_i_name=rows[i].name, shown=shown, key_0=key[0], heading_points=heading.points),
                (("inferred", shown), ("group", key[0])),
            ))  # fmt: skip
    for code, members in by_block.items():
        points = scheme.points(code)
        if points is None or any(_row_points(rows[i]) is not None for i in members):
            continue
        shown = _share(points, len(members), code, rows[members[0]].where, notes)
        for i in members if shown is not None else ():
            row = rows[i] = _inferred(rows[i], shown)  # type: ignore[arg-type]
            notes.append(Finding(
                "scheme.points_inferred", Severity.INFO, row.where,
                *en_zh("scheme.points_inferred.2", row_name=row.name, shown=shown, points=points),
                (("inferred", shown), ("block", code)),
            ))  # fmt: skip
    labels = {label_key(k) for k in table.columns}
    columns = table.columns if "分值" in labels else (*table.columns, "分值")
    return attrs.evolve(table, rows=tuple(rows), columns=columns), tuple(notes)
