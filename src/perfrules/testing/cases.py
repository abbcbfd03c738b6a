"""Case files: a province pins its rubric's behaviour in data — inputs and the totals, grades, item scores
and finding codes they must give — and ``perfrules test`` (or pytest) checks them, no Python written.

A case file is TOML (``*.cases.toml``)::

    [rubric]                       # which rubric the cases run against — one of:
    code = "cn-agriculture-trusteeship-liaoning"     # a code the registry knows (built-in, pack, plugin)
    # file = "our-2024.toml"                         # a rubric or overlay file, beside this one
    # region = "CN-LN"; date = 2022-12-31; sector = "agriculture"   # the rubric in force there and then

    [tolerance]                    # optional: how far a figure may be off (default 0: exact)
    total = "0"
    items = "0"

    [[cases]]
    name = "a small farmer's plot"
    self_evaluation = "plot.toml"  # a self-evaluation file beside this one — or the document inline:
    # [cases.input] project = {…}, funds = {…}, indicators = […]
    [cases.expect]
    total = "95.50"
    grade = "excellent"            # the band's code or its label (优)
    items = { "output/a" = "12.50" }   # by path (or unique code); only the ones named are checked
    findings = ["unit.omitted"]    # codes that must be among the findings
    absent = ["funds.over_budget"] # codes that must not be

:func:`update_case_file` rewrites the expectations from what the rubric gives now (after a deliberate
change), returning the unified diff; comments in the file are not kept.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult
from perfrules.exceptions import InvalidInputError, PerfrulesError, WrongTypeError
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.choice import rubric_in_force
from perfrules.rubrics.loading import get_rubric, load_rubric, load_self_evaluation, plugin_converter
from perfrules.rubrics.registry import default_registry
from perfrules.rubrics.rubric import Rubric
from perfrules.values.decimals import to_decimal

__all__ = ["CaseFile", "CaseResult", "Difference", "load_case_file", "run_case_file", "update_case_file"]

_MAX_BYTES = 10_000_000
_MAX_CASES = 100_000
#: the keys each table of a case file may hold: any other is a typo that would pass silently
_KEYS = {
    "": ("description", "rubric", "tolerance", "cases"),
    "rubric": ("code", "file", "region", "date", "sector"),
    "tolerance": ("total", "items"),
    "case": ("name", "description", "self_evaluation", "input", "expect", "tolerance"),
    "expect": ("total", "grade", "items", "findings", "absent"),
}


def _unknown(table: Mapping[str, Any], keys: str, path: Path, where: str) -> None:
    extra = [k for k in table if k not in _KEYS[keys]]
    if extra:
        known = ", ".join(_KEYS[keys])
        raise _at(path, where, f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))} (this table holds {known})")


@attrs.frozen
class Difference:
    """One expectation not met: what (``total``, ``grade``, ``items.output/a``, ``findings``), expected, got."""

    what: str
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.what}: expected {self.expected}, got {self.got}"


@attrs.frozen
class CaseResult:
    """One case's outcome: passed when no difference, else each one."""

    name: str
    differences: tuple[Difference, ...]
    result: EvaluationResult | None = attrs.field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return not self.differences


@attrs.frozen
class CaseFile:
    """A case file read: its path, the rubric it names, its tolerances and its cases (as written)."""

    path: Path
    rubric: Rubric
    tolerance: Mapping[str, Decimal]
    cases: tuple[Mapping[str, Any], ...]
    document: Mapping[str, Any] = attrs.field(repr=False)


def _at(path: Path, where: str, reason: str) -> InvalidInputError:
    return InvalidInputError(reason, path=f"{path.name}:{where}" if where else path.name)


