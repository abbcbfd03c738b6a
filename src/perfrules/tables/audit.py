"""``audit(table, rubric=None)``: every stated figure of a filled table checked, every finding at its cell.

Without a rubric the table is checked against itself (:mod:`perfrules.tables.checks`)
and its printed scheme collected. With a rubric the scheme is compared with
the rubric's, the table is derived into a self-evaluation, scored, and every
stated row score, the total and the grade are compared with the rubric's
— differences within the caller's tolerance pass. Each check ends passed,
failed, not applicable or short of data; a failed one is a coded finding
with its severity, the stated and recomputed values, zh/en messages and the
cell to fix. What the reader noticed and what could not be read come along.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules.evaluation.evaluate import evaluate
from perfrules.evaluation.result import EvaluationResult
from perfrules.exceptions import TableError, WrongTypeError
from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.rubrics.rubric import Rubric
from perfrules.rules.grading import GradeScale
from perfrules.rules.rounding import RoundingMode, round_exact
from perfrules.tables.checks import AuditCheck, AuditPolicy, CheckState
from perfrules.tables.derive import Derived, to_self_evaluation
from perfrules.tables.fund_checks import fund_checks
from perfrules.tables.row_checks import row_checks
from perfrules.tables.scheme import TableScheme, compare_scheme, infer_row_points, table_scheme
from perfrules.tables.sum_checks import heading_checks, total_checks
from perfrules.tables.table import FilledTable, IndicatorRow
from perfrules.messages import en_zh

__all__ = ["TableAudit", "audit", "table_checks"]

#: evaluation findings an audit states itself, as checks located at the cell
_RESTATED = frozenset({
    "score.claimed_differs", "score.claimed_above_max", "total.claimed_differs", "total.claimed_parts_sum",
    "grade.claimed_differs", "total.above_base",
    "weights.sum_mismatch",  # heading.points_sum, at the heading's cell
    "structure.duplicate_name",  # row.duplicate, at the second row's name
    "pair.implausible", "actual.far_above_target", "unit.incompatible", "unit.mismatch",  # the row checks read every pair, at the actual's cell
    "grade.claimed_inconsistent",  # grade.band
})  # fmt: skip
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
#: explanation clauses of a row the rubric cannot re-score from what the table states
_UNSCORABLE = {"qualitative.no_judgement": ("a qualitative row the table gives no judgement for", "定性指标未给出评价等级"), "target.missing": ("a row with no target", "未填年度指标值")}
_NO_POINTS = ("a row printing no 分值 of its own (its group's points are merged over its rows)", "该行未单独填分值（分值为所在组合并填列）")


@attrs.frozen
class TableAudit:
    """What an audit of a filled table found.

    Attributes:
        table: the table audited (with inferred points, when asked for).
        checks: every check and how it ended.
        findings: failed checks, scheme differences, what the reader noticed,
            what could not be read and — with a rubric — the evaluation's
            findings, each located at a cell or row; errors first.
        scheme: the block points the table prints.
        rubric_code: the rubric re-scored with (``""`` without one).
        derived: the self-evaluation derived from the table (with a rubric).
        evaluation: the rubric's result for it (with a rubric).
    """

    table: FilledTable
    checks: tuple[AuditCheck, ...]
    findings: tuple[Finding, ...]
    scheme: TableScheme
    rubric_code: str = ""
    derived: Derived | None = None
    evaluation: EvaluationResult | None = None

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """No error-level finding."""
        return not self.errors

    def states(self) -> dict[CheckState, int]:
        """How many checks ended in each state."""
        counts = Counter(c.state for c in self.checks)
        return {state: counts.get(state, 0) for state in CheckState}

    def findings_by_code(self, code: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.code == code)

    def render(self, lang: str = "zh") -> str:
        """The findings, one per line, errors first, then the count of checks by state."""
        lines = [f.render(lang) for f in self.findings]
        states = self.states()
        if lang == "zh":
            tail = f"核查 {len(self.checks)} 项：通过 {states[CheckState.PASSED]}，不符 {states[CheckState.FAILED]}，不适用 {states[CheckState.NOT_APPLICABLE]}，数据不足 {states[CheckState.INSUFFICIENT_DATA]}"
        else:
            tail = f"{len(self.checks)} checks: {states[CheckState.PASSED]} passed, {states[CheckState.FAILED]} failed, {states[CheckState.NOT_APPLICABLE]} not applicable, {states[CheckState.INSUFFICIENT_DATA]} insufficient data"
        return "\n".join([*lines, tail])


def _grouped(table: FilledTable) -> set[str]:
    """Rows whose 分值 is their group's, merged over them: the rows state no points of their own."""
    return {r.where for r in table.rows if (c := r.cell("分值")) is not None and c.blank and bool(c.merged)}


