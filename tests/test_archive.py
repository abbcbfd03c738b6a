"""Archives: an evaluation kept with its rubric and inputs, filed as a document, replayed years later."""

import json
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs
import pytest

import perfrules
from perfrules import Archive, archive, load_archive, replay_archive
from perfrules.io.problems import DocumentError

HUASHAN = perfrules.examples.huashan_2020()


def test_an_archive_keeps_what_the_evaluation_used_and_replays_identical(tmp_path):
    kept = archive(HUASHAN, perfrules.HUBEI_2020)
    assert kept.result == perfrules.evaluate(perfrules.HUBEI_2020, HUASHAN)
    assert kept.result.total == Decimal("97.62") and kept.fingerprint_matches
    for suffix in ("json", "toml"):
        path = tmp_path / f"huashan.archive.{suffix}"
        perfrules.dump(kept, path)
        again = load_archive(path)
        assert again == kept and again.format_version == 1
        report = replay_archive(again)
        assert report.identical and report.fingerprint_matches and report.differences == ()


def test_without_a_rubric_it_keeps_the_one_score_chose():
    kept = archive(HUASHAN)  # Wuhan, 2020: the Hubei overlay is in force
    assert kept.rubric == perfrules.HUBEI_2020
    assert kept.result == perfrules.score(HUASHAN)
    assert kept.result.findings[0].code == "rubric.fallback"  # no social-security sector pack: the general Hubei rubric
    assert replay_archive(kept).identical


def test_a_result_edited_after_the_evaluation_is_caught(tmp_path):
    data = json.loads(perfrules.dumps(archive(HUASHAN, perfrules.HUBEI_2020)))
    data["result"]["total_exact"] = "99.62"  # someone improved the stored total
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = replay_archive(load_archive(path))
    assert not report.identical and report.fingerprint_matches
    assert "total: 99.62 → 97.62" in report.differences  # the rubric rounds to 2 places


def test_a_rubric_edited_after_the_evaluation_is_caught(tmp_path):
    data = json.loads(perfrules.dumps(archive(HUASHAN, perfrules.HUBEI_2020)))
    data["rubric"]["grades"]["bands"][0]["lower"] = "98"  # 优 from 98, not 90
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kept = load_archive(path)
    assert not kept.fingerprint_matches
    report = replay_archive(kept)
    assert not report.fingerprint_matches and not report.identical
    assert "grade: 优 → 良" in report.differences


def test_replayed_with_todays_rubric_it_says_what_the_new_rules_change():
    """The same inputs under a rubric whose 优 starts at 97.7: 97.62 is 良; whose 优 starts at 95: still 优, its band moved."""
    kept = archive(HUASHAN, perfrules.HUBEI_2020)
    bands = perfrules.HUBEI_2020.grades.bands

    def with_excellent_from(lower: str) -> perfrules.Rubric:
        grades = attrs.evolve(perfrules.HUBEI_2020.grades, bands=(attrs.evolve(bands[0], lower=Decimal(lower)), *bands[1:]))
        return attrs.evolve(perfrules.HUBEI_2020, grades=grades)

    stricter = replay_archive(kept, with_excellent_from("97.7"))
    assert not stricter.fingerprint_matches and "grade: 优 → 良" in stricter.differences
    moved = replay_archive(kept, with_excellent_from("95"))
    assert "grade 优: from 90 → from 95" in moved.differences


def test_a_later_format_is_refused_by_name(tmp_path):
    data = json.loads(perfrules.dumps(archive(HUASHAN, perfrules.HUBEI_2020)))
    for version, message in ((2, "archive format 2 is not one this perfrules reads"), (True, "format_version"), ("x", "format_version")):
        path = tmp_path / "later.json"
        path.write_text(json.dumps({**data, "format_version": version}, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(DocumentError, match=message):
            load_archive(path)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: archive(None), "expected a SelfEvaluation"),
        (lambda: archive(HUASHAN, "cn-hubei-project-2020"), "expected a Rubric"),
        (lambda: replay_archive("archive.json"), "expected an Archive"),
        (lambda: replay_archive(archive(HUASHAN, perfrules.HUBEI_2020), rubric={}), "expected a Rubric"),
        (lambda: Archive(perfrules.HUBEI_2020, HUASHAN, None), "result"),
    ],
)
def test_garbage_is_refused_with_a_perfrules_error(call, message):
    with pytest.raises(perfrules.PerfrulesError, match=message):
        call()


def test_unreadable_archives_say_why(tmp_path):
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    (tmp_path / "partial.json").write_text('{"format_version": 1}', encoding="utf-8")
    for name, message in (("empty.json", "not valid JSON"), ("list.json", r"\$"), ("partial.json", "rubric")):
        with pytest.raises(DocumentError, match=message):
            load_archive(tmp_path / name)
    with pytest.raises(perfrules.PerfrulesError):
        load_archive(tmp_path)  # a folder


@attrs.frozen
class _Halves:
    """A rule of a plugin's own: half the points, whatever the actual."""

    kind: ClassVar[str] = "test_archive_halves"
    clauses: ClassVar[dict[str, tuple[str, str]]] = {"test_archive_halves.half": ("一半", "half")}

    def apply(self, ctx: perfrules.RuleContext) -> perfrules.Outcome:
        half = Fraction(ctx.weight) / 2
        return perfrules.Outcome(half, perfrules.Explanation(self.kind, "test_archive_halves.half", {"weight": ctx.weight}, str(half), {}))


