"""The conformance check a rubric (or a sector plugin's rubric) runs on itself.

:func:`conformance_problems` lints the rubric, round-trips it through its document form, and scores
generated self-evaluations with it (:func:`perfrules.testing.strategies.self_evaluations`, seeded, so
a run is repeatable): every score stays within its node's points and the total within what the rubric
allows, and every leaf is explained in both languages with no placeholder left unfilled and no clause
missing from the catalogue. It returns the problems as sentences; :func:`assert_conformant` (also the
pytest fixture ``perfrules_conformance``) fails with them.

    >>> import perfrules
    >>> conformance_problems(perfrules.NATIONAL_2020, examples=20)
    []
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult
from perfrules.exceptions import InvalidInputError, RubricError, WrongTypeError
from perfrules.explanation import CLAUSES
from perfrules.findings import Severity
from perfrules.io.documents import dumps
from perfrules.model.funds import Funds
from perfrules.model.indicators import Indicator
from perfrules.model.project import Project
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.fingerprint import fingerprint
from perfrules.rubrics.lint import lint
from perfrules.rubrics.loading import loads_rubric
from perfrules.rubrics.registry import default_registry
from perfrules.rubrics.rubric import BlockSource, Rubric
from perfrules.testing.models import self_evaluations

__all__ = ["assert_conformant", "conformance_problems"]

_UNFILLED = re.compile(r"\{[A-Za-z_][A-Za-z_0-9]*\}")
_MAX_EXAMPLES = 10_000


def _result_problems(rubric: Rubric, result: EvaluationResult) -> Iterator[str]:
    for node in result.nodes():
        if node.applicable and not 0 <= node.exact_score <= node.max_points:
            yield f"{node.path}: score {node.score} outside [0, {node.max_points}]"
        ex = node.explanation
        if ex is None:
            continue
        if ex.clause not in CLAUSES:
            yield f"{node.path}: clause {ex.clause!r} has no sentences (register them with the rule's `clauses`)"
        for lang in ("zh", "en"):
            sentence = ex.reason(lang)
            if _UNFILLED.search(sentence):
                yield f"{node.path}: the {lang} explanation leaves a placeholder unfilled: {sentence!r}"
    floor, ceiling = rubric.adjustments.floor, rubric.adjustments.ceiling  # None: unlimited
    if (floor is not None and result.total_exact < floor) or (ceiling is not None and result.total_exact > ceiling):
        yield f"total {result.total} outside the rubric's bounds [{floor}, {ceiling}]"
    if not (rubric.adjustments.max_bonus or result.bonus) and result.total_exact > rubric.base:
        yield f"total {result.total} above the base {rubric.base} with no bonus"


#: the probe leaves: (target, actual) of every direction, each met, missed by a little, missed by far
_PROBE_PAIRS = (
    ("≥100", "100"), ("≥100", "90"), ("≥100", "0"), ("≥100", "250"),
    ("≤100", "100"), ("≤100", "120"), ("≤100", "300"), ("≤100", "40"),
    ("=100", "100"), ("=100", "80"),
    ("80~120", "100"), ("80~120", "60"), ("80~120", "150"),
    ("≥95%", "96%"), ("≥95%", "90%"),
    ("达成预期指标", "达成预期指标"), ("达成预期指标", "部分达成"), ("达成预期指标", "未达成"),
)  # fmt: skip


def _probes(rubric: Rubric) -> Iterator[SelfEvaluation]:
    """One self-evaluation per probe pair: every indicator block filled with that pair (its template's
    indicators when it has one), the funds executed at 90 % of the budget."""
    funds = Funds.single(adjusted=Decimal(100), executed=Decimal(90))
    project = Project("conformance probe", 2024)
    for target, actual in _PROBE_PAIRS:
        groups = []
        for block in rubric.blocks:
            if block.source is BlockSource.FUNDS:
                continue
            if block.indicators:
                leaves = tuple(Indicator(name=i.name, code=i.code, target=target, actual=actual) for i in block.indicators)
            else:
                leaves = (Indicator(name="probe", code="probe", weight=block.weight, target=target, actual=actual),)
            groups.append(Indicator(name=block.name_zh, code=block.code, children=leaves))
        yield SelfEvaluation(project, funds, tuple(groups))


def conformance_problems(rubric: Rubric, *, examples: int = 100, seed: int = 20260522) -> list[str]:
    """Everything that keeps ``rubric`` from conforming, as sentences (empty: it conforms).

    Raises:
        WrongTypeError: ``rubric`` is not a Rubric.
        InvalidInputError: ``examples`` is out of 1–10,000.
    """
    if not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
    if isinstance(examples, bool) or not isinstance(examples, int) or not 1 <= examples <= _MAX_EXAMPLES:
        raise InvalidInputError(f"examples must be an int 1–{_MAX_EXAMPLES:,}, not {examples!r}", path="examples")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise WrongTypeError(f"seed must be an int, not {type(seed).__name__} {seed!r}", path="seed", value=seed)
    problems = [f"lint: {f.render('en')}" for f in lint(rubric) if f.severity is Severity.ERROR]
    try:
        converter = default_registry().converter()
        again = loads_rubric(dumps(rubric, format="toml", converter=converter), format="toml", converter=converter, lint=False)
        if fingerprint(again) != fingerprint(rubric):
            problems.append("the rubric does not read back as itself from its TOML form")
    except Exception as e:  # whatever the document form does wrong is the problem to report
        problems.append(f"the rubric's TOML form does not read back: {type(e).__name__}: {e}")
    block_codes = [b.code for b in rubric.blocks]
    seen: dict[str, None] = {}

    def score(se: SelfEvaluation) -> None:
        try:
            result = evaluate(rubric, se)
        except RubricError as e:  # the rubric itself went wrong on this input (a rule beyond its points …)
            seen.setdefault(f"evaluate: {e}", None)
            return
        except InvalidInputError:
            return  # an input the rubric refuses, with its reason: not a conformance problem
        for problem in _result_problems(rubric, result):
            seen.setdefault(problem, None)

    # first the same probes every time — each block filled with one leaf of every kind of target, met,
    # missed and passed — so a broken rule is found whatever the generated inputs happen to be (they
    # depend on hypothesis' version and on the constants of the modules loaded)
    for probe in _probes(rubric):
        score(probe)

    @settings(max_examples=examples, database=None, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @hypothesis_seed(seed)  # derandomize alone draws the same examples whatever the seed
    @given(se=self_evaluations(block_codes=block_codes))
    def run(se: SelfEvaluation) -> None:
        score(se)

    run()
    return problems + list(seen)[:50]


def assert_conformant(rubric: Rubric, *, examples: int = 100) -> None:
    """Fail (``AssertionError``) with every conformance problem of ``rubric``."""
    problems = conformance_problems(rubric, examples=examples)
    if problems:
        raise AssertionError(f"{rubric.key} does not conform:\n  " + "\n  ".join(problems))
