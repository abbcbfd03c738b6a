"""Rectification (整改) lists: what an audit or a review found, what must be done about it, by whom, by when.

:func:`rectification_list` turns findings (an audit's, a reviewer's) into a
:class:`RectificationList`: one :class:`RectificationItem` per finding (the same
finding twice, or at several cells of a row, is one), with the problem, the cell or row, the indicator, a required action (a
default per finding code, :data:`ACTIONS`, which the caller may override), the
responsible unit and the deadline. An item's status moves open → in progress →
done → accepted, and back to open with a reason; every move is a :class:`Change`
in its history. :func:`follow_up` compares next year's audit with the list:
an item whose finding (the same code at the same indicator, else at the same
location) is gone is closed as done, one that is back is re-opened.

A list reads and writes as TOML/JSON with ``perfrules.dumps``/``loads``, and as
.xlsx with :mod:`perfrules.cycle.rectification_xlsx`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from perfrules._fields import enum_field, of_type, repeated, tuple_field
from perfrules.exceptions import InvalidInputError, WrongTypeError
from perfrules.findings import Finding, Severity
from perfrules.tables.audit import TableAudit
from perfrules.tables.columns import heading_points
from perfrules.tables.table import FilledTable
from perfrules.messages import catalogue

__all__ = ["ACTIONS", "GENERIC_ACTION", "Change", "FollowUpSummary", "RectificationItem", "RectificationList", "Status", "TransitionError", "follow_up", "indicator_at", "rectification_list"]


class Status(enum.Enum):
    """Where an item stands: open (未整改, or re-opened), in progress (整改中), done (已整改), accepted (已验收)."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ACCEPTED = "accepted"

    @property
    def label_zh(self) -> str:
        return _STATUS_ZH[self]


_STATUS_ZH = {Status.OPEN: "未整改", Status.IN_PROGRESS: "整改中", Status.DONE: "已整改", Status.ACCEPTED: "已验收"}
#: the moves a status may make; back to open needs a reason
_MOVES = {
    Status.OPEN: (Status.IN_PROGRESS, Status.DONE),
    Status.IN_PROGRESS: (Status.DONE, Status.OPEN),
    Status.DONE: (Status.ACCEPTED, Status.OPEN),
    Status.ACCEPTED: (Status.OPEN,),
}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class TransitionError(InvalidInputError):
    """A status change that is not allowed (accepted before done, re-opened without a reason)."""


