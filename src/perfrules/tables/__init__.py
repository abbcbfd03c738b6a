"""Filled tables as people hold them — .xlsx, exported rows, any encoding — read as printed and audited.

:func:`read_table` reads a table into a :class:`FilledTable` (every cell as
stated, with its location); :func:`to_self_evaluation` derives what perfrules
scores; :func:`audit` checks every stated figure, against the table itself and
against a rubric; :func:`write_xlsx` writes a table back in the standard
layout with the audit marked on its cells.
"""

from perfrules.tables.audit import TableAudit, audit
from perfrules.tables.cells import Cell, Figure, read_figure
from perfrules.tables.checks import AuditCheck, AuditPolicy, CheckState
from perfrules.tables.derive import Derived, to_self_evaluation
from perfrules.tables.layout import Grid, parse_grid
from perfrules.tables.read import read_table
from perfrules.tables.rows import decode, read_records
from perfrules.tables.scheme import SchemePart, TableScheme, table_scheme
from perfrules.tables.table import FilledTable, FundRow, Heading, IndicatorRow, TotalRow
from perfrules.tables.writer import write_xlsx
from perfrules.tables.xlsx import read_workbook

__all__ = [
    "AuditCheck",
    "AuditPolicy",
    "Cell",
    "CheckState",
    "Derived",
    "FilledTable",
    "Figure",
    "FundRow",
    "Grid",
    "Heading",
    "IndicatorRow",
    "SchemePart",
    "TableAudit",
    "TableScheme",
    "TotalRow",
    "audit",
    "decode",
    "parse_grid",
    "read_figure",
    "read_records",
    "read_table",
    "read_workbook",
    "table_scheme",
    "to_self_evaluation",
    "write_xlsx",
]
