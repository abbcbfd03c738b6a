"""The ``perfrules`` command (click, with rich for progress and summaries on a terminal).

* ``perfrules example [--audit] [-o report.html]`` — the bundled example, scored (or its workbook audited);
* ``perfrules score PATH…`` — self-evaluation files or filled tables, or whole folders of them;
* ``perfrules audit PATH… [--rubric CODE|FILE] [--write OUT.xlsx]`` — every stated figure of filled tables;
* ``perfrules report PATH… -o OUT`` — the self-evaluation report as Markdown or HTML (with its chart);
* ``perfrules lint FILE…``, ``perfrules rubrics``, ``perfrules sectors``.

``--format text|json|md|html|xlsx`` (or the suffix of ``-o``), ``--lang zh|en``, ``--rubric``,
``--strict``. On a folder, every file is run — one that cannot be read is reported and the run goes
on — with a progress bar on a terminal, and a summary (``summary.md`` / ``summary.html`` beside the
outputs when ``-o`` names a folder). Shell completion: ``eval "$(_PERFRULES_COMPLETE=bash_source perfrules)"``
(``zsh_source``, ``fish_source``).

Exit codes, for pipelines: **0** clean; **1** a result (or rubric) has error findings — with
``--strict``, warnings too; **2** a usage error or an input that cannot be read (on a folder: any
file). ``example`` exits 0 whenever it printed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress

from perfrules._version import __version__
from perfrules.cli.run import FAILURES, Done, Options, files_of, render, rubric_named, run_many, run_one, write_workbook
from perfrules.cli.schema import schema_cmd
from perfrules.evaluation.archive import load_archive, replay_archive
from perfrules.evaluation.score import score
from perfrules.examples import EXAMPLE_TABLES, EXAMPLES, load_example, load_example_table
from perfrules.findings import Severity
from perfrules.report.formatting import Formatter
from perfrules.report.render import build_summary, render_summary
from perfrules.rubrics.builtin import list_rubrics
from perfrules.rubrics.lint import lint
from perfrules.rubrics.loading import get_rubric, load_rubric
from perfrules.rubrics.registry import default_registry
from perfrules.tables.audit import audit
from perfrules.testing.cases import run_case_file, update_case_file

__all__ = ["cli", "main"]

FORMATS = ("text", "json", "md", "html", "xlsx", "archive")
_BY_SUFFIX = {".json": "json", ".md": "md", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".txt": "text"}
_EXTENSION = {"text": ".txt", "json": ".json", "md": ".md", "html": ".html", "xlsx": ".xlsx", "archive": ".archive.json"}


class Failed(click.ClickException):
    """An input that cannot be read: ``perfrules: …`` on stderr, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"perfrules: {self.message}", err=True)


def _format(fmt: str | None, output: Path | None, json_flag: bool = False) -> str:
    if json_flag:
        return "json"
    if fmt:
        return fmt
    if output is not None and not output.is_dir() and output.suffix.lower() in _BY_SUFFIX:
        return _BY_SUFFIX[output.suffix.lower()]
    return "text"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _rubric_option(spec: str | None) -> Any:
    try:
        return None if spec is None else rubric_named(spec)
    except FAILURES as exc:
        raise Failed(str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc)) from None


def _one_line(done: Done, lang: str) -> str:
    result = done.result
    counts = {s: sum(1 for f in done.outcome.findings if f.severity is s) for s in (Severity.ERROR, Severity.WARNING)}
    head = f"{done.path.name}: "
    if result is not None:
        rounding = result.total_rounding
        f = Formatter("zh_CN" if lang == "zh" else "en", *(() if rounding is None else (rounding.places, rounding.mode)))
        head += f"{f.score(result.total_exact)} {f.grade(result.grade)}, "
    return head + (f"{counts[Severity.ERROR]} 项错误，{counts[Severity.WARNING]} 项警告" if lang == "zh" else f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s)")


