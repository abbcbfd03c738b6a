"""perfrules.scale: Arrow batches scored exactly, streamed from files on several processes, bad rows kept in place."""

from __future__ import annotations

from decimal import Decimal

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import columnar  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from w1 import w1_rubric  # noqa: E402

import perfrules  # noqa: E402
from perfrules import FloatRefusedError, InvalidInputError, WrongTypeError  # noqa: E402
from perfrules.kernel import KernelUnsupportedError  # noqa: E402
from perfrules.compiled import Scored  # noqa: E402
from perfrules.scale import RESULT_COLUMNS, RowError, result_schema, score_many, score_record_batch, score_type  # noqa: E402

W1 = w1_rubric()
BROKEN = {3: "direction", 10: "assessment", 57: "direction"}


def expected(data: list[dict], broken: dict[int, str] | None = None) -> list[tuple | None]:
    return columnar.evaluated(W1, data, broken)


def scored(batches) -> list[tuple]:
    if isinstance(batches, pa.RecordBatch):
        batches = [batches]
    table = batches if isinstance(batches, pa.Table) else pa.Table.from_batches(list(batches))
    cols = [table.column(c).to_pylist() for c in ("total", "grade", "grade_label", "item_scores", "error")]
    return [None if e is not None else (t, g, gl, i) for t, g, gl, i, e in zip(*cols, strict=True)]


def test_a_batch_scores_as_evaluate_does_row_by_row():
    """Totals, grades and every item score equal evaluate()'s on the self-evaluation each row stands for; all Decimal."""
    data = columnar.rows(400)
    out = score_record_batch(columnar.table(data), W1)
    assert scored(out) == expected(data)
    assert out.schema.names == columnar.SCHEMA.names + list(RESULT_COLUMNS)
    assert out.schema.field("total").type == pa.decimal128(7, 2) == score_type(W1)  # 100.00 and a digit of headroom
    assert out.schema.field("item_scores").type == pa.list_(pa.decimal128(7, 2))
    assert all(type(v) is Decimal for v in out.column("total").to_pylist())
    assert len(out.column("item_scores")[0]) == 1 + 6 + 1  # execution, six items, satisfaction


def test_ties_round_half_up_exactly():
    """7/8 of 17.5 points is 15.3125: 15.31; 5/8 of 12.5 is 7.8125: 7.81; 3/8 of 12.5 = 4.6875: 4.69."""
    r = columnar.rows(1)[0]
    r["output.target"][:2] = [Decimal(8), Decimal(8)]
    r["output.actual"][:2] = [Decimal(7), Decimal(5)]
    out = score_record_batch(columnar.table([r]), W1)
    items = out.column("item_scores").to_pylist()[0]
    assert items[1:3] == [Decimal("15.31"), Decimal("7.81")]
    r["output.actual"][1] = Decimal(3)
    assert score_record_batch(columnar.table([r]), W1).column("item_scores").to_pylist()[0][2] == Decimal("4.69")


def test_broken_rows_become_located_errors_in_their_own_rows():
    """A table of 1,000 rows with 10 broken: 990 results equal evaluate()'s and 10 errors naming row and field."""
    broken = {i: ("direction", "assessment")[i % 2] for i in range(5, 1000, 100)}
    data = columnar.rows(1000, seed=11, broken=broken)
    out = score_record_batch(columnar.table(data), W1, keep=["id"])
    assert out.num_rows == 1000 and out.column("id").to_pylist() == list(range(1000))
    errors = {i: e for i, e in enumerate(out.column("error").to_pylist()) if e is not None}
    assert sorted(errors) == sorted(broken)
    for i, how in broken.items():
        assert errors[i].startswith(f"rows[{i}].output") and columnar.BREAKS[how] in errors[i]
    assert scored(out) == expected(data, broken)
    assert out.column("total").null_count == 10 and out.column("grade").null_count == 10


