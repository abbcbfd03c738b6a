"""The three built-in sector packs against the seed reports; figures worked out by hand."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import perfrules
from perfrules import CheckStatus, Severity, evaluate

D = Decimal
FIXTURES = Path(__file__).parent / "fixtures" / "sectors"
REG = perfrules.default_registry()


def load(name: str) -> perfrules.SelfEvaluation:
    return perfrules.load_self_evaluation(FIXTURES / name)


def score(name: str, code: str | None = None) -> perfrules.EvaluationResult:
    se = load(name)
    rubric = REG.rubric(code) if code else REG.select(region=se.project.region, on=dt.date(se.project.year, 12, 31), sector=se.project.sector)
    return evaluate(rubric, se)


def statuses(result: perfrules.EvaluationResult) -> dict[str, str]:
    return {c.code: c.status.value for c in result.checks}


def test_three_sectors_are_registered_through_entry_points():
    """A fresh install lists the three sectors; perfrules' own packs come from its entry points."""
    from importlib import metadata

    assert set(REG.sectors()) == {"pension", "agriculture", "public_health"}
    own = {ep.name: ep.value for ep in metadata.entry_points(group="perfrules.rubrics") if ep.dist and ep.dist.name == "perfrules"}
    assert own == perfrules.rubrics.registry.BUILTIN_PACKS
    for code in REG.codes():
        rubric = REG.rubric(code)
        assert perfrules.lint(rubric) == (), code
        assert rubric.origin == f"perfrules {perfrules.__version__}"


def test_packs_round_trip_as_data():
    """Every pack's rubric (template, checks) writes to TOML and reads back equal."""
    c = REG.converter()
    for code in REG.codes():
        rubric = REG.rubric(code)
        text = perfrules.dumps(rubric, format="toml", converter=c)
        assert perfrules.loads(text, perfrules.Rubric, format="toml", converter=c) == rubric


# ------------------------------------------------------------------ agriculture
def test_dongying_is_clean():
    """篇三 reconciles: 164 万 over 24,532.27 亩 = 66.85 元/亩 ≤ 82; small-farmer area 73.36 % > 60 %."""
    r = score("dongying-trusteeship.toml")
    assert r.rubric_code == "cn-agriculture-trusteeship-dongying"
    assert r.findings == ()
    per_mu = next(c for c in r.checks if c.code == "agriculture.per_mu_cap")
    assert per_mu.status is CheckStatus.PASSED
    assert abs(Fraction(per_mu.get("ratio")) - Fraction(1_640_000) / Fraction("24532.27")) < Fraction(1, 10**20)
    assert D("66.85") < per_mu.get("ratio") < D("66.86")
    share = next(c for c in r.checks if c.code == "agriculture.small_farmer_area_share")
    assert share.status is CheckStatus.PASSED and D("0.7336") < share.get("ratio") < D("0.7337")
    # not printed, so not checkable: price share, funds share, per-operator cap
    s = statuses(r)
    assert s["agriculture.price_share"] == s["agriculture.small_farmer_share"] == s["agriculture.scale_operator_cap"] == "skipped"
    # every stated target met: 10 + 50 + 30 + 10
    assert r.total == D(100) and r.grade.label_zh == "优"


def test_luxian_defects_are_flagged():
    """篇四: per-mu 400 万 / 3.08 万亩 = 129.87 > 100; completion 320 > spent 210; targets 3 + 1.54 ≠ 3.08."""
    r = score("luxian-socialisation.toml")
    assert r.rubric_code == "cn-agriculture-trusteeship"  # Sichuan: the national pack
    errors = {f.code for f in r.findings if f.severity is Severity.ERROR}
    assert errors == {"agriculture.per_mu_cap", "agriculture.completion_counts_spending", "agriculture.area_target_parts"}
    per_mu = next(c for c in r.checks if c.code == "agriculture.per_mu_cap")
    assert Fraction(per_mu.get("ratio")).limit_denominator(10**6) == Fraction(4_000_000, 30_800)
    parts = next(c for c in r.checks if c.code == "agriculture.area_target_parts")
    assert (parts.get("computed"), parts.get("stated")) == (D(45400), D(30800))
    # execution 10 × 860/1134 = 7.5838… → 7.58; output 30 × 24600/30800 = 23.96, 10 × 20879.334/30000 = 6.96,
    # 10 × 15908.96/30000 = 5.30; benefit 30; satisfaction 10 → 83.80 (良)
    assert r.block("execution").score == D("7.58")
    assert [n.score for n in r.block("output").children] == [D("23.96"), D("6.96"), D("5.30")]
    assert r.total == D("83.80") and r.grade.label_zh == "良"