def _run(paths: Sequence[str], options: Options, fmt: str, output: Path | None, write: Path | None = None) -> int:
    """Run one file (its output to stdout or ``-o``) or folders (outputs into ``-o`` DIR, a summary)."""
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise Failed(f"no such file or folder: {', '.join(missing)}")
    if fmt == "archive" and options.command != "score":
        raise click.UsageError("--format archive keeps a scored file with its rubric and inputs: use it with score")
    folder_run = len(given) > 1 or any(p.is_dir() for p in given)
    if folder_run and output is None and fmt != "text":
        raise click.UsageError(f"a run over several files writes --format {fmt} outputs into a folder: add -o DIR")
    if folder_run and output is not None and output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output} is a file: a run over several files writes into a folder")
    if not folder_run:
        try:
            done = run_one(given[0], options)
        except FAILURES as exc:
            raise Failed(str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc)) from None
        _deliver(done, fmt, output, options.lang)
        if write is not None:
            write_workbook(done.outcome, write)
        return done.code
    try:
        # each file's output is named by its path under the folder given, suffix kept (a.xlsx → a.xlsx.html)
        names = {f: (f.relative_to(p) if p.is_dir() else Path(f.name)) for p in given for f in files_of(p, options.command)}
    except FAILURES as exc:
        raise Failed(str(exc)) from None
    files = list(names)
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
    stderr = Console(stderr=True)
    finished: list[tuple[str, Any]] = []
    failed: list[tuple[str, str]] = []
    codes = [0]
    with Progress(console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        task = progress.add_task(options.command, total=len(files))

        def each(path: Path, done: Done | None, error: str | None) -> None:
            progress.advance(task)
            if done is None:
                failed.append((str(path), error or ""))
                click.echo(f"perfrules: {path}: {error}", err=True)
                codes.append(2)
                return
            if output is not None:
                target = output / names[path].parent / (names[path].name + _EXTENSION[fmt])
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    write_workbook(done.outcome, target) if fmt == "xlsx" else target.write_text(render(done.outcome, fmt, options.lang, done.archive), encoding="utf-8")
                except FAILURES as exc:  # this file's output cannot be made: reported, and the run goes on
                    failed.append((str(path), str(exc)))
                    click.echo(f"perfrules: {path}: {exc}", err=True)
                    codes.append(2)
                    return
            finished.append((str(path), done.outcome))
            codes.append(done.code)
            click.echo(_one_line(done, options.lang))

        run_many(files, options, each)
    summary = build_summary(finished, failed, locale=options.locale)
    if output is not None:
        (output / "summary.md").write_text(render_summary(summary, format="md"), encoding="utf-8")
        (output / "summary.html").write_text(render_summary(summary, format="html"), encoding="utf-8")
    grades = "、".join(f"{g} {n}" for g, n in summary.grades) if options.lang == "zh" else ", ".join(f"{g} {n}" for g, n in summary.grades)
    click.echo(f"{len(files)} files: {summary.count} scored ({grades or '-'}), {len(failed)} unreadable")
    return max(codes)


def _deliver(done: Done, fmt: str, output: Path | None, lang: str) -> None:
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx needs -o OUT.xlsx")
        write_workbook(done.outcome, output)
        click.echo(_one_line(done, lang))
        return
    _emit(render(done.outcome, fmt, lang, done.archive), output)
    if output is not None:
        click.echo(f"{_one_line(done, lang)} → {output}")


def _common(command: Any) -> Any:
    for decorator in reversed(
        [
            click.option("--rubric", help="a rubric code or file (default: the rubric in force for the project's region, sector and year)"),
            click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True),
            click.option("--format", "fmt", type=click.Choice(FORMATS), help="the output (default: from the -o suffix, else text)"),
            click.option("-o", "--output", type=click.Path(path_type=Path), help="a file, or a folder for a folder run"),
            click.option("--json", "json_flag", is_flag=True, help="the same as --format json"),
            click.option("--strict", is_flag=True, help="exit 1 on warning findings too, not only on errors"),
            click.option("--year", type=int, help="the budget year of a filled table that does not state it"),
        ]
    ):
        command = decorator(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog="exit codes: 0 clean, 1 error findings (--strict: warnings too), 2 usage or unreadable input")
@click.version_option(__version__, prog_name="perfrules", message="%(prog)s %(version)s")
def cli() -> None:
    """Exact, explainable budget-performance evaluation."""


