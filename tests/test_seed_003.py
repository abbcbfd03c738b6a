"""Reproduce shared seed 003: Huashan street office, 2020 社会保障专项 (stated 20 + 39 + 39 = 98).

Figures worked out by hand from the printed table:

* execution 2,440.91 / 2,440.91 = 100 % → 20 × 1 = 20;
* output items as stated: 15 (数量) + 9 (质量) + 5 (时效) + 10 (成本) = 39;
  item weights 16 + 9 + 5 + 10 = 40;
* benefit items as stated: 4+3+4+4+4 + 5+5+5+5 = 39; weights 40;
* stated total 20 + 39 + 39 = 98.

Where the table's scores follow the rules, the computed score equals the
stated one. Two output items do not:

* 停水慰问 (≥50车, actual '没有停水'): the outage the target was set for did
  not occur → not applicable (F13), its 2 points excluded (stated 2);
* 青少年参与 (≥30人/次, actual 25~30人): lower bound 25 → 2 × 25/30 = 1.666… → 1.67 (stated 2).

四点半学校 (≥1次/月, actual '线上线下一周一课') reads as 1 a week = 365/84 ≈ 4.35 a
month ≥ 1 → 2, as stated.

So output = 39 − 2 − 0.33 = 36.67 of 38 applicable points, the block sum is
20 + 36.67 + 39 = 95.67 of 98, rescaled to 100: 95.67 × 100 / 98 = 97.622…
→ 97.62 (the total rounded half-up to 2 places; still 优).
"""

from decimal import Decimal
from fractions import Fraction

import pytest

import perfrules
from perfrules import HUBEI_2020, evaluate
from perfrules.examples import huashan_2020

D = Decimal


@pytest.fixture(scope="module")
def result():
    return evaluate(HUBEI_2020, huashan_2020())


def test_bundled_file_is_the_independent_transcription():
    """The package's huashan-2020.toml describes exactly the table built in Python."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    import huashan_python

    assert huashan_2020() == huashan_python.huashan_2020()


def test_stated_figures_reconcile():
    """The table's own figures: 20 + 39 + 39 = 98, item weights 40 + 40."""
    se = huashan_2020()
    output, benefit = se.indicators
    stated = {i.code: sum((leaf.claimed_score for leaf in i.leaves()), D(0)) for i in (output, benefit)}
    assert stated == {"output": D(39), "benefit": D(39)}
    assert output.max_points == D(40) and benefit.max_points == D(40)
    assert se.claimed_execution_score + stated["output"] + stated["benefit"] == se.claimed_total == D(98)


def test_execution_block(result):
    """2,440.91 / 2,440.91 → 20 × 1 = 20, as stated."""
    ex = result.block("execution")
    assert ex.score == D(20) and ex.claimed == D(20)
    assert ex.explanation.clause == "execution.full"
    assert Fraction(result.project.year) == 2020


def test_block_totals(result):
    """Output 36.67 of 38 applicable, benefit 39 of 40, 95.67 of 98 rescaled → 97.62 → 优."""
    assert result.block("output").score == D("36.67")
    assert result.block("output").max_points == D(38)
    assert result.block("benefit").score == D(39)
    assert result.base_exact == Fraction(9567, 100)
    assert result.excluded_points == D(2)
    assert result.total == D("97.62")
    assert result.total_exact == Fraction(9762, 100)  # 9567/98 = 97.622… half-up
    assert result.grade.label_zh == "优"
    assert result.claimed_total == D(98)


def test_items_that_follow_the_rules_match_the_table(result):
    """Every leaf whose stated score follows the rules is reproduced exactly."""
    differing = {f.path for f in result.findings_by_code("score.claimed_differs")}
    leaves = [n for n in result.leaves() if n.path != "execution"]
    assert len(leaves) == 27
    excluded = {n.path for n in leaves if not n.applicable}
    assert len(excluded) == 1
    matching = [n for n in leaves if n.path not in differing | excluded]
    assert len(matching) == 25
    for n in matching:
        assert n.score == n.claimed, n.path


