"""Every code block of the docs and READMEs runs, with Sybil, and says what it prints.

- ```python blocks run in order in one namespace per page; a block written as a doctest (``>>>``)
  is checked against its output (ELLIPSIS on).
- ```console blocks are command-line sessions: each ``$ perfrules …`` line runs in process (click's
  runner) in a scratch folder holding the files the pages name, and what follows it, up to the next
  prompt, must be what it printed (``...`` matches anything); it must exit 0 or 1 unless its comment
  says otherwise (``# … [exit 2]``).
- ```toml blocks must parse, and a whole rubric, overlay or self-evaluation validates against its schema.
- ```sh blocks set up an environment (a venv, pip); the README's are the commands CI runs
  (tests/test_docs.py checks that), and no other page may use them for perfrules commands.
- ```text blocks are diagrams and printed output quoted from a neighbouring example.

A block that cannot run here (it needs a network, or an installed plugin) is preceded by
``<!-- skip: next -->`` with a sentence saying where it is checked instead.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import tomllib
from decimal import Decimal
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sybil import Document, Example
from sybil.parsers.markdown import SkipParser
from sybil.parsers.myst import CodeBlockParser, PythonCodeBlockParser

from perfrules import examples
from perfrules.io.converter import RULE_KINDS
from perfrules.io.schema import json_ready, validate
from perfrules.schemas import generate
from perfrules.cli.main import cli
from perfrules.rubrics.registry import default_registry

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("docs/*.md"), ROOT / "README.md", *ROOT.glob("examples/**/README.md")])
_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
LANGUAGES = {"python", "console", "toml", "sh", "text", "{eval-rst}", "{toctree}", "json", "jinja", "html"}


def _commands(source: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` pairs of a console block."""
    pairs: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:].strip(), []))
        elif pairs:
            pairs[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"console block: output before any '$ ' prompt: {line!r}")
    return [(command, "\n".join(out).strip() + "\n") for command, out in pairs]


def _run_console(example: Example) -> None:
    for command, expected in _commands(str(example.parsed)):
        words = shlex.split(command, comments=True)
        if words and words[0] == ".venv/bin/perfrules":
            words[0] = "perfrules"
        if not words or words[0] != "perfrules":
            raise AssertionError(f"console block runs perfrules commands only, not {command!r} (use a sh block to set up)")
        result = CliRunner().invoke(cli, words[1:], prog_name="perfrules", catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"$ {command}\nraised {result.exception!r}") from result.exception
        # 0 clean, 1 error findings (normal for the defective tables shown); any other only where the
        # command's comment says so ("# … [exit 2]"), so a usage error never passes behind an elided output
        stated = re.search(r"#.*\[exit (\d)\]", command)
        allowed = {int(stated.group(1))} if stated else {0, 1}
        if result.exit_code not in allowed:
            raise AssertionError(f"$ {command}\nexited {result.exit_code} (expected {sorted(allowed)}):\n{result.output}")
        got = result.output.strip() + "\n"
        if expected.strip() and not _CHECKER.check_output(expected, got, _FLAGS):
            raise AssertionError(f"$ {command}\nexpected:\n{expected}\ngot:\n{got}")


def _parse_toml_only(example: Example) -> None:
    tomllib.loads(str(example.parsed))


def _schema_of(document: dict) -> str | None:
    """Which file format a whole TOML document is (None: a fragment, a case file, a pyproject)."""
    if set(document) == {"overlay"}:
        return "overlay"
    if "project" in document and ("indicators" in document or "funds" in document):
        return "self-evaluation"
    if {"code", "blocks"} <= set(document):
        return "rubric"
    return None


def _parse_toml(example: Example) -> None:
    """A TOML block parses; a whole rubric, overlay or self-evaluation also validates against its schema."""
    document = tomllib.loads(str(example.parsed), parse_float=Decimal)
    name = _schema_of(document)
    if name is None:
        return
    # a page that registers a rule kind of its own (the custom-rule how-to) is checked against the schema
    # that lists it, as `perfrules schema --plugins` would write it
    kinds = default_registry().rule_kinds()
    schema = generate(name, converter=default_registry().converter()) if set(kinds) - set(RULE_KINDS) else None
    validate(json_ready(document), name, schema=schema, what=f"{Path(example.path).name}, line {example.line}")


_SETUP = ("python3 -m venv", "python -m venv", "pip ", ".venv/bin/pip ", "cd ", "git clone", "source ", "export ")


def _check_setup(example: Example) -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in filter(None, (line.split("  #", 1)[0].strip() for line in str(example.parsed).splitlines())):
        if command in ci:
            continue  # the README's two commands: CI runs them as written
        for part in (p.strip() for p in command.split("&&")):
            if not part.startswith(_SETUP):
                raise AssertionError(f"sh blocks set up an environment only; run {part!r} in a console block")


