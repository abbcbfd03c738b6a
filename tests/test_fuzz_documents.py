"""Every document entry point under generated input, with a bounded budget: load, evaluate, dump,
reload, fingerprint. Checked: only perfrules errors; no float anywhere; every node's score in
[0, its points]; the total at most the base plus the declared bonus; round trips preserve; running
again gives the same result and fingerprint.
"""

from __future__ import annotations

import json
import pathlib
import sys
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import perfrules
import strategies as S
from perfrules import EvaluationResult, PerfrulesError, Rubric, SelfEvaluation

BUDGET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _no_float(data) -> None:
    stack = [data]
    while stack:
        node = stack.pop()
        assert not isinstance(node, float), node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def _check_result(result: EvaluationResult, rubric: Rubric) -> None:
    for node in result.nodes():
        assert 0 <= node.score <= node.max_points, node.path
    assert result.total_exact <= Fraction(rubric.base) + Fraction(result.bonus)
    assert isinstance(result.total, Decimal)


@BUDGET
@given(S.rubrics(full_bands=True), S.self_evaluations(), st.sampled_from(["json", "toml"]))
def test_generated_documents_load_score_dump_and_reload(rubric, se, fmt):
    # a self-evaluation and a rubric through their documents
    se_text = perfrules.dumps(se, format=fmt)
    assert perfrules.loads(se_text, SelfEvaluation, format=fmt) == se
    rubric_text = perfrules.dumps(rubric, format=fmt)
    assert perfrules.loads(rubric_text, Rubric, format=fmt) == rubric
    # scored, twice: the same result and fingerprint; a rubric evaluate refuses, lint refused first
    try:
        result = perfrules.evaluate(rubric, se)
    except perfrules.RubricError:
        assert any(f.severity is perfrules.Severity.ERROR for f in perfrules.lint(rubric))
        return
    assert perfrules.evaluate(rubric, se) == result
    assert result.rubric_fingerprint == perfrules.fingerprint(perfrules.loads(rubric_text, Rubric, format=fmt))
    _check_result(result, rubric)
    # the result through its document
    data = perfrules.unstructure(result)
    _no_float(data)
    _no_float(perfrules.unstructure(se))
    assert perfrules.loads(perfrules.dumps(result, format=fmt), EvaluationResult, format=fmt) == result


@BUDGET
@given(st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.text(max_size=12),
              st.decimals(allow_nan=True, allow_infinity=True).map(str)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["name", "code", "weight", "target", "actual", "children", "indicators", "project", "funds",
                         "year", "adjusted", "executed", "lines", "kind", "value", "claimed_score", "title_zh", "blocks"]),
        inner, max_size=5)),
    max_leaves=25,
))  # fmt: skip
def test_arbitrary_documents_raise_only_perfrules_errors(data):
    text = json.dumps(data)
    for cls in (SelfEvaluation, Rubric, perfrules.Indicator, EvaluationResult):
        try:
            loaded = perfrules.loads(text, cls)
        except PerfrulesError:
            continue
        # whatever loads, writes and reads back as itself
        assert perfrules.loads(perfrules.dumps(loaded), cls) == loaded
