"""JSON Schema (draft 2020-12) derived from the attrs models, by the converter's own conventions.

:class:`SchemaBuilder` walks a model's attrs fields (``attrs.fields`` and ``typing.get_type_hints``)
and writes one ``$defs`` entry per class, so recursive models (an indicator's children, a result's
nodes, a check of checks) are ``$ref`` cycles rather than infinite schemas. What the converter of
:mod:`perfrules.io.converter` shapes by hand has its piece here, one function per hook:

* :func:`decimal_schema` — ``structure_decimal``: a numeric string or a bare number, read exactly;
* :func:`integer_schema`, :func:`fraction_schema` (``"5/3"``), :func:`date_schema`,
  :func:`version_schema` — the other scalar hooks;
* :func:`pairs_schema`, facts and labels — the named values of results and rubrics;
* :meth:`SchemaBuilder.notation` — targets and actuals written in table notation or as tables;
* :meth:`SchemaBuilder.funds` — the funds block, with its one-line shorthand;
* :meth:`SchemaBuilder.kinded` — rules, aggregators and checks as tables tagged by ``kind``.

Titles and descriptions come from the classes' docstrings (their ``Attributes:`` sections and the
docstrings under fields); string choices from the fields' validators. Nothing here needs
``jsonschema``: the schema is plain data.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import inspect
import re
import textwrap
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import DOCUMENT
from perfrules.exceptions import PerfrulesError
from perfrules.io.converter import PerfrulesConverter, make_converter
from perfrules.io.hooks import Pairs
from perfrules.model.funds import FundLine, Funds
from perfrules.model.indicators import Assessment, Rule
from perfrules.rules.aggregation import Aggregator
from perfrules.rules.checks import Check
from perfrules.values.notation import Actual, Target
from perfrules.values.versions import SEMVER, SemanticVersion

__all__ = [
    "DATE_PATTERN",
    "DECIMAL_PATTERN",
    "DRAFT",
    "FRACTION_PATTERN",
    "INTEGER_PATTERN",
    "MAX_TYPE_DEPTH",
    "SchemaBuilder",
    "SchemaGenerationError",
    "date_schema",
    "decimal_schema",
    "fraction_schema",
    "integer_schema",
    "pairs_schema",
    "version_schema",
]

#: the JSON Schema dialect of every schema perfrules writes (draft 2020-12)
DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: how deeply type hints may nest (``tuple[tuple[str, X], ...] | None`` is 3); the model walk itself
#: is cycle safe through ``$defs``
MAX_TYPE_DEPTH = 12


class SchemaGenerationError(PerfrulesError):
    """A model holds a field type the schema builder has no piece for."""


# ------------------------------------------------------------------ the scalar hooks' pieces
_SIGN, _DIGIT, _DOT, _COMMA, _E = "[+\\-＋－]", "[0-9０-９]", "[.．]", "[,，]", "[eEｅＥ]"
#: to_decimal's grammar (after NFKC, which maps the full-width forms of printed tables), anchored
DECIMAL_PATTERN = (
    f"^\\s*{_SIGN}?(?:(?:{_DIGIT}{{1,3}}(?:{_COMMA}{_DIGIT}{{3}})+|{_DIGIT}+)(?:{_DOT}{_DIGIT}+)?|{_DOT}{_DIGIT}+)"
    f"(?:{_E}{_SIGN}?{_DIGIT}+)?\\s*$"
)
#: An integer written as text — digits (thousands separated or not), an all-zero fraction allowed
INTEGER_PATTERN = f"^\\s*{_SIGN}?(?:{_DIGIT}{{1,3}}(?:{_COMMA}{_DIGIT}{{3}})+|{_DIGIT}+)(?:{_DOT}[0０]+)?\\s*$"
#: an exact rational written as ``numerator/denominator`` (``5/3``)
FRACTION_PATTERN = "^\\s*-?[0-9]+/0*[1-9][0-9]*\\s*$"
#: an ISO date (``2024-12-31``)
DATE_PATTERN = "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"


def decimal_schema() -> dict[str, Any]:
    """``structure_decimal``: an exact number, as text (``"2.5"``, ``"2,440.91"``) or a bare number."""
    return {
        "title": "exact decimal",
        "description": (
            "An exact number: text such as \"2.5\" or \"2,440.91\" (full-width digits as printed are read too), "
            "or a bare number, read from its text, never through a binary float. The loader also refuses "
            "magnitudes outside 10^-24 … 10^24, which this schema does not check."
        ),
        "anyOf": [{"type": "string", "pattern": DECIMAL_PATTERN}, {"type": "number"}],
    }


def integer_schema() -> dict[str, Any]:
    """``structure_int``: an integer, bare or as text (``"2020"``; ``"2020.0"`` too)."""
    return {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": INTEGER_PATTERN}]}


def fraction_schema() -> dict[str, Any]:
    """``structure_fraction``: an exact rational, ``"0.715"`` when it terminates, else ``"5/3"``."""
    return {
        "title": "exact rational",
        "description": "An exact rational number: a decimal (\"0.715\") when it terminates, else \"numerator/denominator\" (\"5/3\").",
        "anyOf": [{"type": "string", "pattern": FRACTION_PATTERN}, *decimal_schema()["anyOf"]],
    }


def date_schema() -> dict[str, Any]:
    """``structure_date``: an ISO date; TOML's own date values are read as the same date."""
    return {"type": "string", "format": "date", "pattern": DATE_PATTERN, "description": "An ISO date (2020-12-31); in TOML a bare date value."}