def _parsers(*, python: bool = True, console: bool = True) -> tuple:
    return (
        *([PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS)] if python else []),
        CodeBlockParser("console", _run_console if console else _check_prompts),
        # a walk-through page's files are a plugin's, read by its own tests where it is installed
        CodeBlockParser("toml", _parse_toml if console else _parse_toml_only),
        CodeBlockParser("sh", _check_setup),
        SkipParser(),
    )


def _check_prompts(example: Example) -> None:
    assert _commands(str(example.parsed)), "a console block holds at least one '$ ' command"


#: pages whose blocks need more than a scratch folder, and the test that runs them there instead
ELSEWHERE = {
    # a Spark session and a Dask cluster, started once for the engine tests
    "docs/scale.md": ("python", "tests/test_engines.py::test_the_scale_page_runs"),
    # a fresh venv, a copied template and pip: the walk-through itself
    "docs/writing-a-sector-plugin.md": ("console", "tests/test_plugin_template.py"),
    "examples/plugin-template/README.md": ("console", "tests/test_plugin_template.py"),
    "examples/perfrules-liaoning/README.md": ("console", "tests/test_plugin_example.py"),
}


#: the overlay the README lints
MY_PROVINCE = """\
[overlay]
code = "my-province-2024"
base = "cn-national-project-2020"
version = "1.0.0"
title_zh = "项目支出绩效自评（本省 2024 模板，20/40/30/10）"
title_en = "Project expenditure self-evaluation (my province, 2024: 20/40/30/10)"
regions = ["CN-JL"]
effective_from = 2024-01-01

[overlay.changes]
blocks = [{ code = "execution", weight = "20" }, { code = "output", weight = "40" }]
"""


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding the files the pages' commands name, as the current directory."""
    workbook = Path(examples.__file__).with_name("huashan-2020.xlsx")
    document = Path(examples.__file__).with_name("huashan-2020.toml")
    shutil.copy(workbook, tmp_path / "自评表.xlsx")
    shutil.copy(document, tmp_path / "my-project.toml")
    folder = tmp_path / "2020年自评表"
    folder.mkdir()
    shutil.copy(workbook, folder / "华山社区.xlsx")
    (folder / "损坏.xlsx").write_bytes(b"not a workbook")
    shutil.copytree(ROOT / "tests" / "fixtures" / "cases", tmp_path / "cases")
    shutil.copy(ROOT / "tests" / "fixtures" / "tables" / "002-jingmen.json", tmp_path / "rows.json")
    (tmp_path / "my-province-2024.toml").write_text(MY_PROVINCE, encoding="utf-8")
    for name in ("src", "examples", "tests", "docs"):  # the pages name the repository's own files by their paths
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    yield tmp_path
    default_registry.cache_clear()  # a page that registers a rule kind leaves the next test a fresh registry


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, scratch: Path) -> None:
    """Each block of the page runs (or is checked) in order; a failure names the page and line."""
    name = page.relative_to(ROOT).as_posix()
    elsewhere = ELSEWHERE.get(name, ("",))[0]
    document = Document.parse(str(page), *_parsers(python=elsewhere != "python", console=elsewhere != "console"))
    for example in document:
        try:
            example.evaluate()
        except Exception as error:
            raise AssertionError(f"{page.relative_to(ROOT)}, line {example.line}: {error}") from error


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_blocks_name_a_known_language(page: Path) -> None:
    """A fence without a language would be neither run nor checked: every block says what it is."""
    inside = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            if not inside:
                language = line[3:].strip()
                assert language in LANGUAGES, f"{page.name}:{number}: fence language {language!r}"
            inside = not inside


#: pages whose commented outputs in plain Python blocks another test compares with what runs
_CHECKED_COMMENTS = {"README.md": "tests/test_docs.py", "docs/writing-a-sector-plugin.md": "tests/test_plugin_template.py"}
_CLAIMED = re.compile(r"\s# (Fraction\(|Decimal\(|'|\"|\(|\[|\{|-?\d)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_plain_blocks_claim_no_unchecked_output(page: Path) -> None:
    """A value written as a comment (``x  # Fraction(15, 1)``) is not checked by running the block: such
    a claim belongs in a doctest (``>>>``), where Sybil compares it with what perfrules returns."""
    if page.relative_to(ROOT).as_posix() in _CHECKED_COMMENTS:
        return
    text = page.read_text(encoding="utf-8")
    claims = [
        line
        for block in re.findall(r"```python\n(.*?)```", text, flags=re.S)
        if not block.lstrip().startswith(">>>")
        for line in block.splitlines()
        if _CLAIMED.search(line.split('"""')[0])
    ]
    assert claims == []