def test_keep_and_prefix():
    data = columnar.rows(5)
    table = columnar.table(data).append_column("total", pa.array([1] * 5))
    with pytest.raises(InvalidInputError, match="already has column.*total"):
        score_record_batch(table, W1)
    out = score_record_batch(table, W1, keep=["id", "total"], prefix="perfrules_")
    assert out.schema.names == ["id", "total", *(f"perfrules_{c}" for c in RESULT_COLUMNS)]
    assert score_record_batch(table, W1, keep=[]).schema == result_schema(W1)
    with pytest.raises(InvalidInputError, match="no such column to keep: nope"):
        score_record_batch(table, W1, keep=["nope"])
    with pytest.raises(InvalidInputError, match="one string"):
        score_record_batch(table, W1, keep="id")


def test_whole_batch_problems_raise_naming_the_column():
    """A float column, a text column where numbers belong, a missing column: the batch is refused, the column named."""
    table = columnar.table(columnar.rows(3))
    floats = table.set_column(1, "budget", table.column("budget").cast(pa.float64()))
    with pytest.raises(WrongTypeError, match="budget: column is double: floats are refused"):
        score_record_batch(floats, W1)
    weights = pa.array([[0.5] * 6] * 3, pa.list_(pa.float64()))
    with pytest.raises(WrongTypeError, match="output.weight: items is double: floats are refused"):
        score_record_batch(table.set_column(3, "output.weight", weights), W1)
    with pytest.raises(WrongTypeError, match="output.target: column is string: expected a list"):
        score_record_batch(table.set_column(5, "output.target", pa.array(["1"] * 3)), W1)
    with pytest.raises(InvalidInputError, match="columns missing: output.direction"):
        score_record_batch(table.drop_columns(["output.direction"]), W1)
    with pytest.raises(KernelUnsupportedError):
        score_record_batch(table, w1_rubric(rounding=perfrules.RoundingPolicy()))
    with pytest.raises(WrongTypeError):
        score_record_batch({"budget": [1]}, W1)


