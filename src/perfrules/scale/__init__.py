"""Scale-out: score a million tables exactly — streamed on every core, or on Spark or Dask.

* :func:`score_record_batch` — one Arrow record batch in, the same rows with ``total``, ``grade``,
  ``grade_label``, ``item_scores`` (``decimal128`` of the rubric's places) and ``error`` out;
  the function every engine builds on.
* :func:`score_many` — a Parquet or Arrow IPC file, Arrow data, or any iterable of inputs, scored
  lazily, in order, in bounded memory, on ``workers`` processes.
* :func:`perfrules.scale.spark.score_spark` and :func:`perfrules.scale.dask.score_dask` — the same
  on a Spark or a Dask data frame (extras ``[spark]`` and ``[dask]``).

Needs pyarrow and numpy (``pip install perfrules[arrow]``); ``import perfrules`` does not import it.
"""

from perfrules.scale.arrow_columns import arrow_columns
from perfrules.scale.batch import RESULT_COLUMNS, result_schema, score_record_batch, score_type
from perfrules.scale.stream import RowError, score_many

__all__ = ["RESULT_COLUMNS", "RowError", "arrow_columns", "result_schema", "score_many", "score_record_batch", "score_type"]
