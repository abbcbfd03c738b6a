"""Command line.

* ``perfrules example [--audit]`` — score the bundled example and print the explained result
  (``--audit``: audit its filled workbook, each finding at its cell);
* ``perfrules score FILE --rubric CODE|FILE`` — score a self-evaluation file, or a filled table
  (.xlsx, .csv, or .json rows);
* ``perfrules audit TABLE [--rubric CODE|FILE] [--write OUT.xlsx]`` — check every stated figure of a
  filled table, each finding at its cell; with ``--write``, the table with the audit on its cells;
* ``perfrules lint FILE`` — check a rubric or overlay file;
* ``perfrules rubrics`` — list the built-in rubrics;
* ``perfrules sectors`` — list the sector packs, built-in and installed.

Exit codes (``score`` and ``lint``), for pipelines: **0** clean; **1** the result (or rubric) has
error findings — with ``--strict``, warnings too; **2** a usage error or input that cannot be
read (a missing file, a document that is not valid). ``example`` exits 0 whenever it printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from perfrules._version import __version__
from perfrules.evaluation.result import render_text
from perfrules.evaluation.score import score
from perfrules.examples import EXAMPLE_TABLES, EXAMPLES, load_example, load_example_table
from perfrules.exceptions import PerfrulesError
from perfrules.findings import Finding, Severity
from perfrules.io.documents import dumps
from perfrules.rubrics.builtin import list_rubrics
from perfrules.rubrics.lint import lint
from perfrules.rubrics.loading import get_rubric, load_rubric, load_self_evaluation
from perfrules.rubrics.registry import default_registry
from perfrules.rubrics.rubric import Rubric
from perfrules.tables.audit import TableAudit, audit
from perfrules.tables.derive import to_self_evaluation
from perfrules.tables.read import read_table
from perfrules.tables.writer import write_xlsx

_TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def _rubric(spec: str) -> Rubric:
    """A rubric named on the command line: a file (refused with "not found" when missing) or a code."""
    path = Path(spec)
    if path.suffix.lower() in (".toml", ".json") or "/" in spec or "\\" in spec:
        if not path.exists():
            raise FileNotFoundError(f"rubric file not found: {spec}")
        return load_rubric(spec, converter=default_registry().converter())
    return get_rubric(spec)


def _exit_code(findings: Sequence[Finding], strict: bool) -> int:
    """1 when a finding fails the run (an error; with ``--strict`` a warning too), else 0."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return 1 if any(f.severity in failing for f in findings) else 0


def _print_result(result: object, args: argparse.Namespace) -> None:
    if args.json:
        sys.stdout.write(dumps(result, format="json"))
    else:
        sys.stdout.write(render_text(result, lang=args.lang) + "\n")  # type: ignore[arg-type]


def _is_rows(file: str) -> bool:
    """A .json file holding exported table rows (a list, or 三级指标/指标 keys), not a self-evaluation document."""
    path = Path(file)
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    head = path.read_bytes()[:4096].decode("utf-8", "replace").lstrip("\ufeff \n\r\t")
    return head.startswith("[") or any(key in head for key in ("一级指标", "三级指标", "全年预算数", "\"指标\""))


