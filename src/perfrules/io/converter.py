"""One cattrs converter for every public model: rubrics, self-evaluations, results.

:func:`make_converter` builds it (nothing global is mutated at import). The
plain data it produces and reads is what the JSON and TOML files of
:mod:`perfrules.io.documents` contain:

* Decimals are written as strings and read back exactly (an ``int`` or a
  numeric string is accepted on input, a ``float`` is refused);
* exact rationals in results are written as ``"0.715"`` when they terminate,
  else as ``"5/3"``;
* rules and aggregators are tables tagged by ``kind``
  (``{kind = "reverse", variant = "linear"}``);
* a target or actual value may be written in table notation (``"≥735人次"``);
  it is written back that way when the text parses to the same value;
* unknown keys are errors, and every problem of a document is reported at
  once, each with its path (:class:`DocumentError`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from perfrules._fields import DOCUMENT, WHOLE
from perfrules.exceptions import FloatRefusedError, InvalidInputError, PerfrulesError
from perfrules.io.hooks import (
    Pairs,
    canonical_decimal,
    structure_bool,
    structure_date,
    structure_decimal,
    structure_facts,
    structure_fraction,
    structure_int,
    structure_labels,
    structure_pairs,
    structure_str,
    structure_texts,
    structure_version,
    unstructure_decimal,
    unstructure_fraction,
    unstructure_pairs,
)
from perfrules.io.problems import DocumentError, document_problems
from perfrules.model.funds import FundLine, Funds, FundSource
from perfrules.model.indicators import MAX_DEPTH, Assessment, Indicator, Rule
from perfrules.rules import (
    aggregation,
    checks,
    deadline,
    deduction,
    department,
    department_checks,
    execution,
    not_applicable,
    qualitative,
    quantitative,
)
from perfrules.rules.aggregation import Aggregator
from perfrules.rules.checks import Check
from perfrules.values.notation import Actual, Target, parse_actual, parse_target
from perfrules.values.versions import SemanticVersion

__all__ = [
    "AGGREGATOR_KINDS",
    "CHECK_KINDS",
    "RULE_KINDS",
    "KindResolver",
    "PerfrulesConverter",
    "default_converter",
    "make_converter",
    "structure",
    "unstructure",
]

T = TypeVar("T")

#: built-in rule classes by ``kind``
RULE_KINDS: dict[str, type] = {
    cls.kind: cls
    for cls in (
        execution.BudgetExecution,
        quantitative.Positive,
        quantitative.Reverse,
        quantitative.Equal,
        quantitative.RangeRule,
        qualitative.QualitativeBands,
        deduction.Deduction,
        deduction.Checklist,
        not_applicable.NotApplicable,
        deduction.Judged,
        deadline.DeadlineRule,
        department.ControlRate,
        department.ChangeRate,
        department.CompletionRate,
    )
}

#: built-in aggregators by ``kind``
AGGREGATOR_KINDS: dict[str, type] = {
    cls.kind: cls for cls in (aggregation.PointSum, aggregation.WeightedMean, aggregation.Minimum)
}

#: built-in sector-check classes by ``kind``
CHECK_KINDS: dict[str, type] = {
    cls.kind: cls
    for cls in (
        checks.Bound,
        checks.Ratio,
        checks.RateMatches,
        checks.Total,
        checks.Product,
        checks.Compare,
        checks.ByYear,
        checks.Shares,
        checks.AnyOf,
        department_checks.ScopeIs,
        department_checks.SameCount,
        department_checks.ScoreAgainstParts,
    )
}



def _notation_unstructurer(c: cattrs.Converter, cls: type, parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    """Targets and actuals are written as their table text when it reads back to the same value."""
    plain = cattrs.gen.make_dict_unstructure_fn(cls, c, _cattrs_omit_if_default=True)

    def unstructure_notation(value: Any) -> Any:
        if value.text:
            try:
                if parse(value.text) == value:
                    return value.text
            except InvalidInputError:
                pass
        return plain(value)

    return unstructure_notation


def _notation_structurer(c: cattrs.Converter, cls: type, parse: Callable[[str], Any]) -> Callable[[Any, Any], Any]:
    plain = cattrs.gen.make_dict_structure_fn(cls, c, _cattrs_forbid_extra_keys=True)

    def structure_notation(value: Any, _: Any) -> Any:
        if isinstance(value, str):
            return parse(value)
        if isinstance(value, (int, Decimal)) and cls is Actual:
            return Actual.number(value)
        if isinstance(value, float):
            raise FloatRefusedError(path="", value=value)
        if not isinstance(value, Mapping):
            raise InvalidInputError(f"expected text or a table, got {type(value).__name__}", value=value)
        return plain(value, cls)

    return structure_notation


def _indicator_unstructurer(c: cattrs.Converter) -> Callable[[Indicator], dict[str, Any]]:
    plain = cattrs.gen.make_dict_unstructure_fn(Indicator, c, _cattrs_omit_if_default=c.omit_if_default)

    def unstructure_indicator(ind: Indicator) -> dict[str, Any]:
        data = plain(ind)
        if c.omit_if_default and data.get("code") == ind.name:
            del data["code"]  # the code defaults to the name
        return data

    return unstructure_indicator


def _funds_structurer(c: cattrs.Converter) -> Callable[[Any, Any], Funds]:
    plain = cattrs.gen.make_dict_structure_fn(Funds, c, _cattrs_forbid_extra_keys=True)
    line = cattrs.gen.make_dict_structure_fn(FundLine, c, _cattrs_forbid_extra_keys=True)

    def structure_funds(value: Any, _: Any) -> Funds:
        if isinstance(value, Mapping) and "lines" not in value:
            # shorthand: the table's single 年度资金总额 row
            data = dict(value)
            unit = data.pop("unit", "万元")
            return Funds((line({"source": FundSource.TOTAL.value, **data}, FundLine),), unit=unit)
        return plain(value, Funds)

    return structure_funds


def _kinded(kinds: Mapping[str, type], what: str, c: cattrs.Converter) -> tuple[Callable[[Any], Any], Callable[[Any, Any], Any]]:
    """(Un)structure hooks for values tagged by ``kind`` (rules, aggregators)."""
    plain_un: dict[type, Callable[[Any], dict[str, Any]]] = {}
    plain_st: dict[type, Callable[[Any, Any], Any]] = {}

    def unstructure_kinded(obj: Any) -> dict[str, Any]:
        cls = type(obj)
        kind = getattr(cls, "kind", None)
        if not isinstance(kind, str) or not attrs.has(cls):
            raise PerfrulesError(f"{what} {cls.__name__} needs a string 'kind' and attrs fields to be written")
        # an unregistered kind is written all the same; reading it back needs it registered
        if cls not in plain_un:
            plain_un[cls] = cattrs.gen.make_dict_unstructure_fn(cls, c, _cattrs_omit_if_default=c.omit_if_default)
        return {"kind": kind, **plain_un[cls](obj)}

    def structure_kinded(value: Any, declared: Any) -> Any:
        if not isinstance(value, Mapping) or "kind" not in value:
            raise InvalidInputError(f"a {what} is a table with a 'kind' key, got {value!r}", value=value)
        data = dict(value)
        kind = data.pop("kind")
        cls = kinds.get(kind)
        if cls is None and isinstance(c, PerfrulesConverter) and c.resolve_kind is not None and isinstance(kind, str):
            cls = c.resolve_kind(what, kind)  # a plugin's kind, found when a document names it
        if cls is None:
            raise InvalidInputError(f"unknown {what} kind {kind!r}; known: {', '.join(sorted(kinds))}", value=kind)
        if isinstance(declared, type) and declared in kinds.values() and cls is not declared:
            raise InvalidInputError(f"expected a {what} of kind {declared.kind!r} here, got {kind!r}", value=kind)
        if cls not in plain_st:
            plain_st[cls] = cattrs.gen.make_dict_structure_fn(cls, c, _cattrs_forbid_extra_keys=True)
        return plain_st[cls](data, cls)

    return unstructure_kinded, structure_kinded


def _enum_structurer(cls: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    def structure_enum(value: Any, _: Any) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in cls)
            raise InvalidInputError(f"{value!r} is not one of {choices}", value=value) from None

    return structure_enum


def _has_non_document_fields(cls: Any) -> bool:
    return attrs.has(cls) and any(f.metadata.get(DOCUMENT) in (False, True, WHOLE) for f in attrs.fields(cls))


def _without_non_document_fields(cls: type, c: cattrs.Converter, *, unstructure: bool) -> Callable[..., Any]:
    omit = {f.name: cattrs.gen.override(omit=True) for f in attrs.fields(cls) if f.metadata.get(DOCUMENT) is False}
    if unstructure:
        always = {f.name: cattrs.gen.override(omit_if_default=False) for f in attrs.fields(cls) if f.metadata.get(DOCUMENT) is True}
        whole = {f.name: cattrs.gen.override(omit_if_default=False, unstruct_hook=_in_full(c)) for f in attrs.fields(cls) if f.metadata.get(DOCUMENT) == WHOLE}
        return cattrs.gen.make_dict_unstructure_fn(cls, c, _cattrs_omit_if_default=c.omit_if_default, **omit, **always, **whole)
    return cattrs.gen.make_dict_structure_fn(cls, c, _cattrs_forbid_extra_keys=True, **omit)


def _in_full(c: cattrs.Converter) -> Callable[[Any], Any]:
    """Writes a value with every field, defaults included, in ``c``'s kinds (built on first use)."""
    full: list[cattrs.Converter] = []

    def unstructure(value: Any) -> Any:
        if not full:
            full.append(c.full() if isinstance(c, PerfrulesConverter) else c)
        return full[0].unstructure(value)

    return unstructure


