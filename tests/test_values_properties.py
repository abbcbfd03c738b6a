"""Properties of the values stage: notation, units, numerals, screening and pairs, over generated input.

Every property here can fail: expectations come from an independent oracle
(the factors written in ``units.toml``, a reference writer of Chinese
numerals, the screening rules as stated) or from an invariant the library
promises (errors are perfrules errors that quote the text, scores stay in
``[0, weight]``). The minimal inputs of defects these
properties once found are kept at the end as regression tests.
"""

from __future__ import annotations

import pathlib
import sys
import tomllib
from decimal import Decimal
from fractions import Fraction
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import perfrules
import strategies as S
from perfrules import (
    Actual,
    Equal,
    EqualVariant,
    Indicator,
    Positive,
    Quantity,
    RangeRule,
    Reverse,
    ReverseVariant,
    RuleContext,
    Target,
    parse_actual,
    parse_target,
)
from perfrules.exceptions import InvalidInputError, NotationError, PerfrulesError
from perfrules.io.converter import make_converter
from perfrules.values.numerals import CHINESE_DIGITS, arabize, read_chinese_number
from perfrules.values.pairing import ReadingPolicy
from perfrules.values.units import Unit, UnitError, convert, parse_unit

D = Decimal

PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
#: one converter for the serialisation round trips (building one per call costs ~5 ms)
CONVERTER = make_converter()


# ================================================================== strategies
#: pieces of table notation, and of what breaks it, joined at random
# fmt: off
PIECES = (
    *"≥≤><=＝≧≦", ">=", "<=", "以上", "以下", "以内", "不低于", "不超过", "超过", "不足", "达到", "约", "左右", "余", "多",
    *"0123456789", *"０１２３４５６７８９", ".", ",", "1,000", "0.5", "-", "+", "±",
    *"零一二两三五九十百千万亿点", "百分之", "千分之", "成", "半",
    "人", "万元", "元", "%", "％", "‰", "次", "月", "年", "人次", "个", "户", "天", "㎡", "℃", "/", "每", "每月", "周",
    "（", "）", "(", ")", "【", "】", "含", "不含", "~", "～", "至", "到", "、", "；", "其中", "且",
    " ", "\u3000", "\t", "\n", "\x00", "\x07", "\x1f", "\x7f", "\u200b", "\ufeff", "\ud800", "\udfff", "\ue000",
    "٣", "३", "³", "²", "①", "⑴",
    "#REF!", "#DIV/0!", "NaN", "inf", "null", "x", "xx", "×", "*",
    "2020年", "12月", "31日", "底前", "年底前", "按时", "合格", "达成预期指标", "无", "不适用", "没有", "未发生", "/",
)
# fmt: on
notation_texts = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)


def _unit_sections() -> dict[str, dict[str, Fraction]]:
    """``units.toml`` read directly: dimension → {every name (symbol or alias): its factor}."""
    text = resources.files("perfrules.values").joinpath("units.toml").read_text(encoding="utf-8")
    out: dict[str, dict[str, Fraction]] = {}
    for dimension, rows in tomllib.loads(text).items():
        names = out.setdefault(dimension, {})
        for symbol, row in rows.items():
            for name in (symbol, *row.get("aliases", ())):
                names[name] = Fraction(row["factor"])
    return out


SECTIONS = _unit_sections()
SCALE_WORDS = {"": 1, "万": 10**4, "千": 10**3, "亿": 10**8}
UNIT_NAMES = sorted({name for names in SECTIONS.values() for name in names}) + ["", "篇", "车", "社区", "万"]
unit_texts = st.builds(
    lambda top, per, bottom: f"{top}/{bottom}" if per else top,
    st.builds(str.__add__, st.sampled_from(sorted(SCALE_WORDS)), st.sampled_from(UNIT_NAMES)),
    st.booleans(),
    st.builds(str.__add__, st.sampled_from(sorted(SCALE_WORDS)), st.sampled_from(UNIT_NAMES)),
)
number_texts = st.one_of(
    st.integers(-1000, 10**9).map(str),
    S.exact_decimals(-100, 100_000, max_places=4).map(lambda d: format(d, "f")),
    st.sampled_from(["0", "0.00", "1", "100", "1,000", "９５", "9" * 24]),
)