def _rescored(derived: Derived, result: EvaluationResult, table: FilledTable, tolerance: Decimal) -> list[AuditCheck]:
    rows: dict[str, IndicatorRow] = {r.where: r for r in table.rows}
    grouped = _grouped(table)
    weightless = {f.path for f in result.findings if f.code == "weights.missing"}
    checks: list[AuditCheck] = []
    unjudged: list[str] = []
    for node in result.leaves():
        row_where = derived.locate(node.path)
        row = rows.get(row_where)
        cell = None if row is None else row.cell("得分")
        where = cell.where if cell is not None else row_where
        clause = node.explanation.clause if node.explanation is not None else ""
        why = _UNSCORABLE.get(clause) or (_NO_POINTS if node.path in weightless and row_where in grouped else None)
        if not node.applicable or (node.claimed is None and why is None):
            state = CheckState.NOT_APPLICABLE if not node.applicable else CheckState.INSUFFICIENT_DATA
            en, zh = ("the row is not applicable", "该行不适用") if not node.applicable else ("no 得分 is stated", "未填得分")
            checks.append(AuditCheck("row.rescored", state, where, Severity.WARNING, node.claimed, None, f"{node.name}: {en}", f"{node.name}：{zh}", (("path", node.path), ("rule", node.rule))))
            continue
        if why is not None:
            # the table does not state what the rubric needs to score the row: it cannot be re-scored
            unjudged.append(where)
            checks.append(AuditCheck(
                "row.rescored", CheckState.INSUFFICIENT_DATA, where, Severity.WARNING, node.claimed, None,
                *en_zh("row.rescored", node_name=node.name, why_0=why[0], result_rubric_code=result.rubric_code, why_1=why[1]),
                (("path", node.path), ("rule", node.rule)),
            ))  # fmt: skip
            continue
        assert node.claimed is not None
        exponent = node.claimed.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        diff = abs(Fraction(node.claimed) - node.exact_score)
        # within the caller's tolerance, or the rubric's score printed at the table's (fewer) places
        ok = diff <= Fraction(tolerance) or (places > 0 and round_exact(node.exact_score, places, RoundingMode.HALF_UP) == node.claimed)
        checks.append(AuditCheck(
            "row.rescored", CheckState.PASSED if ok else CheckState.FAILED, where, Severity.WARNING, node.claimed, node.score,
            f"{node.name}: the stated score {fmt(node.claimed)} differs from {fmt(node.score)} by the rubric {result.rubric_code}" if not ok else f"{node.name}: the stated score {fmt(node.claimed)} is the rubric's {fmt(node.score)}",
            f"{node.name}：填报得分 {fmt(node.claimed)}，按现行规则 {result.rubric_code} 应为 {fmt(node.score)}" if not ok else f"{node.name}：填报得分 {fmt(node.claimed)} 与现行规则一致",
            (("path", node.path), ("rule", node.rule)),
        ))  # fmt: skip
    index = dict(derived.where)
    if unjudged:
        for code, stated, key in (("total.rescored", result.claimed_total, "total"), ("grade.rescored", result.claimed_grade, "grade")):
            if stated is not None:
                checks.append(AuditCheck(
                    code, CheckState.INSUFFICIENT_DATA, index.get(key, ""), Severity.WARNING, stated, None,
                    *en_zh("tables.audit._rescored", len_unjudged=len(unjudged), unjudged_0=unjudged[0], key=key, 总分_if_key_total_else_评级='总分' if key == 'total' else '评级'),
                    (("rows", tuple(unjudged)),),
                ))  # fmt: skip
        return checks
    if result.claimed_total is not None:
        diff = abs(Fraction(result.claimed_total) - result.total_exact)
        state = CheckState.PASSED if diff <= Fraction(tolerance) or result.claimed_total == result.total else CheckState.FAILED
        checks.append(AuditCheck(
            "total.rescored", state, index.get("total", ""), Severity.WARNING, result.claimed_total, result.total,
            f"the stated total {fmt(result.claimed_total)} is {fmt(result.total)} by the rubric {result.rubric_code}" if state is CheckState.FAILED else f"the stated total {fmt(result.claimed_total)} is the rubric's {fmt(result.total)}",
            f"填报总分 {fmt(result.claimed_total)}，按现行规则 {result.rubric_code} 为 {fmt(result.total)}" if state is CheckState.FAILED else f"填报总分 {fmt(result.claimed_total)} 与现行规则一致",
        ))  # fmt: skip
    if result.claimed_grade:
        stated = result.claimed_grade.strip()
        same = stated in (result.grade.label_zh, result.grade.label_en, result.grade.code) or stated.rstrip("秀好等") == result.grade.label_zh
        checks.append(AuditCheck(
            "grade.rescored", CheckState.PASSED if same else CheckState.FAILED, index.get("grade", ""), Severity.WARNING, stated, result.grade.label_zh,
            f"the stated grade {stated} is {result.grade.label_zh} by the rubric {result.rubric_code}" if not same else f"the stated grade {stated} is the rubric's",
            f"填报评级“{stated}”，按现行规则 {result.rubric_code} 为“{result.grade.label_zh}”" if not same else f"填报评级“{stated}”与现行规则一致",
        ))  # fmt: skip
    return checks