@cli.command("score")
@click.argument("paths", nargs=-1, required=True)
@_common
@click.option("--rubric-folder", "folders", multiple=True, metavar="DIR", help="a folder of rubric files seen with the built-ins and plugins (may repeat)")
@click.pass_context
def score_cmd(ctx: click.Context, paths: tuple[str, ...], rubric: str | None, lang: str, fmt: str | None, output: Path | None, json_flag: bool, strict: bool, year: int | None, folders: tuple[str, ...]) -> None:
    """Score self-evaluation files (.toml, .json) or filled tables (.xlsx, .csv, .json rows), or folders of them."""
    chosen = _format(fmt, output, json_flag)
    if chosen == "xlsx":
        raise click.UsageError("--format xlsx writes an audited table back: use `perfrules audit`")
    options = Options("score", _rubric_option(rubric), folders, year, lang=lang, strict=strict)
    ctx.exit(_run(paths, options, chosen, output))


@cli.command("audit")
@click.argument("paths", nargs=-1, required=True)
@_common
@click.option("--sheet", help="the workbook sheet (default: the first holding a table)")
@click.option("--infer-points", is_flag=True, help="give rows without 分值 equal shares of their block's points (reported as inferred)")
@click.option("--write", type=click.Path(path_type=Path), metavar="OUT.xlsx", help="write the table back with the findings on its cells")
@click.pass_context
def audit_cmd(ctx: click.Context, paths: tuple[str, ...], rubric: str | None, lang: str, fmt: str | None, output: Path | None, json_flag: bool, strict: bool, year: int | None, sheet: str | None, infer_points: bool, write: Path | None) -> None:
    """Audit filled tables: every stated figure checked, each finding at its cell (with --rubric, re-scored)."""
    options = Options("audit", _rubric_option(rubric), (), year, sheet, infer_points, lang, strict)
    ctx.exit(_run(paths, options, _format(fmt, output, json_flag), output, write))


@cli.command("report")
@click.argument("paths", nargs=-1, required=True)
@_common
@click.pass_context
def report_cmd(ctx: click.Context, paths: tuple[str, ...], rubric: str | None, lang: str, fmt: str | None, output: Path | None, json_flag: bool, strict: bool, year: int | None) -> None:
    """The self-evaluation report (自评报告) of each file, as Markdown or HTML with its chart."""
    chosen = _format(fmt, output, json_flag)
    options = Options("report", _rubric_option(rubric), (), year, lang=lang, strict=strict)
    ctx.exit(_run(paths, options, "md" if chosen == "text" else chosen, output))


@cli.command()
@click.argument("name", required=False, default="huashan-2020", type=click.Choice(sorted(EXAMPLES)))
@click.option("--rubric", help="a rubric code or file (default: the one the example was written for)")
@click.option("--audit", "audit_flag", is_flag=True, help="audit the example's filled workbook instead: every stated figure, each finding at its cell")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="write the output here (its suffix picks the format: .html, .md, .json, .xlsx)")
@click.option("--json", "json_flag", is_flag=True, help="the same as --format json")
def example(name: str, rubric: str | None, audit_flag: bool, lang: str, fmt: str | None, output: Path | None, json_flag: bool) -> None:
    """Score the bundled example (or audit its workbook) and print the explained result or write its report."""
    chosen = _format(fmt, output, json_flag)
    if audit_flag:
        _, code = EXAMPLE_TABLES[name]
        outcome: Any = audit(load_example_table(name), _rubric_option(rubric or code))
    else:
        _, code = EXAMPLES[name]
        outcome = score(load_example(name), _rubric_option(rubric or code))
    _deliver(Done(Path(f"{name}.xlsx" if audit_flag else f"{name}.toml"), outcome, 0), chosen, output, lang)


@cli.command("lint")
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--strict", is_flag=True, help="exit 1 on warnings too, not only on errors")
@click.pass_context
def lint_cmd(ctx: click.Context, paths: tuple[str, ...], lang: str, strict: bool) -> None:
    """Check rubric or overlay files (a folder: every .toml and .json in it)."""
    codes = [0]
    for path in (f for p in paths for f in files_of(Path(p), "lint")):
        try:
            rubric = load_rubric(path, lint=False, converter=default_registry().converter())
        except FAILURES as exc:
            if len(paths) == 1 and not Path(paths[0]).is_dir():
                raise Failed(str(exc)) from None
            click.echo(f"perfrules: {path}: {exc}", err=True)
            codes.append(2)
            continue
        findings = lint(rubric)
        for f in findings:
            click.echo(f.render(lang))
        errors = sum(f.severity is Severity.ERROR for f in findings)
        click.echo(f"{rubric.code} v{rubric.version}: {errors} error(s), {len(findings) - errors} warning(s)")
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        codes.append(1 if any(f.severity in failing for f in findings) else 0)
    ctx.exit(max(codes))