@st.composite
def quantity_cells(draw: st.DrawFn) -> str:
    """Quantities in every unit of units.toml, scaled and as rates: ``≥1.5万人/年``, ``2~30亩``, ``约0.95‰左右``."""
    if draw(st.integers(0, 3)) == 0:
        return f"{draw(number_texts)}{draw(st.sampled_from(['~', '-', '至']))}{draw(number_texts)}{draw(unit_texts)}"
    prefix = draw(st.sampled_from(["", "≥", ">", "≤", "<", "=", "约", "不低于", "不超过", "达到"]))
    suffix = draw(st.sampled_from(["", "", "以上", "以下", "左右", "(含)"]))
    return f"{prefix}{draw(number_texts)}{draw(unit_texts)}{suffix}"


#: numbers too long or too large for perfrules (more than 24 digits, more than 200 characters)
long_number_texts = st.builds(
    lambda prefix, digits, unit: f"{prefix}{digits}{unit}",
    st.sampled_from(["", "≥", "约", "0."]),
    st.integers(20, 260).map(lambda n: "1" + "0" * (n - 1)),
    st.sampled_from(["", "%", "人", "万元"]),
)
#: runs of Chinese numeral characters, well formed or not (一万万, 十十, 点五), among a few unit words
numeral_texts = st.text(st.sampled_from("零〇一二两三五九十百千万亿萬億点分之成半年人元%以上≥"), max_size=8)
#: any text at all: every category, lone surrogates, private use and unassigned code points included
any_texts = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=20),
    st.text(max_size=20),
    notation_texts,
    numeral_texts,
    quantity_cells(),
    long_number_texts,
)


def _parses(parse, text: str) -> bool:
    try:
        parse(text)
    except PerfrulesError:
        return False
    return True


#: target and actual texts that parse: the shared strategies, quantities in every unit, and notation
#: pieces that happen to parse
target_texts = st.one_of(
    S.target_texts(), st.one_of(quantity_cells(), notation_texts).filter(lambda t: _parses(parse_target, t))
)
actual_texts = st.one_of(
    S.actual_texts(), st.one_of(quantity_cells(), notation_texts).filter(lambda t: _parses(parse_actual, t))
)


# ================================================================== 1. nothing but perfrules errors
def _check_refusal(exc: PerfrulesError, text: str) -> None:
    # a NotationError, or an InvalidInputError (Quantity.parse: a value, but not one number)
    assert isinstance(exc, InvalidInputError), repr(exc)
    assert exc.value == text
    if isinstance(exc, NotationError):
        assert repr(text) in str(exc), (str(exc), text)


@PROPERTY
@given(any_texts)
def test_parsers_raise_only_perfrules_errors_that_quote_the_text(text):
    """parse_target, parse_actual and Quantity.parse read any text or refuse it with a located, quoting error."""
    for parse, cls in ((parse_target, Target), (parse_actual, Actual), (Quantity.parse, Quantity)):
        try:
            got = parse(text)
        except PerfrulesError as exc:
            _check_refusal(exc, text)
        else:
            assert isinstance(got, cls)
            if cls is not Quantity:
                assert got.text == text


@PROPERTY
@given(any_texts)
def test_parse_unit_reads_any_text_or_names_no_unit(text):
    """parse_unit never raises on text: a Unit with a positive exact factor, or None."""
    try:
        unit = parse_unit(text)
    except PerfrulesError as exc:  # pragma: no cover - allowed, but none is expected
        assert isinstance(exc, InvalidInputError) and exc.value == text
        return
    assert unit is None or (isinstance(unit, Unit) and isinstance(unit.factor, Fraction) and unit.factor > 0)


@PROPERTY
@given(st.one_of(st.integers(), st.binary(max_size=4), st.none(), st.lists(st.text(max_size=2), max_size=2)))
def test_parsers_refuse_what_is_not_text(value):
    """Bytes, numbers, None, lists: an InvalidInputError naming the value, never a TypeError from inside."""
    for parse in (parse_target, parse_actual, Quantity.parse, parse_unit):
        with pytest.raises(InvalidInputError) as info:
            parse(value)
        assert info.value.value is value or info.value.value == value


