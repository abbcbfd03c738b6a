"""Spark: :func:`score_spark` scores a Spark data frame with :func:`~perfrules.scale.batch.score_record_batch` via ``mapInArrow``.

The data frame holds the kernel's columns (``budget``, ``executed``, ``output.weight`` …: decimals,
arrays of decimals and of strings — as Parquet written from Arrow reads). The result's schema is
declared explicitly from :func:`~perfrules.scale.batch.result_schema`, and every batch a task
returns has exactly that schema, so Spark never casts (it would round a decimal of more places than
declared without a word). A float column is refused here, on the driver, naming the column — not
deep in an executor. Use it with ``df.transform(score_spark, rubric)``.

Spark binds to a non-loopback address unless told otherwise: on a laptop or a CI box set
``SPARK_LOCAL_IP=127.0.0.1`` and ``spark.driver.host`` / ``spark.driver.bindAddress``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

from perfrules.exceptions import WrongTypeError
from perfrules.rubrics.rubric import Rubric
from perfrules.scale.arrow_columns import check_schema
from perfrules.scale.batch import result_schema, score_record_batch

__all__ = ["score_spark", "spark_result_schema"]


def spark_result_schema(df: DataFrame, rubric: Rubric, *, keep: Sequence[str] | None = None, prefix: str = "") -> object:
    """The Spark schema (``StructType``) of :func:`score_spark`'s result for ``df``."""
    arrow = to_arrow_schema(df.schema)
    check_schema(arrow, rubric)
    return from_arrow_schema(result_schema(rubric, arrow, keep=keep, prefix=prefix))


def score_spark(df: DataFrame, rubric: Rubric, *, keep: Sequence[str] | None = None, prefix: str = "") -> DataFrame:
    """``df`` with ``total``, ``grade``, ``grade_label``, ``item_scores`` and ``error`` per row; lazy, as Spark is.

    Raises:
        WrongTypeError: ``df`` is not a Spark data frame, or a column is of the wrong type (a float
            column among them), named.
        InvalidInputError: a required column is missing.
        KernelUnsupportedError: the rubric uses something the columnar path does not compute.
    """
    if not isinstance(df, DataFrame):
        raise WrongTypeError(f"expected a Spark DataFrame, got {type(df).__name__}", path="df")
    schema = spark_result_schema(df, rubric, keep=keep, prefix=prefix)
    names = list(df.columns)

    def score(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            batch = pa.RecordBatch.from_arrays(batch.columns, names=names)  # the columns' own names again
            yield score_record_batch(batch, rubric, keep=keep, prefix=prefix)

    # mapInArrow resolves each input column by its bare name, which fails for the layout's dotted
    # names (``output.weight``): the columns travel under positional names and get theirs back above
    return df.toDF(*(f"_{i}" for i in range(len(names)))).mapInArrow(score, schema)
