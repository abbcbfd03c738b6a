"""The JSON Schemas of perfrules' file formats, as shipped, and validation against them.

One schema per format, each a draft 2020-12 JSON Schema with ``$id``, ``$schema`` and a ``version``:

========================  ==========================================================================
``"rubric"``              a rubric file (:class:`~perfrules.rubrics.rubric.Rubric`)
``"overlay"``             an overlay file (``[overlay]`` with its ``changes``)
``"self-evaluation"``     a self-evaluation (:class:`~perfrules.model.self_evaluation.SelfEvaluation`)
``"table"``               a filled table exported as JSON rows (``perfrules audit rows.json``)
``"result"``              a stored evaluation result, versioned by ``format_version``
``"archive"``             an evaluation kept whole (:class:`~perfrules.evaluation.archive.Archive`)
========================  ==========================================================================

The files are generated from the models (:mod:`perfrules.schemas.generate`; a test keeps them equal)
and shipped in ``perfrules/schemas/``. :func:`json_schema` returns one as a dict;
:func:`validate` checks a parsed document against it and raises a
:class:`~perfrules.io.problems.DocumentError` naming every problem's ``$.path``, as the loader does
(it needs ``jsonschema``: ``pip install 'perfrules[schema]'``).

The schemas describe the documents' shape — keys, types, kinds, enums, number and date spellings.
What the loader checks beyond a shape is noted in each schema's description: the table notation of
targets and actuals, ranges of numbers, distinct codes and the relations between fields.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfrules.exceptions import InvalidInputError, PerfrulesError, WrongTypeError
from perfrules.io.problems import DocumentError

__all__ = ["SCHEMA_NAMES", "SCHEMA_VERSION", "json_ready", "json_schema", "schema_id", "schema_path", "validate"]

#: the formats that have a schema
SCHEMA_NAMES = ("rubric", "overlay", "self-evaluation", "table", "result", "archive")
#: the version of the schemas' formats (every schema's ``version``; the result's ``format_version``)
SCHEMA_VERSION = "1"
#: where the shipped schema files are (``perfrules/schemas/<name>.schema.json``)
SCHEMA_FOLDER = Path(__file__).resolve().parent.parent / "schemas"


def _check_name(name: str) -> str:
    if name not in SCHEMA_NAMES:
        raise PerfrulesError(f"no schema named {name!r}; the schemas are {', '.join(SCHEMA_NAMES)}")
    return name


def schema_id(name: str) -> str:
    """The ``$id`` of a schema: ``urn:perfrules:schema:<name>:<version>`` (a name, not a web address)."""
    return f"urn:perfrules:schema:{_check_name(name)}:{SCHEMA_VERSION}"


def schema_path(name: str) -> Path:
    """The shipped file of a schema, for an editor's settings (``perfrules/schemas/rubric.schema.json``)."""
    return SCHEMA_FOLDER / f"{_check_name(name)}.schema.json"