# ================================================================== 2. text kept, serialisation round trip
@PROPERTY
@given(target_texts, actual_texts, st.sampled_from(["json", "toml"]))
def test_parsed_values_keep_their_text_and_round_trip(target_text, actual_text, fmt):
    """A parsed Target/Actual keeps its text and an Indicator holding it reads back equal from JSON and TOML."""
    target, actual = parse_target(target_text), parse_actual(actual_text)
    assert target.text == target_text and actual.text == actual_text
    leaf = Indicator(name="x", weight=D(1), target=target, actual=actual)
    back = perfrules.loads(
        perfrules.dumps(leaf, format=fmt, converter=CONVERTER), Indicator, format=fmt, converter=CONVERTER
    )
    assert back == leaf
    assert back.target.text == target_text and back.actual.text == actual_text


# ================================================================== 3. exact conversion
exact_values = S.exact_decimals(-10_000, 10_000_000, max_places=4)


@st.composite
def scaled_unit(draw: st.DrawFn, dimension: str) -> tuple[str, Fraction]:
    """A name of ``dimension`` from units.toml with an optional scale word, and its factor by the file."""
    name = draw(st.sampled_from(sorted(SECTIONS[dimension])))
    scale = draw(st.sampled_from(sorted(SCALE_WORDS)))
    return scale + name, SECTIONS[dimension][name] * SCALE_WORDS[scale]


#: every (dimension, name) of units.toml, so that each name is as likely as any other
ALL_NAMES = sorted((dimension, name) for dimension, names in SECTIONS.items() for name in names)


@st.composite
def unit_pairs(draw: st.DrawFn) -> tuple[tuple[str, Fraction], tuple[str, Fraction]]:
    """Two units of one dimension, or two rates ``a/b`` sharing numerator and denominator dimensions."""
    top = draw(st.sampled_from(ALL_NAMES))[0]
    a, b = draw(scaled_unit(top)), draw(scaled_unit(top))
    if draw(st.booleans()):
        bottom = draw(st.sampled_from(ALL_NAMES))[0]
        c, d = draw(scaled_unit(bottom)), draw(scaled_unit(bottom))
        a, b = (f"{a[0]}/{c[0]}", a[1] / c[1]), (f"{b[0]}/{d[0]}", b[1] / d[1])
    return a, b


def test_every_unit_of_the_table_reads_with_its_dimension_and_factor():
    """Each name of units.toml, bare and with each scale word, is read as written in the file."""
    for dimension, name in ALL_NAMES:
        for scale, k in SCALE_WORDS.items():
            unit = parse_unit(scale + name)
            assert unit is not None, scale + name
            assert (unit.dimension, unit.factor, unit.inferred) == (dimension, SECTIONS[dimension][name] * k, False), (
                scale + name
            )


@PROPERTY
@given(unit_pairs(), exact_values)
def test_conversion_within_a_dimension_is_exact_and_reversible(pair, x):
    """convert follows the factors of units.toml exactly, there and back, and is the identity on one unit."""
    (a, fa), (b, fb) = pair
    there = convert(x, a, b)
    assert isinstance(there, Fraction)
    assert there == Fraction(x) * fa / fb
    assert convert(there, b, a) == Fraction(x)
    assert convert(x, a, a) == Fraction(x)


@PROPERTY
@given(st.data(), exact_values)
def test_conversion_across_dimensions_is_refused(data, x):
    """Units of two different dimensions never convert into each other."""
    one, other = data.draw(st.lists(st.sampled_from(sorted(SECTIONS)), min_size=2, max_size=2, unique=True))
    (a, _), (b, _) = data.draw(scaled_unit(one)), data.draw(scaled_unit(other))
    with pytest.raises(UnitError):
        convert(x, a, b)
    with pytest.raises(UnitError):
        Quantity(x, a).to(b)


@PROPERTY
@given(exact_values)
def test_a_quantity_in_yuan_survives_wan_yuan(x):
    """元 → 万元 → 元 is exact: 1 万元 is 10000 元, and back."""
    q = Quantity(x, "元")
    wan = q.to("万元")
    assert wan.magnitude == Fraction(x) / 10_000 and wan.unit == "万元"
    assert wan.to("元") == q


# ================================================================== 4. Chinese numerals
DIGIT_WORDS = "零一二三四五六七八九"


def _section_words(n: int) -> str:
    """1..9999 with 千/百/十; one 零 for a run of zeros between digits, none at the end."""
    out, gap = [], False
    for unit, place in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // place % 10
        if d == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out.append("零")
            gap = False
        out.append(DIGIT_WORDS[d] + unit)
    return "".join(out)


