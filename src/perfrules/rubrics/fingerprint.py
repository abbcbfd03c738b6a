"""A rubric's canonical form and content fingerprint.

The canonical form is the rubric as JSON with every field (defaults
included), one spelling per number and sorted keys; the fingerprint is its
sha256. Where a rubric came from (``lineage``, ``origin``) is left out, so
two routes to the same rules give the same fingerprint, and any change to
the rules gives another.
"""

from __future__ import annotations

import functools
import hashlib
import json

import cattrs

from perfrules.io.converter import default_converter
from perfrules.rubrics.rubric import Rubric

__all__ = ["canonical_form", "fingerprint"]


def canonical_form(rubric: Rubric, *, converter: cattrs.Converter | None = None) -> str:
    """The rubric as canonical JSON: every field (defaults included), one spelling per
    number, sorted keys, no blanks.

    ``lineage`` and ``origin`` (how and where the rubric was produced) are left
    out: two routes to the same rules give the same form.
    """
    c = converter or _canonical_converter()
    data = c.unstructure(rubric)
    data.pop("lineage", None)
    data.pop("origin", None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@functools.lru_cache(maxsize=1)
def _canonical_converter() -> cattrs.Converter:
    return default_converter(canonical=True)


@functools.lru_cache(maxsize=128)
def _cached_fingerprint(rubric: Rubric) -> str:
    return "sha256:" + hashlib.sha256(canonical_form(rubric).encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(rubric: Rubric, *, converter: cattrs.Converter | None = None) -> str:
    """``sha256:<hex>`` of :func:`canonical_form`; any change to the rules changes it."""
    if converter is not None:
        return "sha256:" + hashlib.sha256(canonical_form(rubric, converter=converter).encode("utf-8", "surrogatepass")).hexdigest()
    try:
        return _cached_fingerprint(rubric)
    except TypeError:  # an unhashable third-party rule inside: compute without the cache
        return "sha256:" + hashlib.sha256(canonical_form(rubric).encode("utf-8", "surrogatepass")).hexdigest()