KindResolver = Callable[[str, str], "type | None"]
"""Finds a kind a converter does not know when a document names it — ``(what, kind) -> class``,
``what`` being ``"rule"``, ``"aggregator"`` or ``"check"`` (a registry of plugins, say)."""


class PerfrulesConverter(cattrs.Converter):
    """The cattrs converter for perfrules' models, as :func:`make_converter` builds it.

    It remembers the rule, aggregator and check kinds it knows, so that a converter of the
    same kinds in another form (every field written: :meth:`full`; the canonical form) is one
    call away, and its :meth:`structure` reports every problem of the data as a located
    :class:`~perfrules.io.problems.DocumentError` rather than cattrs' grouped exceptions.
    """

    def __init__(
        self,
        kinds: tuple[Mapping[str, type], Mapping[str, type], Mapping[str, type]],
        *,
        omit_defaults: bool,
        canonical: bool,
        resolve_kind: KindResolver | None = None,
    ) -> None:
        super().__init__(forbid_extra_keys=True, omit_if_default=omit_defaults, detailed_validation=True)
        self.kinds = kinds
        self.canonical = canonical
        self.resolve_kind = resolve_kind

    def full(self) -> PerfrulesConverter:
        """A converter of the same kinds that writes every field (defaults included): the form
        overlays are merged onto."""
        if not self.omit_if_default and not self.canonical:
            return self
        rules, aggregators, checks = self.kinds
        return make_converter(rule_kinds=rules, aggregator_kinds=aggregators, check_kinds=checks, omit_defaults=False, resolve_kind=self.resolve_kind)

    def structure(self, obj: Any, cl: Any) -> Any:
        """Build a ``cl`` from plain data.

        Raises:
            DocumentError: every problem of the data, each with its ``$.path``.
        """
        return structure(obj, cl, converter=self, tables_only=False)

    def _structure_raw(self, obj: Any, cl: Any) -> Any:
        return super().structure(obj, cl)


