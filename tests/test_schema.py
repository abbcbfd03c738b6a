"""The JSON Schemas of the file formats: generated from the models, shipped, and in agreement with the loader.

Every shipped data file, example and valid fixture validates; the results of several evaluations
validate; documents the loader refuses (a wrong type, an unknown rule kind, a missing required key,
an unknown key) are refused by the schema too, and the valid ones it reads are accepted. Where the
two cannot agree (table notation, lint, relations between fields) the schema's description says so
and the corpus leaves that case out, with the reason below.
(Regenerate the shipped files after a deliberate change: PERFRULES_REGOLD=1 pytest tests/test_schema.py.)
"""

from __future__ import annotations

import copy
import json
import os
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import perfrules
from perfrules.evaluation.result import RESULT_FORMAT_VERSION, EvaluationResult
from perfrules.exceptions import PerfrulesError
from perfrules.io.converter import RULE_KINDS, make_converter, structure
from perfrules.io.documents import parse_document
from perfrules.io.problems import DocumentError
from perfrules.io.schema import SCHEMA_NAMES, json_ready, json_schema, schema_path, validate
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.loading import get_rubric
from perfrules.rubrics.documents import rubric_from_data
from perfrules.rubrics.rubric import Rubric
from perfrules.schemas import generate, schema_text, write_schemas
from perfrules.tables import rows as table_rows
from perfrules.tables.rows import read_records
from perfrules.testing import strategies as prs

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "perfrules"