def test_differences_are_explained(result):
    """The inconsistently scored items differ, each with its reason."""
    diffs = {f.path.rsplit("/", 1)[-1]: (f.get("claimed"), f.get("computed")) for f in result.findings_by_code("score.claimed_differs") if f.path.count("/") == 2}
    assert diffs == {"青少年活动参与人数": (D(2), D("1.67"))}
    water = result.node("output/数量指标/还建社区因各种原因停水后及军人慰问次数")
    assert not water.applicable and water.explanation.clause == "not_applicable"
    assert [f.code for f in result.findings if f.path == water.path] == ["actual.not_occurred", "score.claimed_not_applicable"]
    weekly = result.node("output/数量指标/四点半学校活动次数")
    assert weekly.score == D(2) == weekly.claimed
    (conv,) = [f for f in result.findings if f.path == weekly.path and f.code == "unit.converted"]
    assert conv.severity is perfrules.Severity.INFO
    youth = result.node("output/质量指标/青少年活动参与人数")
    assert youth.explanation.clause == "positive.below_target"
    assert youth.exact_raw == Fraction(2 * 25, 30)
    assert youth.points_lost == D("0.33")
    # 25~30人 against ≥30人/次: read per 次 (info), the range's lower bound scored (warning)
    assert [f.code for f in result.findings if f.path == youth.path] == ["unit.omitted", "actual.range", "score.claimed_differs"]


def test_proportional_item_is_scored_like_the_table(result):
    """群众文体活动: ≥2次/年, actual 1 → 2 × 1/2 = 1, as stated."""
    n = result.node("output/数量指标/年组织开展群众文体活动")
    assert n.score == D(1) == n.claimed
    assert n.explanation.formula == "2 × 1 ÷ 2"


def test_partly_achieved_qualitative_item(result):
    """便民服务: 3 of 4 = 75 % lies in the 部分达成 band [60 %, 80 %) and is kept."""
    n = result.node("benefit/社会效益指标/提供各类便民服务,惠及民生,改善居民日常生活环境")
    assert n.score == D(3)
    assert n.explanation.clause == "qualitative.claimed_in_band"
    assert n.explanation.input("level") == "partly_achieved"


def test_label_defects_are_findings(result):
    """Second-level labels that do not match their items (domain §1.1 items 1–2, 4)."""
    mismatch = {f.path: (f.get("declared"), f.get("children_sum")) for f in result.findings_by_code("weights.sum_mismatch")}
    assert mismatch == {
        "output/数量指标": (D(20), D(16)),
        "output/质量指标": (D(10), D(9)),
        "output/时效指标": (D(3), D(5)),
        "output/成本指标": (D(7), D(10)),
        "benefit/环境效益指标": (D(5), D(20)),
        "benefit": (D(40), D(25)),
    }
    dup = result.findings_by_code("structure.duplicate_name")
    assert [f.get("name") for f in dup] == ["开展文艺演出场次"]


def test_totals_findings(result):
    """The stated parts add up to the stated 98; the computed total differs by 0.38."""
    assert not result.findings_by_code("total.claimed_parts_sum")
    (f,) = result.findings_by_code("total.claimed_differs")
    assert (f.get("claimed"), f.get("computed")) == (D(98), D("97.62"))
    assert result.findings_by_code("not_applicable.rescaled")


def test_explanations_render_in_both_languages(result):
    """The text report names the rule outcome and the formula with its numbers."""
    zh = result.explain("zh")
    en = result.explain("en")
    assert "2 × 25 ÷ 30 = ≈1.666667 → 1.67 (四舍五入保留2位小数)" in zh
    assert "actual '没有停水': the event target ≥50车 was set for did not occur" in en
    assert "总分 97.62 / 100，等级：优（填报总分 98）" in zh


def test_national_rubric_flags_the_missing_satisfaction_block():
    """Scored with the 10/50/30/10 scheme the table has no satisfaction block (§1.1 item 7)."""
    r = evaluate(perfrules.NATIONAL_2020, huashan_2020())
    assert [f.get("block") for f in r.findings_by_code("structure.missing_block")] == ["satisfaction"]
    assert r.block("execution").score == D(10)