def make_converter(
    *,
    rule_kinds: Mapping[str, type] | None = None,
    aggregator_kinds: Mapping[str, type] | None = None,
    check_kinds: Mapping[str, type] | None = None,
    omit_defaults: bool = True,
    canonical: bool = False,
    resolve_kind: KindResolver | None = None,
) -> PerfrulesConverter:
    """A new converter for perfrules' models.

    Args:
        rule_kinds: rule classes by ``kind`` (default: :data:`RULE_KINDS`);
            pass an extended mapping to read and write third-party rules.
        aggregator_kinds: aggregator classes by ``kind`` (default: :data:`AGGREGATOR_KINDS`).
        check_kinds: sector-check classes by ``kind`` (default: :data:`CHECK_KINDS`).
        omit_defaults: leave out fields that have their default value (compact
            files); ``False`` writes everything.
        canonical: write every field and one spelling per number (``100.0`` as
            ``100``): the form fingerprints are taken of.
        resolve_kind: finds a kind none of the mappings has, when a document names it.
    """
    rule_kinds = dict(RULE_KINDS if rule_kinds is None else rule_kinds)
    aggregator_kinds = dict(AGGREGATOR_KINDS if aggregator_kinds is None else aggregator_kinds)
    check_kinds = dict(CHECK_KINDS if check_kinds is None else check_kinds)
    return _build(rule_kinds, aggregator_kinds, check_kinds, omit_defaults and not canonical, canonical, resolve_kind)


