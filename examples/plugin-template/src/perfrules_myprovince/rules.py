"""The plugin's own rule kind, ``myprovince_stepped``: usable by name in any rubric or self-evaluation file
once the distribution is installed (entry point group ``perfrules.rules``)."""

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

from perfrules import Explanation, Finding, Outcome, RubricError, RuleContext, Severity, to_decimal


@attrs.frozen
class Stepped:
    """Full points for an actual at or above ``full``, half at or above ``half``, none below.

    Thresholds are in the target's unit (``90`` for ``≥90%``). The actual is read in that unit by
    ``ctx.read_actual()`` — ``0.85`` against ``≥90%`` is 85, with a finding saying so; ``85人`` against
    a percentage cannot be read and scores nothing, with a finding saying why. Every number stays
    exact: the thresholds are Decimals (a float is refused), the points a Fraction of the item's weight.
    """

    kind: ClassVar[str] = "myprovince_stepped"
    # clause → (Chinese, English) sentences, filled from the explanation's params
    clauses: ClassVar[dict[str, tuple[str, str]]] = {
        "myprovince_stepped.full": ("实际值 {actual} 不低于 {full}，得满分", "actual {actual} reaches {full}: full points"),
        "myprovince_stepped.half": ("实际值 {actual} 不低于 {half}，得一半分", "actual {actual} reaches {half}: half the points"),
        "myprovince_stepped.none": ("实际值 {actual} 低于 {half}，不得分", "actual {actual} is below {half}: no points"),
        "myprovince_stepped.missing": ("未填写实际值，不得分", "no actual value: no points"),
        "myprovince_stepped.no_target": ("未填写目标值，无法比较，不得分", "no target to compare with: no points"),
        "myprovince_stepped.unread": ("实际值“{actual}”无法按目标单位读取，不得分", "the actual '{actual}' cannot be read in the target's unit: no points"),
    }
    full: Decimal = attrs.field(converter=to_decimal)  # "90", 90 or Decimal("90"); a float is refused
    half: Decimal = attrs.field(converter=to_decimal)

    def __attrs_post_init__(self) -> None:
        if not self.half <= self.full:
            raise RubricError(f"myprovince_stepped: half ({self.half}) must not be above full ({self.full})")

    def apply(self, ctx: RuleContext) -> Outcome:
        weight = Fraction(ctx.weight)
        # the actual in the target's unit, exactly, with a finding for every assumption (None: not given)
        reading = ctx.read_actual()
        ind = ctx.indicator
        if reading is None:  # nothing to compare: said as a finding, never a silent 0
            clause = "myprovince_stepped.missing" if ind is None or ind.actual is None else "myprovince_stepped.no_target"
            zh, en = self.clauses[clause]
            why = Explanation(self.kind, clause, {"weight": ctx.weight}, "0", {})
            return Outcome(Fraction(0), why, findings=(Finding(clause, Severity.WARNING, ctx.path, en, zh),))
        shown, unit = ind.actual.text, ind.target.unit or ""
        if reading.refused or reading.value is None:
            clause, points = "myprovince_stepped.unread", Fraction(0)
        elif reading.value >= self.full:
            clause, points = "myprovince_stepped.full", weight
        elif reading.value >= self.half:
            clause, points = "myprovince_stepped.half", weight / 2
        else:
            clause, points = "myprovince_stepped.none", Fraction(0)
        params = {"actual": shown, "full": f"{self.full}{unit}", "half": f"{self.half}{unit}"}
        why = Explanation(self.kind, clause, {"weight": ctx.weight, "actual": shown}, str(points), params)
        return Outcome(points, why, findings=reading.findings)
