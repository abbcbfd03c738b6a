"""One selection of the rubric in force, over every source: built-in rubrics, sector packs, installed
plugins and local rubric folders — and the reason it gives for its choice.

:func:`choose_rubric` looks for the project's sector first (``[project] sector``) among the sector
packs and plugins, then falls back to the general rubrics; within each, the most specific region
and the newest version in force on the day win (:func:`~perfrules.rubrics.selection.select_rubric`).
The :class:`Choice` says which rubric, from where, and why — and whether it fell back — so that a
result can carry it as a finding. Only rubrics of the evaluated object's scope are considered: a
department-overall (部门整体) rubric is never chosen for a project, nor a project rubric for a department.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from perfrules.exceptions import WrongTypeError
from perfrules.findings import Finding, Severity
from perfrules.model.project import Scope
from perfrules.rubrics.builtin import builtin_rubrics
from perfrules.rubrics.loading import load_rubric
from perfrules.rubrics.registry import Registry, default_registry
from perfrules.rubrics.rubric import Rubric
from perfrules.rubrics.selection import NoRubricInForceError, select_rubric
from perfrules.messages import en_zh

__all__ = ["Choice", "choose_rubric", "rubric_in_force"]


@attrs.frozen
class Choice:
    """The rubric chosen for a project, and why.

    Attributes:
        rubric: the rubric in force.
        source: where it came from (``built-in``, a plugin distribution, a folder).
        reason_en / reason_zh: why this one.
        fell_back: the project names a sector no pack covers in its region and year.
        considered: how many rubrics were looked at.
    """

    rubric: Rubric
    source: str
    reason_en: str
    reason_zh: str
    fell_back: bool = False
    considered: int = 0

    def finding(self) -> Finding:
        """The choice as a finding: info, or a warning when it fell back."""
        return Finding(
            "rubric.fallback" if self.fell_back else "rubric.chosen",
            Severity.WARNING if self.fell_back else Severity.INFO,
            "rubric",
            self.reason_en,
            self.reason_zh,
            {"rubric": self.rubric.key, "source": self.source},
        )


def _folders(folders: Any) -> list[Path]:
    """The folders given, each a path: a single path (a str) is a common slip, refused by name."""
    if isinstance(folders, (str, bytes, os.PathLike)):
        raise WrongTypeError(f"folders is a list of folders, not one path: pass [{str(folders)!r}]", path="folders", value=folders)
    try:
        given = list(folders)
    except TypeError:
        raise WrongTypeError(f"folders is a list of folders, got {type(folders).__name__}", path="folders", value=folders) from None
    for i, folder in enumerate(given):
        if not isinstance(folder, (str, os.PathLike)) or isinstance(folder, bytes):
            raise WrongTypeError(f"a folder is a path (str or Path), got {type(folder).__name__}", path=f"folders[{i}]", value=folder)
    return [Path(folder) for folder in given]


def _folder_rubrics(folders: Iterable[str | Path]) -> list[Rubric]:
    found = []
    for folder in _folders(folders):
        for path in sorted(Path(folder).glob("*.toml")) + sorted(Path(folder).glob("*.json")):
            rubric = load_rubric(path)
            found.append(attrs.evolve(rubric, origin=f"folder {Path(folder)}"))
    return found


def choose_rubric(
    region: str,
    on: dt.date,
    *,
    sector: str = "",
    folders: Iterable[str | Path] = (),
    registry: Registry | None = None,
    scope: Scope = Scope.PROJECT,
) -> Choice:
    """The rubric in force for a project in ``region`` on ``on``, from every source.

    Args:
        region: the project's region code (``CN-HB-Wuhan``); ``""`` is read as ``CN``.
        on: the day (the end of the budget year, usually).
        sector: the project's sector (``pension``, ``agriculture`` …); its packs come first.
        folders: local folders of rubric files (``*.toml``, ``*.json``), seen with the rest.
        registry: the plugin registry (default: the process-wide one).
        scope: what is evaluated (``project.scope``): only rubrics of this scope are considered.

    Raises:
        NoRubricInForceError: no rubric of any source is in force for the region and day.
        WrongTypeError: ``folders`` is not a list of paths, or ``registry`` not a Registry.
    """
    if registry is not None and not isinstance(registry, Registry):
        raise WrongTypeError(f"expected a Registry, got {type(registry).__name__}", path="registry", value=registry)
    registry = registry or default_registry()
    region = region or "CN"
    scope = Scope(scope)
    local = _folder_rubrics(folders)
    packs = [p for p in registry.packs() if p.rubric.scope is scope]
    general = [r for r in (*builtin_rubrics().values(), *local) if r.scope is scope]
    considered = len(general) + len(packs)
    if sector:
        in_sector = [p.rubric for p in packs if p.sector == sector]
        try:
            rubric = select_rubric(in_sector, region=region, on=on)
        except NoRubricInForceError:
            rubric = select_rubric(general, region=region, on=on)
            known = sorted({p.sector for p in packs})
            return Choice(
                rubric,
                rubric.origin or "built-in",
                *en_zh("rubrics.choice.choose_rubric.3", sector=sector, region=region, on=on, rubric_key=rubric.key, join_known_or_none=', '.join(known) or 'none'),
                fell_back=True,
                considered=considered,
            )
        return Choice(
            rubric,
            rubric.origin or "built-in",
            *en_zh("rubrics.choice.choose_rubric.2", sector=sector, rubric_key=rubric.key, rubric_origin_or_perfrules=rubric.origin or 'perfrules', region=region, on=on),
            considered=considered,
        )
    rubric = select_rubric(general, region=region, on=on)
    sectors_here = sorted({p.sector for p in packs if p.rubric.in_force(on) and any(region == r or region.startswith(r + "-") for r in p.rubric.regions)})
    hint_en = f"; sector packs exist here ({', '.join(sectors_here)}): set the project's sector to use one" if sectors_here else ""
    hint_zh = f"；本地区另有行业评分方案（{'、'.join(sectors_here)}），可填写项目行业以选用" if sectors_here else ""
    return Choice(
        rubric,
        rubric.origin or "built-in",
        *en_zh("rubrics.choice.choose_rubric", rubric_key=rubric.key, region=region, on=on, hint_en=hint_en, hint_zh=hint_zh),
        considered=considered,
    )


def rubric_in_force(
    region: str, on: dt.date, *, sector: str = "", folders: Iterable[str | Path] = (), scope: Scope = Scope.PROJECT
) -> Rubric:
    """The rubric in force for ``region`` on ``on`` — :func:`choose_rubric`'s rubric, without its reason.

    Raises:
        NoRubricInForceError: no rubric of any source is in force for the region and day.
    """
    return choose_rubric(region, on, sector=sector, folders=folders, scope=scope).rubric
