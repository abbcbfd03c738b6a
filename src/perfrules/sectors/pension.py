"""Elderly care (养老服务): the Anhui 民生工程 scheme 投入 20 / 过程 30 / 产出 25 / 效果 25.

Facts the checks read (all optional; a check whose facts are missing is skipped):

========================================  ===============================================
``beds_nursing``, ``beds_total``          nursing-type beds and all institutional beds
``nursing_bed_share_pct``                 the share as stated (%)
``beds_new``, ``subsidy_per_bed_yuan``,   new beds, the per-bed standard (元) and the
``subsidy_new_beds_wan``                  disbursement stated (万元)
``subsidy_recipients``,                   elderly-service subsidy recipients, as counted in
``subsidy_recipients_elsewhere``          two places of the report
``subsidy_eligible``,                     persons eligible and the stated coverage (%)
``subsidy_coverage_pct``
``service_centres``,                      three-level network: centres, places to cover,
``service_centre_places``,                stated coverage (%)
``service_centre_coverage_pct``
``concentrated_support``,                 disabled extremely poor persons in institutions,
``disabled_extremely_poor``,              all of them, the stated rate (%)
``concentrated_support_pct``
``high_age_allowance_recipients``,        80+ allowance recipients, persons aged 80+,
``population_80_plus``,                   stated coverage (%)
``high_age_allowance_coverage_pct``
``facility_area_built_m2``,               facility area built and required (㎡), stated
``facility_area_required_m2``,            allocation rate (%; may exceed 100)
``facility_allocation_pct``
``social_capital_wan``,                   social capital and provincial-and-above funds
``provincial_funds_wan``                  (万元) for the amplification ratio
========================================  ===============================================
"""

from __future__ import annotations

from perfrules.rubrics.registry import SectorPack
from perfrules.sectors._data import read_rubric

__all__ = ["ANHUI_2019"]

#: Anhui's elderly-care 民生工程 scheme for CN-AH — 投入 20 / 过程 30 / 产出 25 / 效果 25
ANHUI_2019 = SectorPack(
    sector="pension",
    rubric=read_rubric("cn-pension-anhui-2019.toml"),
    description=(
        "Anhui 民生工程 elderly-care scheme (投入 20 / 过程 30 / 产出 25 / 效果 25) with its 28 items, "
        "nursing-bed share (30 % by 2020, 55 % from 2025), subsidy arithmetic, recipient and coverage "
        "consistency, and fund amplification."
    ),
)