def test_luxian_under_the_hilly_variant_passes_the_per_mu_cap():
    """129.87 元/亩 is within the 130 元/亩 of poverty-exited and hilly areas."""
    r = score("luxian-socialisation.toml", "cn-agriculture-trusteeship-hilly")
    assert statuses(r)["agriculture.per_mu_cap"] == "passed"
    assert r.rubric_lineage[-1] == "cn-agriculture-trusteeship-hilly@1.0.0"


@pytest.mark.parametrize(
    ("facts", "check", "status"),
    [
        ({"subsidy_total_wan": "30", "service_price_total_wan": "100"}, "agriculture.price_share", "passed"),
        ({"subsidy_total_wan": "30.01", "service_price_total_wan": "100"}, "agriculture.price_share", "failed"),
        ({"subsidy_small_farmers_wan": "61", "subsidy_total_wan": "100"}, "agriculture.small_farmer_share", "passed"),
        ({"subsidy_small_farmers_wan": "60", "subsidy_total_wan": "100", "area_small_farmers_mu": "60", "area_mu": "100"}, "agriculture.small_farmer_share", "failed"),
        ({"subsidy_small_farmers_wan": "50", "subsidy_total_wan": "100", "area_small_farmers_mu": "61", "area_mu": "100"}, "agriculture.small_farmer_share", "passed"),
        ({"rate_small_farmer_yuan_per_mu": "25", "rate_scale_operator_yuan_per_mu": "20"}, "agriculture.small_farmer_rate_higher", "passed"),
        ({"rate_small_farmer_yuan_per_mu": "20", "rate_scale_operator_yuan_per_mu": "20"}, "agriculture.small_farmer_rate_higher", "failed"),
        # 0.36×100 + 0.27×100 + 0.1×100 + 0.27×100 = 100
        ({"area_ploughing_mu": "100", "area_sowing_mu": "100", "area_protection_mu": "100", "area_harvest_mu": "100", "area_trusteeship_equivalent_mu": "100"}, "agriculture.area_conversion", "passed"),
        ({"area_ploughing_mu": "100", "area_sowing_mu": "0", "area_protection_mu": "0", "area_harvest_mu": "0", "area_trusteeship_equivalent_mu": "100"}, "agriculture.area_conversion", "failed"),
    ],
)
def test_agriculture_rules_at_their_thresholds(facts, check, status):
    """30 % of price, > 60 % small farmers (funds or area), small-farmer rate above scale rate, link conversion."""
    se = perfrules.SelfEvaluation(perfrules.Project("托管", 2022, region="CN-JX"), facts=facts)
    assert statuses(evaluate(REG.rubric("cn-agriculture-trusteeship"), se))[check] == status


def test_dongying_requires_funds_and_area_and_caps_operators():
    """Dongying: funds AND area > 60 %, ≤ 3 万元 per scale operator."""
    se = perfrules.SelfEvaluation(
        perfrules.Project("托管", 2020, region="CN-SD-Dongying"),
        facts={"subsidy_small_farmers_wan": "50", "subsidy_total_wan": "100", "area_small_farmers_mu": "70", "area_mu": "100", "max_subsidy_per_scale_operator_wan": "3.5"},
    )
    s = statuses(evaluate(REG.rubric("cn-agriculture-trusteeship-dongying"), se))
    assert (s["agriculture.small_farmer_share"], s["agriculture.small_farmer_area_share"], s["agriculture.scale_operator_cap"]) == ("failed", "passed", "failed")


