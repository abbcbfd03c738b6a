"""Liaoning's agricultural-trusteeship rubric as a perfrules plugin (entry point ``perfrules.rubrics``)."""

from importlib import resources

from perfrules import SectorPack, loads_rubric

_TEXT = resources.files(__name__).joinpath("cn-agriculture-trusteeship-liaoning.toml").read_text(encoding="utf-8")

PACK = SectorPack(
    sector="agriculture",
    rubric=loads_rubric(_TEXT),  # an overlay: its base is resolved from perfrules' registry
    parent="cn-agriculture-trusteeship",
    description="Liaoning 2022: 70 元/亩, small farmers above 70 % of funds and area, 20 万元 per scale operator.",
)
