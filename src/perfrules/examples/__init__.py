"""Bundled example self-evaluations, transcribed from published tables.

They live as TOML files in the package (``perfrules/examples``), in the
same format users write; see ``docs/file-formats.md``.
"""

from __future__ import annotations

from importlib import resources

from perfrules.io.documents import loads
from perfrules.model.self_evaluation import SelfEvaluation

__all__ = ["EXAMPLES", "huashan_2020", "load_example"]

#: example name -> (file, the rubric it was written for)
EXAMPLES = {"huashan-2020": ("huashan-2020.toml", "cn-hubei-project-2020")}


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
