"""Semantic version strings (``1.2.0``) for rubrics and overlays: the pattern, the checked type, the sort key."""

from __future__ import annotations

import re
from typing import Any, NewType

import attrs

from perfrules.exceptions import RubricError

__all__ = ["SEMVER", "SemanticVersion", "check_version", "version_key"]

#: A semantic version — ``MAJOR.MINOR.PATCH`` with an optional pre-release
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?")
SemanticVersion = NewType("SemanticVersion", str)
"""A version string such as ``1.2.0`` (checked when a file is read, with the other problems)."""


def check_version(instance: Any, attribute: attrs.Attribute, value: str) -> None:
    """attrs validator: ``value`` is a semantic version such as ``1.2.0``."""
    if not isinstance(value, str) or not SEMVER.fullmatch(value):
        raise RubricError(f"version must be a semantic version such as '1.2.0', got {value!r}")


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10.0-rc1"`` → ``(1, 10, 0)``: the numeric part, for ordering (pre-release tags are ignored)."""
    core = version.split("-", 1)[0]
    return tuple(int(x) for x in core.split("."))
