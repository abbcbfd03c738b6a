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
import weakref

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


#: fingerprints by rubric object: a rubric is immutable, so its fingerprint is computed once per object.
#: Keyed by identity (hashing a rubric by value walks all of it, on every call); the weak reference
#: tells a live rubric from a new one that reuses a dead one's id.
_BY_OBJECT: dict[int, tuple[weakref.ref[Rubric], str]] = {}


def _digest(rubric: Rubric, converter: cattrs.Converter | None = None) -> str:
    return "sha256:" + hashlib.sha256(canonical_form(rubric, converter=converter).encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(rubric: Rubric, *, converter: cattrs.Converter | None = None) -> str:
    """``sha256:<hex>`` of :func:`canonical_form`; any change to the rules changes it.

    Computed once per rubric object (a rubric is immutable); a custom ``converter`` is never cached.
    """
    if converter is not None:
        return _digest(rubric, converter)
    key = id(rubric)
    cached = _BY_OBJECT.get(key)
    if cached is not None and cached[0]() is rubric:
        return cached[1]
    value = _digest(rubric)
    try:
        ref = weakref.ref(rubric, lambda _, key=key: _BY_OBJECT.pop(key, None))
    except TypeError:  # pragma: no cover - every attrs class perfrules defines takes weak references
        return value
    _BY_OBJECT[key] = (ref, value)
    return value
