"""Values as tables write them: exact decimals at the boundary, table notation, version strings.

The lowest stage: nothing here knows of indicators, rules or rubrics.
"""

from perfrules.values.dates import DateSpec
from perfrules.values.decimals import fraction_to_decimal, to_decimal
from perfrules.values.notation import Actual, ActualKind, Direction, Target, parse_actual, parse_target
from perfrules.values.versions import SemanticVersion

__all__ = [
    "Actual",
    "ActualKind",
    "DateSpec",
    "Direction",
    "SemanticVersion",
    "Target",
    "fraction_to_decimal",
    "parse_actual",
    "parse_target",
    "to_decimal",
]
