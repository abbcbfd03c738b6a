"""Type stub of the lazily loading facade (see __init__.py): every public name, as type checkers see it."""

from perfrules import compiled as compiled, cycle as cycle, evaluation as evaluation, examples as examples
from perfrules import exceptions as exceptions, io as io, model as model, rubrics as rubrics, rules as rules
from perfrules import tables as tables, values as values
from perfrules._version import __version__ as __version__
from perfrules.explanation import Explanation as Explanation
from perfrules.findings import Finding as Finding, Severity as Severity
from perfrules.io import documents as files
from perfrules.rubrics import HUBEI_2020 as HUBEI_2020, NATIONAL_2020 as NATIONAL_2020
from perfrules.exceptions import *
from perfrules.values import *
from perfrules.model import *
from perfrules.rules import *
from perfrules.io import *
from perfrules.evaluation import *
from perfrules.tables import *
from perfrules.cycle import *
from perfrules.compiled import *
from perfrules.rubrics import *  # after io: its load_self_evaluation is perfrules'

__all__: list[str]
