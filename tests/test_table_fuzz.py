"""The table readers never crash: whatever they are given, they read a table or raise a located perfrules error.

Random grids go to ``parse_grid``, random JSON-like documents to ``read_records``,
random bytes and mutated workbooks, JSON and CSV to ``read_table``. The only
exception allowed out is a :class:`perfrules.PerfrulesError` (for a source that
is no table, a :class:`perfrules.TableError` naming where); anything else — a
``KeyError``, an ``IndexError``, a ``decimal.InvalidOperation`` — is a bug.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import Cell, FilledTable, Grid, PerfrulesError, TableError, parse_grid, read_records, read_table
from workbooks import national, standard, to_bytes

#: PERFRULES_FUZZ_EXAMPLES=5000 for a longer campaign
FUZZ = settings(max_examples=int(os.environ.get("PERFRULES_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: the words a table is made of, so random grids find headers, headings, totals and footnotes
WORDS = (
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
    "指标性质", "指标值", "度量单位", "绩效指标", "产出指标", "效益指标(30分)", "满意度指标（10分）", "(50分)",
    "数量指标", "质量指标", "小计", "总分", "合计", "自评总分：97分", "评价等级：优", "评价等级", "优", "甲",
    "注：1.一级指标分值统一设置为：产出指标50分", "注册人数", "指标1：", "……", "—", "/", "不适用",
    "项目名称", "主管部门", "实施单位", "项目资金（万元）", "年初预算数", "全年预算数（A）", "全年执行数（B）",
    "执行率（B/A）", "年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金", "年度总体目标",
    "预期目标", "实际完成情况", "项目支出绩效自评表", "（2020年度）", "≥735人次", "95.50%", "100%", "98分",
    "过程（基准分30分，自评分28分）", "", " ", "0", "20", "1,234.5", "x",
)  # fmt: skip

texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))
numbers = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
merged = st.sampled_from(["", "", "", "A1:A3", "B2:C2", "F5:F9", "A1:H1"])


@st.composite
def cells(draw, where: str) -> Cell:
    number = draw(st.one_of(st.none(), numbers))
    text = draw(texts) if number is None else str(number)
    return Cell(text, draw(st.sampled_from([where, "s!A1", "s!F5"])), number, draw(st.sampled_from(["", "General", "0.00%"])), "", draw(merged))


@st.composite
def grids(draw) -> Grid:
    n = draw(st.integers(0, 14))
    width = draw(st.integers(0, 10))
    rows = []
    for i in range(n):
        row = [draw(cells(f"s!{chr(65 + j)}{i + 1}")) for j in range(draw(st.integers(max(0, width - 2), width)))]
        rows.append(tuple(row))
    hidden = frozenset(draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=3)))
    return Grid(tuple(rows), tuple(f"s!{i + 1}" for i in range(n)), "s", hidden)


@st.composite
def header_grids(draw) -> Grid:
    """A grid that opens with a real header, so the body is reached, then random rows."""
    grid = draw(grids())
    header = [Cell(w, f"s!{chr(65 + j)}0") for j, w in enumerate(draw(st.permutations(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "指标性质", "绩效指标"]))[: draw(st.integers(4, 9))])]
    return Grid((tuple(header), *grid.rows), ("s!0", *grid.row_names), "s", frozenset(h + 1 for h in grid.hidden))


def _reads_or_refuses(read, *args, **kwargs) -> FilledTable | None:
    try:
        table = read(*args, **kwargs)
    except TableError as exc:
        assert isinstance(exc.path, str)
        return None
    except PerfrulesError:
        return None
    assert isinstance(table, FilledTable)
    return table


@FUZZ
@given(st.one_of(grids(), header_grids()))
def test_any_grid_reads_or_is_refused(grid):
    _reads_or_refuses(parse_grid, grid)


@FUZZ
@given(st.lists(st.lists(st.one_of(st.none(), texts, st.integers(-10**6, 10**6), numbers, st.booleans(), st.floats()), max_size=6), max_size=6), st.lists(st.text(max_size=3), max_size=7))
def test_any_grid_input_is_checked(rows, names):
    """``Grid`` takes text, ``None`` and exact numbers as cells; anything else is refused where it stands."""
    try:
        grid = Grid(rows, names, "s")
    except PerfrulesError:
        return
    _reads_or_refuses(parse_grid, grid)


keys = st.one_of(st.sampled_from([w for w in WORDS if w] + ["资金来源", "指标", "注", "标题", "总分值", "评级", "rows"]), st.text(max_size=4))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**40), 10**40), numbers, st.floats(), texts, st.decimals(allow_nan=True))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)), max_leaves=40)
records = st.lists(st.dictionaries(keys, scalars, max_size=8), max_size=8)


@FUZZ
@given(st.one_of(documents, records, st.dictionaries(keys, st.one_of(records, scalars), max_size=5)))
def test_any_document_reads_or_is_refused(document):
    _reads_or_refuses(read_records, document, source="doc")


_PREFIXES = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{", b"[", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]


@FUZZ
@given(st.sampled_from(_PREFIXES), st.binary(max_size=300), st.sampled_from([None, "xlsx", "json", "csv"]))
def test_any_bytes_read_or_are_refused(prefix, data, format):
    _reads_or_refuses(read_table, prefix + data, format=format)


_WORKBOOK = to_bytes(standard())
_NATIONAL = to_bytes(national())
with zipfile.ZipFile(io.BytesIO(_NATIONAL)) as _archive:
    _MEMBERS = {name: len(_archive.read(name)) for name in _archive.namelist()}


def _rezip(data: bytes, member: str, mutate) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, mutate(body) if info.filename == member else body)
    return out.getvalue()


@st.composite
def mutations(draw, size: int):
    """A list of (position, kind, byte) edits: flip, delete, insert, or cut the rest."""
    return draw(st.lists(st.tuples(st.integers(0, max(size - 1, 0)), st.sampled_from(["flip", "delete", "insert", "cut"]), st.integers(0, 255)), min_size=1, max_size=4))


def _mutate(data: bytes, edits) -> bytes:
    out = bytearray(data)
    for at, kind, byte in edits:
        at = min(at, len(out))
        if kind == "flip" and at < len(out):
            out[at] ^= byte or 1
        elif kind == "delete":
            del out[at : at + 1]
        elif kind == "insert":
            out[at:at] = bytes([byte])
        elif kind == "cut":
            del out[at:]
    return bytes(out)


@FUZZ
@given(st.sampled_from([_WORKBOOK, _NATIONAL]), st.data())
def test_mutated_workbook_bytes_read_or_are_refused(book, data):
    _reads_or_refuses(read_table, _mutate(book, data.draw(mutations(len(book)))))


@st.composite
def xml_edits(draw):
    member = draw(st.sampled_from(sorted(_MEMBERS)))
    return member, draw(mutations(_MEMBERS[member]))


@FUZZ
@given(xml_edits())
def test_mutated_workbook_xml_reads_or_is_refused(edit):
    """The zip is sound, its XML is not: openpyxl's every complaint becomes a TableError."""
    member, edits = edit
    _reads_or_refuses(read_table, _rezip(_NATIONAL, member, lambda body: _mutate(body, edits)))