def _toml(path: Path) -> Any:
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def _json(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def _kind_of(data: Any) -> str | None:
    """Which format a parsed TOML file holds, or None for a file that is no perfrules document."""
    if not isinstance(data, dict):
        return None
    if "overlay" in data:
        return "overlay"
    if "blocks" in data:
        return "rubric"
    if isinstance(data.get("project"), dict) and "cases" not in data:
        return "self-evaluation"
    return None


# ------------------------------------------------------------------ the shipped files
@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schema_is_what_the_generator_writes(name):
    """The shipped file equals the generator's output, so it never drifts from the models (or their docstrings)."""
    text = schema_text(generate(name))
    if os.environ.get("PERFRULES_REGOLD"):
        schema_path(name).write_text(text, encoding="utf-8")
    assert schema_path(name).read_text(encoding="utf-8") == text, f"regenerate: PERFRULES_REGOLD=1 pytest {__file__}"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_a_valid_draft_2020_12_schema_with_id_and_version(name):
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:perfrules:schema:{name}:1"
    assert schema["version"] == "1" and schema["title"].startswith("perfrules")


def test_json_schema_returns_a_copy_and_refuses_unknown_names():
    first = json_schema("rubric")
    first["title"] = "changed"
    assert json_schema("rubric")["title"] == "perfrules rubric"
    assert perfrules.json_schema is json_schema
    with pytest.raises(PerfrulesError, match="no schema named 'rubrics'; the schemas are rubric, overlay"):
        json_schema("rubrics")


def test_the_schemas_are_package_data(tmp_path):
    """The schema files sit in the package folder, which the wheel ships whole (hatch's packages = src/perfrules)."""
    hatch = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert hatch["packages"] == ["src/perfrules"] and "exclude" not in hatch
    names = {p.name for p in (PACKAGE / "schemas").glob("*.schema.json")}
    assert names == {f"{n}.schema.json" for n in SCHEMA_NAMES}
    written = write_schemas(tmp_path)
    assert [p.read_text(encoding="utf-8") for p in written] == [schema_path(n).read_text(encoding="utf-8") for n in SCHEMA_NAMES]


def test_schema_pieces_follow_the_models():
    """Spot checks of the generated pieces against the models and the converter's hooks."""
    rubric = json_schema("rubric")
    defs = rubric["$defs"]
    assert rubric["$ref"] == "#/$defs/Rubric"
    assert defs["Rubric"]["required"] == ["code", "title_zh", "title_en", "blocks"]
    assert "origin" not in defs["Rubric"]["properties"]  # set by whoever loads, never by a document
    assert defs["Block"]["properties"]["weight"]["description"] == "the block's points."
    assert defs["rule"]["properties"]["kind"]["enum"] == sorted(RULE_KINDS)
    assert defs["rule.reverse"]["properties"]["variant"]["default"] == "ratio"
    assert defs["rule.positive"]["properties"]["zero_target"]["enum"] == ["full", "zero"]  # from its validator
    assert defs["Rubric"]["properties"]["execution"] == {"$ref": "#/$defs/rule.budget_execution", **{k: v for k, v in defs["Rubric"]["properties"]["execution"].items() if k != "$ref"}}
    assert "height" not in json_schema("self-evaluation")["$defs"]["Indicator"]["properties"]
    result = json_schema("result")
    assert result["version"] == str(RESULT_FORMAT_VERSION)
    assert result["$defs"]["EvaluationResult"]["properties"]["format_version"]["enum"] == [1, None]


def _plugin_rule() -> type:
    """The example plugin's rule kind (``ln_stepped``), loaded from its source as tests/test_custom_rules.py does."""
    import importlib.util
    import sys

    path = ROOT / "examples" / "perfrules-liaoning" / "src" / "perfrules_liaoning" / "rules.py"
    spec = importlib.util.spec_from_file_location("liaoning_rules_for_schema", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.Stepped


def test_a_plugin_kind_is_in_the_schema_generated_for_its_converter():
    """tests/fixtures/custom_rule names a plugin's rule kind: refused by the shipped schema (which lists
    perfrules' own kinds), as by the plain loader, and accepted by the schema generated for a converter
    that knows the kind, as by that converter."""
    stepped = _plugin_rule()
    converter = make_converter(rule_kinds={**RULE_KINDS, stepped.kind: stepped})
    table = _toml(ROOT / "tests" / "fixtures" / "custom_rule" / "table.toml")
    with pytest.raises(DocumentError, match=r"\$\.indicators\[0\]\.children\[1\]\.rule\.kind: 'ln_stepped' is not one of"):
        validate(table, "self-evaluation")
    with pytest.raises(DocumentError, match="unknown rule kind 'ln_stepped'"):
        structure(table, SelfEvaluation)
    schema = generate("self-evaluation", converter=converter)
    validate(table, "self-evaluation", schema=schema)
    structure(table, SelfEvaluation, converter=converter)
    assert schema["$defs"]["rule.ln_stepped"]["required"] == ["kind", "full", "half"]
    overlay = _toml(ROOT / "tests" / "fixtures" / "custom_rule" / "rubric.toml")
    validate(overlay, "overlay", schema=generate("overlay", converter=converter))
    with pytest.raises(DocumentError):
        validate(overlay, "overlay")


# ------------------------------------------------------------------ valid documents validate
def _data_files() -> list[Path]:
    return sorted(
        [
            *(PACKAGE / "rubrics" / "data").glob("*.toml"),
            *(PACKAGE / "sectors" / "data").glob("*.toml"),
            *(PACKAGE / "examples").glob("*.toml"),
            *ROOT.glob("examples/**/*.toml"),
            *(ROOT / "tests" / "fixtures").glob("**/*.toml"),
        ]
    )


#: TOML files that are not one of the five formats, and why
NOT_DOCUMENTS = {
    "pyproject.toml": "a package's build file",
    "cases.toml": "a case file (docs/case-files.md), not a document format with a schema",
    "corpus.toml": "the notation corpus of tests/test_notation_corpus.py",
    "rectification": "a rectification list (perfrules.cycle), not one of the five formats",
}
#: documents naming a plugin's rule kind: valid for a converter that knows it (tested below), not for the shipped schema
PLUGIN_KINDS = {"custom_rule", "cn-myprovince-mysector.toml"}


def _document_files() -> list[tuple[Path, str]]:
    out = []
    for path in _data_files():
        rel = path.relative_to(ROOT).as_posix()
        if any(key in rel for key in NOT_DOCUMENTS) or any(key in rel for key in PLUGIN_KINDS) or ".hypothesis" in rel:
            continue
        kind = _kind_of(_toml(path))
        assert kind is not None, f"{rel}: neither a document nor listed in NOT_DOCUMENTS"
        out.append((path, kind))
    return out


def test_the_corpus_covers_every_shipped_data_file():
    kinds = [k for _, k in _document_files()]
    assert kinds.count("rubric") >= 4 and kinds.count("overlay") >= 7 and kinds.count("self-evaluation") >= 7


@pytest.mark.parametrize(("path", "kind"), _document_files(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_shipped_and_example_documents_validate(path, kind):
    validate(_toml(path), kind)
    if kind == "rubric":
        perfrules.load(path, Rubric)
    elif kind == "self-evaluation":
        perfrules.load_self_evaluation(path)


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "tables").glob("*.json")), ids=lambda p: p.name)
def test_table_rows_fixtures_validate(path):
    data = _json(path.read_text(encoding="utf-8"))
    read_records(data)
    validate(data, "table")


def _doc_blocks(page: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "docs" / page).read_text(encoding="utf-8"), flags=re.S)


