"""Reading and writing rubrics, self-evaluations and results as JSON or TOML.

Numbers are read exactly: JSON and TOML numbers are parsed from their text as
:class:`~decimal.Decimal` (``parse_float=Decimal``), never through a binary
float, and ``NaN``/``Infinity`` are refused. Decimals are written as strings.
TOML has no null, so fields whose value is ``None`` are left out when writing
TOML (they read back as their default).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import cattrs
import tomli_w

from perfrules._fields import repeated
from perfrules.exceptions import InvalidInputError, PerfrulesError, WrongTypeError
from perfrules.io.converter import DocumentError, default_converter, structure
from perfrules.model.self_evaluation import SelfEvaluation

__all__ = [
    "FORMATS",
    "dump",
    "format_of",
    "dumps",
    "load",
    "load_self_evaluation",
    "loads",
    "parse_document",
]

T = TypeVar("T")
#: the document formats perfrules reads and writes
FORMATS = ("json", "toml")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not an exact number")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    dupes = list(repeated(k for k, _ in pairs))
    if dupes:
        raise ValueError(f"duplicate key {dupes[0]!r}")
    return dict(pairs)


#: the key a document names its JSON Schema with, for editors (``"$schema": "…/rubric.schema.json"``)
SCHEMA_KEY = "$schema"


def _without_schema_key(data: Any) -> Any:
    """The document without its top-level ``$schema`` reference: it tells an editor which schema to
    check against and is no part of the data. (Not a string: left in, so the loader says so.)"""
    if isinstance(data, dict) and isinstance(data.get(SCHEMA_KEY), str):
        return {k: v for k, v in data.items() if k != SCHEMA_KEY}
    return data


def parse_document(text: str, *, format: str = "json", what: str = "document") -> Any:
    """Parse JSON or TOML text into plain data with exact numbers.

    Raises:
        DocumentError: the text is not valid JSON/TOML.
        WrongTypeError: ``text`` is not a str (bytes are refused: decode them first, as ``read_text`` does).
        InvalidInputError: ``format`` is neither ``"json"`` nor ``"toml"``.
    """
    if not isinstance(text, str):
        raise WrongTypeError(f"expected the document's text (str), got {type(text).__name__}", path="text", value=text)
    if not isinstance(format, str) or format not in FORMATS:
        raise InvalidInputError(f"format must be one of {FORMATS}, got {format!r}", path="format", value=format)
    try:
        if format == "json":
            return _without_schema_key(json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicate_keys))
        if format == "toml":
            return _without_schema_key(tomllib.loads(text, parse_float=Decimal))
    except RecursionError:
        raise DocumentError(what, ["$: nested too deeply"]) from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise DocumentError(what, [f"$: not valid {format.upper()}: {exc}"]) from exc
    raise ValueError(f"format must be one of {FORMATS}, got {format!r}")


def _drop_none(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {k: _drop_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_none(v) for v in data]
    return data


def format_of(path: Path, format: str | None) -> str:
    """The document format of ``path``: ``format`` when given, else its suffix (``json`` or ``toml``).

    Raises:
        InvalidInputError: the suffix names no format perfrules reads.
    """
    if format is not None:
        return format
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidInputError(f"cannot tell the format of {path.name!r}; name it .json or .toml, or pass format=", value=str(path))
    return suffix


def read_text(path: Path) -> str:
    """A document's text (UTF-8), or a DocumentError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(path.name, [f"$: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except IsADirectoryError:
        raise DocumentError(path.name, ["$: a folder, not a file"]) from None


def loads(text: str, cls: type[T], *, format: str = "json", converter: cattrs.Converter | None = None) -> T:
    """Read a ``cls`` (``Rubric``, ``SelfEvaluation``, ``EvaluationResult`` …) from text.

    Raises:
        DocumentError: listing every problem with its path.
    """
    what = f"{cls.__name__} document"
    return structure(parse_document(text, format=format, what=what), cls, converter=converter, what=what)


def dumps(obj: Any, *, format: str = "json", converter: cattrs.Converter | None = None) -> str:
    """Write any perfrules model as JSON (indented, UTF-8 text) or TOML."""
    data = (converter or default_converter()).unstructure(obj)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if format == "toml":
        if not isinstance(data, Mapping):
            raise PerfrulesError(f"TOML needs a table at the top, not {type(data).__name__}")
        return tomli_w.dumps(_drop_none(data))
    raise ValueError(f"format must be one of {FORMATS}, got {format!r}")


def load(path: str | Path, cls: type[T], *, format: str | None = None, converter: cattrs.Converter | None = None) -> T:
    """Read a ``cls`` from a ``.json`` or ``.toml`` file."""
    p = Path(path)
    fmt = format_of(p, format)
    try:
        return loads(read_text(p), cls, format=fmt, converter=converter)
    except DocumentError as exc:
        raise DocumentError(f"{p.name} ({cls.__name__})", list(exc.problems)) from exc


def dump(obj: Any, path: str | Path, *, format: str | None = None, converter: cattrs.Converter | None = None) -> None:
    """Write ``obj`` to a ``.json`` or ``.toml`` file."""
    p = Path(path)
    text = dumps(obj, format=format_of(p, format), converter=converter)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[max(0, exc.start - 20) : exc.end + 20]
        raise InvalidInputError(f"cannot write {p.name}: a text holds a lone surrogate (a broken encoding) near {bad!r}", value=obj) from None
    p.write_bytes(data)


def load_self_evaluation(path: str | Path, *, format: str | None = None) -> SelfEvaluation:
    """Read a self-evaluation (自评表) file."""
    return load(path, SelfEvaluation, format=format)
