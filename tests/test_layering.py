"""The package's architecture as tests: one direction of flow, no cycles, small modules.

The stages and their order are declared once, in ``[tool.importlinter]`` of
pyproject.toml, and checked by import-linter (layers, exhaustive, and no
cycles between sibling modules). What import-linter does not see is checked
here from the source: imports hidden inside functions, annotation-only imports
that reach outside their package, and module size.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "perfrules"
MAX_LINES = 500


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """Absolute names of the perfrules modules an import statement reaches."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "perfrules"]
    if node.level:  # relative: resolve against the importing module's package
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [target] if target.split(".")[0] == "perfrules" else []


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk_imports(tree: ast.Module):
    """(import node, inside a function?, under TYPE_CHECKING?) for every import, iteratively."""
    stack: list[tuple[ast.AST, bool, bool]] = [(tree, False, False)]
    while stack:
        node, in_function, typing_only = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, in_function, typing_only
            continue
        in_function = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend((child, in_function, True) for child in node.body)
            stack.extend((child, in_function, typing_only) for child in node.orelse)
            continue
        stack.extend((child, in_function, typing_only) for child in ast.iter_child_nodes(node))


def test_import_linter_contracts_are_kept():
    """import-linter: the stages of pyproject.toml import only downwards, and no sibling modules form a cycle."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_every_stage_is_declared():
    """Every subpackage and top-level module is a layer of the flow contract (a new folder must be placed)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (flow,) = [c for c in config["contracts"] if c["id"] == "flow"]
    declared = {name.strip() for layer in flow["layers"] for name in layer.replace(":", "|").split("|")}
    present = {p.stem for p in PACKAGE.glob("*.py")} | {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert present - {"__init__", "__main__"} - set(flow["exhaustive_ignores"]) == declared


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_level_import_of_perfrules(path):
    """Imports of perfrules' own modules are at module level: none is deferred to dodge a cycle.

    (Function-level imports remain allowed for optional third-party dependencies.)
    """
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    deferred = [
        f"line {node.lineno}: {target}"
        for node, in_function, _ in _walk_imports(tree)
        if in_function
        for target in _imported(node, module, path.name == "__init__.py")
    ]
    assert deferred == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_annotation_only_import_of_perfrules(path):
    """No perfrules import hides under ``TYPE_CHECKING``: a cycle is broken by moving the shared piece
    down, not by importing it for annotations only."""
    module = _module_name(path)
    hidden = [
        f"line {node.lineno}: {target}"
        for node, _, typing_only in _walk_imports(ast.parse(path.read_text(encoding="utf-8")))
        if typing_only
        for target in _imported(node, module, path.name == "__init__.py")
    ]
    assert hidden == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    """One concept per module: none grows past about 500 lines."""
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines"


def test_the_checks_see_a_deferred_import():
    """The source walk finds an import inside a function and one under TYPE_CHECKING (the checks can fail)."""
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from perfrules.rubrics.rubric import Rubric\n"
        "def f():\n    from perfrules.evaluation import evaluate\n"
    )
    seen = [(_imported(n, "perfrules.values.x", False), f, t) for n, f, t in _walk_imports(tree)]
    assert (["perfrules.rubrics.rubric"], False, True) in seen
    assert (["perfrules.evaluation"], True, False) in seen
    assert _imported(ast.parse("from ..rubrics import rubric").body[0], "perfrules.values.x", False) == ["perfrules.rubrics"]