def version_schema() -> dict[str, Any]:
    """``structure_version``: a semantic version such as ``1.2.0``."""
    return {"type": "string", "pattern": f"^(?:{SEMVER.pattern})$", "description": "A semantic version such as \"1.2.0\"."}


def pairs_schema() -> dict[str, Any]:
    """``structure_pairs``: named values (explanation inputs, finding data) as ``[name, value]`` pairs or a table.

    A value may be any JSON value; ``{"decimal": "…"}``, ``{"fraction": "…"}`` and ``{"null": true}``
    stand for a decimal, a rational and a null (TOML has no null).
    """
    pair = {"type": "array", "prefixItems": [{"type": "string"}, {}], "minItems": 2, "maxItems": 2}
    return {
        "description": "Named values: a list of [name, value] pairs (their order kept), or a table. "
        "{\"decimal\": \"…\"}, {\"fraction\": \"…\"} and {\"null\": true} encode a decimal, a rational and a null.",
        "anyOf": [{"type": "array", "items": pair}, {"type": "object"}],
    }


_FACTS = tuple[tuple[str, Decimal], ...]
_LABELS = tuple[tuple[str, Assessment], ...]
_NONE = type(None)


# ------------------------------------------------------------------ docstrings and validators
_ATTRIBUTE_LINE = re.compile(r"^(\s*)([A-Za-z_][\w]*(?:\s*(?:,|/)\s*[A-Za-z_][\w]*)*):\s*(.*)$")


def _attributes_section(doc: str | None) -> dict[str, str]:
    """``name: text`` entries of a Google-style ``Attributes:`` section (``a / b:`` and ``a, b:`` name several)."""
    if not doc:
        return {}
    lines = inspect.cleandoc(doc).splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Attributes:")
    except StopIteration:
        return {}
    out: dict[str, str] = {}
    names: list[str] = []
    indent = None
    for line in lines[start + 1 :]:
        if not line.strip():
            if names:
                continue
            break
        match = _ATTRIBUTE_LINE.match(line)
        if match and (indent is None or len(match.group(1)) == indent):
            indent = len(match.group(1))
            names = [n.strip() for n in re.split(r"[,/]", match.group(2))]
            for n in names:
                out[n] = match.group(3).strip()
        elif names and indent is not None and len(line) - len(line.lstrip()) > indent:
            for n in names:
                out[n] = f"{out[n]} {line.strip()}".strip()
        else:
            break
    return out


