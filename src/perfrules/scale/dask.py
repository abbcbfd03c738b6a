"""Dask: :func:`score_dask` scores a Dask data frame partition by partition with :func:`score_partition`.

The partitions hold the kernel's columns as pandas columns of ``pd.ArrowDtype`` (what
``dd.read_parquet(..., dtype_backend="pyarrow")`` gives): each partition becomes one Arrow record
batch without copying, goes through :func:`~perfrules.scale.batch.score_record_batch`, and comes back
with ``pd.ArrowDtype(pa.decimal128(p, s))`` scores — never float64. The ``meta`` is declared from
:func:`~perfrules.scale.batch.result_schema`, so Dask knows the types before computing anything.
(Dask's ``.sum()`` on an Arrow decimal column fails on current versions: add decimals per partition
in Python, or in Arrow, instead.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa

from perfrules.exceptions import WrongTypeError
from perfrules.rubrics.rubric import Rubric
from perfrules.scale.arrow_columns import check_schema
from perfrules.scale.batch import result_schema, score_record_batch

__all__ = ["score_dask", "score_partition"]


def _frame(batch: pa.RecordBatch | pa.Table, index: Any = None) -> pd.DataFrame:
    frame = batch.to_pandas(types_mapper=pd.ArrowDtype)
    if index is not None:
        frame.index = index
    return frame


def score_partition(partition: pd.DataFrame, rubric: Rubric, *, keep: Sequence[str] | None = None, prefix: str = "") -> pd.DataFrame:
    """One pandas partition scored: the kept columns and the result columns, Arrow-typed, on the partition's index."""
    if not isinstance(partition, pd.DataFrame):
        raise WrongTypeError(f"expected a pandas DataFrame, got {type(partition).__name__}", path="partition")
    batch = pa.RecordBatch.from_pandas(partition, preserve_index=False)
    return _frame(score_record_batch(batch, rubric, keep=keep, prefix=prefix), partition.index)


def score_dask(ddf: dd.DataFrame, rubric: Rubric, *, keep: Sequence[str] | None = None, prefix: str = "") -> dd.DataFrame:
    """``ddf`` with ``total``, ``grade``, ``grade_label``, ``item_scores`` and ``error`` per row; lazy, as Dask is.

    Raises:
        WrongTypeError: ``ddf`` is not a Dask data frame, or a column is of the wrong type (a float
            column among them), named.
        InvalidInputError: a required column is missing.
        KernelUnsupportedError: the rubric uses something the columnar path does not compute.
    """
    if not isinstance(ddf, dd.DataFrame):
        raise WrongTypeError(f"expected a Dask DataFrame, got {type(ddf).__name__}", path="ddf")
    arrow = pa.Schema.from_pandas(ddf._meta, preserve_index=False)
    check_schema(arrow, rubric)
    meta = _frame(result_schema(rubric, arrow, keep=keep, prefix=prefix).empty_table(), ddf._meta.index)
    return ddf.map_partitions(score_partition, rubric, keep=keep, prefix=prefix, meta=meta)
