"""The notation corpus: every real spelling in ``tests/fixtures/notation/corpus.toml`` read as a careful human reads it.

Each ``[[entry]]`` of the corpus (see its header comment for the fields) is one
test. Expectations come from the corpus fields only — never from running
perfrules and copying its output:

* parsing (as the entry's role, and as the other role) never raises anything
  but a :class:`~perfrules.exceptions.PerfrulesError`, and a parsed value keeps
  its text;
* a spelling with nothing readable (``value = ""``; the corpus marks masked or
  lost digits ``BROKEN``) never yields a number;
* ``number``/``range``/``compound`` entries give the corpus's number (range
  bounds; the first clause of a compound cell), comparator (targets) or
  qualifier (actuals), unit (traditional characters simplified; an equivalent
  spelling compared as a quantity through the unit table) and approximation
  mark; a bracketed remark that is not an inclusion mark (``(含)``) is kept in
  ``.remark``;
* ``qualitative``, ``deadline`` and ``not_applicable`` entries read as such.

Where perfrules deliberately reads an entry in another, equivalent way the
entry is listed in :data:`EXPECTED_DIFFERENCES` with the reason; where
perfrules is wrong, the entry is a strict ``xfail`` listed in
:data:`KNOWN_WRONG`, so that fixing it turns the test red until the mark is
removed.
"""

from __future__ import annotations

import pathlib
import re
import tomllib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from perfrules import Actual, ActualKind, Direction, Target, parse_actual, parse_target
from perfrules.exceptions import NotationError, PerfrulesError
from perfrules.values.lexicon import NOT_OCCURRED
from perfrules.values.screening import normalize_text, simplify
from perfrules.values.units import DEFAULT_UNITS, UnitDefinition, parse_unit

CORPUS = pathlib.Path(__file__).parent / "fixtures" / "notation" / "corpus.toml"
ENTRIES: list[dict[str, Any]] = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["entry"]

KINDS = {"number", "range", "qualitative", "deadline", "not_applicable", "compound"}
COMPARATORS = {">=": Direction.GE, ">": Direction.GT, "<=": Direction.LE, "<": Direction.LT, "=": Direction.EQ}

#: the corpus writes some units in a spelling of its own that names the same quantity as
#: perfrules' spelling: 九成 is "9 成" (tenths) where perfrules says 90 %, 人(次) is 人次.
#: Only these two are added here; every other equivalence comes from perfrules' own table.
CORPUS_SPELLINGS = DEFAULT_UNITS.extend(
    [
        UnitDefinition("成", "ratio", "1/10"),
        UnitDefinition("人次", "count-person-times", "1", aliases=("人(次)",)),
    ]
)

#: entries perfrules deliberately reads in another, equivalent way: text → why
EXPECTED_DIFFERENCES: dict[str, str] = {
    "每千名老人達(dá)到47張": "unit read as 张/千名 (beds per 1,000 persons) with 老人 kept in the remark; the corpus puts 老人 into the unit",
}

#: entries perfrules reads wrongly (the corpus reading is clearly right): strict xfail, to be fixed
KNOWN_WRONG: dict[str, str] = {
    "每人每月200、300、400元": "the shared unit 元/人/月 is lost: the first alternative reads as a bare 200",
    "141戶449人": "two glued counts read as text instead of the first count (141 户)",
    "延長十五天": "an extension of (up to) 15 days reads as '=15天' (implicit), not '≤15天'",
}

_INCLUSION_MARK = re.compile(r"[(（](?:含|不含|包含|不包含|包括|不包括)[^()（）]*[)）]")
_REMARK_EDGES = "()（）,，、;；。 "


def plain(text: str) -> str:
    """Text as perfrules reads it: NFKC, one comparator alphabet, simplified characters, no pinyin glosses."""
    return simplify(normalize_text(text))


