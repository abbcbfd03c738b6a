"""The domain model: exact numbers at every boundary, validated frozen records."""

from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfrules import (
    Adjustment,
    Assessment,
    FloatRefusedError,
    FundLine,
    Funds,
    FundSource,
    GradeScale,
    Indicator,
    InvalidInputError,
    PerfrulesError,
    Project,
    SelfEvaluation,
    Target,
)
from perfrules.values.decimals import fraction_to_decimal, to_decimal

D = Decimal


# ------------------------------------------------------------------ to_decimal
@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, D(3)), ("2,440.91", D("2440.91")), ("１２.５", D("12.5")), (" -0.5 ", D("-0.5")), (D("1.10"), D("1.10")), (".5", D("0.5"))],
)
def test_to_decimal_exact(value, expected):
    """Ints, strings (full width, thousands separators) and Decimals convert exactly."""
    got = to_decimal(value)
    assert got == expected and isinstance(got, Decimal)
    assert str(got) == str(expected)


@pytest.mark.parametrize("value", ["", "1,00", "12a", "1.2.3", "NaN", True, None, [1]])
def test_to_decimal_rejects(value):
    """Anything that is not an exact finite number is an InvalidInputError."""
    with pytest.raises(InvalidInputError):
        to_decimal(value, path="x")


def test_to_decimal_rejects_non_finite_decimal():
    """Decimal infinities and NaNs are refused."""
    for v in (D("Infinity"), D("NaN")):
        with pytest.raises(InvalidInputError):
            to_decimal(v)


def test_float_refused_with_field_path():
    """A float is a TypeError naming the field and suggesting the exact spelling."""
    with pytest.raises(FloatRefusedError) as info:
        to_decimal(0.1, path="funds.lines[0].executed")
    assert isinstance(info.value, TypeError) and isinstance(info.value, PerfrulesError)
    assert "funds.lines[0].executed: float 0.1 refused" in str(info.value)
    assert "Decimal('0.1')" in str(info.value)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: FundLine(FundSource.TOTAL, 1.5, 1), "adjusted"),
        (lambda: FundLine(FundSource.TOTAL, 1, 1.5), "executed"),
        (lambda: FundLine(FundSource.TOTAL, 1, 1, 0.5), "initial"),
        (lambda: Indicator(name="x", weight=2.0, target="≥1"), "weight"),
        (lambda: Indicator(name="x", weight=2, target="≥1", actual=0.5), "actual"),
        (lambda: Indicator(name="x", weight=2, target="≥1", claimed_score=1.5), "claimed_score"),
        (lambda: Target("≥", 1.5), "value"),
        (lambda: Adjustment("b", "bonus", 1.5), "points"),
        (lambda: GradeScale.from_edges(90.0, 80, 60), "edges"),
        (lambda: SelfEvaluation(Project("p", 2020), Funds.single(adjusted=1, executed=1), (), claimed_total=98.0), "claimed_total"),
    ],
)
def test_floats_refused_everywhere(build, field):
    """Every numeric field of the model refuses floats, naming itself."""
    with pytest.raises(FloatRefusedError) as info:
        build()
    assert info.value.path == field


def test_fraction_to_decimal():
    """Terminating fractions convert exactly, others to 28 significant digits."""
    assert fraction_to_decimal(Fraction(143, 200)) == D("0.715")
    assert fraction_to_decimal(Fraction(-1, 8)) == D("-0.125")
    assert fraction_to_decimal(Fraction(5)) == D(5)
    assert fraction_to_decimal(Fraction(5, 3)) == D("1.666666666666666666666666667")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
def test_fraction_to_decimal_round_trip(d):
    """Decimal → Fraction → Decimal is lossless in value."""
    assert fraction_to_decimal(Fraction(d)) == d


# ------------------------------------------------------------------ funds
def test_execution_rate_is_derived():
    """执行率 comes from the amounts; it cannot be typed in twice."""
    f = Funds(
        (
            FundLine("appropriation", "100", "90", initial="80"),
            FundLine("carry_over", "20", "18", initial="20"),
        )
    )
    assert f.adjusted == D(120) and f.executed == D(108) and f.initial == D(100)
    assert f.execution_rate == D("0.9")
    assert f.execution_ratio("initial") == Fraction(108, 100)
    assert "execution_rate" not in attrs.fields_dict(Funds)


