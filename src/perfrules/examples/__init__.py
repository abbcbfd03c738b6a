"""Bundled examples, transcribed from published tables.

Self-evaluations live as TOML files in the package (``perfrules/examples``),
in the same format users write (``docs/file-formats.md``); filled tables as
the .xlsx workbooks units fill in, read with :func:`perfrules.read_table <perfrules.tables.read.read_table>`.
"""

from __future__ import annotations

from importlib import resources

from perfrules.io.documents import loads
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.tables.read import read_table
from perfrules.tables.table import FilledTable

__all__ = ["EXAMPLES", "EXAMPLE_TABLES", "huashan_2020", "load_example", "load_example_table"]

#: example name -> (file, the rubric it was written for)
EXAMPLES = {"huashan-2020": ("huashan-2020.toml", "cn-hubei-project-2020")}

#: filled-table example name -> (workbook, the rubric in force for it)
EXAMPLE_TABLES = {"huashan-2020": ("huashan-2020.xlsx", "cn-hubei-project-2020")}


def load_example(name: str) -> SelfEvaluation:
    """A bundled example by name (see :data:`EXAMPLES`)."""
    try:
        filename, _ = EXAMPLES[name]
    except KeyError:
        raise KeyError(f"unknown example {name!r}; bundled: {', '.join(sorted(EXAMPLES))}") from None
    text = resources.files("perfrules.examples").joinpath(filename).read_text(encoding="utf-8")
    return loads(text, SelfEvaluation, format="toml")


def huashan_2020() -> SelfEvaluation:
    """The Huashan street office 2020 社会保障专项 self-evaluation (stated total 98).

    Transcribed from the published table with its stated scores, so its
    defects show up as findings when scored with ``cn-hubei-project-2020``.
    """
    return load_example("huashan-2020")


def load_example_table(name: str) -> FilledTable:
    """A bundled filled table (see :data:`EXAMPLE_TABLES`), read from its workbook as a user's file is.

    >>> table = load_example_table("huashan-2020")
    >>> table.total.score.text, table.total.score.where
    ('98', '自评表!G35')
    """
    try:
        filename, _ = EXAMPLE_TABLES[name]
    except KeyError:
        raise KeyError(f"unknown example table {name!r}; bundled: {', '.join(sorted(EXAMPLE_TABLES))}") from None
    with resources.as_file(resources.files("perfrules.examples").joinpath(filename)) as path:
        return read_table(path)
