"""The public surface: curated exports, version, command line."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import perfrules
from perfrules._version import __version__
from perfrules.cli.main import main


def test_all_is_exactly_the_public_names():
    """__all__ lists every public name of the package namespace, and each resolves."""
    import types

    for name in perfrules.__all__:
        assert getattr(perfrules, name) is not None, name
    public = {n for n, v in vars(perfrules).items() if not n.startswith("_") and not isinstance(v, types.ModuleType)}
    assert public - {"NATIONAL_2020", "HUBEI_2020"} <= set(perfrules.__all__)
    assert len(perfrules.__all__) == len(set(perfrules.__all__))


#: the public names of perfrules 0.1 (before the package was laid out in stages); none may go
API_0_1 = [
    "Actual", "ActualKind", "Adjustment", "AdjustmentPolicy", "Aggregator", "AnyOf", "Assessment", "Band",
    "Block", "BlockSource", "Bound", "BudgetExecution", "ByYear", "CheckResult", "CheckStatus", "Checklist",
    "ChecklistItem", "Compare", "Deduction", "DeductionCounting", "Direction", "DocumentError",
    "DuplicatePluginError", "Equal", "EqualVariant", "EvaluationResult", "Explanation", "Finding",
    "FloatRefusedError", "FundLine", "FundSource", "Funds", "GradeBand", "GradeScale", "HUBEI_2020",
    "Indicator", "InvalidInputError", "Judged", "Minimum", "NATIONAL_2020", "NATIONAL_GRADES",
    "NoRubricInForceError", "NodeResult", "NotApplicable", "NotApplicablePolicy", "NotationError", "Outcome",
    "OverBudget", "Overlay", "PROVINCIAL_80_70_60", "PerfrulesError", "PerfrulesWarning", "PluginError",
    "PointSum", "Positive", "Product", "Project", "QualitativeBands", "RangeActual", "RangeRule",
    "RateMatches", "Ratio", "Registry", "ReplayReport", "Reverse", "ReverseVariant", "Rounding",
    "RoundingMode", "RoundingPolicy", "Rubric", "RubricError", "RubricLintError", "Rule", "RuleContext",
    "Scope", "ScoringRules", "SectorPack", "SelfEvaluation", "Severity", "Shares", "Target", "Term", "Total",
    "UnknownRubricError", "WeightedMean", "YearValue", "ZeroBudget", "__version__", "apply_overlay",
    "canonical_form", "default_registry", "dump", "dumps", "evaluate", "examples", "exceptions", "files",
    "fingerprint", "get_rubric", "lint", "list_rubrics", "load", "load_result", "load_rubric",
    "load_self_evaluation", "loads", "loads_rubric", "make_converter", "parse_actual", "parse_target",
    "render_text", "replay", "rubric_in_force", "rubrics", "select_rubric",
]


def test_public_names_of_earlier_releases_are_kept():
    """Every name ``perfrules`` exported before keeps resolving, from the package and via ``from perfrules import``."""
    assert sorted(set(API_0_1) - set(perfrules.__all__)) == []
    namespace: dict = {}
    exec("from perfrules import *", namespace)
    assert {n for n in API_0_1 if n not in ("NATIONAL_2020", "HUBEI_2020")} <= set(namespace)


def test_builtin_rubrics_are_not_read_at_import():
    """Importing perfrules reads no rubric file; the constants load on first use."""
    code = "import perfrules, perfrules.rubrics as r; assert r.builtin_rubrics.cache_info().currsize == 0; perfrules.NATIONAL_2020; assert r.builtin_rubrics.cache_info().currsize == 1"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_version():
    """One version, from one place."""
    assert perfrules.__version__ == __version__
    from importlib.metadata import version

    assert version("perfrules") == __version__


def test_cli_example(capsys):
    """`perfrules example` prints the explained result of the bundled example."""
    assert main(["example"]) == 0
    out = capsys.readouterr().out
    assert "总分 97.62 / 100，等级：优（填报总分 98）" in out
    assert "score.claimed_differs" in out


def test_cli_example_english_and_other_rubric(capsys):
    """Language and rubric can be chosen."""
    assert main(["example", "--lang", "en", "--rubric", "cn-national-project-2020"]) == 0
    out = capsys.readouterr().out
    assert "rubric cn-national-project-2020" in out and "structure.missing_block" in out


def test_cli_rubrics(capsys):
    """`perfrules rubrics` lists the built-ins."""
    assert main(["rubrics"]) == 0
    assert "cn-hubei-project-2020" in capsys.readouterr().out


def test_python_dash_m():
    """python -m perfrules works like the console script."""
    proc = subprocess.run([sys.executable, "-m", "perfrules", "example", "--lang", "en"], capture_output=True, text=True, check=True)
    assert "Total 97.62 / 100" in proc.stdout


def test_get_rubric_unknown():
    """Unknown rubric codes list the known ones."""
    with pytest.raises(KeyError, match="cn-national-project-2020"):
        perfrules.get_rubric("nope")


def test_builtin_rubric_shapes():
    """National 10/50/30/10 and Hubei 20/40/40 add up to 100."""
    assert [b.weight for b in perfrules.NATIONAL_2020.blocks] == [Decimal(10), Decimal(50), Decimal(30), Decimal(10)]
    assert [b.weight for b in perfrules.HUBEI_2020.blocks] == [Decimal(20), Decimal(40), Decimal(40)]
    for r in (perfrules.NATIONAL_2020, perfrules.HUBEI_2020):
        assert r.blocks_total == r.base == 100


def test_cli_score_picks_the_rubric_in_force(capsys):
    """`perfrules score FILE` scores with the built-in rubric in force for the project's region and year."""
    from perfrules.examples import EXAMPLES  # noqa: F401  (the file is the bundled example)

    path = Path(perfrules.__file__).parent / "examples" / "huashan-2020.toml"
    assert main(["score", str(path), "--lang", "en"]) == 1  # scored; the table has an error finding (exit 1)
    out = capsys.readouterr().out
    assert "rubric cn-hubei-project-2020" in out and "Total 97.62 / 100" in out


