"""The indicator tree (绩效指标): groups of any depth with weighted leaves — and the rule protocol
that scores a leaf, beside what it reads (an indicator may carry its own rule, and a rule reads its
indicator: one module, so neither needs the other's module).

A leaf carries a :class:`~perfrules.values.notation.Target`, an
:class:`~perfrules.values.notation.Actual`, its points (分值) and optionally the
score stated in the table (得分), a qualitative judgement, a deviation reason
and evidence. Strings given for ``target`` and ``actual`` are parsed with the
table notation; the original text stays on the parsed value.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from perfrules._fields import DOCUMENT, as_tuple, of_type, tuple_field
from perfrules.exceptions import InvalidInputError
from perfrules.explanation import Explanation
from perfrules.findings import Finding
from perfrules.model.funds import Funds
from perfrules.values.decimals import decimal_field, exact_sum, optional_decimal_field, to_decimal
from perfrules.values.notation import Actual, Target, parse_actual, parse_target
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.reading import PairReading, read_pair
from perfrules.values.units import DEFAULT_UNITS, UnitTable

#: how deep indicator groups may nest (一级/二级/三级 need 3; a table deeper than this is refused
#: at every entry point — building, loading, evaluating — rather than overflowing the stack)
MAX_DEPTH = 32

__all__ = ["MAX_DEPTH", "Assessment", "Indicator", "Outcome", "RangeActual", "Rule", "RuleContext"]


# ------------------------------------------------------------------ the rule protocol
class RangeActual(enum.Enum):
    """Which number of a range actual (``25~30人``) a quantitative rule reads."""

    LOWER = "lower"
    MIDPOINT = "midpoint"
    UPPER = "upper"


def _an_indicator(attribute: attrs.Attribute, value: object) -> None:
    if not isinstance(value, Indicator):
        raise InvalidInputError(f"expected an Indicator or None, got {type(value).__name__} {value!r}", path=attribute.name, value=value)


def _year(attribute: attrs.Attribute, value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidInputError(f"expected a year (int) or None, got {type(value).__name__} {value!r}", path=attribute.name, value=value)


@attrs.frozen
class RuleContext:
    """What a rule may read.

    Attributes:
        weight: the item's points (分值).
        path: where the item sits, for findings.
        indicator: the leaf being scored (indicator rules).
        funds: the funds block (budget-execution rule).
        range_actual: how to read a range actual.
        reading: how an actual is read against its target (units, ambiguity, strict bounds).
        units: the unit table (perfrules' own, extended by the rubric).
        year: the budget year, for deadlines written without one (``年底前``).
    """

    weight: Decimal = decimal_field()
    path: str = attrs.field(default="", validator=of_type(str))
    indicator: Indicator | None = attrs.field(default=None, validator=lambda i, a, v: v is None or type(v) is Indicator or _an_indicator(a, v))
    funds: Funds | None = attrs.field(default=None, validator=of_type(Funds, optional=True))
    range_actual: RangeActual = attrs.field(default=RangeActual.LOWER, validator=of_type(RangeActual))
    reading: ReadingPolicy = attrs.field(factory=ReadingPolicy, validator=of_type(ReadingPolicy))
    units: UnitTable = attrs.field(default=DEFAULT_UNITS, eq=False, validator=of_type(UnitTable))
    year: int | None = attrs.field(default=None, validator=lambda i, a, v: v is None or type(v) is int or _year(a, v))

    def read_actual(self) -> PairReading | None:
        """The leaf's actual read in its target's unit — :func:`~perfrules.values.reading.read_pair`
        with this context's reading policy, unit table and path — or None when the leaf has no
        target or no actual. What a custom rule compares with its thresholds: never ``actual.value``
        raw, which may be in another unit or scale (``0.09万人次``, ``0.85`` against ``≥90%``).

        >>> ctx = RuleContext(weight=10, indicator=Indicator(name="培训人次", weight=10, target="≥1000人次", actual="0.09万人次"))
        >>> ctx.read_actual().value
        Fraction(900, 1)
        """
        ind = self.indicator
        if ind is None or ind.target is None or ind.actual is None:
            return None
        return read_pair(ind.target, ind.actual, policy=self.reading, units=self.units, path=self.path)


@attrs.frozen
class Outcome:
    """What a rule concluded.

    Attributes:
        value: the exact, unrounded points, in ``[0, weight]``.
        explanation: why.
        findings: anything noticed on the way.
        applicable: ``False`` if the item is excluded (N/A).
    """

    value: Fraction
    explanation: Explanation
    findings: tuple[Finding, ...] = ()
    applicable: bool = True


@runtime_checkable
class Rule(Protocol):
    """The rule protocol: ``apply(context) -> Outcome`` with the value in ``[0, weight]``.

    ``kind`` names the rule in files and explanations.
    """

    kind: ClassVar[str]

    def apply(self, ctx: RuleContext) -> Outcome:  # pragma: no cover - protocol
        ...


# ------------------------------------------------------------------ the indicator tree


class Assessment(enum.Enum):
    """The judgement of a qualitative indicator (F10 labels)."""

    ACHIEVED = "achieved"
    """达成年度指标."""
    PARTLY = "partly_achieved"
    """部分达成年度指标并具有一定效果."""
    NOT_ACHIEVED = "not_achieved"
    """未达成年度指标且效果较差."""

    @property
    def label_zh(self) -> str:
        return {"achieved": "达成", "partly_achieved": "部分达成", "not_achieved": "未达成"}[self.value]


def _optional_assessment(value: Any) -> Assessment | None:
    if value is None:
        return None
    try:
        return Assessment(value)
    except ValueError:
        choices = ", ".join(repr(a.value) for a in Assessment)
        raise InvalidInputError(f"{value!r} is not one of {choices}", path="assessment", value=value) from None


def _to_target(value: Any, field: attrs.Attribute) -> Target | None:
    if value is None or isinstance(value, Target):
        return value
    if isinstance(value, str):
        return parse_target(value, path=field.name)
    raise InvalidInputError(
        f"expected a Target or target text, got {type(value).__name__}", path=field.name, value=value
    )


def _to_actual(value: Any, field: attrs.Attribute) -> Actual | None:
    if value is None or isinstance(value, Actual):
        return value
    if isinstance(value, str):
        return parse_actual(value, path=field.name)
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        return Actual.number(to_decimal(value, path=field.name))
    raise InvalidInputError(
        f"expected an Actual or actual text, got {type(value).__name__}", path=field.name, value=value
    )


def _to_children(value: Any) -> tuple[Indicator, ...]:
    children = as_tuple(value, "children")
    for i, child in enumerate(children):
        if not isinstance(child, Indicator):
            raise InvalidInputError(
                f"expected an Indicator, got {type(child).__name__}", path=f"children[{i}]", value=child
            )
    return children


def _check(instance: Indicator, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(instance.name, str) or not instance.name.strip():
        raise InvalidInputError("an indicator needs a name", path="name", value=instance.name)
    if instance.weight is not None and instance.weight < 0:
        raise InvalidInputError(f"weight must not be negative, got {instance.weight}", path="weight")
    if instance.claimed_score is not None and instance.claimed_score < 0:
        raise InvalidInputError(
            f"a stated score cannot be negative, got {instance.claimed_score}", path="claimed_score"
        )
    if instance.rule is not None and not isinstance(instance.rule, Rule):
        raise InvalidInputError(
            f"rule must be a perfrules rule (a 'kind' and an apply() method), got {type(instance.rule).__name__}",
            path="rule",
            value=instance.rule,
        )
    if instance.children:
        for name in ("target", "actual", "assessment", "rule"):
            if getattr(instance, name) is not None:
                raise InvalidInputError(f"a group (an indicator with children) takes no {name}", path=name)
        if instance.checked:
            raise InvalidInputError("a group takes no checked items", path="checked")
        return


@attrs.frozen
class Indicator:
    """One node of the indicator tree: a group (with ``children``) or a leaf.

    Attributes:
        name: 指标名称.
        code: an identifier unique among its siblings (defaults to the name).
        weight: 分值, the maximum points. Optional on a group, whose maximum is
            then the sum of its children's (a stated group weight that differs
            from that sum is reported as a finding); optional on a leaf whose
            points come from the rubric's indicator template.
        children: sub-indicators.
        target: 年度指标值 (leaf).
        actual: 实际完成值 (leaf).
        assessment: the judgement of a qualitative indicator.
        claimed_score: 得分 as stated in the table, compared with the computed score.
        applicable: ``False`` marks the indicator not applicable (N/A).
        rule: a rule for this indicator instead of the rubric's rule for its direction.
        checked: codes of satisfied items, for a checklist rule.
        deviation_reason: 偏差原因分析.
        evidence: supporting text or document references.
    """

    name: str
    code: str = attrs.field(default="")
    weight: Decimal | None = optional_decimal_field()
    children: tuple[Indicator, ...] = attrs.field(default=(), converter=_to_children)
    target: Target | None = attrs.field(default=None, converter=attrs.Converter(_to_target, takes_field=True))
    actual: Actual | None = attrs.field(default=None, converter=attrs.Converter(_to_actual, takes_field=True))
    assessment: Assessment | None = attrs.field(default=None, converter=_optional_assessment)
    claimed_score: Decimal | None = optional_decimal_field()
    applicable: bool = True
    rule: Rule | None = None
    checked: tuple[str, ...] = tuple_field(str, default=())
    deviation_reason: str = ""
    evidence: str = attrs.field(default="", validator=_check)

    height: int = attrs.field(init=False, eq=False, repr=False, metadata={DOCUMENT: False})
    """Levels from this node down to its deepest leaf (1 for a leaf); at most :data:`MAX_DEPTH`."""

    def __attrs_post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", self.name)
        height = 1 + max((c.height for c in self.children), default=0)
        if height > MAX_DEPTH:
            raise InvalidInputError(
                f"indicators nest {height} levels deep under {self.name!r}; perfrules reads at most {MAX_DEPTH}",
                path="children",
            )
        object.__setattr__(self, "height", height)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def max_points(self) -> Decimal:
        """The points this node can earn — its weight, or its children's sum."""
        if self.weight is not None and self.is_leaf:
            return self.weight
        if self.children:
            return exact_sum(c.max_points for c in self.children if c.applicable)
        return self.weight if self.weight is not None else Decimal(0)

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Indicator]]:
        """Yield ``(path, node)`` for this node and every descendant, depth first."""
        path = f"{prefix}/{self.code}" if prefix else self.code
        yield path, self
        for child in self.children:
            yield from child.walk(path)

    def leaves(self) -> Iterator[Indicator]:
        """Every leaf below (or this node, if it is a leaf)."""
        for _, node in self.walk():
            if node.is_leaf:
                yield node
