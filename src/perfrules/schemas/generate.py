"""Generating the JSON Schemas of perfrules' file formats from the models.

:func:`generate` builds one schema (see :data:`~perfrules.io.schema.SCHEMA_NAMES`) with
:class:`~perfrules.io.schema_model.SchemaBuilder`, for perfrules' own rule kinds or a converter's
(a plugin's kinds: ``generate("rubric", converter=registry.converter())``).
:func:`write_schemas` writes them all as the files shipped in ``perfrules/schemas/``; a test asserts
the shipped files equal :func:`generate`'s output, and ``PERFRULES_REGOLD=1 pytest tests/test_schema.py``
(or ``perfrules.schemas.write_schemas()``) rewrites them after a deliberate change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from perfrules.evaluation.archive import ARCHIVE_FORMAT_VERSION, Archive
from perfrules.evaluation.result import RESULT_FORMAT_VERSION, EvaluationResult
from perfrules.exceptions import InvalidInputError, WrongTypeError
from perfrules.io.converter import PerfrulesConverter
from perfrules.io.documents import SCHEMA_KEY
from perfrules.io.schema import SCHEMA_FOLDER, SCHEMA_NAMES, SCHEMA_VERSION, schema_id
from perfrules.io.schema_model import DRAFT, SchemaBuilder
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.overlays import Overlay
from perfrules.rubrics.rubric import Rubric
from perfrules.schemas.table import table_schema

__all__ = ["generate", "schema_text", "write_schemas"]

#: what the loader checks that a schema cannot say, per format (in each schema's description)
_LOADER_ONLY = {
    "rubric": "lint (perfrules lint) runs on every rubric loaded: points that add up, grade bands that cover the "
    "scale, parameters in range; block and indicator codes distinct; effective_to not before effective_from",
    "overlay": "the merged rubric is a valid rubric (lint included): a change whose `kind` differs from the base's, "
    "or a new entry of a coded list, must be complete; `remove = true` only for codes the base has",
    "self-evaluation": "indicators nest at most 32 deep; a group takes no target, actual, assessment or rule; "
    "fund sources and top-level codes are distinct; a 'total' fund line stands alone; a range's upper bound is "
    "not below its lower one",
    "result": "the figures agree with each other (replay() re-evaluates the inputs to check a stored result)",
    "archive": "the rubric, inputs and result belong together: replay_archive() re-evaluates the inputs with the "
    "archived rubric, and the rubric's fingerprint must be the one the result records",
}
_COMMON = (
    "Checked by the loader, not by this schema: the table notation of targets and actuals (docs/notation.md); "
    "numbers outside 10^-24 … 10^24; a text holding a lone surrogate; "
)
_TITLES = {
    "rubric": ("perfrules rubric", "A rubric: the blocks, rules, rounding and grades a self-evaluation is scored by (docs/file-formats.md)."),
    "overlay": ("perfrules overlay", "An overlay: a base rubric's code plus only what a region or year changes; tables merge key by key, "
                "lists of tables with a code merge by code (docs/file-formats.md)."),
    "self-evaluation": ("perfrules self-evaluation", "A self-evaluation (自评表): project, funds, indicator tree, stated scores."),
    "result": ("perfrules evaluation result", "A stored evaluation result: every node's exact score and explanation, the total, "
               "grade and findings, the rubric's code, version and fingerprint — an archivable trace that replay() re-checks."),
    "archive": ("perfrules archive", "An evaluation kept whole: the rubric as it scored (every default written out), the inputs "
                "and the result, so that replay_archive() (perfrules replay) re-checks it with nothing found again elsewhere."),
}  # fmt: skip
#: keys an overlay's changes may not set (they are the overlay's own)
_IDENTITY = ("code", "version", "title_zh", "title_en", "lineage")


def _description(name: str) -> str:
    return f"{_TITLES[name][1]} {_COMMON}{_LOADER_ONLY[name]}."


def generate(name: str, *, converter: PerfrulesConverter | None = None) -> dict[str, Any]:
    """The JSON Schema of the format ``name`` (one of :data:`~perfrules.io.schema.SCHEMA_NAMES`).

    Args:
        name: ``"rubric"``, ``"overlay"``, ``"self-evaluation"``, ``"table"``, ``"result"`` or ``"archive"``.
        converter: whose rule, aggregator and check kinds the schema lists (default: perfrules' own).

    Raises:
        PerfrulesError: no schema has that name.
        WrongTypeError: ``converter`` is not a perfrules converter.
    """
    ident = schema_id(name)
    if converter is not None and not isinstance(converter, PerfrulesConverter):
        raise WrongTypeError(f"expected a PerfrulesConverter (registry.converter()), got {type(converter).__name__}", path="converter", value=converter)
    if name == "table":
        return table_schema(schema_id=ident, version=SCHEMA_VERSION, draft=DRAFT)
    builder = SchemaBuilder(converter)
    title = _TITLES[name][0]
    if name == "rubric":
        root = builder.document(Rubric, title=title, description=_description(name))
        _schema_key(builder.defs["Rubric"])
        return builder.finish(root, schema_id=ident, version=SCHEMA_VERSION)
    if name == "self-evaluation":
        root = builder.document(SelfEvaluation, title=title, description=_description(name))
        _schema_key(builder.defs["SelfEvaluation"])
        return builder.finish(root, schema_id=ident, version=SCHEMA_VERSION)
    if name == "result":
        root = builder.document(EvaluationResult, title=title, description=_description(name))
        _result_version(_schema_key(builder.defs["EvaluationResult"]))
        return builder.finish(root, schema_id=ident, version=str(RESULT_FORMAT_VERSION))
    if name == "archive":
        root = builder.document(Archive, title=title, description=_description(name))
        _schema_key(builder.defs["Archive"])["properties"]["format_version"] = {
            "enum": list(range(1, ARCHIVE_FORMAT_VERSION + 1)),
            "description": "the version of the archive's format (always written)",
        }
        _result_version(builder.defs["EvaluationResult"])
        return builder.finish(root, schema_id=ident, version=str(ARCHIVE_FORMAT_VERSION))
    return _overlay(builder, ident)


def _result_version(result: dict[str, Any]) -> None:
    """A result's ``format_version``: one this perfrules reads, or absent in results stored before versions."""
    result["properties"]["format_version"] = {
        "enum": [*range(1, RESULT_FORMAT_VERSION + 1), None],
        "description": "the version of this format; absent (or null) in results stored before results were versioned",
    }


def _schema_key(document: dict[str, Any]) -> dict[str, Any]:
    """A document's root may name its schema for an editor (``"$schema": "…"``); the loader drops it."""
    document["properties"] = {SCHEMA_KEY: {"type": "string", "description": "the JSON Schema this document follows, for editors; not read as data"}, **document["properties"]}
    return document


def _overlay(builder: SchemaBuilder, ident: str) -> dict[str, Any]:
    """``{overlay = {code, base, …, changes}}``, the changes a partial rubric."""
    builder.ref(Rubric)
    partial = {f"partial.{k}": _partial(v) for k, v in builder.defs.items()}
    changes = partial["partial.Rubric"]
    changes["properties"] = {k: v for k, v in changes["properties"].items() if k not in _IDENTITY}
    changes.update(title="changes", description="A partial rubric merged onto the base: only the keys it changes. " + changes.get("description", ""))
    overlay = builder.ref(Overlay)["$ref"].removeprefix("#/$defs/")
    builder.defs[overlay]["properties"]["changes"] = {"$ref": "#/$defs/partial.Rubric", "description": "what the overlay changes: a partial rubric document"}
    builder.defs.update(partial)
    root = {
        "title": _TITLES["overlay"][0],
        "description": _description("overlay"),
        "type": "object",
        "properties": {SCHEMA_KEY: {"type": "string", "description": "the JSON Schema this document follows, for editors; not read as data"}, "overlay": {"$ref": f"#/$defs/{overlay}"}},
        "required": ["overlay"],
        "additionalProperties": False,
    }
    return builder.finish(root, schema_id=ident, version=SCHEMA_VERSION)


def _partial(node: Any) -> Any:
    """A schema that accepts any part of what ``node`` accepts: nothing required, refs to partial entries,
    and ``remove = true`` beside a ``code`` (an entry of a coded list deleted by an overlay)."""
    if isinstance(node, Mapping):
        out = {k: _partial(v) for k, v in node.items() if k != "required" or not isinstance(v, list)}
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
            out["$ref"] = "#/$defs/partial." + node["$ref"].removeprefix("#/$defs/")
        if "if" in node:
            out["if"] = node["if"]  # a branch still applies only to its own kind, named
        properties = out.get("properties")
        if isinstance(properties, dict) and "code" in properties and "kind" not in properties:
            out["properties"] = {**properties, "remove": {"const": True, "description": "delete the base's entry with this code"}}
        return out
    if isinstance(node, list):
        return [_partial(v) for v in node]
    return node


def schema_text(schema: Mapping[str, Any]) -> str:
    """A schema as its file holds it: indented JSON, UTF-8 text, a final newline.

    Raises:
        WrongTypeError: ``schema`` is not a mapping.
        InvalidInputError: it holds what JSON cannot (a NaN, a Decimal, bytes, itself).
    """
    if not isinstance(schema, Mapping):
        raise WrongTypeError(f"expected a schema (a mapping), got {type(schema).__name__}", path="schema", value=schema)
    try:
        return json.dumps(schema, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except (TypeError, ValueError, RecursionError) as e:
        raise InvalidInputError(f"cannot be written as JSON: {e}", path="schema", value=None) from None


def write_schemas(folder: str | Path | None = None) -> list[Path]:
    """Write every schema to ``folder`` (default: the shipped ``perfrules/schemas/``); the paths written.

    Raises:
        WrongTypeError: ``folder`` is not a path.
        InvalidInputError: ``folder`` is empty, or the files cannot be written there.
    """
    if folder is not None and (isinstance(folder, bytes) or not isinstance(folder, (str, PathLike))):
        raise WrongTypeError(f"expected a folder's path, got {type(folder).__name__}", path="folder", value=folder)
    if folder is not None and not str(folder):
        raise InvalidInputError("an empty path names no folder (write '.' for this one)", path="folder", value=folder)
    try:
        target = Path(folder) if folder is not None else SCHEMA_FOLDER
    except TypeError as e:  # an os.PathLike whose path is bytes
        raise WrongTypeError(f"expected a folder's path: {e}", path="folder", value=folder) from None
    written = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in SCHEMA_NAMES:
            path = target / f"{name}.schema.json"
            path.write_text(schema_text(generate(name)), encoding="utf-8")
            written.append(path)
    except (OSError, ValueError) as e:  # not a folder, no permission, a NUL or a lone surrogate in the path
        raise InvalidInputError(f"cannot write the schemas to {str(target)!r}: {e}", path="folder", value=folder) from None
    return written