# ------------------------------------------------------------------ elderly care
def test_ningguo_scores_100_and_flags_its_defects():
    """篇六: 28 items at their base points (100); 资料报送 stated 3 of 2; 62 × 5,000 = 31 万 ≠ 6.2 万; 2,647 ≠ 2,851."""
    r = score("ningguo-elderly-care.toml")
    assert r.rubric_code == "cn-pension-anhui-2019"
    assert [(b.code, b.score) for b in r.blocks] == [("input", D(20)), ("process", D(30)), ("output", D(25)), ("effect", D(25))]
    assert r.total == D(100)
    codes = {(f.code, f.path) for f in r.findings}
    assert codes == {
        ("score.claimed_above_max", "process/reporting"),
        ("pension.new_bed_subsidy", "checks.pension.new_bed_subsidy"),
        ("pension.recipients_consistent", "checks.pension.recipients_consistent"),
    }
    beds = next(c for c in r.checks if c.code == "pension.new_bed_subsidy")
    assert (beds.get("computed"), beds.get("stated")) == (D(31), D("6.2"))
    reporting = r.node("process/reporting")
    assert (reporting.claimed, reporting.score, reporting.explanation.clause) == (D(3), D(2), "judged.capped")
    assert statuses(r)["pension.nursing_bed_share_stated"] == "passed"  # 41 % ≥ 30 %


def test_jixi_checks_recompute_the_stated_rates():
    """篇九: 1,147/1,991 = 57.61 % ≠ 60.5 %; 15/17 = 88.24 % ≠ 83.3 %; the rest reconcile (156 % allowed)."""
    r = score("jixi-elderly-care-2019.toml")
    s = statuses(r)
    assert s["pension.subsidy_coverage_consistent"] == "failed"
    assert s["pension.three_level_coverage_consistent"] == "failed"
    for ok in (
        "pension.nursing_bed_share",  # 545/1726 = 31.58 % ≥ 30 %
        "pension.nursing_bed_share_consistent",  # 31.58 ≈ 32 within half a point
        "pension.concentrated_support_consistent",  # 105/158 = 66.46 %
        "pension.high_age_allowance_coverage_consistent",
        "pension.allocation_rate_consistent",  # 4215/2700 = 156.11 % > 100 % is valid
        "pension.amplification",  # 2000/71.2 = 28.09 > 20
    ):
        assert s[ok] == "passed", ok
    assert s["pension.nursing_bed_share_2025"] == "not_in_force"
    coverage = next(c for c in r.checks if c.code == "pension.subsidy_coverage_consistent")
    assert Fraction(coverage.get("computed")).limit_denominator(10**6) == Fraction(114_700, 1991)
    # a stated 100 with no item scores: every block is missing, the computed total is 0
    assert r.total == 0 and r.claimed_total == 100
    assert len(r.findings_by_code("structure.missing_block")) == 4


def test_nursing_bed_threshold_moves_in_2025():
    """The same 45 % share passes 2024 (≥ 30 %) and fails 2025 (≥ 55 %)."""
    rubric = REG.rubric("cn-pension-anhui-2019")
    for year, expected in ((2024, ("passed", "not_in_force")), (2025, ("not_in_force", "failed"))):
        se = perfrules.SelfEvaluation(perfrules.Project("养老", year), facts={"beds_nursing": 45, "beds_total": 100})
        s = statuses(evaluate(rubric, se))
        assert (s["pension.nursing_bed_share"], s["pension.nursing_bed_share_2025"]) == expected


def test_coverage_above_100_percent_scores_full_without_error():
    """A coverage actual of 156 % against ≥ 100 % is full points, not a defect."""
    rubric = REG.rubric("cn-pension-anhui-2019")
    se = perfrules.load_self_evaluation(FIXTURES / "ningguo-elderly-care.toml")
    output = se.indicators[2]
    children = tuple(attrs.evolve(c, actual=perfrules.parse_actual("156%")) if c.code == "task_completion" else c for c in output.children)
    se = attrs.evolve(se, indicators=(se.indicators[0], se.indicators[1], attrs.evolve(output, children=children), se.indicators[3]))
    r = evaluate(rubric, se)
    assert r.node("output/task_completion").score == D(5)
    assert not [f for f in r.findings if f.path == "output/task_completion"]


