"""A rule kind of one's own, as first-class as perfrules' own: named in rubric and self-evaluation
files, and explained in both languages by its own sentences. The rule is the example plugin's
(``examples/perfrules-liaoning``), registered in-house here; ``test_plugin_example.py`` reaches the
same rule through its installed entry point."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import attrs
import pytest

import perfrules
from perfrules import PluginError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "custom_rule"


def _plugin_rules():
    path = ROOT / "examples" / "perfrules-liaoning" / "src" / "perfrules_liaoning" / "rules.py"
    spec = importlib.util.spec_from_file_location("liaoning_rules_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs and cattrs resolve the class's annotations through it
    spec.loader.exec_module(module)
    return module


Stepped = _plugin_rules().Stepped


@pytest.fixture
def registered():
    perfrules.default_registry.cache_clear()
    perfrules.default_registry().register_rule(Stepped)
    yield
    perfrules.default_registry.cache_clear()


def test_a_custom_rule_by_name_in_rubric_and_table_files(registered):
    rubric = perfrules.load_rubric(FIXTURES / "rubric.toml")
    se = perfrules.load_self_evaluation(FIXTURES / "table.toml")
    assert rubric.rules.positive == Stepped(full=100, half=80)
    r = perfrules.evaluate(rubric, se)
    # a: 90 ≥ 80 -> 12.5 (rubric's rule); b: 90 ≥ 85 -> 12.5 (its own rule); c: 30; d: 50 < 80 -> 0; execution 10
    assert [n.score for n in r.leaves()] == [10, Decimal("12.5"), Decimal("12.5"), 30, 0]
    b = r.node("output/b").explanation
    assert b.reason("zh") == "实际值 90 不低于 85，得一半分"
    assert b.reason("en") == "actual 90 reaches 85: half the points"
    assert r.node("satisfaction/d").explanation.reason("en") == "actual 50 is below 80: no points"
    # and it writes back out by name
    assert perfrules.loads(perfrules.dumps(se), perfrules.SelfEvaluation, converter=perfrules.default_registry().converter()) == se


def test_an_unregistered_kind_is_a_located_error():
    perfrules.default_registry.cache_clear()
    with pytest.raises(perfrules.DocumentError, match=r"\$\.indicators\[0\]\.children\[1\]\.rule: unknown rule kind 'ln_stepped'"):
        perfrules.load_self_evaluation(FIXTURES / "table.toml")


def test_a_kind_cannot_take_another_ones_name():
    @attrs.frozen
    class Impostor:
        kind: ClassVar[str] = "positive"

        def apply(self, ctx):
            raise AssertionError

    with pytest.raises(PluginError, match="already"):
        perfrules.Registry(discover=False).register_rule(Impostor)
    with pytest.raises(PluginError, match="not a rule kind"):
        perfrules.Registry(discover=False).register_rule(object)
