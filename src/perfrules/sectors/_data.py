"""Reading the sector packs' rubric files from the package."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from perfrules.rubric import Rubric
from perfrules.rubrics import get_rubric, loads_rubric


def read_rubric(filename: str, *, bases: tuple[Rubric, ...] = ()) -> Rubric:
    """A rubric (or overlay) file of ``perfrules/data/sectors``; ``bases`` resolve overlays on packs."""
    known = {r.code: r for r in bases}
    resolve: Callable[[str], Rubric] = lambda code: known[code] if code in known else get_rubric(code)  # noqa: E731
    text = resources.files("perfrules.data.sectors").joinpath(filename).read_text(encoding="utf-8")
    return loads_rubric(text, resolve=resolve)
