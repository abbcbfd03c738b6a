"""The reference pages of the docs are complete: every kind, exception, sector check and command is on its page.

- docs/rule-kinds.md: a ``### `kind``` heading for each registered rule, aggregator and check kind, in
  its section, naming the class that defines it; each ``File:`` form reads back as that class;
- docs/exceptions.md: every public exception class, in the hierarchy under its base;
- docs/sector-rules.md: every check code of the sector data files, in the section of its pack;
- docs/glossary.md: at least 60 terms, the domain's core terms among them;
- docs/cli.md: an example of every command, and the generated reference of every option.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import tomllib
from pathlib import Path

import pytest

import perfrules
from perfrules.io.converter import AGGREGATOR_KINDS, CHECK_KINDS, RULE_KINDS, default_converter

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SECTOR_DATA = ROOT / "src" / "perfrules" / "sectors" / "data"


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _sections(text: str, level: str) -> dict[str, str]:
    """Heading text → the text under it, for headings of one level (``"##"``, ``"###"``)."""
    parts = re.split(rf"^{level} (.+)$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


# ------------------------------------------------------------------ rule kinds
def _kinds_section(marker: str) -> dict[str, str]:
    """``kind`` → its section's text, for the ``###`` headings after ``<!-- rule-kinds: marker -->``."""
    text = _page("rule-kinds.md")
    start = text.index(f"<!-- rule-kinds: {marker} -->")
    after = text[start:]
    end = after.find("\n## ", 1)
    body = after if end < 0 else after[:end]
    sections = _sections(body, "###")
    kinds = {}
    for heading, content in sections.items():
        match = re.fullmatch(r"`([a-z_]+)`", heading)
        assert match, f"rule-kinds.md: heading {heading!r} is not a `kind`"
        kinds[match.group(1)] = content
    return kinds


@pytest.mark.parametrize(
    ("marker", "registered"),
    [("rules", RULE_KINDS), ("aggregators", AGGREGATOR_KINDS), ("checks", CHECK_KINDS)],
)
def test_every_registered_kind_has_its_section(marker: str, registered: dict[str, type]) -> None:
    """A kind added to the converter without a section (or a section for a kind that went) fails here."""
    documented = _kinds_section(marker)
    assert sorted(documented) == sorted(registered)
    for kind, cls in registered.items():
        role = f"{{py:class}}`{cls.__module__}.{cls.__qualname__}`"
        assert role in documented[kind], f"rule-kinds.md: `{kind}` should name {role}"


def test_every_file_form_reads_back_as_its_kind() -> None:
    """The ``File:`` line of each rule and aggregator section is a table the converter reads as that kind."""
    from perfrules.model.indicators import Rule
    from perfrules.rules.aggregation import Aggregator

    converter = default_converter()
    checked = 0
    for marker, registered, protocol in (("rules", RULE_KINDS, Rule), ("aggregators", AGGREGATOR_KINDS, Aggregator)):
        for kind, content in _kinds_section(marker).items():
            match = re.search(r"^File: `(.+)`$", content, flags=re.MULTILINE)
            assert match, f"rule-kinds.md: `{kind}` has no File: line"
            form = match.group(1)
            value = tomllib.loads(form if "=" in form.split("{", 1)[0] else f"x = {form}")
            (data,) = value.values()
            assert isinstance(converter.structure(data, protocol), registered[kind])
            checked += 1
    assert checked == len(RULE_KINDS) + len(AGGREGATOR_KINDS)