def _decimal(value: Any, path: Path, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _at(path, where, f"write numbers as text (\"95.50\") or integers, not {type(value).__name__}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _at(path, where, f"cannot read {value!r} as a number") from None
    if not number.is_finite():
        raise _at(path, where, f"{value!r} is not a finite number")
    try:
        return to_decimal(number)  # within 10^-24 … 10^24, as every figure perfrules reads
    except InvalidInputError as e:
        raise _at(path, where, e.reason) from None


def _tolerance(value: Any, path: Path, where: str) -> Decimal:
    number = _decimal(value, path, where)
    if number < 0:
        raise _at(path, where, f"a tolerance cannot be negative, got {value!r}")
    return number


def _rubric(spec: Any, path: Path) -> Rubric:
    if not isinstance(spec, Mapping):
        raise _at(path, "rubric", "a case file needs a [rubric] table: code, file, or region and date")
    _unknown(spec, "rubric", path, "rubric")
    if "file" in spec:
        target = path.parent / str(spec["file"])
        if not target.is_file():
            raise _at(path, "rubric.file", f"no such rubric file: {target}")
        return load_rubric(target, converter=default_registry().converter())
    if "code" in spec:
        try:
            return get_rubric(str(spec["code"]))
        except KeyError:
            raise _at(path, "rubric.code", f"unknown rubric {spec['code']!r}") from None
    if "region" in spec and "date" in spec:
        day = spec["date"]
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise _at(path, "rubric.date", "write the date as a TOML date: date = 2022-12-31")
        return rubric_in_force(str(spec["region"]), day, sector=str(spec.get("sector", "")))
    raise _at(path, "rubric", "name the rubric by code, file, or region and date")


def load_case_file(path: str | Path) -> CaseFile:
    """Read a case file (see the module docstring).

    Raises:
        InvalidInputError: the file cannot be read, or says something a case file cannot.
    """
    if not isinstance(path, (str, Path)):
        raise WrongTypeError(f"expected a path, got {type(path).__name__}", path="path", value=path)
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise _at(path, "", f"over {_MAX_BYTES:,} bytes")
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise _at(path, "", f"not valid TOML: {e}") from None
    except InvalidInputError:
        raise
    except (OSError, ValueError) as e:  # not UTF-8 (a ValueError), a NUL in the path …
        raise InvalidInputError(f"cannot read {path}: {e}", path=str(path)) from None
    rubric = _rubric(document.get("rubric"), path)
    tolerance_doc = document.get("tolerance", {})
    if not isinstance(tolerance_doc, Mapping):
        raise _at(path, "tolerance", "expected a table: total = \"0.01\", items = \"0.01\"")
    _unknown(document, "", path, "")
    _unknown(tolerance_doc, "tolerance", path, "tolerance")
    tolerance = {k: _tolerance(v, path, f"tolerance.{k}") for k, v in tolerance_doc.items()}
    cases = document.get("cases")
    if not isinstance(cases, list) or not cases or not all(isinstance(c, Mapping) for c in cases):
        raise _at(path, "cases", "expected [[cases]] tables")
    if len(cases) > _MAX_CASES:
        raise _at(path, "cases", f"more than {_MAX_CASES:,} cases")
    return CaseFile(path, rubric, tolerance, tuple(cases), document)


def _input(case: Mapping[str, Any], path: Path, where: str) -> SelfEvaluation:
    if "self_evaluation" in case:
        name = case["self_evaluation"]
        if not isinstance(name, str) or not name:
            raise _at(path, f"{where}.self_evaluation", f"expected a file name (text), got {name!r}")
        target = path.parent / name
        try:
            return load_self_evaluation(target)
        except OSError as e:
            raise _at(path, f"{where}.self_evaluation", f"cannot read {target.name}: {e.strerror or e}") from None
        except (PerfrulesError, ValueError) as e:  # not a self-evaluation file (a folder, bad TOML, no suffix), a NUL in the name
            raise _at(path, f"{where}.self_evaluation", f"cannot read {name}: {e}") from None
    if isinstance(case.get("input"), Mapping):
        try:
            return plugin_converter().structure(dict(case["input"]), SelfEvaluation)
        except Exception as e:  # cattrs groups every problem; say them with the case
            raise _at(path, f"{where}.input", f"not a self-evaluation: {e}") from None
    raise _at(path, where, "a case needs self_evaluation = \"file.toml\" or an [cases.input] table")


def _close(got: Decimal, expected: Decimal, tolerance: Decimal) -> bool:
    return abs(got - expected) <= tolerance


def _grade_matches(result: EvaluationResult, expected: str) -> bool:
    band = result.grade
    return expected in (band.code, band.label_zh, band.label_en)


def _check(case: Mapping[str, Any], result: EvaluationResult, cf: CaseFile, where: str) -> Iterator[Difference]:
    _unknown(case, "case", cf.path, where)
    expect = case.get("expect", {})
    if not isinstance(expect, Mapping):
        raise _at(cf.path, f"{where}.expect", "expected a table")
    _unknown(expect, "expect", cf.path, f"{where}.expect")
    own = case.get("tolerance", {})
    if not isinstance(own, Mapping):
        raise _at(cf.path, f"{where}.tolerance", "expected a table: total = \"0.01\", items = \"0.01\"")
    _unknown(own, "tolerance", cf.path, f"{where}.tolerance")
    tolerance = {**cf.tolerance, **{k: _tolerance(v, cf.path, f"{where}.tolerance.{k}") for k, v in own.items()}}
    if "total" in expect:
        want = _decimal(expect["total"], cf.path, f"{where}.expect.total")
        if not _close(result.total, want, tolerance.get("total", Decimal(0))):
            yield Difference("total", str(want), str(result.total))
    if "grade" in expect and not isinstance(expect["grade"], str):
        raise _at(cf.path, f"{where}.expect.grade", f"expected the band's code or label as text (\"excellent\", \"优\"), got {expect['grade']!r}")
    if "grade" in expect and not _grade_matches(result, expect["grade"]):
        yield Difference("grade", str(expect["grade"]), f"{result.grade.code} ({result.grade.label_zh})")
    items = expect.get("items", {})
    if not isinstance(items, Mapping):
        raise _at(cf.path, f"{where}.expect.items", "expected a table of path = \"score\"")
    for item, value in items.items():
        want = _decimal(value, cf.path, f"{where}.expect.items.{item}")
        try:
            node = result.node(item)
        except KeyError:
            yield Difference(f"items.{item}", str(want), "no such node")
            continue
        if not _close(node.score, want, tolerance.get("items", Decimal(0))):
            yield Difference(f"items.{item}", str(want), str(node.score))
    codes = {f.code for f in result.findings}
    for key, present in (("findings", True), ("absent", False)):
        listed = expect.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
            raise _at(cf.path, f"{where}.expect.{key}", "expected a list of finding codes")
        wrong = [c for c in listed if (c in codes) != present]
        if wrong:
            yield Difference(key, ", ".join(wrong), "missing" if present else "present")


def _name(case: Mapping[str, Any], index: int) -> str:
    return str(case.get("name", f"cases[{index}]"))


def run_case_file(path: str | Path | CaseFile) -> list[CaseResult]:
    """Run every case of a case file; a case whose input cannot be read fails with that as its difference."""
    cf = path if isinstance(path, CaseFile) else load_case_file(path)
    out = []
    for index, case in enumerate(cf.cases):
        where = f"cases[{index}]"
        try:
            result = evaluate(cf.rubric, _input(case, cf.path, where))
            differences = tuple(_check(case, result, cf, where))
        except InvalidInputError as e:  # this case's input or expectations cannot be read: it fails alone
            out.append(CaseResult(_name(case, index), (Difference("case", "a readable input and expectations", str(e)),)))
            continue
        out.append(CaseResult(_name(case, index), differences, result))
    return out


def update_case_file(path: str | Path) -> str:
    """Rewrite the expectations of a case file from what its rubric gives now; return the unified diff.

    Only what a case already expects is rewritten (its total, grade, named items; its ``findings``
    become the codes found now); a case whose input cannot be read is left as it is.
    """
    cf = load_case_file(path)
    before = cf.path.read_text(encoding="utf-8")
    document = dict(cf.document)
    cases = []
    for index, case in enumerate(cf.cases):
        case = dict(case)
        try:
            result = evaluate(cf.rubric, _input(case, cf.path, f"cases[{index}]"))
            list(_check(case, result, cf, f"cases[{index}]"))  # expectations it cannot read are left to say so
        except InvalidInputError:
            cases.append(case)
            continue
        expect = dict(case.get("expect", {}))
        if "total" in expect and not _same_number(expect["total"], result.total):
            expect["total"] = str(result.total)
        if "grade" in expect and expect["grade"] not in (result.grade.code, result.grade.label_zh, result.grade.label_en):
            expect["grade"] = result.grade.code
        if isinstance(expect.get("items"), Mapping):
            expect["items"] = {
                k: str(result.node(k).score) if _has(result, k) and not _same_number(v, result.node(k).score) else v
                for k, v in expect["items"].items()
            }
        if "findings" in expect and not {f.code for f in result.findings} >= set(expect["findings"] or ()):
            expect["findings"] = sorted({f.code for f in result.findings})
        if "expect" in case or expect:
            case["expect"] = expect
        cases.append(case)
    document["cases"] = cases
    if document == cf.document:
        return ""  # every expectation still holds: the file, its comments and layout, stay as they are
    after = tomli_w.dumps(document)
    cf.path.write_text(after, encoding="utf-8")
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), str(cf.path), str(cf.path)))


def _same_number(stated: Any, value: Decimal) -> bool:
    """Whether an expectation as written (``"47.62"``, ``47.62``, ``100``) is ``value``."""
    try:
        return Decimal(str(stated)) == value
    except (ArithmeticError, ValueError):
        return False


def _has(result: EvaluationResult, path: str) -> bool:
    try:
        result.node(path)
    except KeyError:
        return False
    return True
