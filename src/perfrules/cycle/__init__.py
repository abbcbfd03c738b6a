"""The rest of the evaluation cycle: review (复核), spot checks (抽查) and rectification (整改)."""

from perfrules.cycle.rectification import (
    ACTIONS,
    Change,
    FollowUpSummary,
    RectificationItem,
    RectificationList,
    Status,
    TransitionError,
    follow_up,
    rectification_list,
)
from perfrules.cycle.rectification_xlsx import read_rectification_xlsx, write_rectification_xlsx
from perfrules.cycle.review import Review, ReviewResult, ReviewRow, RowDifference, read_review, review
from perfrules.cycle.sampling import Sample, SampleRule, draw_rows, draw_tables

__all__ = [
    "ACTIONS",
    "Change",
    "FollowUpSummary",
    "RectificationItem",
    "RectificationList",
    "Review",
    "ReviewResult",
    "ReviewRow",
    "RowDifference",
    "Sample",
    "SampleRule",
    "Status",
    "TransitionError",
    "draw_rows",
    "draw_tables",
    "follow_up",
    "read_rectification_xlsx",
    "read_review",
    "rectification_list",
    "review",
    "write_rectification_xlsx",
]