def test_the_file_formats_page_examples_validate():
    """docs/file-formats.md: its rubric, overlay and self-evaluation validate; the rubric fragment of
    limits is a part of a rubric, and validates as an overlay's changes do."""
    seen = []
    for block in _doc_blocks("file-formats.md", "toml"):
        data = tomllib.loads(block, parse_float=Decimal)
        kind = _kind_of(data)
        if kind is None:
            assert set(data) == {"limits"}
            validate({"overlay": {"code": "x", "base": "y", "version": "1.0.0", "title_zh": "x", "title_en": "x", "changes": data}}, "overlay")
            kind = "fragment"
        else:
            validate(data, kind)
        seen.append(kind)
    assert seen == ["rubric", "fragment", "overlay", "self-evaluation"]


def test_the_schemas_page_examples_validate():
    """docs/schemas.md: its self-evaluation (with a taplo #:schema directive) validates and loads; its other
    TOML block is taplo's own configuration, its JSON block VS Code's settings naming the shipped files."""
    validated = 0
    for block in _doc_blocks("schemas.md", "toml"):
        data = tomllib.loads(block, parse_float=Decimal)
        kind = _kind_of(data)
        if kind is None:
            assert {r["schema"]["path"] for r in data["rule"]} == {"./.schemas/rubric.schema.json", "./.schemas/self-evaluation.schema.json"}
            continue
        assert block.startswith("#:schema ../.schemas/self-evaluation.schema.json\n")
        validate(data, kind)
        perfrules.loads(block, SelfEvaluation, format="toml")
        validated += 1
    assert validated == 1
    (settings,) = [_json(b) for b in _doc_blocks("schemas.md", "json")]
    assert {Path(s["url"]).name for s in settings["json.schemas"]} <= {schema_path(n).name for n in SCHEMA_NAMES}


# ------------------------------------------------------------------ results
def _results() -> list[tuple[str, EvaluationResult]]:
    from perfrules.examples import load_example

    fixtures = ROOT / "tests" / "fixtures"
    out = [("huashan, score()", perfrules.score(load_example("huashan-2020")))]
    out.append(("huashan, national", perfrules.evaluate(perfrules.NATIONAL_2020, load_example("huashan-2020"))))
    out.append(("jingmen, department", perfrules.score(perfrules.load_self_evaluation(fixtures / "department" / "002-jingmen.toml"))))
    for path in sorted((fixtures / "sectors").glob("*.toml")):
        out.append((path.stem, perfrules.score(perfrules.load_self_evaluation(path))))
    return out


RESULTS = _results()


@pytest.mark.parametrize(("label", "result"), RESULTS, ids=[label for label, _ in RESULTS])
def test_results_validate_as_json_and_toml_and_read_back(label, result):
    """A result as `perfrules score --format json` writes it validates, carries its format version,
    reads back equal, and (as TOML too) validates."""
    text = perfrules.dumps(result)
    data = _json(text)
    assert data["format_version"] == RESULT_FORMAT_VERSION
    validate(data, "result")
    assert perfrules.loads(text, EvaluationResult) == result
    validate(tomllib.loads(perfrules.dumps(result, format="toml"), parse_float=Decimal), "result")


