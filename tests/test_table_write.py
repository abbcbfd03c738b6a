"""write_xlsx: a table written back reads the same; the audit sits on the cells it is about; the CLI."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import read_records, read_table, write_xlsx
from perfrules.cli import main
from workbooks import standard, to_bytes


def content(table):
    """Everything a table states, without where it stood (writing moves cells to the standard layout)."""

    def cell(c):
        return None if c is None else (c.text, c.number)

    return (
        table.title,
        [(k, cell(c)) for k, c in table.project],
        [(f.source, cell(f.label), [(k, cell(c)) for k, c in f.cells]) for f in table.funds],
        cell(table.goal_expected),
        cell(table.goal_actual),
        table.columns,
        [([(k, cell(c)) for k, c in r.cells], [(k, cell(c)) for k, c in r.extra], r.hidden) for r in table.rows],
        [(h.level, h.name, h.parent, h.points) for h in table.headings],
        # a total row written without points has a blank 分值 cell in the workbook: blank, as printed
        None if table.total is None else (cell(table.total.points) or ("", None), cell(table.total.score)),
        cell(table.grade),
        [cell(c) for c in table.footnotes],
    )


def test_the_standard_workbook_reads_the_same_after_writing():
    table = read_table(to_bytes(standard()))
    assert content(read_table(write_xlsx(table))) == content(table)


def test_group_points_in_heading_rows_survive_writing():
    document = {
        "标题": "2021年度项目支出绩效自评表",
        "指标": [
            {"一级指标": "产出指标", "二级指标": "", "三级指标": "", "分值": 50},
            {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥735人次", "实际完成值": "800人次", "分值": 50, "得分": 50},
        ],
    }
    table = read_records(document)
    assert [(h.level, h.name, h.points) for h in table.headings] == [(1, "产出指标", Decimal(50))]
    assert content(read_table(write_xlsx(table))) == content(table)


def test_long_decimals_are_written_as_text_and_survive():
    """openpyxl writes 16 significant digits and a spreadsheet keeps 15: longer numbers go as exact text."""
    long = Decimal("0.12345678901234567")
    document = {"指标": [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "a", "实际完成值": long, "分值": 10, "得分": Decimal("9.999999999999999")}]}
    back = read_table(write_xlsx(read_records(document)))
    assert back.rows[0].cell("实际完成值").figure.value == long
    assert back.rows[0].cell("得分").figure.value == Decimal("9.999999999999999")


def test_the_audit_is_marked_on_the_cells_it_is_about(tmp_path):
    wb = standard(total=(100, 99))  # the parts add to 96.5: 99 is no rounding of it
    table = read_table(to_bytes(wb))
    report = perfrules.audit(table)
    (finding,) = report.findings_by_code("total.sum")
    out = tmp_path / "audited.xlsx"
    write_xlsx(table, out, audit=report)
    book = openpyxl.load_workbook(out)
    sheet = book["自评表"]
    marked = [c for row in sheet.iter_rows() for c in row if c.comment is not None]
    assert [(c.value, "total.sum" in c.comment.text) for c in marked] == [(99, True)]
    assert marked[0].fill.fgColor.rgb.endswith("FFC7CE")  # an error is red
    listed = list(book["核查结果"].iter_rows(values_only=True))
    assert listed[0][:4] == ("代码", "级别", "原位置", "本表位置")
    assert ("total.sum", "错误", finding.path, marked[0].coordinate) in [r[:4] for r in listed[1:]]


_text = st.text(alphabet=st.sampled_from("产出效益指标数量质量人次元万%≥≤~0123456789.、（）() =_x\x01\t"), min_size=0, max_size=12)
_number = st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=4, allow_nan=False, allow_infinity=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {"一级指标": st.sampled_from(["产出指标", "效益指标(30分)", "满意度指标"]), "二级指标": _text, "三级指标": _text.filter(lambda s: s.strip()),
             "年度指标值": _text, "实际完成值": st.one_of(_text, _number), "分值": st.one_of(st.none(), _number), "得分": st.one_of(st.none(), _number), "备忘": _text}
        ),
        min_size=1, max_size=6,
    ),
    st.one_of(st.none(), _number),
    st.dictionaries(st.sampled_from(["联系人", "填报日期", "项目名称", "主管部门"]), _text.filter(lambda s: s.strip()), max_size=2),
    st.lists(_text.filter(lambda s: s.strip()), max_size=2),
)  # fmt: skip
def test_any_table_of_rows_reads_the_same_after_writing(rows, total, fields, notes):
    """Rows, a total, fields of the project block (standard or not) and notes: nothing is lost on the way."""
    document = {**fields, "指标": rows, **({"总分": total} if total is not None else {}), **({"注": notes} if notes else {})}
    try:
        table = read_records(document)
    except perfrules.TableError:
        return
    assert content(read_table(write_xlsx(table))) == content(table)


def test_cli_audits_a_workbook_and_writes_it_back(tmp_path, capsys):
    path = tmp_path / "table.xlsx"
    path.write_bytes(to_bytes(standard(total=(100, 99))))
    out = tmp_path / "audited.xlsx"
    assert main(["audit", str(path), "--write", str(out), "--lang", "en"]) == 1  # an error finding
    printed = capsys.readouterr().out
    assert "[error total.sum] 自评表!G17" in printed
    assert read_table(out).total.score.number == 99
    assert main(["audit", str(path), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["states"]["failed"] == 1
    assert [f["where"] for f in document["findings"] if f["code"] == "total.sum"] == ["自评表!G17"]


def test_cli_scores_a_workbook_with_a_rubric(tmp_path, capsys):
    path = tmp_path / "table.xlsx"
    path.write_bytes(to_bytes(standard()))
    assert main(["score", str(path), "--rubric", "cn-national-project-2020", "--lang", "en"]) == 0
    assert "96.5" in capsys.readouterr().out  # 9.5 + 20 + 15 + 15 + 27 + 10


def test_cli_refuses_an_unreadable_table_with_its_location(tmp_path, capsys):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(to_bytes(standard())[:300])
    assert main(["audit", str(path)]) == 2
    assert "broken.xlsx" in capsys.readouterr().err
    stream = io.BytesIO(b"\x00\x01")
    try:
        read_table(stream)
    except perfrules.TableError as exc:
        assert exc.path


def test_text_that_looks_like_a_formula_or_holds_control_characters_survives_writing():
    """A cell is written as it was stated: '=1+1' stays text, control characters and '_x0041_' come back."""
    document = {"指标": [{"一级指标": "产出指标", "二级指标": "数量", "三级指标": "=1+1", "实际完成值": "a\x01b_x0041_", "分值": 10, "得分": 10}]}
    table = read_records(document)
    back = read_table(write_xlsx(table, audit=perfrules.audit(table)))
    assert (back.rows[0].name, back.rows[0].text("实际完成值")) == ("=1+1", "a\x01b_x0041_")
