"""Self-evaluations to flat column lists and back: what the kernel reads of a row, and the row it rebuilds.

:func:`read_rows` takes each self-evaluation apart into the kernel's fields, block by block, the
way :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` matches top-level indicators to the rubric's blocks; a row that
holds anything the kernel does not compute is flagged (its values left empty).
:func:`rebuild` is the other way: the self-evaluation of one row of columns, for the scalar path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from perfrules.exceptions import FloatRefusedError, InvalidInputError
from perfrules.kernel.plan import LEVELS, Plan
from perfrules.model.funds import Funds
from perfrules.model.indicators import Indicator
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.rubric import Rubric
from perfrules.values.notation import Actual, ActualKind, Direction, Target

__all__ = ["FIELDS", "read_rows", "rebuild"]

#: the per-item fields of an indicator block
FIELDS = ("weight", "direction", "target", "actual", "assessment", "name")
_QUANTITATIVE = (Direction.GE, Direction.LE, Direction.EQ)
Item = tuple[Decimal, Direction, Decimal | None, Decimal | None, Any, str]


def _leaf(ind: Indicator, plan: Plan) -> Item | None:
    """The kernel's fields of one leaf, or ``None`` if the kernel does not compute it exactly as evaluate() does."""
    if not ind.applicable or ind.rule is not None or ind.children or ind.weight is None or ind.target is None:
        return None
    target, actual = ind.target, ind.actual
    if target.direction is Direction.QUALITATIVE:
        if ind.assessment is None or ind.claimed_score is not None or plan.shares[LEVELS.index(ind.assessment)] is None:
            return None
        return ind.weight, target.direction, None, None, ind.assessment, ind.name
    if target.direction not in _QUANTITATIVE or target.value is None or target.upper is not None or target.unit:
        return None
    if (
        actual is None
        or actual.kind is not ActualKind.NUMBER
        or actual.value is None
        or actual.unit
        or actual.remark
        or actual.qualifier is not None
        or actual.upper is not None
    ):
        return None
    return ind.weight, target.direction, target.value, actual.value, None, ind.name


def _row(se: SelfEvaluation, plan: Plan, block_codes: set[str]) -> tuple[Any, Any, dict[str, list[Item]]] | None:
    if se.adjustments:
        return None
    budget = executed = None
    if plan.funds_block is not None:
        if se.funds is None:
            return None
        budget = se.funds.initial if plan.execution_initial else se.funds.adjusted
        executed = se.funds.executed
        if budget is None:
            return None
    used: set[str] = set()
    items: dict[str, list[Item]] = {}
    for block in plan.indicator_blocks:  # the matching of evaluation.tree.Run.block
        free = [i for i in se.indicators if i.code not in used]
        match = next((i for i in free if i.code == block.code), None) or next(
            (i for i in free if i.name == block.name_zh and i.code not in block_codes), None
        )
        if match is None or match.is_leaf:
            return None
        used.add(match.code)
        leaves = [_leaf(c, plan) for c in match.children]
        if any(leaf is None for leaf in leaves):
            return None
        items[block.code] = leaves  # type: ignore[assignment]
    return budget, executed, items


def read_rows(rows: Sequence[SelfEvaluation], plan: Plan, rubric: Rubric) -> tuple[int, dict[str, Any], list[bool]]:
    """``(n, raw columns, unsupported flags)``: the rows' fields as flat lists, blocks of ``n × width``.

    A block's width is its number of items in the first readable row; a row the kernel does not
    compute, or whose blocks have other widths, is flagged and given empty values.
    """
    n = len(rows)
    codes = {b.code for b in rubric.blocks}
    read = [_row(se, plan, codes) for se in rows]
    first = next((r for r in read if r is not None), None)
    widths = {b.code: len(first[2][b.code]) if first else 0 for b in plan.indicator_blocks}
    unsupported = [r is None or any(len(r[2][c]) != w for c, w in widths.items()) for r in read]
    raw: dict[str, Any] = {"budget": [], "executed": []}
    flat: dict[str, dict[str, list[Any]]] = {c: {f: [] for f in FIELDS} for c in widths}
    empty = (None, None, None, None, None, "")
    for r, skip in zip(read, unsupported, strict=True):
        raw["budget"].append(None if skip or r is None else r[0])
        raw["executed"].append(None if skip or r is None else r[1])
        for code, width in widths.items():
            items = [empty] * width if skip or r is None else r[2][code]
            for f, values in zip(FIELDS, zip(*items, strict=True), strict=True) if width else ():
                flat[code][f].extend(values)
    for code, width in widths.items():
        raw[code] = (width, flat[code])
    return n, raw, unsupported


#: an assessment may be given by its Chinese label
_WORDS: dict[Any, Any] = {lv.label_zh: lv for lv in LEVELS}


def _direction(value: Any) -> Direction | None:
    return value if value is None or isinstance(value, Direction) else Direction(value)


def _cell(data: Mapping[str, Any], key: str, i: int) -> list[Any]:
    column = data.get(key)
    row = None if column is None else column[i]
    return [] if row is None else list(row.tolist() if hasattr(row, "tolist") else row)


def rebuild(data: Mapping[str, Any], plan: Plan, project: Project) -> Callable[[int], SelfEvaluation]:
    """``row(i)``: the self-evaluation that row ``i`` of the columns ``data`` stands for.

    Funds ``Funds.single(adjusted=budget, executed=executed)`` (and ``initial``); per block a
    top-level indicator with the block's code and name, holding one leaf per item of the row:
    its weight, ``Target(direction, target)`` (qualitative: ``Target(QUALITATIVE)`` and the
    assessment; no direction: no target), ``Actual.number(actual)``.
    """

    def row(i: int) -> SelfEvaluation:
        funds = None
        if plan.funds_block is not None:
            budget, executed = data["budget"][i] if "budget" in data else None, data["executed"][i]
            initial = data["initial"][i] if "initial" in data else None
            if budget is None and plan.execution_initial:
                budget = initial
            if budget is not None and executed is not None:
                try:
                    funds = Funds.single(adjusted=budget, executed=executed, initial=initial)
                except (InvalidInputError, FloatRefusedError) as e:
                    raise e.at("funds") from None
        groups = []
        for block in plan.indicator_blocks:
            cells = {f: _cell(data, f"{block.code}.{f}", i) for f in FIELDS}
            leaves = []
            for j, weight in enumerate(cells["weight"]):
                get = {f: (cells[f][j] if j < len(cells[f]) else None) for f in FIELDS}
                try:
                    direction = _direction(get["direction"])
                except ValueError:
                    raise InvalidInputError(
                        f"{get['direction']!r} is not a direction", path=f"{block.code}.direction[{j}]"
                    ) from None
                qualitative = direction is Direction.QUALITATIVE
                value, actual = get["target"], get["actual"]
                try:
                    target = None if direction is None else Target(direction) if qualitative else Target(direction, value)
                    leaf = Indicator(
                        name=get["name"] or f"{block.code}-{j + 1}",
                        weight=weight,
                        target=target,
                        actual=None if qualitative or actual is None else Actual.number(actual),
                        assessment=_WORDS.get(get["assessment"], get["assessment"]) if qualitative else None,
                    )
                except (InvalidInputError, FloatRefusedError) as e:
                    raise e.at(f"{block.code}[{j}]") from None
                leaves.append(leaf)
            groups.append(Indicator(name=block.name_zh, code=block.code, children=tuple(leaves)))
        return SelfEvaluation(project, funds, tuple(groups))

    return row
