"""Values as tables write them: exact decimals at the boundary, units and quantities, table
notation (comparator words, Chinese numerals, rates, deadlines), and a target read with its actual.

The lowest stage: nothing here knows of indicators, rules or rubrics.
"""

from perfrules.values.dates import DateSpec
from perfrules.values.decimals import fraction_to_decimal, to_decimal
from perfrules.values.notation import Actual, ActualKind, Direction, Target, parse_actual, parse_target
from perfrules.values.numerals import arabize, read_chinese_number
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.quantity import Quantity
from perfrules.values.reading import PairReading, read_pair
from perfrules.values.units import DEFAULT_UNITS, Unit, UnitDefinition, UnitError, UnitTable, convert, parse_unit
from perfrules.values.versions import SemanticVersion

__all__ = [
    "DEFAULT_UNITS",
    "Actual",
    "ActualKind",
    "DateSpec",
    "Direction",
    "PairReading",
    "Quantity",
    "ReadingPolicy",
    "SemanticVersion",
    "Target",
    "Unit",
    "UnitDefinition",
    "UnitError",
    "UnitTable",
    "arabize",
    "convert",
    "fraction_to_decimal",
    "parse_actual",
    "parse_target",
    "parse_unit",
    "read_chinese_number",
    "read_pair",
    "to_decimal",
]
