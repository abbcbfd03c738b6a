"""perfrules: exact, explainable budget-performance evaluation rules.

Describe a self-evaluation (自评表) — project, funds, indicator tree — score
it with a :class:`Rubric`, and get an exact, explained
:class:`EvaluationResult` with a grade::

    >>> import perfrules
    >>> result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
    >>> result.total, result.grade.label_zh
    (Decimal('97.62'), '优')
"""

from perfrules import compiled, cycle, evaluation, examples, exceptions, io, model, rubrics, rules, tables, values
from perfrules._version import __version__
from perfrules.evaluation import *  # noqa: F403 - each stage's public names, listed in its __all__
from perfrules.exceptions import *  # noqa: F403
from perfrules.explanation import Explanation
from perfrules.findings import Finding, Severity
from perfrules.io import *  # noqa: F403
from perfrules.io import documents as files  # the document functions' module, by its name before 0.2
from perfrules.model import *  # noqa: F403
from perfrules.rubrics import *  # noqa: F403  (load_self_evaluation: the registry-aware one)
from perfrules.rules import *  # noqa: F403
from perfrules.tables import *  # noqa: F403
from perfrules.cycle import *  # noqa: F403
from perfrules.compiled import *  # noqa: F403  (perfrules.kernel needs numpy: import it by name)
from perfrules.values import *  # noqa: F403

#: the public API: every stage's public names (once each), the shared records, the built-in rubrics
__all__ = list(
    dict.fromkeys(
        [
            "HUBEI_2020",
            "NATIONAL_2020",
            "Explanation",
            "Finding",
            "Severity",
            "__version__",
            "examples",
            "exceptions",
            "files",
            "rubrics",
            "tables",
            "cycle",
            "compiled",
            *exceptions.__all__,
            *values.__all__,
            *model.__all__,
            *rules.__all__,
            *io.__all__,
            *rubrics.__all__,
            *evaluation.__all__,
            *tables.__all__,
            *cycle.__all__,
            *compiled.__all__,
        ]
    )
)


def __getattr__(name: str) -> object:
    # built-in rubrics are read from the package's data files on first use, not at import
    if name in ("NATIONAL_2020", "HUBEI_2020"):
        return getattr(rubrics, name)
    raise AttributeError(f"module 'perfrules' has no attribute {name!r}")
