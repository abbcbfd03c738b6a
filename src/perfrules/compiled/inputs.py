"""The compiled path's input: plain mappings (or tuples) of exact values, checked and converted.

An input is a mapping::

    {"funds": {"adjusted": D, "executed": D, "initial": D | None} | None,
     "items": [item, ...],
     "project": Project | None}          # optional; the plan's project otherwise

and an item is a mapping ``{"path": "output/Q01", "weight": D, "direction": "≥", "target": D | None,
"actual": D | None, "assessment": "achieved" | "partly_achieved" | "not_achieved" | None,
"applicable": True}`` (``applicable`` optional) or the tuple ``(path, weight, direction, target,
actual, assessment)``. ``path`` is ``"<block code>/<item code>"``; ``direction`` is one of ``≥ > ≤ < =``
(``>=`` and ``<=`` too), ``"qualitative"`` or ``"n/a"``. Values are ``Decimal`` or ``int`` (a
terminating ``Fraction`` is accepted too); a ``float`` raises :class:`~perfrules.FloatRefusedError`.

:func:`to_self_evaluation` turns an input into the :class:`~perfrules.SelfEvaluation` that
:func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` scores identically; :func:`from_self_evaluation` goes the other way for the
self-evaluations the plan can score itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from perfrules.exceptions import FloatRefusedError, InvalidInputError, WrongTypeError
from perfrules.model.funds import Funds
from perfrules.model.indicators import Assessment, Indicator
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.values.decimals import fraction_to_decimal, to_decimal
from perfrules.values.notation import Actual, ActualKind, Direction, Target

__all__ = ["DEFAULT_PROJECT", "DIRECTIONS", "LEVELS", "from_self_evaluation", "item_fields", "number", "to_self_evaluation"]

#: direction words an item may use, and the target direction each stands for
DIRECTIONS: dict[str, Direction] = {
    "≥": Direction.GE, ">=": Direction.GE, ">": Direction.GT,
    "≤": Direction.LE, "<=": Direction.LE, "<": Direction.LT,
    "=": Direction.EQ, "qualitative": Direction.QUALITATIVE, "n/a": Direction.NOT_APPLICABLE,
}  # fmt: skip

#: the judgements of a qualitative item (their values, or the enum itself)
LEVELS: dict[Any, Assessment] = {**{a.value: a for a in Assessment}, **{a: a for a in Assessment}}

#: the project of a converted input that names none (it only labels the result)
DEFAULT_PROJECT = Project("perfrules.compiled", 2024)

_KEYS = ("path", "weight", "direction", "target", "actual", "assessment")


def number(value: Any, path: str) -> Decimal | None:
    """``value`` as an exact Decimal (``None`` stays ``None``); floats refused, range checked like the model."""
    if value is None:
        return None
    if isinstance(value, Fraction) and not isinstance(value, bool):
        d = fraction_to_decimal(value)
        if Fraction(d) != value:
            raise InvalidInputError(f"{value} has no exact decimal", path=path, value=value)
        value = d
    return to_decimal(value, path=path)


def item_fields(item: Any) -> tuple[Any, Any, Any, Any, Any, Any, bool]:
    """``(path, weight, direction, target, actual, assessment, applicable)`` of a mapping or tuple item."""
    if isinstance(item, Mapping):
        return (*(item.get(k) for k in _KEYS), item.get("applicable", True))  # type: ignore[return-value]
    if isinstance(item, tuple) and len(item) == 6:
        return (*item, True)  # type: ignore[return-value]
    raise InvalidInputError(f"an item is a mapping or a 6-tuple, got {type(item).__name__}", path="items", value=item)


def _direction(word: Any, path: str) -> Direction:
    try:
        return DIRECTIONS[word]
    except (KeyError, TypeError):
        raise InvalidInputError(f"unknown direction {word!r}; one of {', '.join(DIRECTIONS)}", path=path, value=word) from None


def _indicator(item: Any) -> tuple[str, str, Indicator]:
    path, weight, word, target, actual, assessment, applicable = item_fields(item)
    if not isinstance(path, str) or "/" not in path:
        raise InvalidInputError(f"an item path is '<block>/<item>', got {path!r}", path="items", value=path)
    block, _, code = path.partition("/")
    direction = _direction(word, path)
    w = number(weight, f"{path}.weight")
    t = number(target, f"{path}.target")
    a = number(actual, f"{path}.actual")
    if direction in (Direction.QUALITATIVE, Direction.NOT_APPLICABLE):
        tgt: Target | None = Target(direction)
    else:
        tgt = None if t is None else Target(direction, t)
    level = None if assessment is None else LEVELS.get(assessment, assessment)
    ind = Indicator(
        name=code, code=code, weight=w, target=tgt, actual=None if a is None else Actual.number(a),
        assessment=level, applicable=bool(applicable),
    )  # fmt: skip
    return block, code, ind


def _tree(block: str, children: list[tuple[str, Indicator]]) -> Indicator:
    """Nested paths (``output/数量指标/Q01``) become groups, in the order they first appear."""
    leaves: list[Indicator] = []
    groups: dict[str, list[tuple[str, Indicator]]] = {}
    order: list[tuple[str, Any]] = []
    for rest, ind in children:
        head, sep, tail = rest.partition("/")
        if not sep:
            order.append(("leaf", ind))
            leaves.append(ind)
            continue
        if head not in groups:
            groups[head] = []
            order.append(("group", head))
        groups[head].append((tail, ind))
    kids = tuple(ind if kind == "leaf" else _tree(ind, groups[ind]) for kind, ind in order)
    return Indicator(name=block, code=block, children=kids)


def to_self_evaluation(data: Mapping[str, Any], project: Project = DEFAULT_PROJECT) -> SelfEvaluation:
    """The :class:`SelfEvaluation` an input stands for: one top-level group per block (first path
    segment, in order of appearance), its items as leaves (deeper paths as nested groups)."""
    if not isinstance(data, Mapping):
        raise InvalidInputError(f"an input is a mapping, got {type(data).__name__}", path="input", value=data)
    f = data.get("funds")
    funds = None
    if f is not None and not isinstance(f, Mapping):
        raise WrongTypeError(f"funds is a mapping (adjusted, executed, initial), got {type(f).__name__}", path="funds", value=f)
    items = data.get("items", ())
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, (list, tuple)):
        raise WrongTypeError(f"items is a list of items, got {type(items).__name__}", path="items", value=items)
    if f is not None:
        funds = Funds.single(
            adjusted=number(f.get("adjusted"), "funds.adjusted"),
            executed=number(f.get("executed"), "funds.executed"),
            initial=number(f.get("initial"), "funds.initial"),
        )
    blocks: dict[str, list[tuple[str, Indicator]]] = {}
    for index, item in enumerate(items):
        try:
            block, code, ind = _indicator(item)
        except (InvalidInputError, FloatRefusedError) as e:
            raise e.at(f"items[{index}]") from None
        blocks.setdefault(block, []).append((code, ind))
    indicators = tuple(_tree(b, kids) for b, kids in blocks.items())
    return SelfEvaluation(data.get("project") or project, funds, indicators)


_WORD = {d: w for w, d in reversed(DIRECTIONS.items())}


def _plain_leaf(ind: Indicator) -> bool:
    if ind.children or ind.weight is None or ind.rule is not None or ind.claimed_score is not None or ind.checked:
        return False
    t, a = ind.target, ind.actual
    if t is not None and t.direction is Direction.QUALITATIVE and not (t.unit or t.remark or t.approximate or t.compound):
        return a is None or (a.kind is ActualKind.NUMBER and not a.text)
    if t is not None and (t.unit or t.text or not t.explicit or t.remark or t.approximate or t.compound or t.upper is not None):
        return False
    if t is not None and t.direction not in _WORD:
        return False
    return a is None or (
        a.kind is ActualKind.NUMBER and not (a.unit or a.text or a.remark or a.approximate) and a.qualifier is None and a.upper is None
    )


def from_self_evaluation(se: SelfEvaluation) -> dict[str, Any] | None:
    """The plan input of a self-evaluation made only of plain two-level leaves (``None`` otherwise)."""
    if se.adjustments or se.claimed_execution_score is not None or se.claimed_total is not None or se.claimed_grade or se.facts:
        return None
    funds = se.funds
    if funds is not None and len(funds.lines) != 1:
        return None
    items: list[tuple[Any, ...] | dict[str, Any]] = []
    for top in se.indicators:
        names = [c.name for c in top.children]
        if top.is_leaf or top.weight is not None or top.claimed_score is not None or len(set(names)) != len(names):
            return None
        for ind in top.children:
            if not _plain_leaf(ind) or "/" in ind.code:
                return None
            t = ind.target
            items.append({
                "path": f"{top.code}/{ind.code}", "weight": ind.weight, "direction": "≥" if t is None else _WORD[t.direction],
                "target": None if t is None else t.value, "actual": None if ind.actual is None else ind.actual.value,
                "assessment": ind.assessment, "applicable": ind.applicable,
            })  # fmt: skip
    f = None if funds is None else {"adjusted": funds.adjusted, "executed": funds.executed, "initial": funds.initial}
    return {"funds": f, "items": items, "project": se.project}