def test_the_cli_json_result_validates_and_replays(tmp_path):
    """`perfrules score --format json` writes a versioned result that validates and replays identical
    (the rubric chosen by score() is provenance, not part of what replay compares)."""
    from perfrules.cli.main import main
    from perfrules.examples import load_example

    source = tmp_path / "project.toml"
    perfrules.dump(load_example("huashan-2020"), source)
    out = tmp_path / "result.json"
    assert main(["score", str(source), "-o", str(out)]) == 1  # the table's stated figures hold errors
    data = _json(out.read_text(encoding="utf-8"))
    validate(data, "result")
    stored = perfrules.load_result(out)
    report = perfrules.replay(stored, perfrules.load_self_evaluation(source), get_rubric(stored.rubric_code))
    assert report.identical and report.fingerprint_matches, report.differences


def test_a_result_stored_before_versioning_reads_and_replays_and_a_newer_format_is_refused():
    from perfrules.examples import load_example

    se = load_example("huashan-2020")
    result = perfrules.evaluate(perfrules.HUBEI_2020, se)
    data = _json(perfrules.dumps(result))
    del data["format_version"]
    validate(data, "result")
    old = structure(data, EvaluationResult)
    assert old.format_version is None
    assert perfrules.replay(old, se, perfrules.HUBEI_2020).identical
    data["format_version"] = 2
    with pytest.raises(DocumentError, match=r"\$\.format_version: result format 2 is not one this perfrules reads \(1 to 1\)"):
        structure(data, EvaluationResult)
    with pytest.raises(DocumentError, match=r"\$\.format_version: 2 is not one of \[1, None\]"):
        validate(data, "result")


# ------------------------------------------------------------------ properties: any model the library writes validates
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rubric=prs.rubrics(), se=prs.self_evaluations())
def test_any_rubric_self_evaluation_and_result_written_validates(rubric, se):
    """Whatever the strategies build, written as JSON (compact or in full) and TOML, validates."""
    rubric = attrs.evolve(rubric, origin="")
    for name, obj in (("rubric", rubric), ("self-evaluation", se), ("result", perfrules.evaluate(rubric, se))):
        validate(_json(perfrules.dumps(obj)), name)
        validate(tomllib.loads(perfrules.dumps(obj, format="toml"), parse_float=Decimal), name)
        validate(_json(perfrules.dumps(obj, converter=make_converter(omit_defaults=False))), name)


# ------------------------------------------------------------------ agreement: the loader and the schema refuse the same
def _read(kind: str, data: Any) -> None:
    """The loader's reading of a parsed document (without lint: the schema describes documents, lint rubrics)."""
    if kind == "rubric":
        structure(data, Rubric)
    elif kind == "overlay":
        rubric_from_data(data, what="overlay", lint=False, resolve=get_rubric, converter=None)
    elif kind == "self-evaluation":
        structure(data, SelfEvaluation)
    elif kind == "result":
        structure(data, EvaluationResult)
    else:
        read_records(data)


def _accepts(kind: str, data: Any, *, by: str) -> bool:
    try:
        _read(kind, data) if by == "loader" else validate(data, kind)
    except (PerfrulesError, ValueError):
        return False
    return True


def _corpus() -> list[tuple[str, str, Any]]:
    out = [(p.name, k, json_ready(_toml(p))) for p, k in _document_files()]
    out += [(p.name, "table", _json(p.read_text(encoding="utf-8"))) for p in sorted((ROOT / "tests" / "fixtures" / "tables").glob("*.json"))[:4]]
    out += [(label, "result", _json(perfrules.dumps(r))) for label, r in RESULTS[:3]]
    return out


CORPUS = _corpus()


