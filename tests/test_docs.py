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


def test_notation_doc_examples_build():
    """The explicit-construction example in docs/notation.md is valid."""
    import perfrules

    for block in _python_blocks(ROOT / "docs" / "notation.md"):
        for line in block.strip().splitlines():
            value = eval(line, {"Target": perfrules.Target, "Actual": perfrules.Actual})
            assert value.text


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
