"""perfrules speaks of itself only: its docs, code, data and examples cite published sources, never private notes.

A rule's source is a document a reader can look up — its number (文号) and title, a named provincial or
county plan, a published notice or report — not a working-note path, an item code of an internal
research brief (``"A5"``, ``"H4 (…)"``) or a "shared seed" file. This test reads every ``.py``,
``.toml`` and ``.md`` file under docs/, src/perfrules/ and examples/, and README.md, and fails on

- a path under ``/work/``, or the words "domain notes", "domain brief", "shared seed";
- a check or rubric ``source`` whose value starts with a bare item code (``^[A-Z][0-9]+\\b``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".toml", ".md"}
FORBIDDEN = re.compile(r"/work/|domain notes|domain brief|shared seed", re.IGNORECASE)
ITEM_CODE = re.compile(r"^[A-Z][0-9]+\b")


def _files(top: Path) -> list[Path]:
    """The project's own text files under ``top``: no hidden folders (caches), no build output."""
    if top.is_file():
        return [top]
    found = []
    for path in sorted(top.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        if any(part.startswith(".") or part in {"__pycache__", "_build", "build", "dist"} for part in parts):
            continue
        if any(part.endswith(".egg-info") for part in parts):
            continue
        found.append(path)
    return found


PLACES = ("docs", "README.md", "src/perfrules", "examples")


@pytest.mark.parametrize("place", PLACES)
def test_no_private_notes_are_cited(place: str) -> None:
    files = _files(ROOT / place)
    assert files, f"nothing to read under {place}"
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert hits == [], "private working notes cited:\n" + "\n".join(hits)


def _sources(value: object, where: str) -> list[tuple[str, str]]:
    """Every ``source`` string in a parsed TOML document (checks nested in lists and tables too)."""
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source" and isinstance(item, str):
                found.append((where, item))
            else:
                found += _sources(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _sources(item, f"{where}[{index}]")
    return found


@pytest.mark.parametrize("place", ("src/perfrules", "examples"))
def test_no_source_is_a_bare_item_code(place: str) -> None:
    tomls = [path for path in _files(ROOT / place) if path.suffix == ".toml"]
    assert tomls
    sources = [
        (f"{path.relative_to(ROOT)}:{where}", source)
        for path in tomls
        for where, source in _sources(tomllib.loads(path.read_text(encoding="utf-8")), "")
    ]
    bare = [f"{where}: {source!r}" for where, source in sources if ITEM_CODE.match(source)]
    assert bare == [], "a source that is an item code, not a document:\n" + "\n".join(bare)


def test_the_built_in_rubrics_sources_name_documents() -> None:
    """The loaded rubrics too: no check of a built-in rubric or sector pack cites an item code."""
    import perfrules

    bare = []
    sector_data = ROOT / "src" / "perfrules" / "sectors" / "data"
    codes = [*perfrules.list_rubrics(), *(path.stem for path in sorted(sector_data.glob("*.toml")))]
    assert "cn-national-project-2020" in codes and "cn-agriculture-trusteeship" in codes
    for code in codes:
        rubric = perfrules.get_rubric(code)
        for check in rubric.checks:
            for one in (check, *getattr(check, "checks", ())):
                source = getattr(one, "source", None) or ""
                if ITEM_CODE.match(source):
                    bare.append(f"{code}: {one.code}: {source!r}")
    assert bare == []


def test_the_patterns_catch_what_they_are_for() -> None:
    """The test fails where it should: the forms the cleanup removed are caught."""
    for line in (
        "see /work/shared/docs/domain.md",
        "(domain notes A5)",
        "domain brief §1.2",
        "shared seed 002",
        "Shared seed 000 篇三",
    ):
        assert FORBIDDEN.search(line), line
    for source in ("H4", "A3 (Jiangxi 2020)", "A10 (provincial)", "F3"):
        assert ITEM_CODE.match(source), source
    for source in ("农办计财〔2019〕54号", "Jiangxi 2020 implementation plan", "东营区农业生产托管服务项目实施方案"):
        assert not ITEM_CODE.match(source), source
