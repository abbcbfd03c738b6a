"""Sphinx configuration: MyST Markdown pages, the furo theme, the API reference from docstrings."""

import importlib

import perfrules
from perfrules import __version__

project = "perfrules"
author = "the perfrules authors"
release = version = __version__
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode", "sphinx_click"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"perfrules {version}"
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# a method that does not say what it does stays silent rather than borrowing its base class's words
# (pytest's, for the case-file items, cross-reference pytest's own pages)
autodoc_inherit_docstrings = False
napoleon_google_docstring = True

# nitpicky: every cross-reference to perfrules must resolve. References into the standard library and
# third-party packages are not checked: their inventories are fetched from the network, which a CI
# machine may not reach.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(decimal|fractions|datetime|pathlib|random|collections\.abc|typing|enum|numpy|pyarrow|pandas|cattrs|attrs|attr|pyspark|dask|jinja2|babel|click|hypothesis|pytest|_pytest|importlib|re|io|os)(\..*)?"),
    (r"py:.*", r"(Decimal|Fraction|Path|Any|Callable|Iterable|Iterator|Mapping|Sequence|np\.ndarray|pa\..*|pd\..*|st\..*)"),
    (r"py:.*", r"(.*\.)?T"),  # type variables
]


def _real_name(target: str, module: str | None) -> str | None:
    """The defining path of a reference written with a public name (``perfrules.Positive``,
    ``EvaluationResult.total``) or with a module's alias of a class (``_Target``), or None."""
    head, _, rest = target.removeprefix("perfrules.").partition(".")
    obj = getattr(importlib.import_module(module), head, None) if module else None
    if obj is None and head in perfrules.__all__:
        obj = getattr(perfrules, head)
    name, owner = getattr(obj, "__qualname__", None), getattr(obj, "__module__", None)
    if not (isinstance(name, str) and isinstance(owner, str) and owner.startswith("perfrules")):
        return None
    real = f"{owner}.{name}" + (f".{rest}" if rest else "")
    return None if real == target else real


def _resolve_public_names(app, env, node, contnode):
    """Resolves references written the way perfrules' readers write them, by public name."""
    if node.get("refdomain") != "py":
        return None
    real = _real_name(node["reftarget"], node.get("py:module"))
    if real is None:
        return None
    return env.get_domain("py").resolve_xref(env, node["refdoc"], app.builder, node["reftype"], real, node, contnode)


def setup(app):
    app.connect("missing-reference", _resolve_public_names)