def test_an_archived_plugin_rubric_reads_back_when_its_rule_kind_is_known(tmp_path):
    perfrules.default_registry.cache_clear()
    perfrules.default_registry().register_rule(_Halves)
    try:
        output = perfrules.HUBEI_2020.block("output")
        rubric = attrs.evolve(perfrules.HUBEI_2020, rules=attrs.evolve(perfrules.HUBEI_2020.rules, positive=_Halves()))
        kept = archive(HUASHAN, rubric)
        assert kept.result.node("output").score < Decimal(output.weight)
        path = tmp_path / "plugin.archive.json"
        perfrules.dump(kept, path)
        assert load_archive(path) == kept and replay_archive(load_archive(path)).identical
    finally:
        perfrules.default_registry.cache_clear()
    with pytest.raises(DocumentError, match="unknown rule kind 'test_archive_halves'"):
        load_archive(path)  # without the plugin its rule cannot be read, and it says which


def test_the_command_line_archives_and_replays(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from perfrules.cli.main import cli

    monkeypatch.chdir(tmp_path)
    perfrules.dump(HUASHAN, "huashan.toml")
    run = CliRunner().invoke
    made = run(cli, ["score", "huashan.toml", "--format", "archive", "-o", "huashan.archive.json"])
    assert made.exit_code == 1 and "97.62" in made.output  # 1: the example has an error finding, as scored
    assert load_archive("huashan.archive.json") == archive(HUASHAN)
    same = run(cli, ["replay", "huashan.archive.json"])
    assert same.exit_code == 0 and same.output.startswith("IDENTICAL  huashan.archive.json: 97.62 优")
    national = run(cli, ["replay", "huashan.archive.json", "--rubric", "cn-national-project-2020"])
    assert national.exit_code == 1 and "      grade: 优 → 中" in national.output.splitlines()
    assert run(cli, ["replay", "missing.json"]).exit_code == 2
    refused = run(cli, ["audit", "huashan.toml", "--format", "archive"])
    assert refused.exit_code == 2 and "use it with score" in refused.output


def test_an_archive_validates_against_its_schema_and_a_broken_one_does_not():
    import tomllib

    from perfrules.io.schema import validate

    kept = archive(HUASHAN)
    data = json.loads(perfrules.dumps(kept), parse_float=Decimal)
    validate(data, "archive")
    validate(tomllib.loads(perfrules.dumps(kept, format="toml"), parse_float=Decimal), "archive")
    for broken, where in (
        ({**data, "format_version": 2}, "format_version"),
        ({k: v for k, v in data.items() if k != "rubric"}, "rubric"),
        ({**data, "result": {**data["result"], "grade": 5}}, "result.grade"),
    ):
        with pytest.raises(DocumentError, match=where):
            validate(broken, "archive")


def test_an_upgrade_that_changes_no_score_replays_identical(tmp_path):
    """Scored by perfrules 0.0.9 (say): replayed today, nothing it concluded changed — identical, and
    the command line says which versions scored and replayed it."""
    from click.testing import CliRunner

    from perfrules.cli.main import cli

    kept = archive(HUASHAN, perfrules.HUBEI_2020)
    older = attrs.evolve(kept, result=attrs.evolve(kept.result, perfrules_version="0.0.9"))
    assert replay_archive(older).identical
    perfrules.dump(older, tmp_path / "old.archive.json")
    out = CliRunner().invoke(cli, ["replay", str(tmp_path / "old.archive.json")])
    assert out.exit_code == 0 and f"(scored by perfrules 0.0.9, replayed by {perfrules.__version__})" in out.output


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"folders": 5}, "folders is a list of folders"),
        ({"folders": "rubrics"}, r"not one path: pass \['rubrics'\]"),
        ({"folders": [None]}, r"folders\[0\]"),
        ({"registry": "x"}, "expected a Registry"),
    ],
)
def test_the_sources_of_the_rubric_in_force_are_checked(kwargs, message):
    with pytest.raises(perfrules.WrongTypeError, match=message):
        archive(HUASHAN, **kwargs)
    with pytest.raises(perfrules.WrongTypeError, match=message):
        perfrules.score(HUASHAN, **kwargs)


@pytest.mark.parametrize(("value", "said"), [(None, "null"), (5, "a number"), ([], "a list"), ("x", "text")])
def test_a_part_that_is_no_table_is_said_in_the_documents_terms(value, said):
    data = json.loads(perfrules.dumps(archive(HUASHAN, perfrules.HUBEI_2020)))
    with pytest.raises(DocumentError, match=rf"\$\.rubric: expected a table \(key = value …\), got {said}"):
        perfrules.loads(json.dumps({**data, "rubric": value}, ensure_ascii=False), Archive)


@pytest.mark.parametrize(
    ("field", "value"),
    [("indicator", "x"), ("funds", "f"), ("units", None), ("reading", 5), ("path", 5), ("year", "2020"), ("year", True), ("range_actual", "lower")],
)
def test_a_rule_context_refuses_garbage_by_field(field, value):
    """A rule (a plugin's too) may trust what it reads: read_actual() never meets a str where an Indicator belongs."""
    with pytest.raises(perfrules.InvalidInputError, match=f"^{field}: expected"):
        perfrules.RuleContext(weight=1, **{field: value})
