"""抽查: drawing the rows (or the tables of a folder) a reviewer checks, by rule and reproducibly from a seed.

A :class:`SampleRule` says what is always checked — every row that lost
points, every row worth at least some points — and what share of the rest is
drawn at random. The draw uses its own :class:`random.Random` seeded by the
caller, over the population in a fixed order (the table's row order, the
sorted file names), so the same seed draws the same sample on every machine;
the :class:`Sample` records the rule, the seed, the population and why each
member was chosen.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from perfrules._fields import tuple_field
from perfrules.exceptions import InvalidInputError, WrongTypeError
from perfrules.tables.cells import Cell, plain_figure
from perfrules.tables.table import FilledTable
from perfrules.values.decimals import decimal_field, optional_decimal_field

__all__ = ["Sample", "SampleRule", "draw_rows", "draw_tables"]


def _share(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:
    if not 0 <= value <= 1:
        raise InvalidInputError(f"a share is between 0 and 1, got {value}", path=attribute.name)


@attrs.frozen
class SampleRule:
    """What a spot check takes.

    Attributes:
        lost_points: every row whose 得分 is below its 分值.
        points_at_least: every row worth at least this many points (``None``: none by size).
        share: the share of the remaining rows drawn at random (rounded up).
        minimum: at least this many of the remaining rows (when there are as many).
    """

    lost_points: bool = True
    points_at_least: Decimal | None = optional_decimal_field()
    share: Decimal = decimal_field(default=Decimal("0.2"), validator=_share)
    minimum: int = 0


@attrs.frozen
class Sample:
    """A drawn sample: who, why, and how to draw it again.

    Attributes:
        members: ``(location or file, name, reason)`` — the reason is ``lost_points``,
            ``points_at_least`` or ``drawn``.
        rule: the rule.
        seed: the seed of the draw.
        population: how many rows (or tables) there were.
    """

    members: tuple[tuple[str, str, str], ...]
    rule: SampleRule
    seed: int
    population: int
    drawn_from: tuple[str, ...] = tuple_field(str, default=())

    @property
    def locations(self) -> tuple[str, ...]:
        return tuple(m[0] for m in self.members)


def _figure(cell: Cell | None) -> Fraction | None:
    value = plain_figure(cell)
    return None if value is None else Fraction(value)


def _seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise WrongTypeError(f"the seed is an int, got {type(seed).__name__}", path="seed")
    return seed


def draw_rows(table: FilledTable, rule: SampleRule | None = None, *, seed: int) -> Sample:
    """Draw the rows of ``table`` a reviewer checks (see :class:`SampleRule`)."""
    if not isinstance(table, FilledTable):
        raise WrongTypeError(f"expected a FilledTable, got {type(table).__name__}", path="table")
    rule = SampleRule() if rule is None else rule
    if not isinstance(rule, SampleRule):
        raise WrongTypeError(f"expected a SampleRule, got {type(rule).__name__}", path="rule", value=rule)
    seed = _seed(seed)
    members: list[tuple[str, str, str]] = []
    rest: list[tuple[str, str]] = []
    for row in table.rows:
        points, score = _figure(row.cell("分值")), _figure(row.cell("得分"))
        if rule.lost_points and points is not None and score is not None and score < points:
            members.append((row.where, row.name, "lost_points"))
        elif rule.points_at_least is not None and points is not None and points >= Fraction(rule.points_at_least):
            members.append((row.where, row.name, "points_at_least"))
        else:
            rest.append((row.where, row.name))
    members += [(where, name, "drawn") for where, name in _draw_ordered(rest, rule, seed)]
    return Sample(tuple(members), rule, seed, len(table.rows))


def _draw_ordered(rest: list[tuple[str, str]], rule: SampleRule, seed: int) -> list[tuple[str, str]]:
    """A seeded draw from ``rest``, returned in the population's order."""
    count = min(len(rest), max(rule.minimum, -(-Fraction(rule.share) * len(rest) // 1)))  # exact ceiling of a fraction
    if not count:
        return []
    chosen = set(random.Random(seed).sample(range(len(rest)), count))
    return [item for i, item in enumerate(rest) if i in chosen]


def draw_tables(paths: Iterable[str | Path], *, share: Decimal = Decimal("0.2"), minimum: int = 1, seed: int) -> Sample:
    """Draw tables of a folder (or any list of files) for a spot check, reproducibly.

    The files are ordered by name before the draw, so the order they were listed in does not matter.
    """
    seed = _seed(seed)
    if isinstance(paths, (str, bytes, Path)) or not isinstance(paths, Iterable):
        raise WrongTypeError(f"expected a list of file paths, got {type(paths).__name__}", path="paths", value=paths)
    for i, p in enumerate(paths := list(paths)):
        if not isinstance(p, (str, Path)):
            raise WrongTypeError(f"a path is text or a Path, got {type(p).__name__}", path=f"paths[{i}]", value=p)
    files = sorted({str(Path(p)) for p in paths})
    rule = SampleRule(lost_points=False, share=share, minimum=minimum)
    rest = [(f, Path(f).name) for f in files]
    chosen = _draw_ordered(rest, rule, seed)
    return Sample(tuple((f, name, "drawn") for f, name in chosen), rule, seed, len(files), tuple(files))
