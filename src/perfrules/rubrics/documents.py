"""A rubric from a parsed document: a full rubric or an overlay on a base, linted on the way.

A rubric with lint errors is refused (:class:`RubricLintError`) unless ``lint=False``;
lint warnings become :class:`~perfrules.exceptions.PerfrulesWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import cattrs

from perfrules.exceptions import PerfrulesWarning, RubricError
from perfrules.findings import Finding, Severity
from perfrules.io.converter import DocumentError, default_converter, structure
from perfrules.rubrics.lint import lint as lint_rubric
from perfrules.rubrics.overlays import Overlay, apply_overlay
from perfrules.rubrics.rubric import Rubric

__all__ = ["Resolver", "RubricLintError", "rubric_from_data"]


class RubricLintError(RubricError):
    """A rubric failed :func:`perfrules.rubrics.lint.lint`; ``findings`` holds the errors."""

    def __init__(self, code: str, findings: tuple[Finding, ...]) -> None:
        self.code = code
        self.findings = findings
        super().__init__(code, findings)

    def __str__(self) -> str:
        lines = [f"rubric {self.code!r} fails lint with {len(self.findings)} error(s):"]
        lines += [f"  {f.render('en')}" for f in self.findings]
        return "\n".join(lines)


#: finds the base rubric an overlay names, by code (``get_rubric`` by default)
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


def rubric_from_data(
    data: Any, *, what: str, lint: bool, resolve: Resolver, converter: cattrs.Converter | None
) -> Rubric:
    """A rubric from parsed data: a whole rubric, or an ``{overlay = …}`` merged onto the base ``resolve`` finds; linted when ``lint``.

    Raises:
        DocumentError: every problem of the document, with its path.
        RubricLintError: ``lint`` and the rubric has lint errors.
    """
    if isinstance(data, Mapping) and "overlay" in data:
        extra = sorted(set(data) - {"overlay"})
        if extra:
            raise DocumentError(what, [f"$: unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))} beside 'overlay'"])
        overlay = structure(data["overlay"], Overlay, converter=converter, what=what)
        base = resolve(overlay.base)
        return _check(apply_overlay(base, overlay, converter=default_converter(omit_defaults=False) if converter is None else converter), lint)
    return _check(structure(data, Rubric, converter=converter, what=what), lint)


