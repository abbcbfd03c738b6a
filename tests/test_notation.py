"""Table notation: targets and actual values as real tables write them."""

from decimal import Decimal
from fractions import Fraction

import pytest

from perfrules import Actual, ActualKind, Direction, NotationError, Target, parse_actual, parse_target
from perfrules.exceptions import InvalidInputError
from perfrules.values.pairing import Reconciled, Refusal, reconcile
from perfrules.values.screening import normalize_text

D = Decimal


@pytest.mark.parametrize(
    ("text", "direction", "value", "unit", "explicit"),
    [
        ("≥735人次", Direction.GE, D(735), "人次", True),
        ("≧100%", Direction.GE, D(100), "%", True),
        ("≧100％", Direction.GE, D(100), "%", True),
        ("═100%", Direction.EQ, D(100), "%", True),
        ("＝100%", Direction.EQ, D(100), "%", True),
        ("=100%", Direction.EQ, D(100), "%", True),
        ("≤90万元", Direction.LE, D(90), "万元", True),
        ("≦90万元", Direction.LE, D(90), "万元", True),
        ("≥1次/月", Direction.GE, D(1), "次/月", True),
        ("≤200元/人", Direction.LE, D(200), "元/人", True),
        ("16.12万元/社区", Direction.EQ, D("16.12"), "万元/社区", False),
        ("≥50车", Direction.GE, D(50), "车", True),
        ("100%", Direction.EQ, D(100), "%", False),
        ("10个", Direction.EQ, D(10), "个", False),
        ("＞９０％", Direction.GT, D(90), "%", True),
        ("<5%", Direction.LT, D(5), "%", True),
        ("≥ 2 次", Direction.GE, D(2), "次", True),
        (">=95%", Direction.GE, D(95), "%", True),
        ("不低于95%", Direction.GE, D(95), "%", True),
        ("不超过500元/人", Direction.LE, D(500), "元/人", True),
        ("≥100 百分比", Direction.GE, D(100), "%", True),
        ("≥1,338户", Direction.GE, D(1338), "户", True),
        ("≥0.5", Direction.GE, D("0.5"), "", True),
    ],
)
def test_quantitative_targets(text, direction, value, unit, explicit):
    """Comparator, number and unit are read; the original text is kept."""
    t = parse_target(text)
    assert (t.direction, t.value, t.unit, t.explicit) == (direction, value, unit, explicit)
    assert t.text == text
    assert isinstance(t.value, Decimal)


@pytest.mark.parametrize(("text", "lo", "hi", "unit"), [("25~30人", 25, 30, "人"), ("25～30人", 25, 30, "人"), ("25-30人", 25, 30, "人"), ("25人至30人", 25, 30, "人"), ("0.5~1.5万元", D("0.5"), D("1.5"), "万元")])
def test_range_targets(text, lo, hi, unit):
    """Ranges in every dash style, full width included."""
    t = parse_target(text)
    assert t.direction is Direction.RANGE
    assert (t.value, t.upper, t.unit) == (D(lo), D(hi), unit)


@pytest.mark.parametrize("text", ["合格", "是", "达成预期指标", "有效", "效果明显", "开展好“三会一课”、主题党日"])
def test_qualitative_targets(text):
    """Text without digits is a qualitative expectation, kept verbatim."""
    t = parse_target(text)
    assert t.direction is Direction.QUALITATIVE
    assert t.value is None and t.text == text


@pytest.mark.parametrize(
    "text",
    ["≧x人", "≥", "约12个左右的3项", "<=abc", "≥12人次3", "≤5%以上", "2020年13月底前"],
)
def test_unparseable_targets_raise_quoting_the_text(text):
    """Unreadable quantities raise a NotationError that quotes the text."""
    with pytest.raises(NotationError) as info:
        parse_target(text, path="indicators[3].target")
    assert repr(text) in str(info.value)
    assert str(info.value).startswith("indicators[3].target: cannot parse")
    assert info.value.value == text


def test_notation_error_is_a_value_error():
    """Callers catching ValueError still catch notation errors."""
    with pytest.raises(ValueError, match="cannot parse '≧x人'"):
        parse_target("≧x人")


def test_empty_target():
    """An empty target is an error, not a qualitative target."""
    with pytest.raises(NotationError, match="empty"):
        parse_target("  ")


