"""National basic public health services (国家基本公共卫生服务项目).

Facts the checks read (all optional):

- ``per_capita_subsidy_yuan``: per-capita subsidy actually provided (元);
- ``infectious_reported``, ``infectious_reported_timely``, ``infectious_timely_report_pct``: cases
  reported, reported on time, and the stated rate (%);
- ``elderly_65_plus``, ``elderly_managed``, ``elderly_management_pct``: residents aged 65 and over,
  those managed, and the stated rate (%);
- ``hypertension_patients``, ``hypertension_managed``, ``hypertension_management_pct``: hypertension
  patients, those managed, and the stated rate (%);
- ``diabetes_patients``, ``diabetes_managed``, ``diabetes_management_pct``: type-2 diabetes
  patients, those managed, and the stated rate (%);
- ``village_clinics_built``, ``village_clinics_planned``, ``village_clinics_pct``: village clinics
  built and planned, and the stated rate (%);
- ``e_record_coverage_pct``: standardised e-health-record coverage (%);
- ``infectious_report_pct``: infectious-disease reporting rate (%);
- ``funds_central_wan``, ``funds_provincial_wan``, ``funds_county_wan``: funds by level (the Anhui
  cost-sharing check), in 万元.
"""

from __future__ import annotations

from perfrules.rubrics.registry import SectorPack
from perfrules.sectors._data import read_rubric

__all__ = ["ANHUI", "NATIONAL"]

#: Basic public health services, national — per-capita subsidy by year, core rates from their counts
NATIONAL = SectorPack(
    sector="public_health",
    rubric=read_rubric("cn-public-health.toml"),
    parent="cn-national-project-2020",
    description=(
        "National frame 10/50/30/10 with the per-capita subsidy standard by year (2009–2025; 2018, 2020 "
        "and 2021 inferred), core service rates recomputed from their counts, and 2022/2023 target rates."
    ),
)

#: Basic public health services in Anhui, CN-AH — the national pack plus the 6 ∶ 2 ∶ 2 cost sharing
ANHUI = SectorPack(
    sector="public_health",
    rubric=read_rubric("cn-public-health-anhui.toml", bases=(NATIONAL.rubric,)),
    parent=NATIONAL.code,
    description="Anhui: central : provincial : county cost sharing 6 : 2 : 2.",
)
