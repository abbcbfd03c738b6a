"""A kit for rubric and plugin authors: case files that pin a rubric's behaviour in data (``perfrules test``,
and a pytest plugin that collects ``*.cases.toml``)::

    from perfrules.testing import run_case_file

    for result in run_case_file("liaoning.cases.toml"):
        print(result.name, "passed" if result.passed else [str(d) for d in result.differences])
"""

from perfrules.testing.cases import CaseFile, CaseResult, Difference, load_case_file, run_case_file, update_case_file

__all__ = ["CaseFile", "CaseResult", "Difference", "load_case_file", "run_case_file", "update_case_file"]