def test_non_string_target():
    """Only text is parsed."""
    with pytest.raises(InvalidInputError):
        parse_target(100)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "value", "upper", "unit", "remark"),
    [
        ("10个", ActualKind.NUMBER, D(10), None, "个", ""),
        ("1次/月", ActualKind.NUMBER, D(1), None, "次/月", ""),
        ("16.12万/社区(疫情期间预算调)", ActualKind.NUMBER, D("16.12"), None, "万/社区", "疫情期间预算调"),
        ("２，４４０．９１", ActualKind.NUMBER, D("2440.91"), None, "", ""),
        ("98.5%", ActualKind.NUMBER, D("98.5"), None, "%", ""),
        ("25~30人(疫情控人)", ActualKind.RANGE, D(25), D(30), "人", "疫情控人"),
        ("合格", ActualKind.TEXT, None, None, "", ""),
        ("没有停水", ActualKind.TEXT, None, None, "", ""),
        ("线上线下一周一课", ActualKind.NUMBER, D(1), None, "课/周", "线上线下"),
        ("25~30人(疫情控人)线上活动100人左右", ActualKind.RANGE, D(25), D(30), "人", "(疫情控人)线上活动100人左右"),
        ("100%或以上", ActualKind.NUMBER, D(100), None, "%", ""),
    ],
)
def test_actuals(text, kind, value, upper, unit, remark):
    """Numbers, ranges and free text; nothing is dropped: the text stays, and what the value did not take is the remark."""
    a = parse_actual(text)
    assert (a.kind, a.value, a.upper, a.unit, a.remark) == (kind, value, upper, unit, remark)
    assert a.text == text


def test_compound_target_keeps_every_clause():
    """``≥4次/年、其中体育活动≥2次``: the first clause is the target, the rest the remark; the cell is compound."""
    t = parse_target("≥4次/年、其中体育活动≥2次")
    assert (t.direction, t.value, t.unit, t.compound, t.remark) == (Direction.GE, D(4), "次/年", True, "其中体育活动≥2次")


def test_inequality_actual_keeps_its_qualifier():
    """'>90%' as an actual (a reporting defect) keeps the comparator."""
    a = parse_actual(">90%")
    assert a.kind is ActualKind.NUMBER and a.value == 90 and a.qualifier is Direction.GT


def test_unparseable_actual_with_comparator_raises():
    """A comparator that is not followed by a number is an error."""
    with pytest.raises(NotationError, match="'≧x人'"):
        parse_actual("≧x人", path="actual")


def test_normalize_text():
    """Full-width forms and spaces are normalised."""
    assert normalize_text("≧ １００％") == "≥100%"
    assert normalize_text("═ 1") == "=1"


def test_target_constructor_validation():
    """A Target cannot be inconsistent."""
    with pytest.raises(InvalidInputError):
        Target(Direction.GE)  # no value
    with pytest.raises(InvalidInputError):
        Target(Direction.QUALITATIVE, 1)
    with pytest.raises(InvalidInputError):
        Target(Direction.RANGE, 5, 3)
    with pytest.raises(InvalidInputError):
        Target(Direction.GE, 5, 7)
    with pytest.raises(InvalidInputError):
        Actual(ActualKind.TEXT)
    with pytest.raises(InvalidInputError):
        Actual(ActualKind.RANGE, 5)


def test_target_str_round_trips_through_the_parser():
    """A target built in code prints in table notation that parses back."""
    for t in (Target(Direction.GE, 735, unit="人次"), Target(Direction.RANGE, 25, 30, unit="人"), Target(Direction.LE, D("0.5"))):
        back = parse_target(str(t))
        assert (back.direction, back.value, back.upper, back.unit) == (t.direction, t.value, t.upper, t.unit)


@pytest.mark.parametrize(
    ("target", "actual", "value", "code"),
    [
        # (target unit, actual unit) → the actual 12 in the target's unit, and what was assumed
        ("元/人", "元", Fraction(12), "unit.omitted"),
        ("万元/社区", "万/社区", Fraction(12), "unit.completed"),
        ("场/年", "场", Fraction(12), "unit.omitted"),
        ("次/年", "次/年", Fraction(12), None),
        ("%", "", Fraction(12), "unit.omitted"),
        ("次/月", "次/周", Fraction(12 * 365, 7 * 12), "unit.converted"),  # 12 a week = 52.14… a month
        ("万元", "元", Fraction(12, 10000), "unit.converted"),
        ("元", "万元", Fraction(120000), "unit.converted"),
    ],
)
def test_actual_is_read_in_the_target_unit(target, actual, value, code):
    """The way tables write units: omitted, completed by the target, or converted exactly."""
    got = reconcile(D(10), target, D(12), actual)
    assert isinstance(got, Reconciled)
    assert got.actual == value
    assert [f.code for f in got.findings][:1] == ([code] if code else [])


def test_units_of_different_dimensions_are_not_compared():
    """人 against %: refused under the default policy, never scored as numbers."""
    got = reconcile(D(10), "人", D(12), "%")
    assert isinstance(got, Refusal) and got.finding.code == "unit.incompatible"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("≥5千元/人", "5", "千元/人"), ("≥3百万元/个", "3", "百万元/个"), ("≥4次/半年", "4", "次/半年"), ("≥1.5千元", "1.5", "千元"), ("五千元", "5000", "元")],
)
def test_a_scale_word_after_a_number_stays_with_its_unit(text, value, unit):
    """5千元/人 is 5 of 千元/人 (never 51000, or 5 of '1000元/人'); 次/半年 is a unit (never '次/0.5年')."""
    target = parse_target(text)
    assert (target.value, target.unit) == (Decimal(value), unit)
