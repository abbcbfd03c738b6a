"""One selection of the rubric in force, over built-ins, sector packs, plugins and rubric folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import perfrules
from perfrules import Funds, Indicator, Project, Registry, SectorPack, SelfEvaluation, choose_rubric

END_2024 = dt.date(2024, 12, 31)


@pytest.fixture
def registry() -> Registry:
    """perfrules' own packs, no discovered plugins, and one plugin registered for Hubei elderly care."""
    reg = Registry(discover=False)
    base = reg.rubric("cn-pension-anhui-2019")
    hubei = attrs.evolve(base, code="x-pension-hubei", regions=("CN-HB",), title_zh="湖北养老", references=("鄂财绩〔2024〕1号",))
    reg.register(SectorPack(sector="pension", rubric=hubei), distribution="perfrules-hubei", version="1.0")
    return reg


def test_a_sector_pack_of_the_region_is_chosen(registry):
    c = choose_rubric("CN-HB-Wuhan", END_2024, sector="pension", registry=registry)
    assert c.rubric.code == "x-pension-hubei" and not c.fell_back
    assert c.source.startswith("perfrules-hubei") and "pension" in c.reason_en
    assert c.finding().code == "rubric.chosen"


def test_a_sector_with_no_pack_here_falls_back_and_says_so(registry):
    c = choose_rubric("CN-GD", END_2024, sector="pension", registry=registry)
    # the Anhui and Hubei packs do not cover Guangdong: the general national rubric, with a warning
    assert c.rubric.code == "cn-national-project-2020" and c.fell_back
    f = c.finding()
    assert (f.code, f.severity.value) == ("rubric.fallback", "warning")


def test_no_sector_gives_the_general_rubric_with_a_hint(registry):
    c = choose_rubric("CN-HB-Wuhan", dt.date(2020, 12, 31), registry=registry)
    assert c.rubric.code == "cn-hubei-project-2020"
    assert "set the project's sector" in c.reason_en and "pension" in c.reason_en


def test_local_folders_are_seen_with_the_rest(registry, tmp_path: Path):
    text = (Path(perfrules.__file__).parent / "rubrics" / "data" / "cn-national-project-2020.toml").read_text(encoding="utf-8")
    text = text.replace('code = "cn-national-project-2020"', 'code = "x-local-gd"', 1)
    text = text.replace('regions = ["CN"]', 'regions = ["CN-GD"]', 1)
    (tmp_path / "gd.toml").write_text(text, encoding="utf-8")
    c = choose_rubric("CN-GD-Shenzhen", END_2024, folders=[tmp_path], registry=registry)
    assert c.rubric.code == "x-local-gd" and c.source == f"folder {tmp_path}"


def test_score_records_its_choice(registry):
    se = SelfEvaluation(
        project=Project(name="养老", year=2024, region="CN-GD", sector="pension"),
        funds=Funds.single(adjusted=1, executed=1),
        indicators=(Indicator(name="产出指标", code="output", children=(Indicator(name="o", weight=50, target="≥1", actual="1"),)),),
    )
    r = perfrules.score(se, registry=registry)
    assert r.findings[0].code == "rubric.fallback" and "fell back" in r.rubric_choice
    assert perfrules.score(se, perfrules.NATIONAL_2020, registry=registry).rubric_choice == ""
