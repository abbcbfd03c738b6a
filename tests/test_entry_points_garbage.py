"""Every entry point added for tables, the review cycle, limits and the fast paths refuses garbage with a perfrules error.

Whatever a caller passes — None, a float, a bytes, an object, a NaN, a mapping where a list belongs —
the only exception that may come out is a :class:`perfrules.PerfrulesError` naming what is wrong.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import perfrules

GARBAGE = [
    None, 1, 1.5, "x", b"x", [], {}, [1], {"a": 1}, Decimal("NaN"), -1, object(), True, ("a",),
    {"指标": [{"三级指标": 1.5}]}, {"指标": "x"}, [{"一级指标": None}], Decimal("1E+999999"),
]  # fmt: skip
TABLE = perfrules.read_table("tests/fixtures/tables/003-huashan.json")
SE = perfrules.examples.huashan_2020()
RESULT = perfrules.evaluate(perfrules.HUBEI_2020, SE)

CALLS = {
    "read_table": lambda g: perfrules.read_table(g),
    "read_records": lambda g: perfrules.read_records(g),
    "audit(rubric=)": lambda g: perfrules.audit(TABLE, g),
    "audit(policy=)": lambda g: perfrules.audit(TABLE, policy=g),
    "review(review=)": lambda g: perfrules.review(TABLE, g),
    "review(subject=)": lambda g: perfrules.review(g, perfrules.Review("局")),
    "ReviewRow(score=)": lambda g: perfrules.ReviewRow(indicator="a", score=g),
    "draw_rows(seed=)": lambda g: perfrules.draw_rows(TABLE, seed=g),
    "draw_rows(rule=)": lambda g: perfrules.draw_rows(TABLE, g, seed=1),
    "draw_tables": lambda g: perfrules.draw_tables(g, seed=1),
    "rectification_list": lambda g: perfrules.rectification_list(g, unit="u", deadline=dt.date(2021, 1, 1)),
    "read_rectification_xlsx": lambda g: perfrules.read_rectification_xlsx(g),
    "next_grade(result=)": lambda g: perfrules.next_grade(perfrules.HUBEI_2020, g),
    "next_grade(rubric=)": lambda g: perfrules.next_grade(g, RESULT),
    "what_if(actuals=)": lambda g: perfrules.what_if(perfrules.HUBEI_2020, SE, actuals=g),
    "what_if(self_evaluation=)": lambda g: perfrules.what_if(perfrules.HUBEI_2020, g),
    "compile_rubric": lambda g: perfrules.compile_rubric(g),
    "Plan.score": lambda g: perfrules.compile_rubric(perfrules.NATIONAL_2020).score(g),
    "write_xlsx": lambda g: perfrules.write_xlsx(g),
    "to_self_evaluation(year=)": lambda g: perfrules.to_self_evaluation(TABLE, year=g),
    "table_scheme": lambda g: perfrules.table_scheme(g),
    "Tolerance": lambda g: perfrules.Tolerance(absolute=g),
    "Veto(max_total=)": lambda g: perfrules.Veto("v", "v", facts=("x",), max_total=g),
    "ExecutionCap": lambda g: perfrules.ExecutionCap(g, 1),
    "Limits": lambda g: perfrules.Limits(execution_caps=g),
}


def refuse_garbage(calls: dict) -> None:
    """Each call, given each piece of garbage, raises a perfrules error or returns — nothing else."""
    for name, call in calls.items():
        for value in GARBAGE:
            try:
                call(value)
            except perfrules.PerfrulesError:
                pass
            except Exception as e:  # pragma: no cover - the failure message
                raise AssertionError(f"{name}({value!r}): {type(e).__name__}: {e}") from e


@pytest.mark.parametrize("name", sorted(CALLS))
def test_garbage_is_refused_with_a_perfrules_error(name):
    for value in GARBAGE:
        try:
            CALLS[name](value)
        except perfrules.PerfrulesError:
            pass


def test_the_kernel_refuses_garbage_too():
    kernel = pytest.importorskip("perfrules.kernel")
    for value in GARBAGE:
        try:
            kernel.columns(value, perfrules.NATIONAL_2020)
        except perfrules.PerfrulesError:
            pass


def test_the_scale_out_paths_refuse_garbage_too():
    """score_record_batch and score_many: garbage for any argument, or a column of any odd Arrow type in any
    place, is a perfrules error for the batch or an error in the row — never another exception."""
    pa = pytest.importorskip("pyarrow")
    import columnar
    from w1 import w1_rubric

    from perfrules.scale import score_many, score_record_batch

    w1 = w1_rubric()
    table = columnar.table(columnar.rows(4))
    calls = {
        "batch": lambda g: score_record_batch(g, w1),
        "rubric": lambda g: score_record_batch(table, g),
        "keep": lambda g: score_record_batch(table, w1, keep=g),
        "prefix": lambda g: score_record_batch(table, w1, prefix=g),
        "many": lambda g: list(score_many(g, w1)),
        "many rubric": lambda g: list(score_many(table, g)),
        "workers": lambda g: list(score_many(table, w1, workers=g)),
        "batch_size": lambda g: list(score_many(table, w1, batch_size=g)),
        "progress": lambda g: list(score_many(table, w1, progress=g)),
    }
    refuse_garbage(calls)
    odd = [
        pa.nulls(4),
        pa.array([None, None, None, None], pa.list_(pa.null())),
        pa.array([[1.5]] * 4, pa.list_(pa.float32())),
        pa.array([["x"]] * 4),
        pa.array([[[1]]] * 4),
        pa.array([{"a": 1}] * 4),
        pa.array([[Decimal("1E+30")]] * 4, pa.list_(pa.decimal256(60, 0))),
        pa.array([[Decimal("-1")], None, [], [Decimal("0.00001")]], pa.list_(pa.decimal128(10, 5))),
        pa.array([[2**63 - 1]] * 4, pa.list_(pa.uint64())),
        pa.array([["≥"], None, ["qualitative"], ["达成"]]).cast(pa.list_(pa.dictionary(pa.int8(), pa.string()))),
        pa.array([1, 2, 3, 4], pa.int64()),
        pa.array([Decimal("-5"), Decimal(0), None, Decimal(10) ** 30], pa.decimal128(38, 0)),
    ]
    for index, name in enumerate(table.schema.names):
        for column in odd:
            try:
                out = score_record_batch(table.set_column(index, name, column), w1)
            except perfrules.PerfrulesError:
                continue
            except Exception as e:  # pragma: no cover - the failure message
                raise AssertionError(f"{name} as {column.type}: {type(e).__name__}: {e}") from e
            assert out.num_rows == 4


def test_the_report_entry_points_refuse_garbage_too():
    from perfrules.report import Formatter, build_report, build_summary, render_html, render_markdown, render_summary, svg_chart

    fmt = Formatter("zh_CN")
    calls = {
        "build_report": lambda g: build_report(g),
        "build_report(locale=)": lambda g: build_report(RESULT, locale=g),
        "render_html": lambda g: render_html(g),
        "render_markdown(template=)": lambda g: render_markdown(RESULT, template=g),
        "build_summary": lambda g: build_summary(g),
        "render_summary(format=)": lambda g: render_summary(build_summary([]), format=g),
        "Formatter": lambda g: Formatter(g),
        "Formatter(places=)": lambda g: Formatter("en", g),
        "score": fmt.score,
        "amount": fmt.amount,
        "amount(unit=)": lambda g: fmt.amount(Decimal(1), unit=g),
        "rate": fmt.rate,
        "compact": fmt.compact,
        "grade": fmt.grade,
        "date": fmt.date,
        "stated": fmt.stated,
        "number(places=)": lambda g: fmt.number(Decimal(1), g),
        "rate(places=)": lambda g: fmt.rate(Decimal(1), places=g),
        "for_rubric": lambda g: Formatter.for_rubric(g, "zh_CN"),
        "build_summary(worst=)": lambda g: build_summary([], worst=g),
        "build_summary(failed=)": lambda g: build_summary([], g),
        "render_summary": lambda g: render_summary(g),
        "svg_chart": lambda g: svg_chart(g, title="t", earned="e", available="a"),
        "svg_chart(title=)": lambda g: svg_chart([], title=g, earned="e", available="a"),
    }
    refuse_garbage(calls)


def test_the_case_file_entry_points_refuse_garbage_too(tmp_path):
    from perfrules.testing import load_case_file, run_case_file, update_case_file

    broken = tmp_path / "x.cases.toml"
    broken.write_text(
        '[rubric]\ncode = "cn-national-project-2020"\n[[cases]]\nname = "a"\ntolerance = 5\n[cases.input]\nproject = 7\n'
        "[cases.expect]\nitems = 3\nfindings = 4\n",
        encoding="utf-8",
    )
    refuse_garbage({"load_case_file": load_case_file, "run_case_file": run_case_file, "update_case_file": update_case_file})
    (result,) = run_case_file(broken)
    assert not result.passed and result.differences[0].what == "case"
