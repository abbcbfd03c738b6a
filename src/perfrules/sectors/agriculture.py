"""Agricultural production trusteeship / socialised services (农业生产托管 / 社会化服务).

Facts the checks read (amounts in 万元, areas in 亩; all optional):

========================================  ===============================================
``subsidy_total_wan``                     fiscal subsidy of the project
``service_price_total_wan``               total price of the subsidised services
``area_mu``                               area served (one crop season)
``subsidy_small_farmers_wan``,            subsidy and area serving small farmers
``area_small_farmers_mu``
``rate_small_farmer_yuan_per_mu``,        per-mu subsidy standards for small farmers and
``rate_scale_operator_yuan_per_mu``       for scale operators
``max_subsidy_per_scale_operator_wan``    the largest subsidy one scale operator received
``area_ploughing_mu`` … ``harvest_mu``,   link areas and the stated converted trusteeship
``area_trusteeship_equivalent_mu``        area
``funds_reported_completed_wan``,         funds reported as completed, and actually spent
``funds_spent_wan``
``area_target_mu``,                       the area target and its parts
``area_target_grain_mu``,
``area_target_other_mu``
========================================  ===============================================
"""

from __future__ import annotations

from perfrules.rubrics.registry import SectorPack
from perfrules.sectors._data import read_rubric

__all__ = ["DONGYING", "HILLY", "NATIONAL"]

#: Agricultural production trusteeship (农业生产托管), national — the 10/50/30/10 frame and the subsidy checks
NATIONAL = SectorPack(
    sector="agriculture",
    rubric=read_rubric("cn-agriculture-trusteeship.toml"),
    parent="cn-national-project-2020",
    description=(
        "National frame 10/50/30/10 with subsidy ≤ 30 % of price, ≤ 100 元/亩, small-farmer share > 60 % "
        "of funds or area, small-farmer rate above the scale-operator rate, link-area conversion, "
        "completion counted from spending, and area-target arithmetic."
    ),
)

#: Poverty-exited and hilly areas — 40 % of the price, 130 元/亩 (asked for by code)
HILLY = SectorPack(
    sector="agriculture",
    rubric=read_rubric("cn-agriculture-trusteeship-hilly.toml", bases=(NATIONAL.rubric,)),
    parent=NATIONAL.code,
    description="Poverty-exited and hilly areas: 40 % of price, 130 元/亩.",
)

#: Dongying district's plan for CN-SD-Dongying — 82 元/亩, funds and area above 60 %, 3 万元 per scale operator
DONGYING = SectorPack(
    sector="agriculture",
    rubric=read_rubric("cn-agriculture-trusteeship-dongying.toml", bases=(NATIONAL.rubric,)),
    parent=NATIONAL.code,
    description="Dongying district plan: 82 元/亩, small-farmer funds and area > 60 %, ≤ 3 万元 per scale operator.",
)