@functools.cache
def default_converter(omit_defaults: bool = True, canonical: bool = False) -> PerfrulesConverter:
    """A shared converter of perfrules' own kinds, built once per form (building one costs
    milliseconds); what ``loads``/``dumps`` use when given none. Do not register hooks on it:
    :func:`make_converter` gives a converter of your own."""
    return _build(RULE_KINDS, AGGREGATOR_KINDS, CHECK_KINDS, omit_defaults, canonical)


def _build(
    rule_kinds: Mapping[str, type],
    aggregator_kinds: Mapping[str, type],
    check_kinds: Mapping[str, type],
    omit_defaults: bool,
    canonical: bool,
    resolve_kind: KindResolver | None = None,
) -> PerfrulesConverter:
    c = PerfrulesConverter((rule_kinds, aggregator_kinds, check_kinds), omit_defaults=omit_defaults, canonical=canonical, resolve_kind=resolve_kind)

    c.register_structure_hook_factory(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_structurer)
    c.register_structure_hook(Decimal, structure_decimal)
    c.register_unstructure_hook(Decimal, canonical_decimal if canonical else unstructure_decimal)
    c.register_structure_hook(int, structure_int)
    c.register_structure_hook(bool, structure_bool)
    c.register_structure_hook(str, structure_str)
    c.register_structure_hook_func(lambda t: t == tuple[str, ...], structure_texts)
    c.register_structure_hook(SemanticVersion, structure_version)
    c.register_structure_hook(Fraction, structure_fraction)
    c.register_unstructure_hook(Fraction, unstructure_fraction)
    c.register_structure_hook(dt.date, structure_date)
    c.register_unstructure_hook(dt.date, dt.date.isoformat)
    c.register_structure_hook_func(lambda t: t == Pairs, structure_pairs)
    c.register_unstructure_hook_func(lambda t: t == Pairs, unstructure_pairs)
    facts = tuple[tuple[str, Decimal], ...]
    c.register_unstructure_hook_func(lambda t: t == facts, lambda pairs: {k: str(v) for k, v in pairs})
    c.register_structure_hook_func(lambda t: t == facts, structure_facts)
    labels = tuple[tuple[str, Assessment], ...]
    c.register_unstructure_hook_func(lambda t: t == labels, lambda pairs: {k: v.value for k, v in pairs})
    c.register_structure_hook_func(lambda t: t == labels, structure_labels)
    c.register_structure_hook(Target, _notation_structurer(c, Target, parse_target))
    c.register_unstructure_hook(Target, _notation_unstructurer(c, Target, parse_target))
    c.register_structure_hook(Actual, _notation_structurer(c, Actual, parse_actual))
    c.register_unstructure_hook(Actual, _notation_unstructurer(c, Actual, parse_actual))
    c.register_structure_hook(Funds, _funds_structurer(c))
    for protocol, kinds, what in ((Rule, rule_kinds, "rule"), (Aggregator, aggregator_kinds, "aggregator"), (Check, check_kinds, "check")):
        un, st = _kinded(kinds, what, c)
        optional = protocol | None
        c.register_unstructure_hook_func(lambda t, p=protocol: t is p, un)
        c.register_structure_hook_func(lambda t, p=protocol: t is p, st)
        c.register_unstructure_hook_func(lambda t, o=optional: t == o, lambda obj, un=un: None if obj is None else un(obj))
        c.register_structure_hook_func(lambda t, o=optional: t == o, lambda v, t, st=st: None if v is None else st(v, t))
        concrete = tuple(kinds.values())
        # a field typed with one rule class (the rubric's `execution`) is tagged too
        c.register_unstructure_hook_func(lambda t, k=concrete: t in k, un)
        c.register_structure_hook_func(lambda t, k=concrete: t in k, st)
    # generated last, so that its `rule` field uses the kind-tagged hooks above
    c.register_unstructure_hook(Indicator, _indicator_unstructurer(c))
    # a field marked {DOCUMENT: False} (a rubric's origin) is set by whoever loaded it, never by a document;
    # one marked {DOCUMENT: True} (an archive's format version) is written even at its default
    c.register_unstructure_hook_factory(_has_non_document_fields, lambda cls: _without_non_document_fields(cls, c, unstructure=True))
    c.register_structure_hook_factory(_has_non_document_fields, lambda cls: _without_non_document_fields(cls, c, unstructure=False))
    return c