def test_rows_the_kernel_does_not_compute_are_scored_by_evaluate():
    """A ragged row, a missing actual, a value beyond int64 and a negative budget: each scored as evaluate() scores it."""
    data = columnar.rows(6, seed=3)
    data[1]["output.weight"] = data[1]["output.weight"][:5]
    for f in ("direction", "target", "actual", "assessment"):
        data[1][f"output.{f}"] = data[1][f"output.{f}"][:5]
    data[2]["output.actual"][0] = None
    data[3]["output.target"][0] = Decimal("123456789.5")
    data[3]["output.actual"][0] = Decimal("987654321.25")
    table = columnar.table(data)
    big = pa.array([Decimal(10) ** 20] + [Decimal(1)] * 5, pa.decimal128(30, 2))  # 10^22 at 2 places: beyond int64
    table = table.set_column(1, "budget", big)
    out = score_record_batch(table, W1)
    data[0]["budget"] = Decimal(10) ** 20
    for i in range(1, 6):
        data[i]["budget"] = Decimal(1)
    got = scored(out)
    assert got[1][3] and len(got[1][3]) == 1 + 5 + 1
    want = []
    for r in data:
        if r["output.actual"][0] is None:
            want.append(None)
        else:
            want.append(expected([r])[0])
    assert [g for g, w in zip(got, want, strict=True) if w is not None] == [w for w in want if w is not None]
    assert got[2] is None or got[2] == tuple(got[2])  # a missing actual: as evaluate() decides, never a crash


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 40), cut=st.integers(0, 40))
def test_any_slice_of_a_batch_scores_the_same(seed, n, cut):
    """Slices (Arrow offsets into the buffers) and chunked tables give the rows' own results."""
    data = columnar.rows(n, seed=seed)
    table = columnar.table(data)
    whole = scored(score_record_batch(table, W1))
    cut = min(cut, n)
    chunked = pa.concat_tables([table.slice(0, cut), table.slice(cut)])
    assert scored(score_record_batch(chunked, W1)) == whole
    if n:
        assert scored(score_record_batch(table.slice(cut // 2, n - cut // 2), W1)) == whole[cut // 2 :]
    assert whole == expected(data)


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory):
    return columnar.parquet(tmp_path_factory.mktemp("scale"), "w1.parquet", 700, seed=5, broken=BROKEN, row_group_size=200)


@pytest.mark.parametrize("workers", [1, 2])
def test_score_many_streams_a_parquet_file_in_order(parquet_file, workers):
    path, data = parquet_file
    seen = []
    batches = list(score_many(path, W1, workers=workers, batch_size=150, keep=["id"], progress=lambda d, t: seen.append((d, t))))
    assert [b.num_rows for b in batches] == [150, 50, 150, 50, 150, 50, 100]  # row groups of 200, split at 150
    assert pa.Table.from_batches(batches).column("id").to_pylist() == list(range(700))
    assert scored(batches) == expected(data, BROKEN)
    assert seen[-1] == (700, 700) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_score_many_reads_arrow_ipc_and_arrow_data(parquet_file, tmp_path):
    path, data = parquet_file
    table = pq.read_table(path)
    ipc = tmp_path / "w1.arrow"
    with pa.OSFile(str(ipc), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=300):
            writer.write_batch(batch)
    want = expected(data, BROKEN)
    assert scored(score_many(str(ipc), W1, workers=2)) == want
    assert scored(score_many(table, W1)) == want
    assert scored(score_many(iter(table.to_batches(max_chunksize=100)), W1, workers=2)) == want
    with pytest.raises(InvalidInputError, match="neither a Parquet nor an Arrow IPC file"):
        list(score_many(tmp_path / "w1.arrow.txt" if (tmp_path / "w1.arrow.txt").write_text("x") else ipc, W1))
    with pytest.raises(InvalidInputError, match="no such file"):
        list(score_many(tmp_path / "missing.parquet", W1))


@pytest.mark.parametrize("workers", [1, 2])
def test_score_many_over_records_keeps_bad_inputs_in_place(workers):
    """Self-evaluations in, Scored out (as evaluate()); an input that cannot be scored is a RowError in its place."""
    data = columnar.rows(40, seed=9)
    inputs: list = [columnar.self_evaluation(r) for r in data]
    inputs[7] = {"funds": {"adjusted": 0.5, "executed": Decimal(1)}, "items": []}  # a float
    inputs[20] = "not an input"
    out = list(score_many(iter(inputs), W1, workers=workers, chunk_size=6))
    assert len(out) == 40
    assert isinstance(out[7], RowError) and out[7].index == 7 and "float" in str(out[7])
    assert isinstance(out[20], RowError) and out[20].input == "not an input" and not out[20].ok
    for i, (got, r) in enumerate(zip(out, data, strict=True)):
        if i in (7, 20):
            continue
        assert isinstance(got, Scored) and got.ok
        assert (got.total, got.grade.code, got.grade.label_zh, [s for _, s in got.item_scores]) == expected([r])[0]
    assert out[0].explain().total == out[0].total


def test_score_many_refuses_bad_arguments(parquet_file):
    path, _ = parquet_file
    for kwargs, match in (
        ({"workers": -1}, "workers must be"),
        ({"workers": 1.5}, "workers must be an int"),
        ({"batch_size": 0}, "batch_size must be a positive int"),
        ({"chunk_size": True}, "chunk_size must be a positive int"),
    ):
        with pytest.raises(InvalidInputError, match=match):
            score_many(path, W1, **kwargs)
    with pytest.raises(WrongTypeError, match="expected a Rubric"):
        score_many(path, "W1")
    for source in (12, b"bytes", {"budget": [1]}):
        with pytest.raises(WrongTypeError, match="expected a file path"):
            score_many(source, W1)
    with pytest.raises(WrongTypeError, match="expected record batches"):
        list(score_many(iter([columnar.table(columnar.rows(2)).to_batches()[0], 3]), W1))


def test_float_columns_in_a_file_are_refused_naming_the_column(tmp_path):
    table = columnar.table(columnar.rows(3))
    path = tmp_path / "floats.parquet"
    pq.write_table(table.set_column(2, "executed", table.column("executed").cast(pa.float64())), path)
    with pytest.raises(WrongTypeError, match="executed: column is double"):
        list(score_many(path, W1))


def test_scalar_float_values_are_refused():
    """Floats inside an object column never become numbers either."""
    from perfrules.scale.arrow_columns import scaled_ints

    with pytest.raises(FloatRefusedError):
        scaled_ints(pa.array([0.1, 0.2]), 2, "x")


def test_odd_arrow_layouts_found_in_review():
    """Fixed-size lists with a null row, scales far apart, a wide decimal256, None among records, row numbers
    counted over the whole stream: each scored or refused as a perfrules error, never another exception."""
    data = columnar.rows(3, seed=4)
    table = columnar.table(data)
    fixed = table
    for name in [n for n in table.schema.names if n.startswith("output.")]:
        column = table.column(name).combine_chunks()
        fixed = fixed.set_column(fixed.schema.get_field_index(name), name, column.cast(pa.list_(column.type.value_type, 6)))
    weights = fixed.column("output.weight").to_pylist()
    weights[0] = None
    fixed = fixed.set_column(3, "output.weight", pa.array(weights, fixed.schema.field("output.weight").type))
    out = score_record_batch(fixed, W1)
    assert out.column("error").to_pylist()[0] is None or "rows[0]" in out.column("error").to_pylist()[0]
    assert scored(out)[1:] == expected(data)[1:]
    # a weight at 21 places, a target at 19 next to integer actuals, a budget at 19 next to an integer executed
    wide = table.set_column(3, "output.weight", table.column("output.weight").cast(pa.list_(pa.decimal128(30, 21))))
    assert scored(score_record_batch(wide, W1)) == expected(data)
    ints = [[int(a) if a is not None else None for a in r["output.actual"]] for r in data]
    mixed = table.set_column(5, "output.target", table.column("output.target").cast(pa.list_(pa.decimal128(38, 19))))
    mixed = mixed.set_column(6, "output.actual", pa.array(ints, pa.list_(pa.int64())))
    for r, row in zip(data, ints, strict=True):
        r["output.actual"] = [None if a is None else Decimal(a) for a in row]
    assert scored(score_record_batch(mixed, W1)) == expected(data)
    with pytest.raises(WrongTypeError, match="wider than decimal128"):
        score_record_batch(table.set_column(1, "budget", table.column("budget").cast(pa.decimal256(50, 2))), W1)
    with pytest.raises(WrongTypeError, match="project must be a Project"):
        score_record_batch(table, W1, project="x")
    se = columnar.self_evaluation(columnar.rows(1)[0])
    out = list(score_many([None, se], W1))
    assert isinstance(out[0], RowError) and isinstance(out[1], Scored)


def test_errors_name_rows_of_the_whole_stream(parquet_file):
    path, _ = parquet_file
    errors = [e for b in score_many(path, W1, batch_size=150) for e in b.column("error").to_pylist() if e]
    assert sorted(int(e.split("]")[0].removeprefix("rows[")) for e in errors) == sorted(BROKEN)


def test_a_corrupt_parquet_page_is_a_perfrules_error(tmp_path, parquet_file):
    path, _ = parquet_file
    data = bytearray(path.read_bytes())
    data[200:400] = b"\x00" * 200  # inside the first row group's pages; the footer stays readable
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(bytes(data))
    with pytest.raises(perfrules.PerfrulesError):
        list(score_many(broken, W1))