def table_checks(table: FilledTable, *, base: Decimal = Decimal(100), grades: GradeScale | None = None, policy: AuditPolicy | None = None) -> tuple[AuditCheck, ...]:
    """Every check of ``table`` against itself, in table order: funds, headings, rows, totals."""
    policy = policy or AuditPolicy()
    checks: list[AuditCheck] = [*fund_checks(table), *heading_checks(table), *row_checks(table, policy)]
    checks += total_checks(table, base, grades or policy.grades)
    return tuple(checks)


def audit(
    table: FilledTable,
    rubric: Rubric | None = None,
    *,
    year: int | None = None,
    policy: AuditPolicy | None = None,
    infer_points: bool = False,
) -> TableAudit:
    """Audit a filled table: against itself, and with ``rubric`` against the rules in force.

    Args:
        table: the table as read (:func:`perfrules.read_table <perfrules.tables.read.read_table>`).
        rubric: the rubric in force; without it the table is checked against itself only.
        year: the budget year, when the table does not state it (needed to re-score).
        policy: tolerances and word lists (:class:`AuditPolicy`).
        infer_points: give rows that print no 分值 equal shares of their block's
            stated points, each reported as inferred; off by default.

    Raises:
        WrongTypeError: ``table`` is no :class:`FilledTable` or ``rubric`` no :class:`Rubric`.
    """
    if not isinstance(table, FilledTable):
        raise WrongTypeError(f"expected a FilledTable (read one with perfrules.read_table), got {type(table).__name__}", path="table")
    if rubric is not None and not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric")
    if policy is not None and not isinstance(policy, AuditPolicy):
        raise WrongTypeError(f"expected an AuditPolicy, got {type(policy).__name__}", path="policy")
    policy = policy or AuditPolicy()
    scheme = table_scheme(table, rubric)
    findings: list[Finding] = list(table.notes)
    if infer_points:
        table, inferred = infer_row_points(table, scheme)
        findings += inferred
    base = rubric.base if rubric is not None else Decimal(100)
    checks = list(table_checks(table, base=base, grades=rubric.grades if rubric is not None else None, policy=policy))
    derived = result = None
    if rubric is not None:
        findings += compare_scheme(scheme, rubric)
        try:
            derived = to_self_evaluation(table, year=year, rubric=rubric)
        except TableError as exc:
            findings.append(Finding("table.not_rescored", Severity.WARNING, exc.path, *en_zh("table.not_rescored", exc_reason=exc.reason), (("reason", exc.reason),)))
        if derived is not None:
            findings += derived.findings
            result = evaluate(rubric, derived.self_evaluation)
            grouped = _grouped(table)  # a row whose 分值 is merged over its group states the group's points: no missing points
            findings += [f for f in derived.located(result.findings) if f.code not in _RESTATED and not (f.code == "weights.missing" and derived.locate(f.get("path") or "") in grouped)]
            checks += _rescored(derived, result, table, policy.score_tolerance)
    findings += [c.finding for c in checks if c.state is CheckState.FAILED]
    findings.sort(key=lambda f: _ORDER[f.severity])
    return TableAudit(table, tuple(checks), tuple(findings), scheme, rubric.code if rubric else "", derived, result)
