"""perfrules: exact, explainable budget-performance evaluation rules.

Describe a self-evaluation (自评表) — project, funds, indicator tree — score
it with a :class:`Rubric`, and get an exact, explained
:class:`EvaluationResult` with a grade::

    >>> import perfrules
    >>> result = perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())
    >>> result.total, result.grade.label_zh
    (Decimal('97.62'), '优')

``import perfrules`` loads only this facade: each stage (values, model, rules, …, tables, cycle,
compiled) is imported the first time one of its names is used, so a command or a web worker that
needs one stage does not pay for the others (the lazy loading of Scientific Python's SPEC 1; the
stub ``__init__.pyi`` gives type checkers and editors every name).
"""

import importlib as _importlib
from typing import Any as _Any

from perfrules._version import __version__

#: the stages whose public names (their ``__all__``) are perfrules' names, in the order they build on
#: each other; a name is looked up in the first stage that exports it, unless listed in ``_OWNER``
_STAGES = ("exceptions", "values", "model", "rules", "io", "rubrics", "evaluation", "tables", "cycle", "compiled")
#: names exported by more than one stage with different meanings, and the stage whose meaning is perfrules'
_OWNER = {"load_self_evaluation": "rubrics"}  # the registry-aware loader, not io's plain one
#: names of the facade itself: name -> (module, attribute or None for the module)
_OWN = {
    "Explanation": ("perfrules.explanation", "Explanation"),
    "Finding": ("perfrules.findings", "Finding"),
    "Severity": ("perfrules.findings", "Severity"),
    "files": ("perfrules.io.documents", None),  # the document functions' module, by its name before 0.2
    "examples": ("perfrules.examples", None),
    "kernel": ("perfrules.kernel", None),  # needs numpy
    "HUBEI_2020": ("perfrules.rubrics", "HUBEI_2020"),  # built-in rubrics: read from data files on first use
    "NATIONAL_2020": ("perfrules.rubrics", "NATIONAL_2020"),
    **{stage: (f"perfrules.{stage}", None) for stage in _STAGES},
}
_FACADE = ("HUBEI_2020", "NATIONAL_2020", "Explanation", "Finding", "Severity", "__version__", "examples", "exceptions",
           "files", "rubrics", "tables", "cycle", "compiled")


def _public_names() -> list[str]:
    """The public API: the facade's own names, then every stage's public names (once each)."""
    names = dict.fromkeys(_FACADE)
    for stage in _STAGES:
        names.update(dict.fromkeys(_importlib.import_module(f"perfrules.{stage}").__all__))
    return list(names)


def _resolve(name: str) -> _Any:
    if name in _OWN:
        module_name, attribute = _OWN[name]
        module = _importlib.import_module(module_name)
        return module if attribute is None else getattr(module, attribute)
    if name == "__all__":
        return _public_names()
    if name in _OWNER:
        return getattr(_importlib.import_module(f"perfrules.{_OWNER[name]}"), name)
    if not name.startswith("__"):
        for stage in _STAGES:
            module = _importlib.import_module(f"perfrules.{stage}")
            if name in module.__all__:
                return getattr(module, name)
    raise AttributeError(f"module 'perfrules' has no attribute {name!r}")


def __getattr__(name: str) -> _Any:
    value = _resolve(name)
    if name not in ("HUBEI_2020", "NATIONAL_2020"):  # the built-in rubrics stay the rubrics stage's to cache
        globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_public_names()})