def test_cli_score_json_round_trips(capsys):
    """--json prints the full result, which reads back as the same result."""
    assert main(["example", "--json"]) == 0
    result = perfrules.loads(capsys.readouterr().out, perfrules.EvaluationResult)
    assert result == perfrules.evaluate(perfrules.HUBEI_2020, perfrules.examples.huashan_2020())


def test_cli_lint(tmp_path, capsys):
    """`perfrules lint` prints findings and exits 1 on errors, 0 when clean."""
    good = Path(perfrules.__file__).parent / "rubrics" / "data" / "cn-national-project-2020.toml"
    assert main(["lint", str(good)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text('[overlay]\ncode = "bad"\nbase = "cn-national-project-2020"\nversion = "1.0.0"\ntitle_zh = "坏"\ntitle_en = "bad"\n[overlay.changes]\nblocks = [{ code = "output", weight = "45" }]\n', encoding="utf-8")
    assert main(["lint", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "[error weights.sum_mismatch] blocks:" in out and "1 error(s)" in out


def test_cli_reports_errors_without_traceback(tmp_path, capsys):
    """Bad input is a message and exit code 2, not a crash."""
    broken = tmp_path / "se.json"
    broken.write_text('{"project": {"name": "x", "year": 2020}, "funds": {"adjusted": "1", "executed": "1"}, "indicators": [{"name": "a", "weight": "2", "target": "≧x人"}]}', encoding="utf-8")
    assert main(["score", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "$.indicators[0].target: cannot parse '≧x人'" in err
    assert main(["score", str(tmp_path / "missing.toml")]) == 2


def test_cli_sectors(capsys):
    """`perfrules sectors` lists the three built-in sectors and their packs."""
    assert main(["sectors"]) == 0
    out = capsys.readouterr().out
    for sector in ("agriculture", "pension", "public_health"):
        assert f"\n{sector}\n" in f"\n{out}"
    assert "cn-pension-anhui-2019  v1.0.0  regions=CN-AH  from perfrules" in out


def test_cli_score_uses_the_sector_pack_in_force(capsys):
    """A self-evaluation naming its sector is scored with that sector's pack for its region."""
    path = Path(__file__).parent / "fixtures" / "sectors" / "dongying-trusteeship.toml"
    assert main(["score", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "rubric cn-agriculture-trusteeship-dongying" in out and "[passed] agriculture.per_mu_cap" in out


STAGES = ["exceptions", "values", "model", "rules", "io", "rubrics", "evaluation", "tables", "cycle", "compiled"]


def test_import_loads_the_facade_only():
    """``import perfrules`` imports no stage, no attrs, cattrs, openpyxl or numpy; the first use of a name
    imports the stage that holds it (and what that stage builds on), not the later stages."""
    code = (
        "import sys, perfrules\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('perfrules.') or m in ('attrs', 'cattrs', 'openpyxl', 'numpy'))\n"
        "assert loaded == ['perfrules._version'], loaded\n"
        "perfrules.parse_target\n"
        "assert 'perfrules.values' in sys.modules and 'perfrules.tables' not in sys.modules\n"
        "assert 'openpyxl' not in sys.modules and 'perfrules.compiled' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_each_name_is_the_one_its_stage_exports():
    """Every public name resolves lazily to the same object as importing the stages eagerly in order would
    give (a later stage's name over an earlier one's only where the facade says so)."""
    import importlib

    owners: dict[str, set[str]] = {}
    for stage in STAGES:
        module = importlib.import_module(f"perfrules.{stage}")
        for name in module.__all__:
            assert getattr(perfrules, name) is getattr(importlib.import_module(f"perfrules.{perfrules._OWNER.get(name, stage)}"), name) or name in owners
            owners.setdefault(name, set()).add(stage)
    clashing = {n for n, s in owners.items() if len({id(getattr(importlib.import_module(f"perfrules.{x}"), n)) for x in s}) > 1}
    assert clashing == set(perfrules._OWNER)  # every clash is decided, and on purpose
    assert perfrules.load_self_evaluation is importlib.import_module("perfrules.rubrics").load_self_evaluation
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        perfrules.no_such_name  # noqa: B018
    assert "evaluate" in dir(perfrules) and tuple(STAGES) == perfrules._STAGES


def test_the_type_stub_names_every_stage():
    """``__init__.pyi`` (what type checkers read) star-imports every stage, the clash owner last."""
    stub = (Path(perfrules.__file__).parent / "__init__.pyi").read_text(encoding="utf-8")
    starred = [line.split()[1].removeprefix("perfrules.") for line in stub.splitlines() if line.endswith("import *") or "import *  #" in line]
    assert sorted(starred) == sorted(STAGES) and starred[-1] == "rubrics"