def _field_docstrings(cls: type) -> dict[str, str]:
    """The docstrings written under fields (``name: T = …`` then ``\"\"\"…\"\"\"``), when the source is at hand."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    out = {}
    for node, after in zip(body, body[1:], strict=False):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str):
                out[node.target.id] = inspect.cleandoc(after.value.value)
    return out


def _summary(doc: str | None) -> str:
    """A docstring's first paragraph, on one line."""
    if not doc:
        return ""
    return " ".join(inspect.cleandoc(doc).split("\n\n", 1)[0].split())


def _choices(validator: Any) -> tuple[Any, ...] | None:
    """The values a field's validator allows, when it is a choice (``choice("a", "b")``, ``in_``)."""
    if validator is None:
        return None
    options = getattr(validator, "options", None)  # attrs.validators.in_
    if isinstance(options, (tuple, list, frozenset, set)):
        return tuple(sorted(options, key=repr)) if isinstance(options, (set, frozenset)) else tuple(options)
    for inner in getattr(validator, "_validators", ()):  # attrs.validators.and_
        found = _choices(inner)
        if found is not None:
            return found
    if inspect.isfunction(validator):
        chosen = inspect.getclosurevars(validator).nonlocals.get("choices")
        if isinstance(chosen, tuple) and chosen and all(isinstance(c, str) for c in chosen):
            return chosen
    return None