def _print_audit(report: TableAudit, args: argparse.Namespace) -> None:
    if args.json:
        document = {
            "source": report.table.source,
            "rubric": report.rubric_code,
            "states": {state.value: n for state, n in report.states().items()},
            "findings": [
                {"code": f.code, "severity": f.severity.value, "where": f.path, "message": f.message(args.lang),
                 "stated": _text(f.get("stated")), "recomputed": _text(f.get("recomputed"))}
                for f in report.findings
            ],
            "checks": [
                {"code": c.code, "state": c.state.value, "where": c.where, "stated": _text(c.stated), "recomputed": _text(c.recomputed)}
                for c in report.checks
            ],
        }  # fmt: skip
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.render(args.lang) + "\n")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="perfrules",
        description="Exact, explainable budget-performance evaluation.",
        epilog="exit codes: 0 clean, 1 error findings (--strict: warnings too), 2 usage or unreadable input",
    )
    parser.add_argument("--version", action="version", version=f"perfrules {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("example", help="score a bundled example self-evaluation and print the explained result")
    ex.add_argument("name", nargs="?", default="huashan-2020", choices=sorted(EXAMPLES))
    ex.add_argument("--rubric", help="a built-in rubric code or a rubric file (default: the one the example was written for)")
    ex.add_argument("--audit", action="store_true", help="audit the example's filled workbook instead: every stated figure, each finding at its cell")

    score_cmd = sub.add_parser("score", help="score a self-evaluation file (.toml or .json)")
    score_cmd.add_argument("file")
    score_cmd.add_argument("--rubric", help="a rubric code or file (default: the rubric in force for the project's region, sector and year, from every source)")

    for p in (ex, score_cmd):
        p.add_argument("--lang", choices=("zh", "en"), default="zh")
        p.add_argument("--json", action="store_true", help="print the full result as JSON instead of text")
    score_cmd.add_argument("--strict", action="store_true", help="exit 1 on warning findings too, not only on errors")
    score_cmd.add_argument("--rubric-folder", action="append", default=[], metavar="DIR", help="a folder of rubric files seen with the built-ins and plugins (may repeat)")

    for p in (score_cmd,):
        p.add_argument("--year", type=int, help="the budget year of a filled table that does not state it")
    audit_cmd = sub.add_parser("audit", help="audit a filled table (.xlsx, .csv or .json rows): every stated figure, each finding at its cell")
    audit_cmd.add_argument("file")
    audit_cmd.add_argument("--rubric", help="a rubric code or file to re-score with (default: the table is checked against itself only)")
    audit_cmd.add_argument("--year", type=int, help="the budget year, when the table does not state it")
    audit_cmd.add_argument("--sheet", help="the workbook sheet (default: the first holding a table)")
    audit_cmd.add_argument("--infer-points", action="store_true", help="give rows without 分值 equal shares of their block's points (reported as inferred)")
    audit_cmd.add_argument("--write", metavar="OUT.xlsx", help="write the table back with the findings on its cells and a findings sheet")
    audit_cmd.add_argument("--lang", choices=("zh", "en"), default="zh")
    audit_cmd.add_argument("--json", action="store_true", help="print the findings and checks as JSON")
    audit_cmd.add_argument("--strict", action="store_true", help="exit 1 on warning findings too, not only on errors")

    lint_cmd = sub.add_parser("lint", help="check a rubric or overlay file")
    lint_cmd.add_argument("file")
    lint_cmd.add_argument("--lang", choices=("zh", "en"), default="en")
    lint_cmd.add_argument("--strict", action="store_true", help="exit 1 on warnings too, not only on errors")

    sub.add_parser("rubrics", help="list the built-in rubrics")
    sub.add_parser("sectors", help="list the sector packs (built-in and installed plugins)")
    args = parser.parse_args(argv)

    try:
        if args.command == "rubrics":
            for code in list_rubrics():
                rubric = get_rubric(code)
                scope = ",".join(rubric.regions) or "-"
                print(f"{code}  v{rubric.version}  regions={scope}  {rubric.title_zh}")
            return 0
        if args.command == "sectors":
            registry = default_registry()
            for sector, codes in sorted(registry.sectors().items()):
                print(sector)
                for code in codes:
                    rubric = registry.rubric(code)
                    scope = ",".join(rubric.regions) or "-"
                    print(f"  {code}  v{rubric.version}  regions={scope}  from {rubric.origin}  {rubric.title_zh}")
            return 0
        if args.command == "lint":
            rubric = load_rubric(args.file, lint=False, converter=default_registry().converter())
            findings = lint(rubric)
            for f in findings:
                print(f.render(args.lang))
            errors = sum(f.severity is Severity.ERROR for f in findings)
            print(f"{rubric.code} v{rubric.version}: {errors} error(s), {len(findings) - errors} warning(s)")
            return _exit_code(findings, args.strict)
        if args.command == "audit":
            table = read_table(args.file, sheet=args.sheet)
            rubric = None if args.rubric is None else _rubric(args.rubric)
            report = audit(table, rubric, year=args.year, infer_points=args.infer_points)
            _print_audit(report, args)
            if args.write:
                write_xlsx(report.table, args.write, audit=report)
            return _exit_code(report.findings, args.strict)
        if args.command == "example" and args.audit:
            _, rubric_code = EXAMPLE_TABLES[args.name]
            report = audit(load_example_table(args.name), _rubric(args.rubric or rubric_code))
            _print_audit(report, args)
            return 0
        if args.command == "example":
            _, rubric_code = EXAMPLES[args.name]
            se = load_example(args.name)
            rubric = _rubric(args.rubric or rubric_code)
        elif Path(args.file).suffix.lower() in _TABLE_SUFFIXES or _is_rows(args.file):
            rubric = None if args.rubric is None else _rubric(args.rubric)
            derived = to_self_evaluation(read_table(args.file), year=args.year, rubric=rubric)
            se = derived.self_evaluation
        else:
            se = load_self_evaluation(args.file)
            rubric = None if args.rubric is None else _rubric(args.rubric)
        result = score(se, rubric, folders=args.rubric_folder if args.command == "score" else ())
        _print_result(result, args)
        return 0 if args.command == "example" else _exit_code(result.findings, args.strict)
    except (PerfrulesError, KeyError, OSError, ValueError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"perfrules: {message}", file=sys.stderr)
        return 2