def _places(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path into a document (keys and indexes)."""
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _places(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _places(v, (*path, i))
    return out


def _kinds_of_places(data: Any) -> list[tuple]:
    """One place per position of the format (list indexes alike), so a long result is walked once per shape."""
    seen: dict[tuple, tuple] = {}
    for path in _places(data):
        seen.setdefault(tuple("[]" if isinstance(p, int) else p for p in path), path)
    return list(seen.values())


def _at(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data


def _set(data: Any, path: tuple, value: Any) -> Any:
    data = copy.deepcopy(data)
    _at(data, path[:-1])[path[-1]] = value
    return data


#: positions whose schema is deliberately open, so no type is wrong there: named values of results
#: (``inputs``, ``params``, ``data``: any JSON value), an overlay's changes (merged, then read as a rubric)
_OPEN = ("inputs", "params", "data")
#: positions where the loader reads more than the schema can say: a wrong type there is refused by both,
#: but other changes may be refused by the loader only (notation grammar) — covered by type changes alone
WRONG_TYPES = (True, ["x"], {"zz": 1})


def _open_place(kind: str, path: tuple) -> bool:
    return any(step in _OPEN for step in path if isinstance(step, str)) or (kind == "overlay" and "changes" in path)


@pytest.mark.parametrize(("label", "kind", "data"), CORPUS, ids=[f"{k}:{label}" for label, k, _ in CORPUS])
def test_loader_and_schema_agree_on_the_corpus_and_its_wrong_types(label, kind, data):
    """A valid document is accepted by both; giving any of its values a wrong type (true, a list, a table)
    is refused by both. (An overlay's changes are left to the next test: they are read only once merged.)"""
    assert _accepts(kind, data, by="loader") and _accepts(kind, data, by="schema")
    checked = 0
    for path in _kinds_of_places(data)[1:]:
        if _open_place(kind, path):
            continue
        original = _at(data, path)
        for wrong in WRONG_TYPES:
            if type(wrong) is type(original) or (isinstance(original, list) and isinstance(wrong, list)):
                continue
            if isinstance(original, dict) and isinstance(wrong, dict):
                continue
            if kind == "table" and len(path) == 1 and isinstance(original, list) and not isinstance(wrong, list):
                continue  # the rows taken away: no indicator table is left, which only the loader checks
            mutated = _set(data, path, wrong)
            by_loader, by_schema = _accepts(kind, mutated, by="loader"), _accepts(kind, mutated, by="schema")
            assert by_loader == by_schema, (path, wrong, by_loader, by_schema)
            checked += 1
    assert checked > 10


def _tables(data: Any) -> list[tuple]:
    return [p for p in _kinds_of_places(data) if isinstance(_at(data, p), dict)]


#: keys a table may leave out unless another key of it needs them (a ≥ target's value, a bound check's
#: limit): the loader refuses their absence, the schema (which judges each key alone) does not
DEPENDENT_KEYS = {
    "value": "a ≥, ≤, = or range target (or a number actual) written as a table needs its value",
    "upper": "a range target or actual needs its upper bound",
    "minimum": "a bound or ratio check needs a minimum or a maximum",
    "maximum": "a bound or ratio check needs a minimum or a maximum",
}


@pytest.mark.parametrize(("label", "kind", "data"), [c for c in CORPUS if c[1] != "table"], ids=[f"{k}:{label}" for label, k, _ in CORPUS if k != "table"])
def test_loader_and_schema_agree_on_unknown_and_missing_keys(label, kind, data):
    """An unknown key in any table is refused by both; a key left out is refused by both when it is
    required, and accepted by both otherwise — but for the keys another key needs (DEPENDENT_KEYS).
    (Overlay changes: what the schema refuses the loader refuses; a partial rubric is judged complete
    only once merged.)"""
    checked = 0
    for path in _tables(data):
        if _open_place(kind, path) and not (kind == "overlay" and path[-1:] == ("changes",)):
            continue
        table = _at(data, path)
        for removed in (None, *table):
            variant = {**table, "colour": "blue"} if removed is None else {k: v for k, v in table.items() if k != removed}
            mutated = _set(data, path, variant) if path else variant
            by_loader, by_schema = _accepts(kind, mutated, by="loader"), _accepts(kind, mutated, by="schema")
            if kind == "overlay" and "changes" in path:
                assert by_loader or not by_schema or removed is not None, (path, removed)
            elif by_schema and not by_loader:
                assert removed in DEPENDENT_KEYS, (path, removed, "refused by the loader only")
            else:
                assert by_loader == by_schema, (path, removed, by_loader, by_schema)
            checked += 1
    assert checked > 3


@pytest.mark.parametrize(
    ("kind", "change", "loader_says"),
    [
        ("rubric", ("rules", "positive", "kind", "stepwise"), "unknown rule kind 'stepwise'"),
        ("rubric", ("aggregator", {"kind": "median"}), "unknown aggregator kind 'median'"),
        ("rubric", ("execution", "kind", "positive"), "expected a rule of kind 'budget_execution' here, got 'positive'"),
        ("rubric", ("blocks", 0, "weight", "ten"), "cannot read 'ten' as a number"),
        ("rubric", ("blocks", 0, "weight", Decimal("2.5")), None),
        ("rubric", ("blocks", 0, "weight", "２,４４０.９１"), None),
        ("rubric", ("blocks", 0, "source", "budget"), "'budget' is not one of 'funds', 'indicators'"),
        ("rubric", ("effective_from", "2020-13-01"), "expected a date"),
        ("rubric", ("effective_from", "2020-02-30"), "expected a date"),
        ("rubric", ("effective_from", "2020-01-01T00:00:00"), "expected a date"),
        ("rubric", ("version", "1.0"), "semantic version"),
        ("rubric", ("reading", {"negative_actuals": "sometimes"}), "is not one of"),
        ("rubric", ("rounding", "item", "places", "two"), "cannot read 'two' as a number"),
        ("rubric", ("rounding", "item", "places", "2"), None),
        ("self-evaluation", ("project", "year", "2020"), None),
        ("self-evaluation", ("project", "year", "二〇二〇"), "cannot read"),
        ("self-evaluation", ("funds", "lines", 0, "adjusted", "1/3"), "cannot read '1/3' as a number"),
        ("self-evaluation", ("claimed_total", None), None),
    ],
)
def test_loader_and_schema_agree_on_named_mistakes(kind, change, loader_says):
    """Targeted changes to the national rubric and the Huashan self-evaluation: both refuse, or both accept."""
    base = json_ready(_toml(PACKAGE / "rubrics" / "data" / "cn-national-project-2020.toml") if kind == "rubric" else _toml(PACKAGE / "examples" / "huashan-2020.toml"))
    *path, value = change
    mutated = _set(base, tuple(path), value)
    if loader_says is None:
        _read(kind, mutated)
        validate(mutated, kind)
        return
    with pytest.raises(DocumentError, match=re.escape(loader_says)):
        _read(kind, mutated)
    with pytest.raises(DocumentError) as refused:
        validate(mutated, kind)
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    assert any(problem.startswith(where) for problem in refused.value.problems), (where, refused.value.problems)


def test_what_only_the_loader_checks_is_said_in_the_schema():
    """The legitimate disagreements: table notation and the relations between fields are the loader's;
    each schema's description says what it leaves to the loader."""
    huashan = json_ready(_toml(PACKAGE / "examples" / "huashan-2020.toml"))
    bad_notation = _set(huashan, ("indicators", 1, "children", 0, "target"), "≧x人")
    validate(bad_notation, "self-evaluation")  # a string: the grammar is not the schema's
    assert not _accepts("self-evaluation", bad_notation, by="loader")
    for name in ("rubric", "overlay", "self-evaluation", "result"):
        assert "not by this schema: the table notation" in json_schema(name)["description"]
    assert "lint" in json_schema("rubric")["description"]
    assert "at least three known columns" in json_schema("table")["description"]


def test_the_table_schema_knows_the_readers_keys():
    """The footnote keys and single fields the table schema lists are the reader's."""
    from perfrules.schemas.table import FOOTNOTE_KEYS

    assert FOOTNOTE_KEYS == table_rows._FOOTNOTE_KEYS
    fields = json_schema("table")["$defs"]["table"]["properties"]
    assert set(table_rows._SCALARS) <= set(fields)


def test_validate_names_every_problem_with_its_path():
    data = json_ready(_toml(PACKAGE / "examples" / "huashan-2020.toml"))
    data["project"]["colour"] = "blue"
    data["funds"]["adjusted"] = True
    data["indicators"][0]["children"][0]["rule"] = {"kind": "stepwise"}
    with pytest.raises(DocumentError) as refused:
        validate(data, "self-evaluation", what="huashan")
    text = str(refused.value)
    assert text.startswith("3 problems in huashan:")
    assert "$.project: Additional properties are not allowed ('colour' was unexpected)" in text
    assert "$.indicators[0].children[0].rule.kind: 'stepwise' is not one of" in text
    assert "$.funds.adjusted: expected an exact decimal, got True" in text
    with pytest.raises(DocumentError) as loaded:
        structure(data, SelfEvaluation)
    assert len(loaded.value.problems) == 3


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="0123456789.,-+eE ０１２３，．", max_size=12))
def test_decimal_text_is_accepted_by_the_schema_exactly_when_the_loader_reads_it(text):
    """The decimal pattern is to_decimal's grammar (printed full-width forms included), whatever the text."""
    from hypothesis import assume

    from perfrules.values.decimals import to_decimal

    try:
        to_decimal(text)
        loader = True
    except PerfrulesError as refused:
        loader = False
        assume("outside the range" not in str(refused))  # 10^±24: the loader's, said in the schema
    schema = json_schema("rubric")
    block = {"code": "a", "name_zh": "a", "name_en": "a", "weight": text}
    rubric = {"code": "x", "title_zh": "x", "title_en": "x", "blocks": [block]}
    try:
        validate(rubric, "rubric", schema=schema)
        by_schema = True
    except DocumentError:
        by_schema = False
    assert by_schema == loader, text


