"""A kit for rubric and plugin authors: case files that pin a rubric's behaviour in data (``perfrules test``,
and a pytest plugin that collects ``*.cases.toml``): ``run_case_file("liaoning.cases.toml")`` gives a
:class:`CaseResult` per case, ``passed`` or with each :class:`Difference`; the hypothesis strategies
and oracles are in :mod:`perfrules.testing.strategies`, the conformance check in
:mod:`perfrules.testing.conformance`.
"""

from perfrules.testing.cases import CaseFile, CaseResult, Difference, load_case_file, run_case_file, update_case_file

__all__ = ["CaseFile", "CaseResult", "Difference", "load_case_file", "run_case_file", "update_case_file"]
