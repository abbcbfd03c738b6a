"""The conformance check a rubric or plugin runs on itself: quiet on perfrules' own rubrics, loud on a broken rule."""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import attrs
import pytest

import perfrules
from perfrules import Explanation, Outcome, RuleContext, ScoringRules
from perfrules.testing.conformance import conformance_problems


@pytest.mark.parametrize("code", ["cn-national-project-2020", "cn-hubei-project-2020", "cn-public-health", "cn-agriculture-trusteeship"])
def test_perfrules_own_rubrics_conform(code, perfrules_conformance):
    perfrules_conformance(perfrules.get_rubric(code), examples=25)


@attrs.frozen
class Generous:
    """A broken rule: twice the points, explained by a clause nobody wrote, with a placeholder left open."""

    kind: ClassVar[str] = "test_generous"

    def apply(self, ctx: RuleContext) -> Outcome:
        return Outcome(Fraction(ctx.weight) * 2, Explanation(self.kind, "test_generous.unwritten", {"weight": ctx.weight}, "2 × w", {}))


def test_a_broken_rule_is_reported():
    rubric = attrs.evolve(perfrules.NATIONAL_2020, rules=attrs.evolve(perfrules.NATIONAL_2020.rules, positive=Generous()))
    problems = conformance_problems(rubric, examples=40)
    assert any("rule.out_of_range" in p for p in problems), problems  # lint tries the rule on sample values
    assert any("does not read back" in p and "unknown rule kind 'test_generous'" in p for p in problems)  # not registered
    assert any(p.startswith("evaluate: rule 'test_generous' returned") for p in problems)  # scored beyond its weight
    with pytest.raises(AssertionError, match="does not conform"):
        from perfrules.testing.conformance import assert_conformant

        assert_conformant(rubric, examples=40)


def test_bad_arguments():
    with pytest.raises(perfrules.WrongTypeError):
        conformance_problems("national")
    with pytest.raises(perfrules.InvalidInputError):
        conformance_problems(perfrules.NATIONAL_2020, examples=0)


@attrs.frozen
class Silent:
    """A rule within its points whose clause has no sentences and whose explanation names no parameter."""

    kind: ClassVar[str] = "test_silent"

    def apply(self, ctx: RuleContext) -> Outcome:
        return Outcome(Fraction(0), Explanation(self.kind, "test_silent.unwritten", {"weight": ctx.weight}, "0", {}))


def test_an_unexplained_clause_is_reported():
    rubric = attrs.evolve(perfrules.NATIONAL_2020, rules=attrs.evolve(perfrules.NATIONAL_2020.rules, positive=Silent()))
    problems = conformance_problems(rubric, examples=40)
    assert any("clause 'test_silent.unwritten' has no sentences" in p for p in problems), problems
