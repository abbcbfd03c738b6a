"""The plugin's own rule kind, ``myprovince_stepped``: usable by name in any rubric or self-evaluation file
once the distribution is installed (entry point group ``perfrules.rules``)."""

from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

from perfrules import Explanation, Outcome, RubricError, RuleContext, to_decimal


@attrs.frozen
class Stepped:
    """Full points for an actual at or above ``full``, half at or above ``half``, none below (or none given).

    Thresholds are in the actual's own unit (``90`` for ``93.5%``). Every number stays exact: the
    thresholds are Decimals (a float is refused), the points a Fraction of the item's weight.
    """

    kind: ClassVar[str] = "myprovince_stepped"
    # clause → (Chinese, English) sentences, filled from the explanation's params
    clauses: ClassVar[dict[str, tuple[str, str]]] = {
        "myprovince_stepped.full": ("实际值 {actual} 不低于 {full}，得满分", "actual {actual} reaches {full}: full points"),
        "myprovince_stepped.half": ("实际值 {actual} 不低于 {half}，得一半分", "actual {actual} reaches {half}: half the points"),
        "myprovince_stepped.none": ("实际值 {actual} 低于 {half}，不得分", "actual {actual} is below {half}: no points"),
        "myprovince_stepped.missing": ("未填写实际值，不得分", "no actual value: no points"),
    }
    full: Decimal = attrs.field(converter=to_decimal)  # "90", 90 or Decimal("90"); a float is refused
    half: Decimal = attrs.field(converter=to_decimal)

    def __attrs_post_init__(self) -> None:
        if not self.half <= self.full:
            raise RubricError(f"myprovince_stepped: half ({self.half}) must not be above full ({self.full})")

    def apply(self, ctx: RuleContext) -> Outcome:
        actual = ctx.indicator.actual if ctx.indicator is not None else None
        value = actual.value if actual is not None else None
        weight = Fraction(ctx.weight)
        if value is None:
            clause, points = "myprovince_stepped.missing", Fraction(0)
        elif value >= self.full:
            clause, points = "myprovince_stepped.full", weight
        elif value >= self.half:
            clause, points = "myprovince_stepped.half", weight / 2
        else:
            clause, points = "myprovince_stepped.none", Fraction(0)
        params = {"actual": value, "full": self.full, "half": self.half}
        formula = str(points)
        return Outcome(points, Explanation(self.kind, clause, {"weight": ctx.weight, "actual": value}, formula, params))