def _same_quantity(corpus_value: str, corpus_unit: str, value: Decimal | None, unit: str) -> bool:
    """Whether ``value unit`` is the corpus's ``corpus_value corpus_unit``.

    The same unit spelling compares the numbers (Decimal equality); another
    spelling of the same unit (9 成 vs 90 %, ㎡ vs 平方米, 百分比 vs %) compares
    the quantities through the unit table: same dimension, equal value × factor.
    """
    if value is None:
        return False
    expected, got = plain(corpus_unit), plain(unit)
    if expected == got:
        return value == Decimal(corpus_value)
    a, b = CORPUS_SPELLINGS.unit(expected), CORPUS_SPELLINGS.unit(got)
    if a is None or b is None or a.dimension != b.dimension:
        return False
    return Fraction(Decimal(corpus_value)) * a.factor == Fraction(value) * b.factor


def _parse(role: str, text: str) -> Target | Actual | PerfrulesError:
    """The reading of ``text`` as ``role``; a PerfrulesError is returned, anything else raised is a bug."""
    parse = parse_target if role == "target" else parse_actual
    try:
        return parse(text)
    except PerfrulesError as exc:
        return exc


def _has_value(entry: dict[str, Any]) -> bool:
    return bool(entry["value"] or (entry["low"] and entry["high"]))


def _quantity_problems(entry: dict[str, Any], got: Target | Actual) -> list[str]:
    problems = []
    role, unit = entry["role"], entry["unit"]
    if entry["low"] and entry["high"]:  # a range (or a compound cell whose first clause is one)
        is_range = got.direction is Direction.RANGE if isinstance(got, Target) else got.kind is ActualKind.RANGE
        if not is_range:
            problems.append("not read as a range")
        if not (
            _same_quantity(entry["low"], unit, got.value, got.unit)
            and _same_quantity(entry["high"], unit, got.upper, got.unit)
        ):
            problems.append(
                f"range {got.value}~{got.upper} {got.unit!r}, corpus {entry['low']}~{entry['high']} {unit!r}"
            )
    else:
        if isinstance(got, Actual) and got.kind is not ActualKind.NUMBER:
            problems.append(f"actual kind {got.kind.value}, corpus a number")
        if not _same_quantity(entry["value"], unit, got.value, got.unit):
            problems.append(f"value {got.value} {got.unit!r}, corpus {entry['value']} {unit!r}")
        wanted = COMPARATORS.get(entry["comparator"])
        if isinstance(got, Target):
            if wanted is not None and got.direction is not wanted:
                problems.append(f"direction {got.direction.value}, corpus {entry['comparator']}")
            if entry["comparator"] == "=":
                written = bool(re.search("[=＝═]|等于", entry["text"]))
                if got.explicit is not written:
                    problems.append(f"explicit={got.explicit}, but '=' is {'' if written else 'not '}written")
        elif got.qualifier is not wanted:  # an actual: a qualifier only when the actual carries a comparator
            problems.append(f"qualifier {got.qualifier}, corpus {entry['comparator']!r}")
    if role == "target" and entry["kind"] == "compound" and not got.compound:
        problems.append("a compound target not marked compound")
    if got.approximate is not entry["approx"]:
        problems.append(f"approximate={got.approximate}, corpus approx={entry['approx']}")
    remark = entry["remark"]
    if remark and not (_INCLUSION_MARK.fullmatch(remark.strip()) and entry["comparator"]):
        # a remark is kept, except an inclusion mark (含)/(不含) that the comparator took in
        wanted_remark = plain(remark).strip(_REMARK_EDGES)
        kept = plain(got.remark).replace("(", "").replace(")", "")
        if wanted_remark.replace("(", "").replace(")", "") not in kept:
            problems.append(f"remark {got.remark!r} does not keep {remark!r}")
    return problems


