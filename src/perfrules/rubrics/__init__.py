"""Rubrics: their definition, templates, lint, overlays, fingerprints, selection, the built-in
library and the registry of sector packs and plugins (entry-point group ``perfrules.rubrics``).
"""

from perfrules.rubrics import builtin as _builtin
from perfrules.rubrics.builtin import builtin_rubrics, list_rubrics
from perfrules.rubrics.choice import Choice, choose_rubric, rubric_in_force
from perfrules.rubrics.documents import RubricLintError
from perfrules.rubrics.fingerprint import canonical_form, fingerprint
from perfrules.rubrics.lint import lint
from perfrules.rubrics.loading import get_rubric, load_rubric, load_self_evaluation, loads_rubric
from perfrules.rubrics.overlays import Overlay, apply_overlay
from perfrules.rubrics.registry import (
    DuplicatePluginError,
    PluginError,
    Registry,
    SectorPack,
    UnknownRubricError,
    default_registry,
)
from perfrules.rubrics.rubric import AdjustmentPolicy, Block, BlockSource, NotApplicablePolicy, Rubric, ScoringRules
from perfrules.rubrics.selection import NoRubricInForceError, select_rubric

__all__ = [
    "AdjustmentPolicy",
    "Block",
    "BlockSource",
    "Choice",
    "DuplicatePluginError",
    "NoRubricInForceError",
    "NotApplicablePolicy",
    "Overlay",
    "PluginError",
    "Registry",
    "Rubric",
    "RubricLintError",
    "ScoringRules",
    "SectorPack",
    "UnknownRubricError",
    "apply_overlay",
    "builtin_rubrics",
    "canonical_form",
    "choose_rubric",
    "default_registry",
    "fingerprint",
    "get_rubric",
    "lint",
    "list_rubrics",
    "load_rubric",
    "load_self_evaluation",
    "loads_rubric",
    "rubric_in_force",
    "select_rubric",
]


def __getattr__(name: str) -> Rubric:
    # NATIONAL_2020 / HUBEI_2020 are read from the data files on first access, not at import
    return _builtin.__getattr__(name)