@cli.command("test")
@click.argument("paths", nargs=-1, required=True)
@click.option("--update", is_flag=True, help="rewrite the expectations from what the rubric gives now (after a deliberate change), showing the diff")
@click.pass_context
def test_cmd(ctx: click.Context, paths: tuple[str, ...], update: bool) -> None:
    """Run case files (NAME.cases.toml, or folders of them): each case's expected total, grade, items and findings."""
    files = [f for p in paths for f in (sorted(Path(p).rglob("*.cases.toml")) if Path(p).is_dir() else [Path(p)])]
    if not files:  # a run that checked nothing must not pass
        raise Failed(f"no *.cases.toml file in {', '.join(paths)}")
    passed = failed = 0
    code = 0
    for path in files:
        try:
            if update:
                click.echo(update_case_file(path) or f"{path}: unchanged")
                continue
            results = run_case_file(path)
        except FAILURES as exc:
            click.echo(f"perfrules: {path}: {exc}", err=True)
            code = 2
            continue
        for r in results:
            click.echo(f"{'PASS' if r.passed else 'FAIL'}  {path.name} — {r.name}")
            for difference in r.differences:
                click.echo(f"      {difference}")
            passed += r.passed
            failed += not r.passed
    if not update:
        click.echo(f"{passed} passed, {failed} failed ({len(files)} case file{'s' if len(files) != 1 else ''})")
    ctx.exit(max(code, 1 if failed else 0))


@cli.command("replay")
@click.argument("paths", nargs=-1, required=True)
@click.option("--rubric", help="replay with this rubric (a code or file: today's, say) instead of the one archived")
@click.pass_context
def replay_cmd(ctx: click.Context, paths: tuple[str, ...], rubric: str | None) -> None:
    """Replay archives (written by score --format archive): each one's inputs scored again and compared with its result."""
    against = _rubric_option(rubric)
    code = 0
    for path in paths:
        try:
            kept = load_archive(path)
            report = replay_archive(kept, against)
        except FAILURES as exc:
            click.echo(f"perfrules: {path}: {exc}", err=True)
            code = 2
            continue
        rubric_note = "" if kept.fingerprint_matches else " (the archived rubric is not the one its result records)"
        if kept.result.perfrules_version != report.result.perfrules_version:
            rubric_note += f" (scored by perfrules {kept.result.perfrules_version}, replayed by {report.result.perfrules_version})"
        if report.identical:
            click.echo(f"IDENTICAL  {path}: {report.result.total} {report.result.grade.label_zh}{rubric_note}")
        else:
            click.echo(f"DIFFERS    {path}{rubric_note}")
            for difference in report.differences:
                click.echo(f"      {difference}")
        code = max(code, 0 if report.identical and kept.fingerprint_matches else 1)
    ctx.exit(code)


@cli.command()
def rubrics() -> None:
    """List the built-in rubrics."""
    for code in list_rubrics():
        rubric = get_rubric(code)
        click.echo(f"{code}  v{rubric.version}  regions={','.join(rubric.regions) or '-'}  {rubric.title_zh}")


@cli.command()
def sectors() -> None:
    """List the sector packs (built-in and installed plugins)."""
    registry = default_registry()
    for sector, codes in sorted(registry.sectors().items()):
        click.echo(sector)
        for code in codes:
            rubric = registry.rubric(code)
            click.echo(f"  {code}  v{rubric.version}  regions={','.join(rubric.regions) or '-'}  from {rubric.origin}  {rubric.title_zh}")


cli.add_command(schema_cmd)  # perfrules schema: the file formats' JSON Schemas (cli/schema.py)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return its exit code."""
    try:
        code = cli.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="perfrules", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except click.exceptions.Abort:
        click.echo("perfrules: aborted", err=True)
        return 2
    except FAILURES as exc:
        click.echo(f"perfrules: {exc.args[0] if isinstance(exc, KeyError) and exc.args else exc}", err=True)
        return 2
    return code if isinstance(code, int) else 0
