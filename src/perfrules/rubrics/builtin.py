"""The built-in rubric library.

Built-in rubrics are data files inside the package, read on first use:

* ``cn-national-project-2020`` — 财预〔2020〕10号, execution 10 / output 50 /
  benefit 30 / satisfaction 10, grades 90/80/60;
* ``cn-hubei-project-2020`` — overlay: execution 20 / output 40 / benefit 40;
* ``cn-provincial-grades-80-70-60`` — overlay: grades 80/70/60;
* ``cn-department-common`` — department-overall (部门整体), the 53号 common framework as applied
  locally: 投入 13 / 过程 27 / 产出 30 / 效果 30 (docs/department.md);
* ``cn-sichuan-department`` — department-overall, Sichuan: 部门决策 25 / 综合管理 30 / 部门绩效情况 45.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources

import attrs

from perfrules._version import __version__
from perfrules.io.documents import parse_document
from perfrules.rubrics.documents import rubric_from_data
from perfrules.rubrics.rubric import Rubric

__all__ = ["BUILTIN_FILES", "builtin_rubrics", "list_rubrics"]

#: the built-in rubric files, in dependency order (a base before its overlays)
BUILTIN_FILES = (
    "cn-national-project-2020.toml",
    "cn-hubei-project-2020.toml",
    "cn-provincial-grades-80-70-60.toml",
    "cn-department-common.toml",
    "cn-sichuan-department.toml",
)


@functools.cache
def builtin_rubrics() -> Mapping[str, Rubric]:
    """Every built-in rubric by code, read from the package's data files once."""
    loaded: dict[str, Rubric] = {}
    folder = resources.files("perfrules.rubrics").joinpath("data")
    for name in BUILTIN_FILES:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        data = parse_document(text, format="toml", what=name)
        rubric = rubric_from_data(data, what=name, lint=True, resolve=lambda code: loaded[code], converter=None)
        loaded[rubric.code] = attrs.evolve(rubric, origin=f"perfrules {__version__}")
    return loaded


def list_rubrics() -> list[str]:
    """Codes of the built-in rubrics, sorted."""
    return sorted(builtin_rubrics())


def __getattr__(name: str) -> Rubric:
    # NATIONAL_2020 / HUBEI_2020 are read from the data files on first access
    codes = {"NATIONAL_2020": "cn-national-project-2020", "HUBEI_2020": "cn-hubei-project-2020"}
    if name in codes:
        return builtin_rubrics()[codes[name]]
    raise AttributeError(f"module 'perfrules.rubrics' has no attribute {name!r}")
