"""N/A (不适用): the item is excluded; the rubric's policy says whether the rest is rescaled."""

from __future__ import annotations

from typing import ClassVar

import attrs

from perfrules.explanation import Explanation
from perfrules.model.indicators import Outcome, RuleContext
from perfrules.rules._common import ZERO

__all__ = ["NotApplicable"]

@attrs.frozen
class NotApplicable:
    """N/A: the item is excluded; the rubric says whether the rest is rescaled."""

    kind: ClassVar[str] = "not_applicable"

    def apply(self, ctx: RuleContext) -> Outcome:
        return Outcome(ZERO, Explanation(self.kind, "not_applicable", {"weight": ctx.weight}), applicable=False)