_JSON = json.dumps(
    {"项目名称": "社区养老", "资金": [{"资金来源": "年度资金总额", "全年预算数": 100, "全年执行数": 95, "执行率": "95%", "分值": 10, "得分": 9.5}],
     "指标": [{"一级指标": "产出指标(50分)", "二级指标": "数量指标", "三级指标": "培训人次", "年度指标值": "≥735人次", "实际完成值": "800人次", "分值": 50, "得分": 50}],
     "总分": 59.5, "评级": "差", "注": ["注：1.说明"]},
    ensure_ascii=False,
)  # fmt: skip
_CSV = "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n产出指标,数量指标,培训人次,≥735人次,800人次,50,50\n总分,,,,,50,50\n"


@FUZZ
@given(st.sampled_from([("json", _JSON), ("csv", _CSV)]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]), st.data())
def test_mutated_exports_read_or_are_refused(kind, encoding, data):
    fmt, text = kind
    raw = text.encode(encoding)
    _reads_or_refuses(read_table, _mutate(raw, data.draw(mutations(len(raw)))), format=data.draw(st.sampled_from([None, fmt])))


def test_the_fuzzed_sources_are_tables_before_mutation():
    """The mutations start from sources that read (so the fuzzing reaches past the first check)."""
    assert len(read_table(_WORKBOOK).rows) == 5
    assert len(read_table(_NATIONAL).rows) >= 5
    assert read_table(_JSON.encode()).total.score.number == Decimal("59.5")
    assert read_table(_CSV.encode()).total.score.text == "50"
    assert perfrules.read_table(_CSV.encode("utf-16"), format="csv").rows[0].cell("得分").text == "50"