def reading_problems(entry: dict[str, Any]) -> list[str]:
    """How perfrules' reading of ``entry`` differs from the corpus's (empty when it does not)."""
    role, kind, text = entry["role"], entry["kind"], entry["text"]
    got = _parse(role, text)
    failed = isinstance(got, PerfrulesError)
    shown = f"{type(got).__name__}: {got}" if failed else repr(got)
    problems: list[str] = []
    if not failed and got.text != text:
        problems.append(f"text not kept: {got.text!r}")
    if kind in ("number", "range", "compound"):
        if not _has_value(entry):  # nothing readable (masked digits): text, N/A or a NotationError, never a number
            if failed and not isinstance(got, NotationError):
                problems.append("refused, but not as notation")
            elif not failed and got.value is not None:
                problems.append(f"a number was read where the corpus reads none: {got.value}")
        elif failed:
            problems.append("refused, but the corpus reads a value")
        else:
            problems += _quantity_problems(entry, got)
    elif kind == "qualitative":
        if role == "target":
            if failed:
                if not (isinstance(got, NotationError) and re.search("[0-9]", normalize_text(text))):
                    problems.append("a qualitative target without digits was refused")
            elif got.direction is not Direction.QUALITATIVE:
                problems.append(f"direction {got.direction.value}, corpus qualitative")
        elif failed or got.is_numeric:
            problems.append("a qualitative actual was not kept as words")
    elif kind == "deadline":
        if role == "target":
            if failed or got.direction is not Direction.DEADLINE:
                problems.append("a deadline target not read as a deadline")
        elif failed or got.kind not in (ActualKind.DATE, ActualKind.TEXT):
            problems.append("a deadline actual not read as a date or words")
    elif kind == "not_applicable":
        if role == "target":
            if failed or got.direction is not Direction.NOT_APPLICABLE:
                problems.append("an N/A target not read as N/A")
        elif failed or not (
            got.kind is ActualKind.NOT_APPLICABLE or (got.kind is ActualKind.TEXT and NOT_OCCURRED.match(plain(text)))
        ):
            problems.append("an N/A actual not read as N/A or as an event that did not occur")
    if "BROKEN" in entry["note"] and not entry["value"]:  # text, N/A or a NotationError, never a number
        if failed and not isinstance(got, NotationError):
            problems.append("a BROKEN spelling refused, but not as notation")
        elif not failed and got.value is not None:
            problems.append(f"a BROKEN spelling yields the number {got.value}")
    return [*problems, f"perfrules reads: {shown}"] if problems else []


def _param(index: int, entry: dict[str, Any]) -> Any:
    text = entry["text"]
    label = text if len(text) <= 24 else text[:23] + "…"
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[text])] if text in KNOWN_WRONG else []
    return pytest.param(entry, id=f"{index:03d}:{label}", marks=marks)


@pytest.mark.parametrize("entry", [_param(i, e) for i, e in enumerate(ENTRIES)])
def test_corpus_entry_reads_as_a_careful_human_reads_it(entry):
    text = entry["text"]
    # neither parser ever raises anything but a perfrules error, whatever the role
    other = _parse("actual" if entry["role"] == "target" else "target", text)
    assert isinstance(other, (Target, Actual, PerfrulesError))
    problems = reading_problems(entry)
    if text in EXPECTED_DIFFERENCES:
        assert problems, f"{text!r} now reads as the corpus does: remove it from EXPECTED_DIFFERENCES"
        got = _parse(entry["role"], text)
        # still a documented reading: parsed, text kept, the corpus's number, a unit perfrules knows
        assert not isinstance(got, PerfrulesError), got
        assert got.text == text
        assert got.value == Decimal(entry["value"])
        unit = parse_unit(got.unit)
        assert unit is not None and not unit.inferred, got.unit
        return
    assert not problems, "\n".join([f"{entry['role']} {text!r} ({entry['kind']}): {entry['note']}", *problems])


# ------------------------------------------------------------------ the corpus and the lists themselves
def test_corpus_entries_are_well_formed():
    """Every entry has the documented fields and values this file relies on."""
    assert len(ENTRIES) > 300
    for e in ENTRIES:
        assert e["role"] in ("target", "actual"), e
        assert e["kind"] in KINDS, e
        assert e["comparator"] in ("", *COMPARATORS), e
        assert isinstance(e["approx"], bool), e
        for field in ("value", "low", "high"):
            if e[field]:
                Decimal(e[field])  # a decimal string
        assert not e["remark"] or e["remark"] in e["text"], e


def test_the_difference_and_known_wrong_lists_name_corpus_entries():
    """Stale keys are caught: every listed text is a corpus text, listed once."""
    texts = {e["text"] for e in ENTRIES}
    assert set(EXPECTED_DIFFERENCES) <= texts
    assert set(KNOWN_WRONG) <= texts
    assert not set(EXPECTED_DIFFERENCES) & set(KNOWN_WRONG)
    assert all(reason.strip() for reason in [*EXPECTED_DIFFERENCES.values(), *KNOWN_WRONG.values()])
