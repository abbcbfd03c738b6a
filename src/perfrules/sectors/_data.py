"""Reading the sector packs' rubric files from the package."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from perfrules.rubrics.loading import get_rubric, loads_rubric
from perfrules.rubrics.rubric import Rubric


def read_rubric(filename: str, *, bases: tuple[Rubric, ...] = ()) -> Rubric:
    """A rubric (or overlay) file of ``perfrules/sectors/data``; ``bases`` resolve overlays on packs."""
    known = {r.code: r for r in bases}
    resolve: Callable[[str], Rubric] = lambda code: known[code] if code in known else get_rubric(code)  # noqa: E731
    text = resources.files("perfrules.sectors").joinpath("data", filename).read_text(encoding="utf-8")
    return loads_rubric(text, resolve=resolve)
