"""A perfrules sector plugin: ``PACK`` is what the entry point ``perfrules.rubrics`` names,
``rules.Stepped`` the rule kind of ``perfrules.rules``."""

from importlib import resources

from perfrules import SectorPack, loads_rubric

from perfrules_myprovince.rules import Stepped

__all__ = ["PACK", "RUBRIC", "Stepped"]

_TEXT = resources.files(__name__).joinpath("cn-myprovince-mysector.toml").read_text(encoding="utf-8")

# The rubric names the plugin's own rule kind: perfrules finds it through the entry point in the
# group perfrules.rules (pyproject.toml), importing only perfrules_myprovince.rules, never this package again.
RUBRIC = loads_rubric(_TEXT)

PACK = SectorPack(
    # a short lowercase key: projects with `[project] sector = "mysector"` are scored with this pack
    sector="mysector",
    # linted on load; an overlay's base comes from perfrules
    rubric=RUBRIC,
    # the rubric it specialises
    parent="cn-national-project-2020",
    # so that the rubric is written and read back as data
    rule_kinds=(Stepped,),
    description="MyProvince, MySector: output 40, satisfaction 20 scored in steps (90 / 80), admin costs at most 5 %.",
)
