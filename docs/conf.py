"""Sphinx configuration: MyST Markdown pages, the furo theme, the API reference from docstrings."""

from perfrules import __version__

project = "perfrules"
author = "the perfrules authors"
release = version = __version__
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"perfrules {version}"
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True

# nitpicky: every cross-reference to perfrules must resolve. References into the standard library and
# third-party packages are not checked: their inventories are fetched from the network, which a CI
# machine may not reach.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(decimal|fractions|datetime|pathlib|collections\.abc|typing|enum|numpy|pyarrow|pandas|cattrs|attrs|attr|pyspark|dask|jinja2|babel|click|hypothesis|pytest|_pytest|importlib|re|io|os)(\..*)?"),
    (r"py:.*", r"(Decimal|Fraction|Path|Any|Callable|Iterable|Iterator|Mapping|Sequence|T|np\.ndarray|pa\..*|pd\..*)"),
]
