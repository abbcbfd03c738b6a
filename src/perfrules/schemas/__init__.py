"""The JSON Schemas of perfrules' file formats: the shipped ``*.schema.json`` files and their generator.

Read a schema with :func:`perfrules.io.schema.json_schema`; :func:`generate` builds one from the
models (for a plugin's rule kinds too), :func:`write_schemas` rewrites the shipped files.
"""

from perfrules.schemas.generate import generate, schema_text, write_schemas

__all__ = ["generate", "schema_text", "write_schemas"]
