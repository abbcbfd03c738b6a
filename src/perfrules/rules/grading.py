"""Grade scales (优/良/中/差): bands with inclusive lower bounds, graded exactly.

The national default (the MOF budget department's bands for central
departments) is 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60. Any other scale is
declared the same way; a non-integer total such as 89.995 is
compared exactly (it is 良 under the national scale).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import tuple_field
from perfrules.exceptions import FloatRefusedError, RubricError
from perfrules.values.decimals import decimal_field, optional_decimal_field, to_decimal

__all__ = ["NATIONAL_GRADES", "PROVINCIAL_80_70_60", "GradeBand", "GradeScale"]


@attrs.frozen
class GradeBand:
    """One grade: totals ``≥ lower`` (and below the next band up) get it.

    ``upper`` records a published upper bound (``良 80–89``) for
    :func:`perfrules.rubrics.lint.lint` to check against the next band; grading
    itself uses lower bounds only.
    """

    code: str
    label_zh: str
    label_en: str
    lower: Decimal = decimal_field()
    upper: Decimal | None = optional_decimal_field()


def _check_bands(instance: GradeScale, attribute: attrs.Attribute, bands: tuple[GradeBand, ...]) -> None:
    if not bands:
        raise RubricError("a grade scale needs at least one band")
    lowers = [b.lower for b in bands]
    if any(a <= b for a, b in zip(lowers, lowers[1:], strict=False)):
        raise RubricError(f"grade bands must be listed from the highest lower bound down, strictly: {lowers}")
    codes = [b.code for b in bands]
    if len(set(codes)) != len(codes):
        raise RubricError(f"grade codes must be distinct: {codes}")


@attrs.frozen
class GradeScale:
    """Ordered grade bands, highest first.

    >>> NATIONAL_GRADES.grade(Decimal("89.995")).label_zh
    '良'
    >>> NATIONAL_GRADES.grade(90).label_zh
    '优'
    """

    bands: tuple[GradeBand, ...] = tuple_field(GradeBand, validator=_check_bands)
    code: str = ""

    @classmethod
    def from_edges(cls, *edges: Any, code: str = "") -> GradeScale:
        """Four-grade scale 优/良/中/差 from three lower edges, e.g. ``from_edges(80, 70, 60)``."""
        if len(edges) != 3:
            raise RubricError("from_edges takes the three lower edges of 优, 良 and 中")
        e = [to_decimal(x, path="edges") for x in edges]
        return cls(
            (
                GradeBand("excellent", "优", "excellent", e[0]),
                GradeBand("good", "良", "good", e[1]),
                GradeBand("fair", "中", "fair", e[2]),
                GradeBand("poor", "差", "poor", 0),
            ),
            code=code,
        )

    def grade(self, total: Decimal | Fraction | int) -> GradeBand:
        """The band of ``total``, compared exactly; below every band → the lowest band."""
        if isinstance(total, float):
            raise FloatRefusedError(path="total", value=total)
        q = Fraction(total)
        for band in self.bands:
            if q >= Fraction(band.lower):
                return band
        return self.bands[-1]


NATIONAL_GRADES = GradeScale.from_edges(90, 80, 60, code="national")
"""优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60 (财预〔2020〕10号 as applied; lower bounds inclusive)."""

PROVINCIAL_80_70_60 = GradeScale.from_edges(80, 70, 60, code="provincial-80-70-60")
"""优 ≥ 80, 良 ≥ 70, 中 ≥ 60, 差 < 60 (a provincial variant)."""
