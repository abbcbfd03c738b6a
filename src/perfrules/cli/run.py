"""What each command does to one file, and the run over a folder of files (a corrupt file never stops it)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from perfrules.evaluation.archive import Archive
from perfrules.evaluation.result import EvaluationResult, render_text
from perfrules.evaluation.score import rubric_and_score
from perfrules.exceptions import PerfrulesError
from perfrules.findings import Finding, Severity
from perfrules.io.documents import dumps
from perfrules.report.render import render_html, render_markdown
from perfrules.rubrics.loading import get_rubric, load_rubric, load_self_evaluation
from perfrules.rubrics.registry import default_registry
from perfrules.rubrics.rubric import Rubric
from perfrules.tables.audit import TableAudit, audit
from perfrules.tables.derive import to_self_evaluation
from perfrules.tables.read import read_table
from perfrules.tables.writer import write_xlsx

__all__ = ["FAILURES", "Done", "Options", "exit_code", "files_of", "render", "rubric_named", "run_one"]

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")
#: what a folder run picks up, per command
SUFFIXES = {
    "score": (".toml", ".json", *TABLE_SUFFIXES),
    "report": (".toml", ".json", *TABLE_SUFFIXES),
    "audit": (".json", *TABLE_SUFFIXES),
}
#: the exceptions that mean "this input cannot be read" (exit 2), not a bug
FAILURES = (PerfrulesError, KeyError, OSError, ValueError)
_MAX_FILES = 100_000


@attrs.frozen
class Options:
    """The command line's choices, shared by every file of a run."""

    command: str
    rubric: Rubric | None = None
    folders: tuple[str, ...] = ()
    year: int | None = None
    sheet: str | None = None
    infer_points: bool = False
    lang: str = "zh"
    strict: bool = False

    @property
    def locale(self) -> str:
        return "zh_CN" if self.lang == "zh" else "en"


@attrs.frozen
class Done:
    """One file's outcome: the result (or audit) and its exit code."""

    path: Path
    outcome: EvaluationResult | TableAudit
    code: int
    archive: Archive | None = None  # a scored file's rubric, inputs and result, for --format archive

    @property
    def result(self) -> EvaluationResult | None:
        return self.outcome.evaluation if isinstance(self.outcome, TableAudit) else self.outcome


def rubric_named(spec: str) -> Rubric:
    """A rubric named on the command line: a file (refused with "not found" when missing) or a code."""
    path = Path(spec)
    if path.suffix.lower() in (".toml", ".json") or "/" in spec or "\\" in spec:
        if not path.exists():
            raise FileNotFoundError(f"rubric file not found: {spec}")
        return load_rubric(spec, converter=default_registry().converter())
    try:
        return get_rubric(spec)
    except KeyError:
        raise ValueError(f"unknown rubric {spec!r} (`perfrules rubrics` lists the built-in ones; a file path works too)") from None


def exit_code(findings: Sequence[Finding], strict: bool) -> int:
    """1 when a finding fails the run (an error; with ``--strict`` a warning too), else 0."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return 1 if any(f.severity in failing for f in findings) else 0


def _is_rows(path: Path) -> bool:
    """A .json file holding exported table rows (a list, or 三级指标/指标 keys), not a self-evaluation document."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    head = path.read_bytes()[:4096].decode("utf-8", "replace").lstrip("\ufeff \n\r\t")
    return head.startswith("[") or any(key in head for key in ("一级指标", "三级指标", "全年预算数", '"指标"'))


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES or _is_rows(path)


def run_one(path: Path, options: Options) -> Done:
    """Score, audit or report one file. Raises one of :data:`FAILURES` when it cannot be read."""
    if options.command == "audit" or (options.command == "report" and is_table(path) and options.rubric is not None):
        report = audit(read_table(path, sheet=options.sheet), options.rubric, year=options.year, infer_points=options.infer_points)
        return Done(path, report, exit_code(report.findings, options.strict))
    if is_table(path):
        derived = to_self_evaluation(read_table(path, sheet=options.sheet), year=options.year, rubric=options.rubric)
        se = derived.self_evaluation
    else:
        se = load_self_evaluation(path)
    rubric, result = rubric_and_score(se, options.rubric, folders=options.folders)
    return Done(path, result, exit_code(result.findings, options.strict), Archive(rubric, se, result))


def _audit_json(report: TableAudit, lang: str) -> str:
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    document = {
        "source": report.table.source,
        "rubric": report.rubric_code,
        "states": {state.value: n for state, n in report.states().items()},
        "findings": [
            {"code": f.code, "severity": f.severity.value, "where": f.path, "message": f.message(lang),
             "stated": text(f.get("stated")), "recomputed": text(f.get("recomputed"))}
            for f in report.findings
        ],
        "checks": [
            {"code": c.code, "state": c.state.value, "where": c.where, "stated": text(c.stated), "recomputed": text(c.recomputed)}
            for c in report.checks
        ],
    }  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render(outcome: EvaluationResult | TableAudit, format: str, lang: str, archive: Archive | None = None) -> str:
    """One outcome as ``text``, ``json``, ``md``, ``html`` or ``archive`` (``xlsx`` is written, not rendered)."""
    locale = "zh_CN" if lang == "zh" else "en"
    if format == "archive":
        if archive is None:
            raise ValueError("--format archive keeps a scored file with its rubric and inputs: use it with score")
        return dumps(archive, format="json")
    if format == "md":
        return render_markdown(outcome, locale=locale)
    if format == "html":
        return render_html(outcome, locale=locale)
    if isinstance(outcome, TableAudit):
        return _audit_json(outcome, lang) if format == "json" else outcome.render(lang) + "\n"
    return dumps(outcome, format="json") if format == "json" else render_text(outcome, lang=lang) + "\n"


def write_workbook(outcome: EvaluationResult | TableAudit, path: Path) -> None:
    """``--format xlsx``: the audited table written back with its findings on its cells."""
    if not isinstance(outcome, TableAudit):
        raise ValueError("--format xlsx writes an audited table back: use it with audit (or report on a table with --rubric)")
    write_xlsx(outcome.table, path, audit=outcome)


def files_of(path: Path, command: str) -> Iterator[Path]:
    """The files a run reads: the file itself, or every file of a folder (recursively, sorted) it can read."""
    if not path.is_dir():
        yield path
        return
    suffixes = SUFFIXES.get(command, (".toml", ".json"))
    count = 0
    for child in sorted(path.rglob("*")):
        if child.is_file() and child.suffix.lower() in suffixes and not child.name.startswith((".", "~$")):
            count += 1
            if count > _MAX_FILES:
                raise ValueError(f"{path} holds more than {_MAX_FILES:,} files: run on its subfolders")
            yield child


def run_many(paths: Sequence[Path], options: Options, each: Callable[[Path, Done | None, str | None], Any]) -> None:
    """Run every file, calling ``each(path, done, error)``; a file that cannot be read gives its error, and the run goes on."""
    for path in paths:
        try:
            done = run_one(path, options)
        except FAILURES as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            each(path, None, str(message))
            continue
        each(path, done, None)
