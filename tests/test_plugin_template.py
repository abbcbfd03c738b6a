"""The plugin template (examples/plugin-template) and the how-to built on it (docs/writing-a-sector-plugin.md):
the template installs, is discovered, passes its own case file and test suite as it is; renamed as the
how-to says, it still does; and the files the how-to shows are the template's."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import perfrules
from plugins import install, installed_plugin

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "examples" / "plugin-template"
HOWTO = ROOT / "docs" / "writing-a-sector-plugin.md"
CODE = "cn-myprovince-mysector"


def _run(args: list[str], site: Path | None, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd)


_CACHES = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "dist", "build", "*.egg-info")


@pytest.fixture(scope="module")
def as_is(tmp_path_factory):
    """A clean copy of the template, to run its tests in (they leave caches behind)."""
    return Path(shutil.copytree(TEMPLATE, tmp_path_factory.mktemp("as-is") / "plugin-template", ignore=_CACHES))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The template, installed into a private folder put on sys.path (removed afterwards)."""
    with installed_plugin(TEMPLATE, tmp_path_factory.mktemp("template-site"), "perfrules_myprovince") as target:
        yield target


# ---------------------------------------------------------------- the template as it is
def test_the_template_is_discovered_through_both_entry_points(installed):
    (rubric_ep,) = [ep for ep in metadata.entry_points(group="perfrules.rubrics") if ep.name == CODE]
    (rule_ep,) = [ep for ep in metadata.entry_points(group="perfrules.rules") if ep.name == "myprovince_stepped"]
    assert rubric_ep.dist.name == rule_ep.dist.name == "perfrules-myprovince"
    registry = perfrules.Registry()
    assert CODE in registry.codes() and CODE in registry.sectors()["mysector"]
    rubric = registry.rubric(CODE)
    assert rubric.origin == "perfrules-myprovince 0.1.0"
    assert rubric.lineage == ("cn-national-project-2020@1.0.0", f"{CODE}@0.1.0")
    assert [(b.code, b.weight) for b in rubric.blocks] == [("execution", 10), ("output", 40), ("benefit", 30), ("satisfaction", 20)]
    assert registry.rule_kinds()["myprovince_stepped"].__module__ == "perfrules_myprovince.rules"
    from perfrules import cli

    perfrules.default_registry.cache_clear()
    assert cli.main(["sectors"]) == 0


def test_the_template_rubric_scores_a_table_with_its_rule_in_both_languages(installed):
    """85 % against the stepped 90 / 80: half of 20 points, explained in Chinese and English."""
    leaf = perfrules.Indicator(name="服务对象满意度", code="survey", actual="85%")
    se = perfrules.SelfEvaluation(
        perfrules.Project("某行业项目", 2024, region="CN-XX-Capital", sector="mysector"),
        indicators=(perfrules.Indicator(name="满意度指标", code="satisfaction", children=(leaf,)),),
        facts={"admin_cost_wan": 6, "subsidy_total_wan": 100},
    )
    result = perfrules.score(se)
    assert result.rubric_code == CODE and result.rubric_origin == "perfrules-myprovince 0.1.0"
    node = result.node("satisfaction/survey")
    assert node.score == 10 and node.explanation.rule == "myprovince_stepped"
    assert node.explanation.reason("zh") == "实际值 85% 不低于 80%，得一半分"
    assert node.explanation.reason("en") == "actual 85% reaches 80%: half the points"
    assert [f.code for f in result.findings_by_code("mysector.admin_cost_share")] == ["mysector.admin_cost_share"]


def test_the_template_case_file_passes_with_the_plugin_and_fails_without(installed, as_is):
    with_plugin = _run(["-m", "perfrules", "test", "tests"], installed, as_is)
    assert with_plugin.returncode == 0 and "4 passed, 0 failed" in with_plugin.stdout, with_plugin.stdout + with_plugin.stderr
    without = _run(["-m", "perfrules", "test", "tests"], None, as_is)
    assert without.returncode == 1 and "0 passed, 4 failed" in without.stdout, without.stdout + without.stderr


def test_the_template_own_test_suite_passes(installed, as_is):
    """pytest in the template's folder: its 4 cases (perfrules' pytest plugin) and its 5 tests (conformance
    fixture, hypothesis properties on perfrules.testing.strategies)."""
    proc = _run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"], installed, as_is)
    assert proc.returncode == 0 and "11 passed" in proc.stdout, proc.stdout + proc.stderr


# ---------------------------------------------------------------- the how-to
def _howto() -> str:
    return HOWTO.read_text(encoding="utf-8")


def _substitutions(doc: str) -> list[tuple[str, str]]:
    """The how-to's sed renames, in order: [('myprovince', 'jilin'), …]."""
    (command,) = [line for line in doc.splitlines() if line.startswith("$ grep -rl") and "sed -i" in line]
    pairs = re.findall(r"-e 's/([^/]+)/([^/]*)/g'", command)
    assert len(pairs) == 3
    return pairs


def _moves(doc: str) -> list[tuple[str, str]]:
    """The how-to's ``mv`` lines, in order."""
    return [tuple(shlex.split(line)[2:4]) for line in doc.splitlines() if line.startswith("$ mv ")]


def _rename_copy(doc: str, destination: Path) -> Path:
    """Do step 2 of the how-to on a copy of the template, in Python: the moves, then the substitutions."""
    shutil.copytree(TEMPLATE, destination, ignore=_CACHES)
    for source, target in _moves(doc):
        (destination / source).rename(destination / target)
    subs = _substitutions(doc)
    for path in destination.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for old, new in subs:
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
    return destination


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    return _rename_copy(_howto(), tmp_path_factory.mktemp("copy") / "perfrules-jilin")


