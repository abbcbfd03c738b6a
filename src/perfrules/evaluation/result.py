"""The immutable result of an evaluation: one :class:`NodeResult` per node, the total, the grade and the findings."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs

from perfrules.evaluation.text import render_text
from perfrules.explanation import Explanation
from perfrules.findings import Finding, Severity
from perfrules.io.documents import load
from perfrules.model.project import Project
from perfrules.rules.checks import CheckResult
from perfrules.rules.grading import GradeBand
from perfrules.rules.rounding import Rounding
from perfrules.values.decimals import exact_difference, fraction_to_decimal

__all__ = ["EvaluationResult", "NodeResult", "load_result"]


@attrs.frozen(kw_only=True)
class NodeResult:
    """The score of one node (block, group or leaf).

    Attributes:
        code, name, path: which node (``output/数量指标/…``).
        max_points: what the node can earn (N/A children excluded).
        declared_points: the points written on the node (分值 / block weight), if any.
        exact_raw: the exact value before this node's rounding.
        exact_score: the exact value passed upward (after rounding, if any).
        rounding: the rounding applied at this node, if any.
        applicable: ``False`` for an N/A node.
        claimed: the score stated in the table.
        rule: the rule (leaf) or aggregator (group) kind.
        explanation: for a leaf (and the execution block), why.
        formula: the arithmetic with numbers filled in.
        children: sub-results.
        excluded: N/A points below this node that its score does not make up for.
    """

    code: str
    name: str
    path: str
    max_points: Decimal
    declared_points: Decimal | None
    exact_raw: Fraction
    exact_score: Fraction
    rounding: Rounding | None = None
    applicable: bool = True
    claimed: Decimal | None = None
    rule: str
    explanation: Explanation | None = None
    formula: str
    children: tuple[NodeResult, ...] = ()
    excluded: Decimal = Decimal(0)

    @property
    def raw(self) -> Decimal:
        """The unrounded value (exact if it terminates, else to 28 significant digits)."""
        return fraction_to_decimal(self.exact_raw)

    @property
    def score(self) -> Decimal:
        """The score after the declared rounding."""
        return fraction_to_decimal(self.exact_score)

    @property
    def points_lost(self) -> Decimal:
        """``max_points − score``."""
        return exact_difference(self.max_points, self.score) if self.applicable else Decimal(0)

    @property
    def is_leaf(self) -> bool:
        return not self.children and self.explanation is not None

    def walk(self) -> Iterator[NodeResult]:
        """This node and all below, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()


@attrs.frozen(kw_only=True)
class EvaluationResult:
    """Everything :func:`evaluate` concluded; immutable.

    Attributes:
        rubric_code, rubric_version: the rubric used.
        rubric_fingerprint: sha256 of the rubric's canonical form.
        rubric_lineage: the overlay chain that produced the rubric.
        project: the project evaluated.
        blocks: one result per rubric block.
        base_exact: Σ block scores.
        excluded_points: points of N/A items.
        total_exact: the final total, exact (after rescaling, adjustments and the
            declared total rounding); the grade is read from it.
        total_before_rounding: the same before the total rounding.
        bonus, penalty: adjustment points applied.
        grade: the grade of the total.
        findings: everything noticed, in evaluation order.
        perfrules_version: the library version that scored it.
        rubric_origin: the distribution (and version) the rubric came from.
        checks: the outcome of every sector check of the rubric.
        rubric_choice: why this rubric, when :func:`~perfrules.evaluation.score.score` chose it.
    """

    rubric_code: str
    rubric_version: str
    rubric_fingerprint: str
    rubric_lineage: tuple[str, ...]
    project: Project
    base: Decimal
    blocks: tuple[NodeResult, ...]
    base_exact: Fraction
    excluded_points: Decimal
    rescaled: bool
    bonus: Decimal
    penalty: Decimal
    total_exact: Fraction
    total_before_rounding: Fraction
    total_rounding: Rounding | None = None
    grade: GradeBand
    claimed_total: Decimal | None = None
    claimed_grade: str | None = None
    findings: tuple[Finding, ...]
    perfrules_version: str
    rubric_origin: str = ""
    checks: tuple[CheckResult, ...] = ()
    rubric_choice: str = ""

    @property
    def total(self) -> Decimal:
        """The final total as a Decimal."""
        return fraction_to_decimal(self.total_exact)

    def nodes(self) -> Iterator[NodeResult]:
        """Every node, depth first, block by block."""
        for b in self.blocks:
            yield from b.walk()

    def leaves(self) -> Iterator[NodeResult]:
        """Every scored leaf (including the execution block)."""
        return (n for n in self.nodes() if n.is_leaf)

    def node(self, path: str) -> NodeResult:
        """The node at ``path`` (``"output/数量指标"``) or whose code is ``path``."""
        for n in self.nodes():
            if n.path == path:
                return n
        hits = [n for n in self.nodes() if n.code == path]
        if len(hits) == 1:
            return hits[0]
        raise KeyError(path)

    def block(self, code: str) -> NodeResult:
        """The result of the rubric block ``code``."""
        for b in self.blocks:
            if b.code == code:
                return b
        raise KeyError(code)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error: where the input contradicts itself or the rubric."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error: the total and grade then need review before use."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def ok(self) -> bool:
        """No error findings: the total and grade can be used as they are (warnings may remain)."""
        return not self.has_errors

    def findings_by_code(self, code: str) -> tuple[Finding, ...]:
        """Findings with the given code."""
        return tuple(f for f in self.findings if f.code == code)

    def explain(self, lang: str = "zh") -> str:
        """The whole result as text (see :func:`perfrules.evaluation.text.render_text`)."""
        return render_text(self, lang=lang)


def load_result(path: str | Path, *, format: str | None = None) -> EvaluationResult:
    """Read a stored evaluation result (JSON or TOML, by suffix unless ``format`` is given)."""
    return load(path, EvaluationResult, format=format)
