"""Coded, located findings: what an evaluation noticed about its input.

A finding never stops an evaluation. Each has a stable ``code``
(``score.claimed_differs``), a ``severity``, the ``path`` of the item it is
about, and a message in Chinese and English built from its ``data``.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from perfrules._fields import enum_field, freeze_pairs

__all__ = ["Finding", "Severity"]


class Severity(enum.Enum):
    """How serious a finding is."""

    ERROR = "error"
    """The input contradicts itself or the rubric; the result needs review."""
    WARNING = "warning"
    """Probably a defect in the input; the score was computed anyway."""
    INFO = "info"
    """A policy was applied that a reader should know about."""




@attrs.frozen
class Finding:
    """One observation about the evaluated input.

    Attributes:
        code: stable identifier, e.g. ``score.claimed_differs``.
        severity: error, warning or info.
        path: the item it is about, e.g. ``indicators.output/数量指标/Q02``.
        message_en: English text.
        message_zh: Chinese text.
        data: the figures behind the message, as ``(name, value)`` pairs.
    """

    code: str
    severity: Severity = enum_field(Severity)
    path: str
    message_en: str
    message_zh: str = ""
    data: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)

    def message(self, lang: str = "en") -> str:
        """The message in ``"zh"`` or ``"en"``."""
        return self.message_zh if lang == "zh" and self.message_zh else self.message_en

    def render(self, lang: str = "en") -> str:
        """``[warning score.claimed_differs] path: message``."""
        return f"[{self.severity.value} {self.code}] {self.path}: {self.message(lang)}"

    def get(self, key: str, default: Any = None) -> Any:
        """The value of one data item."""
        return dict(self.data).get(key, default)