@functools.cache
def _shipped(name: str) -> str:
    return schema_path(name).read_text(encoding="utf-8")


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a format, as shipped (a new dict on every call: change it freely).

    Args:
        name: one of :data:`SCHEMA_NAMES`.

    Raises:
        PerfrulesError: no schema has that name.

    >>> json_schema("rubric")["$id"]
    'urn:perfrules:schema:rubric:1'
    """
    return json.loads(_shipped(_check_name(name)))


def json_ready(data: Any) -> Any:
    """Parsed TOML or JSON as a JSON validator reads it: dates (TOML's own date values) as ISO text.

    Tuples become lists; decimals stay decimals (:func:`validate` counts them as numbers). A TOML
    date-time or time becomes its ISO text too, which no date pattern accepts, as the loader refuses it.

    Raises:
        WrongTypeError: a key is not text (JSON and TOML keys always are), named by its ``$.path``.
        InvalidInputError: the data nests too deeply, or holds itself.
    """
    try:
        return _json_ready(data, "$")
    except RecursionError:
        raise InvalidInputError("nested too deeply (or holds itself)", path="document") from None


def _json_ready(data: Any, path: str) -> Any:
    if isinstance(data, Mapping):
        out = {}
        for k, v in data.items():
            if not isinstance(k, str):
                raise WrongTypeError(f"a key must be text, not {type(k).__name__} {k!r}", path=path, value=k)
            out[k] = _json_ready(v, f"{path}.{k}")
        return out
    if isinstance(data, (list, tuple)):
        return [_json_ready(v, f"{path}[{i}]") for i, v in enumerate(data)]
    if isinstance(data, (dt.date, dt.time)):  # dt.datetime is a dt.date
        return data.isoformat()
    return data


def _validator_class() -> Any:
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - the extra is installed with the tests
        raise PerfrulesError("validate() needs jsonschema: pip install 'perfrules[schema]'") from None

    # a float is no number here: the loader refuses it (FloatRefusedError), so the schema does too
    def is_number(checker: Any, instance: Any) -> bool:
        if isinstance(instance, float):
            return False
        return isinstance(instance, Decimal) or jsonschema.Draft202012Validator.TYPE_CHECKER.is_type(instance, "number")

    def is_integer(checker: Any, instance: Any) -> bool:
        if isinstance(instance, Decimal):
            return instance.is_finite() and instance == instance.to_integral_value()
        if isinstance(instance, float):
            return False
        return jsonschema.Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer")

    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many({"number": is_number, "integer": is_integer})
    return jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=checker), jsonschema


def _message(error: Any) -> str:
    """jsonschema's message, or for a value none of a titled schema's forms accept, what was expected."""
    title = error.schema.get("title") if isinstance(error.schema, Mapping) else None
    if isinstance(error.instance, float) and error.validator in ("type", "anyOf", "oneOf"):
        return f"float {error.instance!r} refused; numbers must be exact: write it as text ({str(error.instance)!r}) or parse with parse_float=Decimal"
    if error.validator == "anyOf" and isinstance(title, str):
        return f"expected {'an' if title[:1].lower() in 'aeiou' else 'a'} {title}, got {error.instance!r}"
    return str(error.message)


@functools.cache
def _shipped_validator(name: str) -> Any:
    return _validator(json_schema(name))


def _validator(schema: Mapping[str, Any]) -> Any:
    cls, jsonschema = _validator_class()
    return cls(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER), jsonschema


def validate(document: Any, name: str, *, schema: Mapping[str, Any] | None = None, what: str | None = None) -> None:
    """Check parsed data (``tomllib``/``json`` output, or ``perfrules.parse_document``'s) against a schema.

    TOML dates are taken as their ISO text and exact decimals as numbers (:func:`json_ready`).

    Args:
        document: the parsed document.
        name: which format (one of :data:`SCHEMA_NAMES`).
        schema: a schema to use instead of the shipped one (``perfrules.schemas.generate(name,
            converter=registry.converter())`` lists a plugin's rule kinds too).
        what: how errors name the document.

    Raises:
        DocumentError: every place the document breaks the schema, each as ``$.path: reason``.
        PerfrulesError: jsonschema is not installed, or no schema has that name.
    """
    _check_name(name)
    if what is not None and not isinstance(what, str):
        raise WrongTypeError(f"what names the document in errors: expected text, got {type(what).__name__}", path="what", value=what)
    if schema is None:
        validator, jsonschema = _shipped_validator(name)
    else:
        validator, jsonschema = _custom_validator(schema)
    what = what or f"{name} document (by its schema)"
    try:
        data = _json_ready(document, "$")
    except RecursionError:
        raise DocumentError(what, ["$: nested too deeply (or holds itself)"]) from None
    try:
        errors = list(validator.iter_errors(data))
    except RecursionError:
        if schema is not None:  # {"$ref": "#"} recurses without end whatever the document
            raise InvalidInputError("the schema cannot be applied: it refers to itself without end, or the document nests too deeply", path="schema", value=None) from None
        raise DocumentError(what, ["$: nested too deeply"]) from None
    except Exception as e:  # only a schema passed in gets here: a $ref it cannot resolve, a keyword it misuses
        if schema is None:  # pragma: no cover - the shipped schemas are checked by the tests
            raise
        raise InvalidInputError(f"the schema cannot be applied: {type(e).__name__}: {e}", path="schema", value=None) from None
    problems = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        best = jsonschema.exceptions.best_match([error])
        problems.append(f"{best.json_path}: {_message(best)}")
    if problems:
        raise DocumentError(what, problems)


def _custom_validator(schema: Any) -> Any:
    """A validator for a schema passed to :func:`validate`, refusing one that is no draft 2020-12 schema."""
    if not isinstance(schema, Mapping):
        raise WrongTypeError(f"expected a JSON Schema (a mapping), got {type(schema).__name__}", path="schema", value=schema)
    cls, jsonschema = _validator_class()
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        raise InvalidInputError(f"not a valid JSON Schema: {e.message} at {e.json_path}", path="schema", value=None) from None
    except RecursionError:
        raise InvalidInputError("not a valid JSON Schema: nested too deeply (or holds itself)", path="schema", value=None) from None
    except Exception as e:  # keys that are not text, values jsonschema cannot compare …
        raise InvalidInputError(f"not a valid JSON Schema: {type(e).__name__}: {e}", path="schema", value=None) from None
    return _validator(schema)