def _date(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is None and attribute.default is None:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError(f"expected a date, got {type(value).__name__} {value!r}", path=attribute.name, value=value)


def _text(**kwargs: Any) -> Any:
    return attrs.field(validator=of_type(str), **kwargs)


def _check_move(previous: Status, status: Status, note: str) -> None:
    """Raise :class:`TransitionError` unless ``previous → status`` is allowed (with ``note`` as its reason)."""
    if status not in _MOVES[previous]:
        allowed = ", ".join(s.value for s in _MOVES[previous])
        raise TransitionError(f"cannot move from {previous.value} to {status.value} (from {previous.value}: {allowed})", path="status", value=status.value)
    if status is Status.OPEN and not note.strip():
        raise TransitionError(f"re-opening from {previous.value} needs a reason", path="note", value=note)


@attrs.frozen
class Change:
    """One status change of an item: when, from what, to what, why, by whom."""

    on: dt.date = attrs.field(validator=_date)
    previous: Status = enum_field(Status)
    status: Status = enum_field(Status)
    note: str = _text(default="")
    by: str = _text(default="")

    def __attrs_post_init__(self) -> None:
        _check_move(self.previous, self.status, self.note)


@attrs.frozen
class RectificationItem:
    """One problem to rectify.

    Attributes:
        id: its number on the list (序号), unique there.
        problem_zh / problem_en: the problem (问题).
        code: the finding code it came from (``funds.rate``); ``""`` for an item written by hand.
        where: the cell or row (位置, ``自评表!F12``, ``rows.json.指标[3].得分``).
        indicator: the indicator or row name (指标); follow-ups match by it.
        action_zh / action_en: the required action (整改要求).
        unit: the responsible unit (责任单位).
        deadline: the deadline (整改期限); ``None`` when none is set.
        status: where it stands.
        notes: free remarks (备注).
        history: every status change, oldest first; the last one ends at ``status``.
    """

    id: str = _text()
    problem_zh: str = _text(default="")
    problem_en: str = _text(default="")
    code: str = _text(default="")
    where: str = _text(default="")
    indicator: str = _text(default="")
    action_zh: str = _text(default="")
    action_en: str = _text(default="")
    unit: str = _text(default="")
    deadline: dt.date | None = attrs.field(default=None, validator=_date)
    status: Status = enum_field(Status, default=Status.OPEN)
    notes: str = _text(default="")
    history: tuple[Change, ...] = tuple_field(Change, default=())

    def __attrs_post_init__(self) -> None:
        if not self.id or self.id != self.id.strip():
            raise InvalidInputError(f"an item's id must be non-empty text without surrounding space, got {self.id!r}", path="id", value=self.id)
        for i, (before, after) in enumerate(zip(self.history, self.history[1:]), start=1):
            if after.previous is not before.status:
                raise InvalidInputError(f"change {i} starts from {after.previous.value}, but change {i - 1} ended at {before.status.value}", path=f"history[{i}]")
            if after.on < before.on:
                raise InvalidInputError(f"change {i} on {after.on} is dated before change {i - 1} on {before.on}", path=f"history[{i}]")
        if self.history and self.history[-1].status is not self.status:
            raise InvalidInputError(f"the status is {self.status.value} but the last change ends at {self.history[-1].status.value}", path="status", value=self.status.value)

    def problem(self, lang: str = "zh") -> str:
        return self.problem_en if lang == "en" and self.problem_en else self.problem_zh or self.problem_en

    def action(self, lang: str = "zh") -> str:
        return self.action_en if lang == "en" and self.action_en else self.action_zh or self.action_en

    def moved(self, status: Status | str, *, on: dt.date, note: str = "", by: str = "") -> RectificationItem:
        """The item moved to ``status`` on ``on``, the change recorded in its history.

        Raises:
            TransitionError: the move is not allowed (accepted before done; back to open without a reason).
        """
        change = Change(on, self.status, status, note, by)
        return attrs.evolve(self, status=change.status, history=(*self.history, change))

    def start(self, *, on: dt.date, note: str = "", by: str = "") -> RectificationItem:
        return self.moved(Status.IN_PROGRESS, on=on, note=note, by=by)

    def complete(self, *, on: dt.date, note: str = "", by: str = "") -> RectificationItem:
        return self.moved(Status.DONE, on=on, note=note, by=by)

    def accept(self, *, on: dt.date, note: str = "", by: str = "") -> RectificationItem:
        return self.moved(Status.ACCEPTED, on=on, note=note, by=by)

    def reopen(self, reason: str, *, on: dt.date, by: str = "") -> RectificationItem:
        return self.moved(Status.OPEN, on=on, note=reason, by=by)


def _unique_ids(instance: Any, attribute: attrs.Attribute, items: tuple[RectificationItem, ...]) -> None:
    dupes = repeated(item.id for item in items)
    if dupes:
        raise InvalidInputError(f"item ids must be unique; repeated: {', '.join(map(str, dupes))}", path="items", value=list(dupes))


def _year(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10_000):
        raise InvalidInputError(f"expected a year such as 2021, got {value!r}", path="year", value=value)


@attrs.frozen
class RectificationList:
    """A rectification list (整改清单).

    Attributes:
        project: the project (or unit) it is about.
        year: the budget year whose findings it lists.
        items: the items, in list order.
        issued_by: who issued it (the reviewer, the finance bureau).
        issued_on: when it was issued.
        notes: remarks on the list as a whole (its source).
    """

    project: str = _text(default="")
    year: int | None = attrs.field(default=None, validator=_year)
    items: tuple[RectificationItem, ...] = tuple_field(RectificationItem, default=(), validator=_unique_ids)
    issued_by: str = _text(default="")
    issued_on: dt.date | None = attrs.field(default=None, validator=_date)
    notes: tuple[str, ...] = tuple_field(str, default=())

    def item(self, id: str) -> RectificationItem:
        for item in self.items:
            if item.id == id:
                return item
        raise KeyError(id)

    def with_item(self, item: RectificationItem) -> RectificationList:
        """The list with ``item`` in place of the item of its id (appended when new)."""
        ids = [i.id for i in self.items]
        items = [item if i.id == item.id else i for i in self.items] if item.id in ids else [*self.items, item]
        return attrs.evolve(self, items=tuple(items))

    def moved(self, id: str, status: Status | str, *, on: dt.date, note: str = "", by: str = "") -> RectificationList:
        """The list with item ``id`` moved to ``status`` (see :meth:`RectificationItem.moved`)."""
        return self.with_item(self.item(id).moved(status, on=on, note=note, by=by))

    def counts(self) -> dict[Status, int]:
        """How many items stand at each status."""
        return {s: sum(1 for i in self.items if i.status is s) for s in Status}

    @property
    def open_items(self) -> tuple[RectificationItem, ...]:
        """Items not yet done (open or in progress)."""
        return tuple(i for i in self.items if i.status in (Status.OPEN, Status.IN_PROGRESS))

    def render(self, lang: str = "zh") -> str:
        """One line per item: ``1. [未整改] 位置 指标：问题 → 整改要求（责任单位，期限）``."""
        lines = []
        for i in self.items:
            status = i.status.label_zh if lang == "zh" else i.status.value
            due = "" if i.deadline is None else i.deadline.isoformat()
            sep = "，" if lang == "zh" else ", "
            tail = sep.join(x for x in (i.unit, due) if x)
            lines.append(f"{i.id}. [{status}] {i.where} {i.indicator}: {i.problem(lang)} → {i.action(lang)}" + (f" ({tail})" if tail else ""))
        return "\n".join(lines)


# ------------------------------------------------------------------ default actions
#: the action of a finding code no action is written for (``action.generic``)
GENERIC_ACTION = (catalogue()["action.generic"]["zh"], catalogue()["action.generic"]["en"])


#: The default action per finding code as a Chinese and English pair, from the catalogue's ``action.*`` ids (texts/actions.toml)
ACTIONS: dict[str, tuple[str, str]] = {
    key.removeprefix("action."): (texts["zh"], texts["en"])
    for key, texts in catalogue().items()
    if key.startswith("action.") and key != "action.generic"
}


# ------------------------------------------------------------------ locations and indicators
def _names(table: FilledTable) -> dict[str, str]:
    """The indicator (or heading, fund row, 总分) every located cell and row of ``table`` belongs to."""
    names: dict[str, str] = {}
    for h in table.headings:
        for cell in (h.cell, h.score_cell):
            if cell is not None and cell.where:
                names.setdefault(cell.where, h.name)
    for row in table.rows:
        names.setdefault(row.where, row.name)
        for column, cell in row.cells:
            label = heading_points(cell.text)[0] if column in ("一级指标", "二级指标") else ""
            names.setdefault(cell.where, label or row.name)
    for fund in table.funds:
        for cell in (fund.label, *(c for _, c in fund.cells)):
            names.setdefault(cell.where, fund.label.text.strip())
        names.setdefault(fund.where, fund.label.text.strip())
    if table.total is not None:
        for cell in (table.total.label, table.total.points, table.total.score):
            if cell is not None:
                names.setdefault(cell.where, "总分")
        names.setdefault(table.total.where, "总分")
    if table.grade is not None:
        names.setdefault(table.grade.where, "评级")
    names.pop("", None)
    return names


def _rows(table: FilledTable) -> dict[str, str]:
    """The row every located cell of ``table`` sits in."""
    return {cell.where: row.where for row in (*table.rows, *table.funds) for _, cell in row.cells if cell.where}


def indicator_at(table: FilledTable | None, finding: Finding) -> str:
    """The indicator (row or heading name) a finding is about: from ``table`` when given, else from the
    finding's ``indicator`` or ``name`` data; ``""`` when neither says."""
    return _indicator({} if table is None else _names(table), finding)


def _indicator(names: Mapping[str, str], finding: Finding) -> str:
    if finding.path in names:
        return names[finding.path]
    inside = [w for w in names if finding.path.startswith(w) and finding.path[len(w) : len(w) + 1] in (".", "[", ":", "!")]
    if inside:
        return names[max(inside, key=len)]
    for key in ("indicator", "name"):
        value = finding.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _tail(path: str) -> str:
    """A location without the file it is in (``2020.json.总分`` → ``总分``), to compare across years."""
    return re.sub(r"^[^!]*?\.(?:json|csv|toml|xlsx|xlsm)[.:]", "", path)


# ------------------------------------------------------------------ from findings
def _unpack(findings: TableAudit | Iterable[Finding], table: FilledTable | None) -> tuple[list[Finding], FilledTable | None]:
    if isinstance(findings, TableAudit):
        return list(findings.findings), table or findings.table
    if isinstance(findings, (str, bytes)) or not isinstance(findings, Iterable):
        raise WrongTypeError(f"expected a TableAudit or findings, got {type(findings).__name__}", path="findings", value=findings)
    found = list(findings)
    for i, f in enumerate(found):
        if not isinstance(f, Finding):
            raise InvalidInputError(f"expected a Finding, got {type(f).__name__}", path=f"findings[{i}]", value=f)
    return found, table


def rectification_list(
    findings: TableAudit | Iterable[Finding],
    *,
    unit: str,
    deadline: dt.date,
    actions: Mapping[str, str | tuple[str, str]] | None = None,
    min_severity: Severity = Severity.WARNING,
    project: str | None = None,
    year: int | None = None,
    issued_by: str = "",
    issued_on: dt.date | None = None,
    table: FilledTable | None = None,
) -> RectificationList:
    """A rectification list with one open item per finding (the same finding twice, or at several cells of one row, is one item).

    Args:
        findings: an audit (its findings, located in its table) or findings (an audit's and a reviewer's).
        unit: the responsible unit of every item.
        deadline: the deadline of every item.
        actions: required actions by finding code (``"…"`` or ``("…", "…")`` in zh and en) in place of
            :data:`ACTIONS`; a code in neither gets :data:`GENERIC_ACTION`.
        min_severity: findings below it are left out (infos by default).
        project: the project; by default the table's 项目名称.
        year / issued_by / issued_on: the list's year, issuer and date.
        table: the table the findings are located in (an audit's own by default): names the indicators.
    """
    found, table = _unpack(findings, table)
    own = {code: (a, "") if isinstance(a, str) else tuple(a) for code, a in (actions or {}).items()}
    if project is None:
        cell = table.project_field("项目名称") if table is not None else None
        project = "" if cell is None else cell.text.strip()
    rows, names = (_rows(table), _names(table)) if table is not None else ({}, {})
    items: list[RectificationItem] = []
    seen: dict[tuple[str, str], int] = {}
    for f in found:
        if _RANK[f.severity] > _RANK[Severity(min_severity)]:
            continue
        key = (f.code, rows.get(f.path, f.path), f.message_zh or f.message_en)
        if key in seen:  # the same finding again (an audit's and a reviewer's, or at another cell of its row): one item
            i = seen[key]
            if f.path != items[i].where and f.path not in items[i].notes:
                items[i] = attrs.evolve(items[i], notes=f"{items[i].notes}；另见 {f.path}".lstrip("；"))
            continue
        zh, en = own.get(f.code) or ACTIONS.get(f.code, GENERIC_ACTION)
        seen[key] = len(items)
        items.append(RectificationItem(str(len(items) + 1), f.message_zh or f.message_en, f.message_en, f.code, f.path, _indicator(names, f), zh, en, unit, deadline))
    return RectificationList(project, year, tuple(items), issued_by, issued_on)


# ------------------------------------------------------------------ follow-up
@attrs.frozen
class FollowUpSummary:
    """What a follow-up found, by item id.

    Attributes:
        closed: open or in-progress items whose finding is gone: now done.
        reopened: done or accepted items whose finding is back: now open.
        persisting: open or in-progress items whose finding is still there.
        confirmed: done or accepted items whose finding stays gone.
        unchecked: items with no finding code: a table cannot tell.
        new: findings of the audit that no item lists.
    """

    closed: tuple[str, ...] = ()
    reopened: tuple[str, ...] = ()
    persisting: tuple[str, ...] = ()
    confirmed: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    new: tuple[Finding, ...] = ()

    def render(self, lang: str = "zh") -> str:
        labels = ("已销号", "重新打开", "仍存在", "确认已整改", "无法核对", "新发现") if lang == "zh" else ("closed", "re-opened", "persisting", "confirmed", "unchecked", "new")
        counts = (self.closed, self.reopened, self.persisting, self.confirmed, self.unchecked)
        parts = [f"{label} {len(ids)}" + (f" ({', '.join(ids)})" if ids else "") for label, ids in zip(labels, counts)]
        return "; ".join([*parts, f"{labels[5]} {len(self.new)}"])


def _same(item: RectificationItem, f: Finding, name: str) -> bool:
    if f.code != item.code:
        return False
    if item.indicator and name:
        return item.indicator == name
    return f.path == item.where or _tail(f.path) == _tail(item.where)


def follow_up(
    rectification: RectificationList,
    next_audit: TableAudit | Iterable[Finding],
    *,
    on: dt.date | None = None,
    by: str = "",
    table: FilledTable | None = None,
    min_severity: Severity = Severity.WARNING,
) -> tuple[RectificationList, FollowUpSummary]:
    """Compare next year's audit (or findings) with the list: close what is gone, re-open what is back.

    An item matches a finding of the same code at the same indicator (by name: locations move between
    years), or at the same location when either has no indicator name.

    Args:
        rectification: the list to follow up.
        next_audit: next year's audit, or its findings (and a reviewer's).
        on: the date of the changes (today by default).
        by: who made them.
        table: the table the findings are located in (the audit's own by default).
        min_severity: findings below it are not reported as new.
    """
    found, table = _unpack(next_audit, table)
    on = on or dt.date.today()
    names = {} if table is None else _names(table)
    located = [(f, _indicator(names, f)) for f in found]
    matched: set[int] = set()
    items, summary = [], {k: [] for k in ("closed", "reopened", "persisting", "confirmed", "unchecked")}
    for item in rectification.items:
        hits = [i for i, (f, name) in enumerate(located) if item.code and _same(item, f, name)]
        matched.update(hits)
        done = item.status in (Status.DONE, Status.ACCEPTED)
        if not item.code:
            summary["unchecked"].append(item.id)
        elif hits and done:
            f = located[hits[0]][0]
            item = item.reopen(f"复查再次发现：{f.message_zh or f.message_en}（{f.path}）", on=on, by=by)
            summary["reopened"].append(item.id)
        elif hits:
            summary["persisting"].append(item.id)
        elif done:
            summary["confirmed"].append(item.id)
        else:
            item = item.complete(on=on, note=f"复查未再发现该问题（{item.code}），予以销号", by=by)
            summary["closed"].append(item.id)
        items.append(item)
    new = tuple(f for i, (f, _) in enumerate(located) if i not in matched and _RANK[f.severity] <= _RANK[Severity(min_severity)])
    return attrs.evolve(rectification, items=tuple(items)), FollowUpSummary(**{k: tuple(v) for k, v in summary.items()}, new=new)