# ------------------------------------------------------------------ public health
def test_guangxi_infectious_disease_figures_are_impossible():
    """Report 2: '2 reported, 21 on time, 95.4 %': 21 > 2 and 21/2 = 1050 %; 1,360/2,254 = 60.34 % ≈ 60 %; 15/19 = 78.95 %."""
    r = score("guangxi-township-health.toml")
    assert r.rubric_code == "cn-public-health"
    s = statuses(r)
    assert s["public_health.timely_reports_within_reported"] == "failed"
    assert s["public_health.timely_report_rate_consistent"] == "failed"
    assert s["public_health.elderly_management_consistent"] == "passed"
    assert s["public_health.village_clinics_consistent"] == "passed"
    assert s["public_health.per_capita_standard"] == "skipped"  # no standard for 2011 in the table
    # read as 22 reported (a digit lost in conversion), 21/22 = 95.45 % agrees with the printed 95.4
    repaired = attrs.evolve(load("guangxi-township-health.toml"), facts={**dict(load("guangxi-township-health.toml").facts), "infectious_reported": 22})
    s2 = statuses(evaluate(REG.rubric("cn-public-health"), repaired))
    assert s2["public_health.timely_reports_within_reported"] == s2["public_health.timely_report_rate_consistent"] == "passed"


@pytest.mark.parametrize(
    ("year", "subsidy", "status", "inferred"),
    [(2019, "69", "passed", False), (2019, "68.99", "failed", False), (2020, "74", "passed", True), (2022, "84", "passed", False), (2025, "98", "failed", False), (2015, "40", "skipped", None)],
)
def test_per_capita_standard_by_year(year, subsidy, status, inferred):
    """The per-capita standard of the project's year; inferred years are used but marked."""
    se = perfrules.SelfEvaluation(perfrules.Project("基本公卫", year), facts={"per_capita_subsidy_yuan": subsidy})
    result = next(c for c in evaluate(REG.rubric("cn-public-health"), se).checks if c.code == "public_health.per_capita_standard")
    assert result.status.value == status
    assert result.get("inferred") is inferred
    if inferred:
        assert "inferred" in result.detail_en and "推算" in result.detail_zh


def test_anhui_cost_sharing():
    """Anhui: central : provincial : county = 6 : 2 : 2 (60 / 20 / 20 passes, 70 / 15 / 15 fails)."""
    rubric = REG.rubric("cn-public-health-anhui")
    ok = perfrules.SelfEvaluation(perfrules.Project("基本公卫", 2023, region="CN-AH"), facts={"funds_central_wan": 60, "funds_provincial_wan": 20, "funds_county_wan": 20})
    bad = attrs.evolve(ok, facts={"funds_central_wan": 70, "funds_provincial_wan": 15, "funds_county_wan": 15})
    assert statuses(evaluate(rubric, ok))["public_health.cost_sharing"] == "passed"
    assert statuses(evaluate(rubric, bad))["public_health.cost_sharing"] == "failed"
    assert REG.select(region="CN-AH-Mengcheng", on=dt.date(2023, 6, 1), sector="public_health").code == "cn-public-health-anhui"


def test_core_rate_targets_by_year():
    """2023 targets apply in 2023 only, as warnings."""
    se = perfrules.SelfEvaluation(perfrules.Project("基本公卫", 2023), facts={"e_record_coverage_pct": "61.5", "hypertension_management_pct": 80})
    r = evaluate(REG.rubric("cn-public-health"), se)
    s = statuses(r)
    assert (s["public_health.e_record_target_2023"], s["public_health.hypertension_target_2023"], s["public_health.e_record_target_2022"]) == ("failed", "passed", "not_in_force")
    (f,) = r.findings_by_code("public_health.e_record_target_2023")
    assert f.severity is Severity.WARNING


def test_an_any_of_failure_says_each_part_in_its_own_language():
    """60 of 100 (funds) and 60 of 100 (area) are not above 60 %: the finding lists both parts, with
    their states written in Chinese for the Chinese text and in English for the English one."""
    se = perfrules.SelfEvaluation(
        perfrules.Project("托管", 2022, region="CN-JX"),
        facts={"subsidy_small_farmers_wan": "60", "subsidy_total_wan": "100", "area_small_farmers_mu": "60", "area_mu": "100"},
    )
    (finding,) = evaluate(REG.rubric("cn-agriculture-trusteeship"), se).findings_by_code("agriculture.small_farmer_share")
    assert finding.message_zh.count("未通过") == 2 and "failed" not in finding.message_zh
    assert finding.message_en.count("failed") == 2 and "未通过" not in finding.message_en
