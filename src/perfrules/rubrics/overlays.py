"""Regional and yearly overlays: a base rubric plus only what a region or year changes.

An :class:`Overlay` names its base rubric and carries ``changes``: a partial
rubric document merged onto the base's full document:

* tables merge key by key (a table whose ``kind`` changes is replaced whole);
* lists of tables with ``code`` keys (blocks, indicators, grade bands) merge
  by ``code``: a listed code updates that entry, ``remove = true`` deletes
  it, a new code is appended;
* anything else replaces the base value.

The merged rubric records the chain in ``lineage`` (``base@1.0.0``,
``overlay@1.0.0``) and is linted like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from perfrules.exceptions import FloatRefusedError, RubricError
from perfrules.io.converter import PerfrulesConverter, default_converter, structure
from perfrules.rubrics.rubric import Rubric
from perfrules.values.versions import SemanticVersion, check_version

__all__ = ["Overlay", "apply_overlay", "merge_documents"]

_IDENTITY = ("code", "version", "title_zh", "title_en", "lineage")


def _floats(value: Any, path: str) -> None:
    if isinstance(value, float):
        raise FloatRefusedError(path=path, value=value)
    if isinstance(value, Mapping):
        for k, v in value.items():
            _floats(v, f"{path}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _floats(v, f"{path}[{i}]")


def _check_changes(instance: Overlay, attribute: attrs.Attribute, value: Mapping[str, Any]) -> None:
    _floats(value, "changes")
    bad = [k for k in _IDENTITY if k in value]
    if bad:
        raise RubricError(f"overlay {instance.code!r}: changes may not set {', '.join(bad)}; set them on the overlay itself")


@attrs.frozen
class Overlay:
    """A named set of changes to a base rubric.

    Attributes:
        code, version, title_zh, title_en: the resulting rubric's identity.
        base: the code of the rubric it changes.
        changes: a partial rubric document (see the module docstring).
        regions, effective_from, effective_to, references: the resulting
            rubric's scope; ``None`` keeps the base's.
    """

    code: str
    base: str
    version: SemanticVersion = attrs.field(validator=check_version)
    title_zh: str
    title_en: str
    changes: dict[str, Any] = attrs.field(factory=dict, validator=_check_changes)
    regions: tuple[str, ...] | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    references: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"


def _coded_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) and "code" in v for v in value)


def merge_documents(base: Any, changes: Any, path: str = "$") -> Any:
    """Merge ``changes`` onto ``base`` (plain data) by the overlay rules."""
    if isinstance(base, Mapping) and isinstance(changes, Mapping):
        if "kind" in changes and changes.get("kind") != base.get("kind"):
            return dict(changes)
        merged = dict(base)
        for key, value in changes.items():
            merged[key] = merge_documents(base[key], value, f"{path}.{key}") if key in base else value
        return merged
    if _coded_list(base) and _coded_list(changes):
        merged_list = [dict(item) for item in base]
        for change in changes:
            code = change["code"]
            index = next((i for i, item in enumerate(merged_list) if item["code"] == code), None)
            if change.get("remove") is True:
                if index is None:
                    raise RubricError(f"{path}: cannot remove {code!r}: the base has no such entry")
                del merged_list[index]
            elif index is None:
                merged_list.append(dict(change))
            else:
                merged_list[index] = merge_documents(merged_list[index], change, f"{path}[{code}]")
        return merged_list
    return changes


def apply_overlay(base: Rubric, overlay: Overlay, *, converter: cattrs.Converter | None = None) -> Rubric:
    """The rubric ``overlay`` makes of ``base``.

    Raises:
        RubricError: the overlay names another base, or its changes do not fit.
        DocumentError: the merged document is not a valid rubric (every problem listed).
    """
    if overlay.base != base.code:
        raise RubricError(f"overlay {overlay.key} applies to {overlay.base!r}, not to {base.code!r}")
    c = converter or default_converter(omit_defaults=False)
    # the base with every field written: a change merges into what the base holds, defaults included
    document = (c.full() if isinstance(c, PerfrulesConverter) else c).unstructure(base)
    merged = merge_documents(document, overlay.changes)
    merged.update(
        code=overlay.code,
        version=overlay.version,
        title_zh=overlay.title_zh,
        title_en=overlay.title_en,
        lineage=list(base.lineage or (base.key,)) + [overlay.key],
    )
    for name in ("regions", "references"):
        value = getattr(overlay, name)
        if value is not None:
            merged[name] = list(value)
    for name in ("effective_from", "effective_to"):
        value = getattr(overlay, name)
        if value is not None:
            merged[name] = value.isoformat()
    return structure(merged, Rubric, converter=c, what=f"rubric {overlay.key} (overlay on {base.key})")
