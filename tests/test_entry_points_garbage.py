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
