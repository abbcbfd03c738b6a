"""Rubrics by code and from files: built-ins first, then the sector packs of the default registry.

A rubric file (TOML or JSON) is either a full rubric document or an overlay
(a table ``overlay`` with ``base`` and ``changes``). :func:`load_rubric`
reads either, resolves an overlay's base (by default with :func:`get_rubric`),
and lints the result.
"""

from __future__ import annotations

import functools
from pathlib import Path

import cattrs

from perfrules.io.converter import PerfrulesConverter, make_converter
from perfrules.io.documents import format_of, load, parse_document, read_text
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.builtin import builtin_rubrics
from perfrules.rubrics.documents import Resolver, rubric_from_data
from perfrules.rubrics.registry import UnknownRubricError, default_registry
from perfrules.rubrics.rubric import Rubric

__all__ = ["get_rubric", "load_rubric", "load_self_evaluation", "loads_rubric", "plugin_converter"]


def get_rubric(code: str) -> Rubric:
    """A rubric by code: a built-in general rubric, else a sector pack of the default registry.

    Raises:
        UnknownRubricError: no source has that code (a ``KeyError``); the message lists them.
    """
    rubrics = builtin_rubrics()
    if code in rubrics:
        return rubrics[code]
    registry = default_registry()
    if code in registry:
        return registry.rubric(code)
    raise UnknownRubricError(code, tuple(sorted({*rubrics, *registry.codes()})))


def loads_rubric(
    text: str,
    *,
    format: str = "toml",
    lint: bool = True,
    resolve: Resolver | None = None,
    converter: cattrs.Converter | None = None,
) -> Rubric:
    """Read a rubric or overlay document from text.

    Args:
        text: the document.
        format: ``"toml"`` or ``"json"``.
        lint: refuse a rubric with lint errors (and warn about lint warnings).
        resolve: finds an overlay's base by code (default: :func:`get_rubric`).
        converter: a converter for other kinds (default: the default registry's, which knows
            every installed plugin's rule kinds).

    Raises:
        DocumentError: every problem of the document, with its path.
        RubricLintError: the rubric is well-formed but fails lint.
    """
    data = parse_document(text, format=format, what="rubric document")
    converter = converter or plugin_converter()
    return rubric_from_data(data, what="rubric document", lint=lint, resolve=resolve or get_rubric, converter=converter)


def load_rubric(
    path: str | Path,
    *,
    format: str | None = None,
    lint: bool = True,
    resolve: Resolver | None = None,
    converter: cattrs.Converter | None = None,
) -> Rubric:
    """Read a rubric or overlay file (``.toml`` or ``.json``); see :func:`loads_rubric`."""
    p = Path(path)
    fmt = format_of(p, format)
    data = parse_document(read_text(p), format=fmt, what=p.name)
    converter = converter or plugin_converter()
    return rubric_from_data(data, what=p.name, lint=lint, resolve=resolve or get_rubric, converter=converter)


def load_self_evaluation(path: str | Path, *, format: str | None = None, converter: cattrs.Converter | None = None) -> SelfEvaluation:
    """Read a self-evaluation file, with every rule kind the default registry knows (plugins' too)."""
    return load(path, SelfEvaluation, format=format, converter=converter or plugin_converter())


def _plugin_kind(what: str, kind: str) -> type | None:
    registry = default_registry()
    if what == "rule":
        return registry.rule_kind(kind)
    return None


@functools.cache
def plugin_converter() -> PerfrulesConverter:
    """The converter ``load_*`` use by default: perfrules' kinds, and a plugin's kind looked up in
    the default registry only when a document names one (so a plugin that reads its own rubric file
    while it is imported never sets off the loading of every plugin)."""
    return make_converter(omit_defaults=False, resolve_kind=_plugin_kind)