def _blocks(doc: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", doc, flags=re.S)


def test_the_files_the_howto_shows_are_the_renamed_template_files(renamed):
    """Every TOML block, the rule module and every ``$ cat`` are the template's files after step 2's renaming."""
    doc = _howto()
    files = {p.relative_to(renamed).as_posix(): p.read_text(encoding="utf-8") for p in renamed.rglob("*") if p.is_file()}
    tomls = _blocks(doc, "toml")
    shown = [next((name for name, text in files.items() if text == block), None) for block in tomls]
    assert shown == ["src/perfrules_jilin/cn-jilin-culture.toml", "pyproject.toml", "tests/jilin.cases.toml"]
    pythons = _blocks(doc, "python")
    assert pythons[0] == files["src/perfrules_jilin/rules.py"]
    cats = re.findall(r"```(?:console|text)\n\$ cat (\S+)\n(.*?)```", doc, flags=re.S)
    assert [name for name, _ in cats] == ["src/perfrules_jilin/__init__.py"]
    for name, text in cats:
        assert text == files[name]


def test_the_renaming_leaves_only_text_for_people(renamed):
    """After step 2 the placeholders are left only where the how-to's ``grep`` says they are (titles, the
    README), and the names a program reads are all renamed."""
    doc = _howto()
    listed = re.search(r"\$ grep -rn -i -e myprovince -e mysector -e CN-XX \.\n(.*?)```", doc, flags=re.S).group(1).splitlines()
    found = []
    for path in sorted(renamed.rglob("*")):
        if path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search("myprovince|mysector|cn-xx", line, flags=re.I):
                    found.append(f"./{path.relative_to(renamed).as_posix()}:{number}:{line}")
    assert sorted(found) == sorted(listed)
    assert all(re.match(r"\./(README\.md|pyproject\.toml:\d+:description|src/perfrules_jilin/(__init__\.py:\d+: +description|cn-jilin-culture\.toml:\d+:title_))", f) for f in found), found


def test_the_renamed_copy_installs_is_discovered_and_passes_its_tests(renamed, tmp_path):
    """Steps 2–4 of the how-to: the renamed copy, installed, is listed by ``perfrules sectors`` and passes
    ``perfrules test`` and its own pytest suite."""
    renamed = Path(shutil.copytree(renamed, tmp_path / "perfrules-jilin"))  # its tests leave caches; keep the shared copy clean
    site = install(renamed, tmp_path / "site")
    sectors = _run(["-m", "perfrules", "sectors"], site, renamed)
    assert "cn-jilin-culture  v0.1.0  regions=CN-JL  from perfrules-jilin 0.1.0" in sectors.stdout, sectors.stdout + sectors.stderr
    doc = _howto()
    shown = re.search(r"\$ perfrules sectors\n(.*?)```", doc, flags=re.S).group(1)
    assert [line for line in shown.splitlines() if "jilin" in line or line == "culture"] == [
        line for line in sectors.stdout.splitlines() if "jilin" in line or line == "culture"
    ]
    cases = _run(["-m", "perfrules", "test", "tests/"], site, renamed)
    assert cases.returncode == 0
    assert cases.stdout in re.search(r"```console\n\$ perfrules test tests/\n(.*?)\$ pytest", doc, flags=re.S).group(1)
    suite = _run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"], site, renamed)
    assert suite.returncode == 0 and "11 passed" in suite.stdout, suite.stdout + suite.stderr
    lint = _run(["-m", "perfrules", "lint", "src/perfrules_jilin/cn-jilin-culture.toml"], site, renamed)
    assert lint.returncode == 0 and lint.stdout.strip() in doc
    # step 8: the project the how-to shows is scored with the plugin's rubric, as the page prints
    (renamed / "my-project.toml").write_text(re.search(r"```text\n(\[project\].*?)```", doc, flags=re.S).group(1), encoding="utf-8")
    scored = _run(["-m", "perfrules", "score", "my-project.toml"], site, renamed)
    shown = re.search(r"\$ perfrules score my-project.toml\n(.*?)\.\.\.\n```", doc, flags=re.S).group(1)
    assert scored.returncode == 0 and scored.stdout.startswith(shown), scored.stdout + scored.stderr


def test_the_howto_python_blocks_run_in_order_and_print_what_they_say(capsys):
    """The how-to's Python blocks, run in one namespace without the plugin installed, print their comments."""
    namespace: dict = {}
    expected = []
    for index, block in enumerate(_blocks(_howto(), "python")):
        exec(compile(block, f"writing-a-sector-plugin.md[python {index}]", "exec"), namespace)
        expected += [said.strip() for said in re.findall(r"^print\(.*\)\s+# (.*)$", block, flags=re.M)]
    printed = capsys.readouterr().out.splitlines()
    assert len(expected) == 2 and printed == expected


def test_the_howto_names_both_ways_to_install_perfrules():
    doc = _howto()
    assert "pip install 'perfrules[testing]'" in doc and "pip install -e '/path/to/perfrules[testing]'" in doc


def test_the_template_readme_renames_as_the_howto_does():
    """The template's README repeats step 2 of the how-to: the same moves and the same substitutions."""
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    doc = _howto()
    assert _moves(readme) == _moves(doc) and len(_moves(doc)) == 4
    assert _substitutions(readme) == _substitutions(doc)
