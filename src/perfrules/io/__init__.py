"""Documents in and out: the cattrs converter and JSON/TOML files for every perfrules object."""

from perfrules.io.converter import DocumentError, make_converter, structure, unstructure
from perfrules.io.documents import dump, dumps, load, load_self_evaluation, loads, parse_document
from perfrules.io.schema import json_schema

__all__ = [
    "DocumentError",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "load_self_evaluation",
    "loads",
    "make_converter",
    "parse_document",
    "structure",
    "unstructure",
]
