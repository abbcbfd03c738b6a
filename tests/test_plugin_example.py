"""The separately installable example plugin (examples/perfrules-liaoning): install, discover, override."""

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import pytest

import perfrules
from perfrules import Registry
from plugins import installed_plugin

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "perfrules-liaoning"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """pip-install the example plugin into a private folder and put it on sys.path."""
    with installed_plugin(EXAMPLE, tmp_path_factory.mktemp("site"), "perfrules_liaoning") as target:
        yield target


def test_plugin_is_discovered_through_its_entry_point(installed):
    """The installed distribution's entry point appears in the group perfrules reads."""
    eps = [ep for ep in metadata.entry_points(group="perfrules.rubrics") if ep.name == "cn-agriculture-trusteeship-liaoning"]
    assert len(eps) == 1 and eps[0].dist.name == "perfrules-liaoning"
    registry = Registry()
    assert "cn-agriculture-trusteeship-liaoning" in registry
    rubric = registry.rubric("cn-agriculture-trusteeship-liaoning")
    assert rubric.origin == "perfrules-liaoning 1.0.0"
    assert rubric.lineage == ("cn-national-project-2020@1.0.0", "cn-agriculture-trusteeship@1.0.0", "cn-agriculture-trusteeship-liaoning@1.0.0")
    assert registry.get("cn-agriculture-trusteeship-liaoning").parent == "cn-agriculture-trusteeship"
    assert "cn-agriculture-trusteeship-liaoning" in registry.sectors()["agriculture"]


def test_plugin_overrides_the_builtin_rubric_in_its_region(installed):
    """In Liaoning from 2022 the plugin's rubric is in force; elsewhere, and before, the built-in one."""
    registry = Registry()
    on = dt.date(2023, 12, 31)
    assert registry.select(region="CN-LN-Shenyang", on=on, sector="agriculture").code == "cn-agriculture-trusteeship-liaoning"
    assert registry.select(region="CN-JX", on=on, sector="agriculture").code == "cn-agriculture-trusteeship"
    assert registry.select(region="CN-LN", on=dt.date(2021, 12, 31), sector="agriculture").code == "cn-agriculture-trusteeship"
    # 80 元/亩 is within the national 100 but above Liaoning's 70; it is recorded which plugin scored it
    se = perfrules.SelfEvaluation(perfrules.Project("托管", 2023, region="CN-LN-Shenyang"), facts={"subsidy_total_wan": 80, "area_mu": 10000})
    local = perfrules.evaluate(registry.select(region="CN-LN-Shenyang", on=on, sector="agriculture"), se)
    national = perfrules.evaluate(registry.rubric("cn-agriculture-trusteeship"), se)
    status = {c.code: c.status.value for c in local.checks}
    assert status["agriculture.per_mu_cap"] == "failed"
    assert {c.code: c.status.value for c in national.checks}["agriculture.per_mu_cap"] == "passed"
    assert local.rubric_origin == "perfrules-liaoning 1.0.0"
    (finding,) = local.findings_by_code("agriculture.per_mu_cap")
    assert "≤ 70" in finding.message_en and finding.get("ratio") == Decimal(80)


def test_plugin_is_skipped_when_discovery_is_off(installed, monkeypatch):
    """PERFRULES_NO_PLUGINS hides the plugin; the built-in packs remain."""
    monkeypatch.setenv("PERFRULES_NO_PLUGINS", "1")
    registry = Registry()
    assert "cn-agriculture-trusteeship-liaoning" not in registry
    assert "cn-agriculture-trusteeship" in registry


def test_cli_lists_the_plugin(installed, capsys):
    """`perfrules sectors` shows the plugin with its distribution."""
    from perfrules import cli
    from perfrules.rubrics import registry

    registry.default_registry.cache_clear()
    try:
        assert cli.main(["sectors"]) == 0
    finally:
        registry.default_registry.cache_clear()
    out = capsys.readouterr().out
    assert "cn-agriculture-trusteeship-liaoning  v1.0.0  regions=CN-LN  from perfrules-liaoning 1.0.0" in out


def test_the_example_overlay_loads():
    """The example plugin's overlay is a valid rubric with Liaoning's numbers (the how-to's own TOML, the
    plugin template's, is checked by test_plugin_template.py)."""
    shipped = perfrules.load_rubric(EXAMPLE / "src" / "perfrules_liaoning" / "cn-agriculture-trusteeship-liaoning.toml")
    checks = {c.code: c for c in shipped.checks}
    assert shipped.code == "cn-agriculture-trusteeship-liaoning" and shipped.regions == ("CN-LN",)
    assert checks["agriculture.per_mu_cap"].maximum == Decimal(70)
    assert checks["agriculture.scale_operator_cap"].maximum == Decimal(20)


def test_a_plugin_rule_is_used_by_name_in_files_and_explains_itself(installed):
    """The plugin's rule kind (entry point ``perfrules.rules``) in a rubric file and a self-evaluation file."""
    fixtures = Path(__file__).parent / "fixtures" / "custom_rule"  # shared with test_custom_rules.py
    rubric = perfrules.load_rubric(fixtures / "rubric.toml")
    se = perfrules.load_self_evaluation(fixtures / "table.toml")
    r = perfrules.evaluate(rubric, se)
    # execution 10; a: 90 ≥ 80 -> 12.5; b: 90 ≥ 85 -> 12.5; c: 100 ≥ 100 -> 30; d: 50 < 80 -> 0
    assert [n.score for n in r.leaves()] == [10, Decimal("12.5"), Decimal("12.5"), 30, 0]
    b = r.node("output/b").explanation
    assert (b.rule, b.reason("zh"), b.reason("en")) == ("ln_stepped", "实际值 90 不低于 85，得一半分", "actual 90 reaches 85: half the points")
    from perfrules.cli import main

    assert main(["score", str(fixtures / "table.toml"), "--rubric", str(fixtures / "rubric.toml"), "--lang", "en"]) == 0
    from perfrules.messages import catalogue

    own = catalogue()["clause.ln_stepped.half"]  # the plugin's sentences are in perfrules' one catalogue
    assert own == {"zh": "实际值 {actual} 不低于 {half}，得一半分", "en": "actual {actual} reaches {half}: half the points"}



def test_the_plugins_case_file_passes_with_the_plugin_and_fails_without(installed):
    """`perfrules test` on the plugin's own case file: the overlay in force in Shenyang finds the 70 元/亩 cap."""
    from perfrules.testing import run_case_file

    cases = EXAMPLE / "tests" / "liaoning.cases.toml"
    assert [r.passed for r in run_case_file(cases)] == [True, True]
    env_path = str(installed)
    proc = subprocess.run(
        [sys.executable, "-m", "perfrules", "test", str(cases)], capture_output=True, text=True, encoding="utf-8",
        env={**__import__("os").environ, "PYTHONPATH": env_path},
    )
    assert proc.returncode == 0 and "2 passed, 0 failed" in proc.stdout


def test_the_plugins_own_tests_pass_with_perfrules_kit(installed):
    """pytest on the plugin's tests folder: its case file (collected by perfrules' pytest plugin) and its
    conformance test (the ``perfrules_conformance`` fixture)."""
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(installed)}, cwd=EXAMPLE,
    )
    assert proc.returncode == 0 and "3 passed" in proc.stdout, proc.stdout + proc.stderr