# ------------------------------------------------------------------ the command
def test_cli_schema_lists_prints_writes_and_checks(tmp_path, capsys):
    from perfrules.cli.main import main

    assert main(["schema"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == list(SCHEMA_NAMES)
    assert "urn:perfrules:schema:rubric:1" in listed[0]
    assert main(["schema", "result"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema("result")
    assert main(["schema", "-o", str(tmp_path / "schemas")]) == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(f"{n}.schema.json" for n in SCHEMA_NAMES)
    capsys.readouterr()
    good = PACKAGE / "rubrics" / "data" / "cn-national-project-2020.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(good.read_text(encoding="utf-8").replace('weight = "10"', "weight = true", 1), encoding="utf-8")
    assert main(["schema", "rubric", "--check", str(good)]) == 0
    assert capsys.readouterr().out == "cn-national-project-2020.toml: valid (rubric schema)\n"
    assert main(["schema", "rubric", "--check", str(good), "--check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "1 problem in bad.toml (rubric schema):\n  $.blocks[0].weight: expected an exact decimal, got True" in out
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["schema", "table", "--check", str(broken)]) == 1
    assert "broken.json" in capsys.readouterr().out
    assert main(["schema", "--check", str(good)]) == 2  # a usage error: which schema?
    assert main(["schema", "rubric", "--plugins", "-o", str(tmp_path / "with-plugins.json")]) == 0
    with_plugins = json.loads((tmp_path / "with-plugins.json").read_text(encoding="utf-8"))
    assert set(RULE_KINDS) <= set(with_plugins["$defs"]["rule"]["properties"]["kind"]["enum"])


def test_a_document_may_name_its_schema_for_an_editor(tmp_path):
    """A top-level "$schema" string is the editor's reference: the loader drops it and the schema allows it;
    anything else under that key is refused by both."""
    from perfrules.io.schema import validate

    data = json.loads(perfrules.dumps(perfrules.NATIONAL_2020))
    named = {"$schema": "./.schemas/rubric.schema.json", **data}
    path = tmp_path / "national.json"
    path.write_text(json.dumps(named, ensure_ascii=False), encoding="utf-8")
    assert perfrules.load_rubric(path) == perfrules.NATIONAL_2020
    validate(named, "rubric")
    path.write_text(json.dumps({**named, "$schema": 1}), encoding="utf-8")
    with pytest.raises(DocumentError, match=r"\$schema"):
        perfrules.load_rubric(path)
    with pytest.raises(DocumentError, match=r"\$schema"):
        validate({**named, "$schema": 1}, "rubric")
    se = {"$schema": "self-evaluation.schema.json", **json.loads(perfrules.dumps(perfrules.examples.huashan_2020()))}
    assert perfrules.loads(json.dumps(se, ensure_ascii=False), perfrules.SelfEvaluation) == perfrules.examples.huashan_2020()
    validate(se, "self-evaluation")
