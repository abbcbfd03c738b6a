"""Rubric files and the built-in rubric library.

A rubric file (TOML or JSON) is either a full rubric document or an overlay
(a table ``overlay`` with ``base`` and ``changes``). :func:`load_rubric`
reads either, resolves an overlay's base, and lints the result: a rubric
with lint errors is refused (:class:`RubricLintError`) unless ``lint=False``.

Built-in rubrics are data files inside the package, read on first use:

* ``cn-national-project-2020`` — 财预〔2020〕10号, execution 10 / output 50 /
  benefit 30 / satisfaction 10, grades 90/80/60;
* ``cn-hubei-project-2020`` — overlay: execution 20 / output 40 / benefit 40;
* ``cn-provincial-grades-80-70-60`` — overlay: grades 80/70/60.
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import cattrs

from perfrules._version import __version__
from perfrules.exceptions import PerfrulesWarning, RubricError
from perfrules.files import _format_of, parse_document, read_text
from perfrules.findings import Finding, Severity
from perfrules.lint import lint as lint_rubric
from perfrules.overlays import Overlay, apply_overlay
from perfrules.rubric import Rubric
from perfrules.serialize import DocumentError, make_converter, structure
from perfrules.versioning import select_rubric

__all__ = [
    "BUILTIN_FILES",
    "RubricLintError",
    "builtin_rubrics",
    "get_rubric",
    "list_rubrics",
    "load_rubric",
    "loads_rubric",
    "rubric_in_force",
]

#: the built-in rubric files, in dependency order (a base before its overlays)
BUILTIN_FILES = (
    "cn-national-project-2020.toml",
    "cn-hubei-project-2020.toml",
    "cn-provincial-grades-80-70-60.toml",
)


class RubricLintError(RubricError):
    """A rubric failed :func:`perfrules.lint.lint`; ``findings`` holds the errors."""

    def __init__(self, code: str, findings: tuple[Finding, ...]) -> None:
        self.code = code
        self.findings = findings
        super().__init__(code, findings)

    def __str__(self) -> str:
        lines = [f"rubric {self.code!r} fails lint with {len(self.findings)} error(s):"]
        lines += [f"  {f.render('en')}" for f in self.findings]
        return "\n".join(lines)


Resolver = Callable[[str], Rubric]


def _check(rubric: Rubric, lint: bool) -> Rubric:
    if not lint:
        return rubric
    findings = lint_rubric(rubric)
    errors = tuple(f for f in findings if f.severity is Severity.ERROR)
    if errors:
        raise RubricLintError(rubric.code, errors)
    for f in findings:
        warnings.warn(f"rubric {rubric.code}: {f.render('en')}", PerfrulesWarning, stacklevel=3)
    return rubric


def _from_data(
    data: Any, *, what: str, lint: bool, resolve: Resolver | None, converter: cattrs.Converter | None
) -> Rubric:
    if isinstance(data, Mapping) and "overlay" in data:
        extra = sorted(set(data) - {"overlay"})
        if extra:
            raise DocumentError(what, [f"$: unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))} beside 'overlay'"])
        overlay = structure(data["overlay"], Overlay, converter=converter, what=what)
        base = (resolve or get_rubric)(overlay.base)
        return _check(apply_overlay(base, overlay, converter=make_converter(omit_defaults=False) if converter is None else converter), lint)
    return _check(structure(data, Rubric, converter=converter, what=what), lint)


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
        converter: a converter that knows third-party rule kinds.

    Raises:
        DocumentError: every problem of the document, with its path.
        RubricLintError: the rubric is well-formed but fails lint.
    """
    data = parse_document(text, format=format, what="rubric document")
    return _from_data(data, what="rubric document", lint=lint, resolve=resolve, converter=converter)


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
    fmt = _format_of(p, format)
    data = parse_document(read_text(p), format=fmt, what=p.name)
    return _from_data(data, what=p.name, lint=lint, resolve=resolve, converter=converter)


@functools.cache
def builtin_rubrics() -> Mapping[str, Rubric]:
    """Every built-in rubric by code, read from the package's data files once."""
    loaded: dict[str, Rubric] = {}
    folder = resources.files("perfrules.data.rubrics")
    for name in BUILTIN_FILES:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        data = parse_document(text, format="toml", what=name)
        rubric = _from_data(data, what=name, lint=True, resolve=lambda code: loaded[code], converter=None)
        loaded[rubric.code] = attrs.evolve(rubric, origin=f"perfrules {__version__}")
    return loaded


def get_rubric(code: str) -> Rubric:
    """A rubric by code: a built-in general rubric, else a sector pack of the default registry.

    Raises:
        UnknownRubricError: no source has that code (a ``KeyError``); the message lists them.
    """
    rubrics = builtin_rubrics()
    if code in rubrics:
        return rubrics[code]
    from perfrules.registry import UnknownRubricError, default_registry

    registry = default_registry()
    if code in registry:
        return registry.rubric(code)
    raise UnknownRubricError(code, tuple(sorted({*rubrics, *registry.codes()})))


def list_rubrics() -> list[str]:
    """Codes of the built-in rubrics, sorted."""
    return sorted(builtin_rubrics())


def rubric_in_force(region: str, on: dt.date) -> Rubric:
    """The built-in rubric in force for ``region`` on ``on`` (see :func:`~perfrules.versioning.select_rubric`)."""
    return select_rubric(builtin_rubrics().values(), region=region, on=on)


def __getattr__(name: str) -> Rubric:
    # NATIONAL_2020 / HUBEI_2020 are read from the data files on first access
    codes = {"NATIONAL_2020": "cn-national-project-2020", "HUBEI_2020": "cn-hubei-project-2020"}
    if name in codes:
        return get_rubric(codes[name])
    raise AttributeError(f"module 'perfrules.rubrics' has no attribute {name!r}")
