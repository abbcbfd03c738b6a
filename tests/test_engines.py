"""Spark (local[2]) and Dask (a 2-worker LocalCluster), both on loopback: the engines' results equal evaluate()'s card by card."""

from __future__ import annotations

import doctest
import os
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import columnar  # noqa: E402
from w1 import w1_rubric  # noqa: E402

import perfrules  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
W1 = w1_rubric()
BROKEN = {i: ("direction", "assessment")[i % 2] for i in range(7, 1000, 100)}
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    """A table of 1,000 rows, 10 of them broken, as a Parquet file in 4 row groups."""
    return columnar.parquet(tmp_path_factory.mktemp("engines"), "thousand.parquet", 1000, seed=21, broken=BROKEN, row_group_size=250)


def check(rows: list[dict], data: list[dict], types: tuple[type, ...] = (Decimal,)) -> None:
    """990 results equal evaluate()'s, decimals as Decimal; 10 errors, each naming its row and field."""
    assert sorted(r["id"] for r in rows) == list(range(1000))
    want = {i: (total, grade, items) for i, r in enumerate(columnar.evaluated(W1, data, BROKEN)) if r for total, grade, _, items in [r]}
    errors = {r["id"]: r["error"] for r in rows if r["error"] is not None}
    assert sorted(errors) == sorted(BROKEN)
    for i, how in BROKEN.items():
        assert errors[i].startswith(f"rows[") and ".output" in errors[i] and columnar.BREAKS[how] in errors[i]
    got = {r["id"]: (r["total"], r["grade"], list(r["item_scores"])) for r in rows if r["error"] is None}
    assert got == want
    assert all(type(v) in types for t, _, items in got.values() for v in (t, *items))


# ---- Spark --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("no Java runtime: Spark needs one (.ci/run installs openjdk-17-jre-headless where it can)")
    pytest.importorskip("pyspark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("perfrules-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.files.maxPartitionBytes", "16k")  # the small file in several partitions
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_scores_as_evaluate_does_and_keeps_bad_rows(spark, thousand):
    from perfrules.scale.spark import score_spark

    path, data = thousand
    df = spark.read.parquet(str(path))
    assert df.rdd.getNumPartitions() > 1
    result = df.transform(score_spark, W1, keep=["id"])
    schema = {f.name: f.dataType.simpleString() for f in result.schema.fields}
    assert schema == {"id": "bigint", "total": "decimal(7,2)", "grade": "string", "grade_label": "string",
                      "item_scores": "array<decimal(7,2)>", "error": "string"}  # fmt: skip
    check([r.asDict() for r in result.collect()], data)


def test_spark_refuses_a_float_column_on_the_driver(spark, thousand):
    from perfrules.scale.spark import score_spark

    path, _ = thousand
    df = spark.read.parquet(str(path))
    floats = df.withColumn("budget", df["budget"].cast("double"))
    with pytest.raises(perfrules.WrongTypeError, match="budget: column is double: floats are refused"):
        score_spark(floats, W1)
    with pytest.raises(perfrules.WrongTypeError, match="expected a Spark DataFrame"):
        score_spark(data := [1], W1)  # noqa: F841


# ---- Dask ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client():
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0", processes=True
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_scores_as_evaluate_does_and_keeps_bad_rows(dask_client, thousand):
    import dask.dataframe as dd
    import pandas as pd

    from perfrules.scale.dask import score_dask, score_partition

    path, data = thousand
    ddf = dd.read_parquet(str(path), dtype_backend="pyarrow", split_row_groups=True)
    assert ddf.npartitions == 4
    result = score_dask(ddf, W1, keep=["id"])
    assert str(result.dtypes["total"]) == "decimal128(7, 2)[pyarrow]"  # known before computing
    frame = result.compute()
    assert isinstance(frame["total"].dtype, pd.ArrowDtype) and str(frame["item_scores"].dtype).startswith("list<")
    check(frame.to_dict("records"), data)
    part = score_partition(ddf.partitions[0].compute(), W1, keep=["id"])
    assert part["id"].tolist() == list(range(250))
    with pytest.raises(perfrules.WrongTypeError, match="expected a Dask DataFrame"):
        score_dask(frame, W1)


# ---- the page --------------------------------------------------------------------------------------------


def test_the_scale_page_runs(spark, dask_client, tmp_path, monkeypatch):
    """docs/scale.md: every example, run in a fresh folder, prints what the page shows."""
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.S))
    test = doctest.DocTestParser().get_doctest(code, {}, "scale.md", "docs/scale.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 10