# ------------------------------------------------------------------ the builder
class SchemaBuilder:
    """Writes JSON Schema for perfrules' models, as one converter reads them.

    Args:
        converter: whose rule, aggregator and check kinds the tagged unions list (default:
            perfrules' own); its full form writes the defaults shown to editors.
    """

    def __init__(self, converter: PerfrulesConverter | None = None) -> None:
        self.converter = converter or make_converter()
        self.rule_kinds, self.aggregator_kinds, self.check_kinds = (dict(k) for k in self.converter.kinds)
        self._full = self.converter.full()
        self.defs: dict[str, Any] = {"decimal": decimal_schema(), "fraction": fraction_schema()}
        self._names: dict[Any, str] = {}

    # -------------------------------------------------------------- documents
    def document(self, cls: type, *, title: str, description: str = "") -> dict[str, Any]:
        """A schema whose root is a ``cls`` (its ``$defs`` holding every class it reaches)."""
        ref = self.ref(cls)
        return {"title": title, "description": description or _summary(cls.__doc__), **ref}

    def ref(self, cls: type) -> dict[str, Any]:
        """``{"$ref": "#/$defs/Name"}``, writing the class's entry the first time (cycle safe)."""
        name = self._names.get(cls)
        if name is None:
            name = self._name_for(cls.__name__, cls)
            self.defs[name] = {}  # reserved before the walk: a field of its own type refers back here
            self.defs[name] = self.attrs_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _name_for(self, name: str, owner: Any) -> str:
        taken = set(self._names.values()) | set(self.defs)
        if name in taken:
            name = f"{getattr(owner, '__module__', 'x').rsplit('.', 1)[-1]}.{name}"
        while name in taken:
            name += "_"
        self._names[owner] = name
        return name

    def attrs_schema(self, cls: type, *, kind: str | None = None) -> dict[str, Any]:
        """An attrs class as a closed table: its document fields, the required ones those without a default."""
        hints = typing.get_type_hints(cls)
        documented = {**_attributes_section(cls.__doc__), **_field_docstrings(cls)}
        properties: dict[str, Any] = {}
        required: list[str] = []
        if kind is not None:
            properties["kind"] = {"const": kind}
            required.append("kind")
        for field in attrs.fields(cls):
            if not field.init or field.metadata.get(DOCUMENT) is False:
                continue
            piece = self.type_schema(hints[field.name], where=f"{cls.__name__}.{field.name}")
            choices = _choices(field.validator)
            if choices is not None:
                piece = {**piece, "enum": list(choices)}
            if field.name in documented:
                piece = {**piece, "description": documented[field.name]}
            if field.default is attrs.NOTHING:
                required.append(field.name)
            else:
                default = self._default(field)
                if default is not None or field.default is None:
                    piece = {**piece, "default": default}
            properties[field.name] = piece
        out: dict[str, Any] = {"title": cls.__name__}
        summary = _summary(cls.__doc__)
        if summary:
            out["description"] = summary
        out.update(type="object", properties=properties, additionalProperties=False)
        if required:
            out["required"] = required
        return out

    def _default(self, field: attrs.Attribute) -> Any:
        value = field.default.factory() if isinstance(field.default, attrs.Factory) and not field.default.takes_self else field.default
        if isinstance(value, attrs.Factory):
            return None
        try:
            return self._full.unstructure(value)
        except (PerfrulesError, TypeError, ValueError, AttributeError):
            return None

    # -------------------------------------------------------------- types
    def type_schema(self, t: Any, *, where: str, depth: int = 0) -> dict[str, Any]:
        """The schema of one field type, by the hook the converter uses for it."""
        if depth > MAX_TYPE_DEPTH:
            raise SchemaGenerationError(f"{where}: type {t!r} nests more than {MAX_TYPE_DEPTH} deep")
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not _NONE]
            if len(options) == 1 and options[0] in (Rule, Aggregator, Check):
                return {"anyOf": [self.kinded(options[0]), {"type": "null"}]}
            pieces = [self.type_schema(a, where=where, depth=depth + 1) for a in options]
            if _NONE in args:
                pieces.append({"type": "null"})
            return pieces[0] if len(pieces) == 1 else {"anyOf": pieces}
        scalar = self._scalar(t)
        if scalar is not None:
            return scalar
        if t == Pairs:
            return pairs_schema()
        if t == _FACTS:
            return {"type": "object", "propertyNames": {"minLength": 1}, "additionalProperties": decimal_schema(), "description": "Named figures: name = number."}
        if t == _LABELS:
            return {"type": "object", "additionalProperties": self.type_schema(Assessment, where=where, depth=depth + 1)}
        if t in (Target, Actual):
            return self.notation(t)
        if t is Funds:
            return self.funds()
        if t in (Rule, Aggregator, Check) or (isinstance(t, type) and any(t in k.values() for k in self.converter.kinds)):
            return self.kinded(t)
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return self.ref_enum(t)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.type_schema(args[0], where=where, depth=depth + 1)}
        if origin is dict and args[:1] == (str,):
            return {"type": "object", "additionalProperties": self.type_schema(args[1], where=where, depth=depth + 1)}
        if isinstance(t, type) and attrs.has(t):
            return self.ref(t)
        if t is Any:
            return {}
        raise SchemaGenerationError(f"{where}: no schema for the type {t!r}")

    @staticmethod
    def _scalar(t: Any) -> dict[str, Any] | None:
        if t is SemanticVersion:
            return version_schema()
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return integer_schema()
        if t is Decimal:
            return {"$ref": "#/$defs/decimal"}
        if t is Fraction:
            return {"$ref": "#/$defs/fraction"}
        if t is dt.date:
            return date_schema()
        if t is _NONE:
            return {"type": "null"}
        return None

    def ref_enum(self, cls: type[enum.Enum]) -> dict[str, Any]:
        """An enum by its values, once in ``$defs``."""
        name = self._names.get(cls)
        if name is None:
            name = self._name_for(cls.__name__, cls)
            self.defs[name] = {"title": cls.__name__, "description": _summary(cls.__doc__), "enum": [m.value for m in cls]}
        return {"$ref": f"#/$defs/{name}"}

    # -------------------------------------------------------------- the hand-shaped hooks
    def notation(self, cls: type) -> dict[str, Any]:
        """``_notation_structurer``: table notation (``"≥735人次"``), a number (actuals) or the record as a table."""
        name = self._names.get(cls)
        if name is None:
            name = self._name_for(cls.__name__, cls)
            self.defs[name] = {}
            table = self.attrs_schema(cls)
            text = {
                "type": "string",
                "description": f"Table notation ({'≥735人次, ≤90万元, 达成预期指标' if cls is Target else '700人次, 93.5%, 25~30人'}); "
                "its grammar is read by the loader (docs/notation.md), not by this schema.",
            }
            options = [text, {"$ref": "#/$defs/decimal"}, table] if cls is Actual else [text, table]
            self.defs[name] = {"title": cls.__name__, "description": _summary(cls.__doc__), "anyOf": options}
        return {"$ref": f"#/$defs/{name}"}

    def funds(self) -> dict[str, Any]:
        """``_funds_structurer``: ``{lines = [...], unit}`` or the shorthand of one 年度资金总额 line."""
        name = self._names.get(Funds)
        if name is None:
            name = self._name_for("Funds", Funds)
            self.defs[name] = {}
            full = self.attrs_schema(Funds)
            full["properties"]["lines"] = {**full["properties"]["lines"], "minItems": 1}
            line = self.attrs_schema(FundLine)
            shorthand = {
                "title": "Funds (one line)",
                "description": "Shorthand for a single 年度资金总额 line: its amounts (and unit) directly, without `lines`.",
                "type": "object",
                "properties": {**line["properties"], "unit": full["properties"]["unit"]},
                "required": ["adjusted", "executed"],
                "additionalProperties": False,
            }
            full["required"] = ["lines"]
            self.defs[name] = {"title": "Funds", "description": _summary(Funds.__doc__), "anyOf": [full, shorthand]}
        return {"$ref": f"#/$defs/{name}"}

    def kinded(self, t: Any) -> dict[str, Any]:
        """``_kinded``: a table tagged by ``kind`` — any kind of the protocol, or the one kind a field names."""
        for protocol, kinds, what in ((Rule, self.rule_kinds, "rule"), (Aggregator, self.aggregator_kinds, "aggregator"), (Check, self.check_kinds, "check")):
            if t is protocol:
                return self._union(what, kinds)
            if t in kinds.values():
                return self._kind(what, t.kind, t)
        raise SchemaGenerationError(f"no kinds for {t!r}")

    def _kind(self, what: str, kind: str, cls: type) -> dict[str, Any]:
        key = (what, kind)
        name = self._names.get(key)
        if name is None:
            name = self._name_for(f"{what}.{kind}", key)
            self.defs[name] = {}
            self.defs[name] = self.attrs_schema(cls, kind=kind)
        return {"$ref": f"#/$defs/{name}"}

    def _union(self, what: str, kinds: Mapping[str, type]) -> dict[str, Any]:
        name = self._names.get(what)
        if name is None:
            name = self._name_for(what, what)
            self.defs[name] = {}
            branches = [{"if": {"required": ["kind"], "properties": {"kind": {"const": k}}}, "then": self._kind(what, k, cls)} for k, cls in sorted(kinds.items())]
            self.defs[name] = {
                "title": f"{what} (tagged by kind)",
                "description": f"A {what}: a table whose `kind` names it ({', '.join(sorted(kinds))}); its other keys are that kind's parameters.",
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": sorted(kinds)}},
                "allOf": branches,
            }
        return {"$ref": f"#/$defs/{name}"}

    # -------------------------------------------------------------- output
    def finish(self, root: dict[str, Any], *, schema_id: str, version: str) -> dict[str, Any]:
        """The whole schema: ``$schema``, ``$id``, ``version``, the root and its ``$defs`` (sorted)."""
        used = _reachable(root, self.defs)
        return {"$schema": DRAFT, "$id": schema_id, "version": version, **root, "$defs": {k: self.defs[k] for k in sorted(used)}}


def _reachable(root: Any, defs: Mapping[str, Any]) -> set[str]:
    """The ``$defs`` a schema refers to, directly or through other entries."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name not in seen:
                    seen.add(name)
                    stack.append(defs[name])
            stack.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            stack.extend(node)
    return seen

