"""The evaluated object: a project (项目支出) or a department as a whole (部门整体)."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from perfrules._fields import enum_field
from perfrules.exceptions import InvalidInputError

__all__ = ["Project", "Scope"]


class Scope(enum.Enum):
    """What is evaluated."""

    PROJECT = "project"
    """项目支出绩效自评."""
    DEPARTMENT = "department"
    """部门整体支出绩效自评."""


def _check_year(instance: Any, attribute: attrs.Attribute, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"year must be an int, got {value!r}", path="year", value=value)
    if not 1990 <= value <= 2100:
        raise InvalidInputError(f"year {value} is outside 1990..2100", path="year", value=value)


def _non_empty(instance: Any, attribute: attrs.Attribute, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError("must be a non-empty string", path=attribute.name, value=value)


@attrs.frozen
class Project:
    """项目基本信息.

    Attributes:
        name: 项目名称.
        year: the budget year evaluated.
        unit: 实施单位, the spending unit that evaluates itself.
        department: 主管部门.
        sector: sector code (``"pension"``, ``"agriculture"``, ``"public_health"`` …).
        region: region code or name the rules of which apply (``"CN-HB-Wuhan"``).
        scope: project or whole department.
    """

    name: str = attrs.field(validator=_non_empty)
    year: int = attrs.field(validator=_check_year)
    unit: str = ""
    department: str = ""
    sector: str = ""
    region: str = ""
    scope: Scope = enum_field(Scope, default=Scope.PROJECT)