def chinese(n: int) -> str:
    """The standard Chinese numeral of ``0 <= n < 10**12``: ``10010`` → 一万零一十, ``15`` → 十五."""
    if n == 0:
        return "零"
    words, pending_zero = "", False
    for big, place in (("亿", 10**8), ("万", 10**4), ("", 1)):
        group = n // place % 10**4
        if group == 0:
            pending_zero = pending_zero or bool(words)
            continue
        if words and (pending_zero or group < 1000):
            words += "零"
        words += _section_words(group) + big
        pending_zero = False
    return words[1:] if words.startswith("一十") else words  # 十五, 十万: the leading 一 is not said


def test_the_reference_writer_writes_the_textbook_forms():
    """The oracle itself, against forms from the textbook."""
    assert [chinese(n) for n in (0, 7, 10, 15, 20, 110, 1005, 1050, 10010, 100000, 10_000_001, 10_101_010)] == [
        "零", "七", "十", "十五", "二十", "一百一十", "一千零五", "一千零五十", "一万零一十", "十万", "一千万零一", "一千零一十万一千零一十",
    ]  # fmt: skip


@PROPERTY
@given(
    st.one_of(
        st.integers(0, 99_999_999),
        st.sampled_from([0, 10, 11, 100, 101, 1000, 1001, 10_000, 10_001, 100_000, 10_000_000, 99_999_999]),
    )
)
def test_chinese_numerals_read_exactly(n):
    """read_chinese_number reads every standard numeral below 10⁸ as its integer, exactly; arabize rewrites it in place."""
    words = chinese(n)
    value = read_chinese_number(words)
    assert isinstance(value, Decimal) and value == n
    assert arabize(f"达到{words}人次") == f"达到{n}人次"


_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "十拾百佰千仟万萬亿億半成"  # 半 (½) and N成 (N × 10 %) are numeral words too
no_numeral_texts = st.text(
    st.one_of(
        st.characters(exclude_characters=_NUMERAL_CHARS),
        st.sampled_from(["%", "≥", "人", "次", "元", "每", "月", "点", "分", "之", "0", "9", ".", "年", "第"]),
    ),
    max_size=20,
)


@PROPERTY
@given(no_numeral_texts)
def test_arabize_leaves_text_without_chinese_numerals_alone(text):
    assert arabize(text) == text


@PROPERTY
@given(st.text(st.sampled_from("".join(CHINESE_DIGITS) + "十拾百佰千仟万萬亿億点"), min_size=1, max_size=8))
def test_the_numeral_reader_reads_or_refuses_with_a_value_error(text):
    """Any run of numeral characters is one non-negative Decimal or a ValueError; arabize never raises."""
    try:
        value = read_chinese_number(text)
    except ValueError:
        pass
    else:
        assert isinstance(value, Decimal) and value >= 0
    assert isinstance(arabize(text), str)


# ================================================================== 5. screening
CONTROL = [chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F]]
INVISIBLE = ["\u200b", "\ufeff", "\u200d", "\u2060"]
FOREIGN_DIGITS = ["٣", "३", "³", "۵", "৩", "௩", "๓", "𝟑"]


@st.composite
def text_with(draw: st.DrawFn, bad: list[str]) -> str:
    base = draw(st.one_of(S.target_texts(), S.actual_texts(), notation_texts))
    at = draw(st.integers(0, len(base)))
    if base[at - 1 : at] == "m":  # m² and m³ are units, not foreign digits
        base = base[:at] + " " + base[at:]
        at += 1
    return base[:at] + draw(st.sampled_from(bad)) + base[at:]


@st.composite
def broken_numbers(draw: st.DrawFn) -> str:
    """A number with blanks inside: ``9 5%``, ``≥１ ２人``, ``0. 5``."""
    digits = st.text(st.sampled_from("0123456789０１２３４５６７８９"), min_size=1, max_size=4)
    head, tail = draw(digits), draw(digits)
    gap = draw(st.sampled_from([" ", "  ", "\t", "\u3000", "\xa0", " .", ". "]))
    prefix = draw(st.sampled_from(["", "≥", "不低于", "约", "达到", "<="]))
    unit = draw(st.sampled_from(["", "%", "人", "万元", "次/年", "以上"]))
    return f"{prefix}{head}{gap}{tail}{unit}"