#: how deep a document's tables and lists may nest: indicators nested MAX_DEPTH deep, with room to spare
MAX_DOCUMENT_DEPTH = 4 * MAX_DEPTH + 16


def nesting(data: Any) -> int:
    """How deep tables and lists nest in plain data (walked iteratively: any depth is safe)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children = node.values()
        elif isinstance(node, (list, tuple)):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_DOCUMENT_DEPTH:
            stack.extend((child, depth + 1) for child in children)
    return deepest


def structure(data: Any, cls: type[T], *, converter: cattrs.Converter | None = None, what: str | None = None, tables_only: bool = True) -> T:
    """Build a ``cls`` from plain data, reporting every problem with its path.

    Raises:
        DocumentError: the data does not describe a valid ``cls``.
    """
    c = converter or default_converter()
    label = what or f"{cls.__name__} document"
    raw = c._structure_raw if isinstance(c, PerfrulesConverter) else c.structure
    if tables_only and attrs.has(cls) and cls not in (Target, Actual) and not isinstance(data, Mapping):
        raise DocumentError(label, [f"$: expected a table, got {type(data).__name__}"])
    if nesting(data) > MAX_DOCUMENT_DEPTH:
        raise DocumentError(label, [f"$: nested more than {MAX_DOCUMENT_DEPTH} levels deep; perfrules reads documents at most {MAX_DOCUMENT_DEPTH} deep (indicators at most {MAX_DEPTH})"])
    try:
        return raw(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        raise DocumentError(label, list(document_problems(exc, "$"))) from exc
    except (PerfrulesError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DocumentError(label, list(document_problems(exc, "$"))) from exc


def unstructure(obj: Any, *, converter: cattrs.Converter | None = None) -> Any:
    """Plain data (dicts, lists, strings, ints, bools) for any perfrules model."""
    c = converter or default_converter()
    return c.unstructure(obj)
