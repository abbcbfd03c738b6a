"""Documentation examples run and say what they print."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_readme_example_runs_and_prints_what_it_says(capsys):
    """The README example's commented output is what it prints."""
    code = _python_blocks(ROOT / "README.md")[0]
    exec(compile(code, "README.md", "exec"), {})
    first = capsys.readouterr().out.splitlines()[0]
    expected = re.search(r"print\(result.total, result.grade.label_zh\)\s+# (.*)", code).group(1)
    assert first == expected


def test_readme_commands_match_ci():
    """.ci/run runs the README's test command exactly."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _table_rows(path: Path, heading: str) -> list[tuple[list[str], str]]:
    """(backticked samples of the first column, the second column) of the table under ``heading``."""
    text = path.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) >= 2 and cells[0].startswith("`"):
            rows.append((re.findall(r"`([^`]+)`", cells[0]), cells[1]))
    return rows


def test_notation_doc_forms_read_as_listed():
    """Every form docs/notation.md lists for targets and actuals parses (or is refused where it says so)."""
    import perfrules

    doc = ROOT / "docs" / "notation.md"
    checked = 0
    for heading, parse in (("Targets", perfrules.parse_target), ("Actual values", perfrules.parse_actual)):
        for samples, reads_as in _table_rows(doc, heading):
            for sample in samples:
                if "NotationError" in reads_as:
                    try:
                        parse(sample)
                    except perfrules.NotationError:
                        pass
                    else:
                        raise AssertionError(f"{sample!r} should be refused")
                else:
                    assert parse(sample).text == sample
                checked += 1
    assert checked > 100


def test_every_finding_code_is_documented():
    """Each finding code the library emits has a row in docs/findings.md."""
    import glob

    codes = set()
    for path in glob.glob(str(ROOT / "src" / "perfrules" / "**" / "*.py"), recursive=True):
        text = Path(path).read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:rule_finding|_finding|note|Finding|_f)\(\s*"([a-z_]+\.[a-z_]+)"', text))
    assert len(codes) > 40
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert sorted(c for c in codes if f"`{c}`" not in doc) == []


def test_audit_how_to_runs_and_prints_what_it_says(monkeypatch):
    """docs/audit-a-table.md: every example, run from the repository root, prints what the page shows."""
    import doctest

    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "audit-a-table.md").read_text(encoding="utf-8")
    code = "\n".join(_python_blocks(ROOT / "docs" / "audit-a-table.md"))
    assert code.count(">>>") > 15 and "```python" in text
    parser = doctest.DocTestParser()
    test = parser.get_doctest(code, {"Decimal": __import__("decimal").Decimal}, "audit-a-table.md", "docs/audit-a-table.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries == len(test.examples)


def _messages_section() -> str:
    """docs/findings.md's list of every finding message with its two texts, from the catalogue."""
    import tomllib

    texts = tomllib.loads((ROOT / "src" / "perfrules" / "texts" / "findings.toml").read_text(encoding="utf-8"))

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    rows = [f"| `{key}` | {cell(t['zh'])} | {cell(t['en'])} |" for key, t in sorted(texts.items())]
    return "\n".join(
        [
            "<!-- messages:start (generated from src/perfrules/texts/findings.toml by tests/test_docs.py; PERFRULES_REGOLD=1 rewrites it) -->",
            "| id | 中文 | English |",
            "| --- | --- | --- |",
            *rows,
            "<!-- messages:end -->",
        ]
    )


def test_findings_page_lists_every_message_from_the_catalogue():
    """docs/findings.md shows every finding's texts as the catalogue holds them (ids: the code, or code.N for
    the variants one code is raised with; {placeholders} are filled when raised)."""
    import os

    page = ROOT / "docs" / "findings.md"
    text = page.read_text(encoding="utf-8")
    section = _messages_section()
    start, end = "<!-- messages:start", "<!-- messages:end -->"
    if os.environ.get("PERFRULES_REGOLD"):
        head = text.split(start)[0].rstrip("\n") if start in text else text.rstrip("\n") + "\n\n## Every message, in both languages\n\nThe texts of every finding, as `perfrules/texts/findings.toml` holds them."
        tail = text.split(end, 1)[1] if end in text else "\n"
        page.write_text(head + "\n\n" + section + tail, encoding="utf-8")
        text = page.read_text(encoding="utf-8")
    assert section in text


def test_api_page_documents_every_public_module():
    """docs/api.md has an automodule for every public module (the command line has its own page)."""
    src = ROOT / "src"
    modules = set()
    for path in src.rglob("*.py"):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__" or any(p.startswith("_") for p in parts[1:]) or parts[1:2] == ("cli",):
            continue
        modules.add(".".join(parts))
    documented = set(re.findall(r"automodule:: (\S+)", (ROOT / "docs" / "api.md").read_text(encoding="utf-8")))
    assert modules - documented == set(), "add these to docs/api.md"
    assert documented - modules == set(), "docs/api.md names modules that do not exist"


def _undocumented(module) -> list[str]:
    """Names in ``module.__all__`` defined there with no docstring (classes, functions) or no ``#:``
    comment or docstring (data): the API reference would leave them out without a word."""
    import inspect

    source = inspect.getsource(module).splitlines()
    missing = []
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            if obj.__module__ == module.__name__ and not (inspect.getdoc(obj) or "").strip():
                missing.append(name)
            continue
        at = next((i for i, line in enumerate(source) if re.match(rf"{re.escape(name)}\s*(:[^=]*)?=", line)), None)
        if at is None:
            continue  # imported data, documented where it is defined
        documented = at > 0 and source[at - 1].startswith("#:")
        end = at
        while end + 1 < len(source) and (source[end + 1].startswith((" ", ")", "]", "}")) or not source[end + 1]):
            if source[end + 1].strip() and not source[end + 1].startswith(" "):
                break
            end += 1
        following = next((line for line in source[end + 1 :] if line.strip()), "")
        if not (documented or following.startswith('"""')):
            missing.append(name)
    return missing


def test_every_public_name_is_documented():
    """autodoc leaves a name without a docstring out of the reference silently: none may lack one."""
    import importlib

    src = ROOT / "src"
    missing = []
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__" or any(p.startswith("_") for p in parts[1:]) or parts[1:2] == ("cli",):
            continue
        module = importlib.import_module(".".join(parts))
        missing += [f"{module.__name__}.{name}" for name in _undocumented(module)]
    assert missing == []