# ------------------------------------------------------------------ exceptions
def _public_exceptions() -> dict[str, type]:
    """Every exception or warning class perfrules makes public: in its module's ``__all__`` or perfrules'."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(perfrules.__path__, "perfrules."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # a stage whose extra is not installed
            continue
        public = set(getattr(module, "__all__", ())) | set(perfrules.__all__)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
                and name in public
            ):
                found[name] = obj
    return found


def _tree() -> dict[str, str]:
    """Class name → its parent's name, from the hierarchy drawn on docs/exceptions.md."""
    text = _page("exceptions.md")
    block = text.split("## Hierarchy", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    parents: dict[str, str] = {}
    stack: list[str] = []
    for line in block.splitlines():
        match = re.match(r"^((?:│   |    )*)(?:├── |└── )?([A-Za-z]+)", line)
        assert match, line
        depth = len(match.group(1)) // 4 + (1 if line[len(match.group(1)) :].startswith(("├", "└")) else 0)
        name = match.group(2)
        del stack[depth:]
        if stack:
            parents[name] = stack[-1]
        stack.append(name)
    return parents


def test_every_public_exception_is_on_the_page() -> None:
    classes = _public_exceptions()
    assert {"PerfrulesError", "InvalidInputError", "DocumentError", "UnknownRubricError"} <= set(classes)
    text = _page("exceptions.md")
    tree = _tree()
    for name, cls in classes.items():
        assert name in tree, f"exceptions.md: {name} is not in the hierarchy"
        assert f"{cls.__module__}.{name}" in text or f"{cls.__module__}" in text.split(name, 1)[1].split("\n", 1)[0], (
            name
        )
        # drawn under its nearest base that is drawn (PerfrulesError, RubricError …) or the builtin it warns as
        base = next(b for b in cls.__mro__[1:] if b.__name__ in tree or b.__name__ in {"Exception", "UserWarning"})
        assert tree[name] == base.__name__, (
            f"exceptions.md: {name} is drawn under {tree[name]}, its base is {base.__name__}"
        )


def test_every_public_exception_has_a_row() -> None:
    text = _page("exceptions.md").split("## Classes", 1)[1].split("\n## ", 1)[0]
    for name, cls in _public_exceptions().items():
        assert f"{cls.__module__}.{name}`" in text, f"exceptions.md: no row for {cls.__module__}.{name}"


# ------------------------------------------------------------------ sector rules
def _declared_checks(data: object) -> list[str]:
    """Every check code a sector data file declares (nested ``any_of`` checks too)."""
    codes: list[str] = []

    def walk(value: object, in_checks: bool) -> None:
        if isinstance(value, dict):
            if in_checks and "code" in value:
                codes.append(value["code"])
            for key, item in value.items():
                walk(item, key == "checks")
        elif isinstance(value, list):
            for item in value:
                walk(item, in_checks)

    walk(data, False)
    return codes


def test_every_sector_check_is_on_the_page_in_its_packs_section() -> None:
    sections = _sections(_page("sector-rules.md"), "##")
    files = sorted(SECTOR_DATA.glob("*.toml"))
    assert len(files) >= 6
    total = 0
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        code = (data.get("overlay") or data)["code"]
        section = next((body for heading, body in sections.items() if f"`{code}`" in heading), None)
        assert section is not None, f"sector-rules.md: no section for {code}"
        for check in _declared_checks(data):
            assert f"| `{check}` |" in section, f"sector-rules.md: {check} ({path.name}) is not in the {code} section"
            total += 1
    assert total >= 40


def test_every_pack_in_force_lists_all_its_checks() -> None:
    """The national packs' sections list every check their rubric runs, nested ones included."""
    sections = _sections(_page("sector-rules.md"), "##")
    for code in ("cn-pension-anhui-2019", "cn-agriculture-trusteeship", "cn-public-health"):
        section = next(body for heading, body in sections.items() if f"`{code}`" in heading)
        rubric = perfrules.get_rubric(code)
        codes = [c.code for c in rubric.checks] + [n.code for c in rubric.checks for n in getattr(c, "checks", ())]
        assert [c for c in codes if f"| `{c}` |" not in section] == []


# ------------------------------------------------------------------ glossary
CORE_TERMS = (
    "绩效自评", "复核", "整改", "一级指标", "二级指标", "三级指标", "分值", "得分", "年度指标值", "实际完成值",
    "预算数", "执行数", "执行率", "偏差原因", "优 / 良 / 中 / 差", "一票否决", "民生工程", "部门整体", "项目支出",
    "当年财政拨款", "上年结转", "其他资金", "产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "时效指标",
    "成本指标", "社会效益", "经济效益", "生态效益", "可持续影响", "满意度", "达成预期指标",
)  # fmt: skip


def test_glossary_has_the_core_terms_and_at_least_60() -> None:
    text = _page("glossary.md")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith(("| 中文", "| ---"))]
    terms = [row.split(" | ", 1)[0].strip("| ") for row in rows]
    assert len(terms) >= 60
    assert [t for t in CORE_TERMS if not any(t in term for term in terms)] == []
    assert all(row.count(" | ") == 2 for row in rows), "every glossary row is 中文 | English | perfrules"


# ------------------------------------------------------------------ command line
def test_cli_page_shows_every_command_and_generates_the_reference() -> None:
    from perfrules.cli.main import cli

    text = _page("cli.md")
    assert ".. click:: perfrules.cli.main:cli" in text and ":nested: full" in text
    missing = [name for name in cli.commands if not re.search(rf"^\$ perfrules {name}\b", text, flags=re.MULTILINE)]
    assert missing == [], f"cli.md: no example of {missing}"
    for name, command in cli.commands.items():
        for option in command.params:
            for flag in option.opts:
                if flag.startswith("--") and flag != "--help":
                    assert flag in text, f"cli.md: perfrules {name} {flag} is not mentioned"