def test_execution_rate_above_one_and_zero_budget():
    """Jingmen 2022: 21,680.25 / 11,605.29 = 186.8 % — the rate is not capped here."""
    f = Funds.single(adjusted="11605.29", executed="21680.25")
    assert f.execution_ratio() == Fraction(D("21680.25")) / Fraction(D("11605.29"))
    assert D("1.868") < f.execution_rate < D("1.869")
    assert Funds.single(adjusted=0, executed=5).execution_rate is None


def test_initial_missing_on_one_line():
    """The initial budget total is None when any line lacks it."""
    f = Funds((FundLine("appropriation", 1, 1, initial=1), FundLine("other", 1, 1)))
    assert f.initial is None and f.execution_ratio("initial") is None


@pytest.mark.parametrize(
    "lines",
    [
        (),
        (FundLine("appropriation", 1, 1), FundLine("appropriation", 2, 2)),
        (FundLine("total", 1, 1), FundLine("other", 2, 2)),
        ("not a line",),
    ],
)
def test_funds_validation(lines):
    """No empty funds, no source twice, no total mixed with a split."""
    with pytest.raises(InvalidInputError):
        Funds(lines)


def test_negative_amount_rejected():
    """Amounts cannot be negative."""
    with pytest.raises(InvalidInputError, match="executed: must not be negative"):
        FundLine("total", 1, -1)


# ------------------------------------------------------------------ project, indicators
@pytest.mark.parametrize("year", [1989, 2101, "2020", True])
def test_project_year(year):
    """The year is an int in a plausible range."""
    with pytest.raises(InvalidInputError):
        Project("p", year)


def test_project_name_required():
    """A project needs a name."""
    with pytest.raises(InvalidInputError):
        Project("  ", 2020)


def test_indicator_parses_notation_and_keeps_text():
    """Strings for target and actual are parsed; the original text stays."""
    ind = Indicator(name="服务人次", weight=5, target="≧735人次", actual="700人次")
    assert ind.target.value == 735 and ind.target.text == "≧735人次"
    assert ind.actual.value == 700 and ind.actual.text == "700人次"
    assert ind.code == "服务人次"


def test_indicator_notation_error_names_the_field():
    """A bad target names its field."""
    with pytest.raises(InvalidInputError, match=r"^target: cannot parse '≧x人'"):
        Indicator(name="x", weight=1, target="≧x人")


def test_invalid_input_error_relocates():
    """Errors can be placed under a parent path: indicators[3].target."""
    with pytest.raises(InvalidInputError) as info:
        Indicator(name="x", weight=1, target="≧x人")
    moved = info.value.at("indicators[3]")
    assert str(moved) == "indicators[3].target: cannot parse '≧x人' as a target: a comparator must be followed by a number"
    assert str(info.value).startswith("target:")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "g", "children": (Indicator(name="a", weight=1, target="≥1"),), "target": "≥1"},
        {"name": "g", "children": (Indicator(name="a", weight=1, target="≥1"),), "assessment": Assessment.ACHIEVED},
        {"name": "", "weight": 1},
        {"name": "w", "weight": -1, "target": "≥1"},
        {"name": "c", "weight": 1, "target": "≥1", "claimed_score": -1},
        {"name": "g", "children": ("x",)},
    ],
)
def test_indicator_validation(kwargs):
    """Groups take no leaf data; leaves need a weight; no negative points."""
    with pytest.raises(InvalidInputError):
        Indicator(**kwargs)


def test_indicator_tree_helpers():
    """max_points sums applicable children; walk yields paths."""
    tree = Indicator(
        name="产出",
        children=(
            Indicator(name="数量", children=(Indicator(name="a", weight=2, target="≥1"), Indicator(name="b", weight=3, target="≥1", applicable=False))),
            Indicator(name="c", weight=5, target="≥1"),
        ),
    )
    assert tree.max_points == D(7)
    assert [p for p, _ in tree.walk()] == ["产出", "产出/数量", "产出/数量/a", "产出/数量/b", "产出/c"]
    assert [leaf.name for leaf in tree.leaves()] == ["a", "b", "c"]


def test_models_are_frozen():
    """Inputs cannot be changed after construction."""
    ind = Indicator(name="a", weight=1, target="≥1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ind.weight = D(2)  # type: ignore[misc]


def test_self_evaluation_rejects_duplicate_top_codes():
    """Two top-level groups with the same code are ambiguous."""
    g = Indicator(name="产出", code="output", children=(Indicator(name="a", weight=1, target="≥1"),))
    with pytest.raises(InvalidInputError, match="distinct"):
        SelfEvaluation(Project("p", 2020), Funds.single(adjusted=1, executed=1), (g, g))
