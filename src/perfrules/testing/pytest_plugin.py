"""The pytest plugin (entry point ``pytest11``): every ``*.cases.toml`` file pytest meets is a set of tests,
one per case, so a province's case files run with the rest of its suite; and the fixture
``perfrules_conformance`` a plugin's test calls on its rubric.

Installed with perfrules; pytest loads it by itself. ``pytest -p no:perfrules`` turns it off.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CaseFileCollector", "CaseItem", "perfrules_conformance", "pytest_collect_file"]

SUFFIX = ".cases.toml"


def _cases() -> Any:
    # imported when a case file is met, not when pytest starts: a suite without case files pays nothing
    return importlib.import_module("perfrules.testing.cases")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collects every ``*.cases.toml`` file as one test per case."""
    if file_path.name.endswith(SUFFIX):
        return CaseFileCollector.from_parent(parent, path=file_path)
    return None


@pytest.fixture
def perfrules_conformance() -> Any:
    """``perfrules_conformance(rubric, examples=100)``: fail with every conformance problem of a rubric
    (lint, document round trip, scores within their points, explanations in both languages)."""
    return importlib.import_module("perfrules.testing.conformance").assert_conformant


class CaseFileCollector(pytest.File):
    """A case file: its cases, run against the rubric it names."""

    def collect(self) -> Iterator[pytest.Item]:
        cases = _cases()
        case_file = cases.load_case_file(self.path)
        for index, case in enumerate(case_file.cases):
            yield CaseItem.from_parent(self, name=str(case.get("name", f"cases[{index}]")), case_file=case_file, index=index)


class CaseFailed(AssertionError):
    """A case whose expectations were not met."""


class CaseItem(pytest.Item):
    """One case of a case file."""

    def __init__(self, *, case_file: Any, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case_file = case_file
        self.index = index

    def runtest(self) -> None:
        cases = _cases()
        single = cases.CaseFile(self.case_file.path, self.case_file.rubric, self.case_file.tolerance, (self.case_file.cases[self.index],), self.case_file.document)
        (result,) = cases.run_case_file(single)
        if not result.passed:
            raise CaseFailed("\n".join(str(d) for d in result.differences))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return f"{self.path.name} — {self.name}:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"case: {self.name}"