@PROPERTY
@given(st.one_of(text_with(CONTROL), text_with(INVISIBLE), text_with(FOREIGN_DIGITS), broken_numbers()))
def test_what_is_not_a_value_is_refused_by_both_parsers(text):
    """Control and invisible characters, digits of other scripts and numbers broken by blanks never read."""
    for parse in (parse_target, parse_actual):
        with pytest.raises(NotationError) as info:
            parse(text)
        assert info.value.value == text
        assert repr(text) in str(info.value)


# ================================================================== 6. scores of a pair stay in [0, weight]
RULES = st.sampled_from(
    [
        Positive(),
        Positive(zero_target="zero"),
        Reverse(),
        Reverse(variant=ReverseVariant.LINEAR),
        Equal(),
        Equal(variant=EqualVariant.TWO_SIDED),
        RangeRule(),
    ]
)
POLICIES = st.builds(
    ReadingPolicy,
    bare_against_percent=st.sampled_from(["assume", "refuse"]),
    incompatible_units=st.sampled_from(["refuse", "assume"]),
    different_counts=st.sampled_from(["assume", "refuse"]),
    strict_boundary=st.sampled_from([D(0), D("0.5"), D(1)]),
    negative_actuals=st.sampled_from(["non_negative_quantities", "clamp", "keep"]),
)


@PROPERTY
@given(target_texts, actual_texts, S.weights(), RULES, POLICIES)
def test_a_pair_never_scores_outside_zero_and_its_weight(target_text, actual_text, weight, rule, policy):
    """Whatever the notation, a quantitative rule scores in [0, weight] and every finding is coded and located."""
    leaf = Indicator(name="x", weight=weight, target=target_text, actual=actual_text)
    ctx = RuleContext(weight=weight, path="output/x", indicator=leaf, reading=policy)
    outcome = rule.apply(ctx)
    assert isinstance(outcome.value, Fraction)
    assert 0 <= outcome.value <= Fraction(weight)
    for finding in outcome.findings:
        assert finding.code and finding.path


# ================================================================== regressions
# Minimal inputs of defects the properties found (now fixed).
@pytest.mark.parametrize("text", ["一万万", "两万万元", "万万零", "一亿亿", "一万五万人"])
def test_a_repeated_scale_word_reads(text):
    # 万万 = 亿: 两万万元 is 200,000,000 元; garbage runs are refused, never a crash
    for parse in (parse_target, parse_actual, Quantity.parse):
        try:
            parse(text)
        except PerfrulesError:
            pass
    try:
        read_chinese_number(text)
    except ValueError:
        pass


@pytest.mark.parametrize(
    ("target", "actual"), [("≥1次/月", "1亿亿亿亿亿亿亿亿亿亿次/周"), ("0年", "0亿亿亿亿亿亿亿亿亿亿日")]
)
def test_a_huge_non_terminating_conversion_is_shown(target, actual):
    leaf = Indicator(name="x", weight=D(1), target=target, actual=actual)
    outcome = Positive().apply(RuleContext(weight=D(1), path="output/x", indicator=leaf))
    assert 0 <= outcome.value <= 1


@pytest.mark.parametrize("text", ["≥" + "9" * 30 + "%", "0." + "0" * 30 + "1人", "≥" + "1" * 300 + "%"])
def test_a_number_out_of_range_is_refused_as_the_cell(text):
    for parse in (parse_target, parse_actual):
        with pytest.raises(InvalidInputError) as info:
            parse(text)
        assert info.value.value == text


@pytest.mark.parametrize("text", ["", " ", "\u3000", "①"])
def test_an_empty_cell_error_quotes_the_text(text):
    for parse in (parse_target, parse_actual):
        with pytest.raises(NotationError) as info:
            parse(text)
        assert repr(text) in str(info.value)


@pytest.mark.parametrize("text", ["\ud800", "≥95\udfff%"])
def test_a_lone_surrogate_error_quotes_the_text(text):
    for parse in (parse_target, parse_actual):
        with pytest.raises(NotationError) as info:
            parse(text)
        assert repr(text) in str(info.value)


@pytest.mark.parametrize(("text", "value"), [("一万万", 10**8), ("两万万", 2 * 10**8), ("一亿亿", 10**16), ("三万五", 35000), ("一亿二", 120_000_000)])
def test_repeated_and_trailing_scale_words_read_exactly(text, value):
    assert read_chinese_number(text) == value
