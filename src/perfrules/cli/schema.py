"""``perfrules schema``: the JSON Schemas of perfrules' file formats, for editors and pipelines.

* ``perfrules schema`` — the schemas there are, with their ``$id``;
* ``perfrules schema NAME [-o FILE]`` — one schema as JSON (``rubric``, ``overlay``, ``self-evaluation``,
  ``table``, ``result``, ``archive``); ``-o DIR`` without a name writes them all;
* ``perfrules schema NAME --check FILE…`` — documents checked against it (exit 1 when one breaks it);
* ``--plugins`` — the schema with the rule, check and aggregator kinds of installed plugins too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from perfrules.exceptions import PerfrulesError
from perfrules.io.documents import format_of, parse_document, read_text
from perfrules.io.problems import DocumentError
from perfrules.io.schema import SCHEMA_NAMES, json_schema, validate
from perfrules.rubrics.registry import default_registry
from perfrules.schemas.generate import generate, schema_text

__all__ = ["schema_cmd"]


class _Path(click.Path):
    """click's path, but a path the system refuses outright (a NUL in it) is a usage error, not a traceback."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except ValueError as e:
            self.fail(f"{value!r}: {e}", param, ctx)


def _schema(name: str, plugins: bool) -> dict[str, Any]:
    return generate(name, converter=default_registry().converter()) if plugins else json_schema(name)


def _write(output: Path, texts: dict[str, str]) -> None:
    """Write each text to its file (relative to ``output`` when there are several); a path that cannot be
    written is a usage error naming ``-o``, not a traceback."""
    try:
        if not str(output):
            raise ValueError("an empty path")
        for relative, text in texts.items():
            (output / relative if relative else output).write_text(text, encoding="utf-8")
    except (OSError, ValueError) as e:  # a folder where a file belongs, no such folder, a NUL in the path …
        raise click.BadParameter(f"cannot write {str(output)!r}: {getattr(e, 'strerror', None) or e}", param_hint="'-o' / '--output'") from None


def _check(name: str, schema: dict[str, Any] | None, paths: tuple[Path, ...]) -> int:
    code = 0
    for path in paths:
        try:
            document = parse_document(read_text(path), format=format_of(path, None), what=path.name)
            validate(document, name, schema=schema, what=f"{path.name} ({name} schema)")
        except DocumentError as exc:
            click.echo(str(exc))
            code = max(code, 1)
            continue
        except (PerfrulesError, OSError) as exc:
            click.echo(f"perfrules: {path}: {exc}", err=True)
            code = 2
            continue
        click.echo(f"{path.name}: valid ({name} schema)")
    return code


@click.command("schema")
@click.argument("name", required=False, type=click.Choice(SCHEMA_NAMES))
@click.option("-o", "--output", type=_Path(path_type=Path), help="write the schema to this file (without NAME: every schema into this folder)")
@click.option("--check", "checks", multiple=True, type=_Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE", help="check a .toml or .json document against the schema (may repeat)")
@click.option("--plugins", is_flag=True, help="list the rule, check and aggregator kinds of installed plugins too")
@click.pass_context
def schema_cmd(ctx: click.Context, name: str | None, output: Path | None, checks: tuple[Path, ...], plugins: bool) -> None:
    """The JSON Schema of a file format (rubric, overlay, self-evaluation, table, result), or documents checked against it."""
    if name is None:
        if checks:
            raise click.UsageError("--check needs the schema's NAME")
        if output is None:
            for each in SCHEMA_NAMES:
                schema = json_schema(each)
                click.echo(f"{each:16} {schema['$id']}  {schema['title']}")
            return
        try:
            if str(output):
                output.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError) as e:
            raise click.BadParameter(f"cannot make the folder {str(output)!r}: {getattr(e, 'strerror', None) or e}", param_hint="'-o' / '--output'") from None
        _write(output, {f"{each}.schema.json": schema_text(_schema(each, plugins)) for each in SCHEMA_NAMES})
        click.echo(f"{len(SCHEMA_NAMES)} schemas → {output}")
        return
    schema = _schema(name, plugins)
    if checks:
        ctx.exit(_check(name, schema if plugins else None, checks))  # None: the shipped schema
    if output is None:
        click.echo(schema_text(schema), nl=False)
    else:
        _write(output, {"": schema_text(schema)})
        click.echo(f"{name} schema → {output}")
