"""The immutable result of an evaluation — one :class:`NodeResult` per node, the total, the grade and
the findings — and the result in words (:func:`render_text`, zh or en)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from perfrules._fields import DOCUMENT, known_format
from perfrules.explanation import Explanation, fmt
from perfrules.findings import Finding, Severity
from perfrules.io.documents import load
from perfrules.messages import LANGS, catalogue
from perfrules.model.project import Project
from perfrules.rules.checks import CheckResult
from perfrules.rules.grading import GradeBand
from perfrules.rules.rounding import Rounding, RoundingMode, round_exact
from perfrules.values.decimals import exact_difference, fraction_to_decimal

__all__ = ["RESULT_FORMAT_VERSION", "EvaluationResult", "NodeResult", "load_result", "render_text"]

#: the version of the stored result's format, written as ``format_version`` (the result schema's
#: ``version``); a stored result without it was written before results were versioned, in format 1
RESULT_FORMAT_VERSION = 1


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
        format_version: the version of the stored format (:data:`RESULT_FORMAT_VERSION`), so an archived
            result says how to read it; ``None`` for a result stored before results were versioned.
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

    format_version: int | None = attrs.field(default=None, validator=known_format("result", RESULT_FORMAT_VERSION, absent=True))
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
    _index: dict[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False, metadata={DOCUMENT: False})
    """Nodes by path and by unique code, built on the first :meth:`node` lookup."""

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
        """The node at ``path`` (``"output/数量指标"``) or whose code is ``path`` (if one node has it); O(1)."""
        index = self._index
        if index is None:
            by_path: dict[str, Any] = {}
            by_code: dict[str, Any] = {}
            for n in self.nodes():
                by_path.setdefault(n.path, n)
                by_code[n.code] = None if n.code in by_code else n  # None: the code is not unique
            index = {**{c: n for c, n in by_code.items() if n is not None}, **by_path}
            object.__setattr__(self, "_index", index)
        found = index.get(path)
        if found is None:
            raise KeyError(path)
        return found

    def block(self, code: str) -> NodeResult:
        """The result of the rubric block ``code``."""
        for b in self.blocks:
            if b.code == code:
                return b
        raise KeyError(code)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error — where the input contradicts itself or the rubric."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error — the total and grade then need review before use."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def ok(self) -> bool:
        """No error findings — the total and grade can be used as they are (warnings may remain)."""
        return not self.has_errors

    def findings_by_code(self, code: str) -> tuple[Finding, ...]:
        """Findings with the given code."""
        return tuple(f for f in self.findings if f.code == code)

    def explain(self, lang: str = "zh") -> str:
        """The whole result as text (see :func:`render_text`)."""
        return render_text(self, lang=lang)


def load_result(path: str | Path, *, format: str | None = None) -> EvaluationResult:
    """Read a stored evaluation result (JSON or TOML, by suffix unless ``format`` is given)."""
    return load(path, EvaluationResult, format=format)


# ------------------------------------------------------------------ the result in words
#: the lines of the explained text, per language: the catalogue's ``result.*`` ids (texts/result.toml)
_T = {lang: {key.removeprefix("result."): texts[lang] for key, texts in catalogue().items() if key.startswith("result.")} for lang in LANGS}


def _line(node: NodeResult, depth: int, lang: str) -> list[str]:
    t = _T[lang]
    pad = "  " * depth
    if not node.applicable:
        return [f"{pad}- {node.name}: {t['na']}"]
    head = f"{pad}- {node.name}: {fmt(node.score)} / {fmt(node.max_points)}"
    extra = []
    if node.declared_points is not None and node.declared_points != node.max_points and node.children:
        extra.append(f"{'标注' if lang == 'zh' else 'declared'} {fmt(node.declared_points)}")
    if node.claimed is not None and node.claimed != node.score:
        extra.append(t["claimed_item"].format(claimed=fmt(node.claimed)))
    if node.points_lost > 0 and node.explanation is not None:
        extra.append(t["lost"].format(lost=fmt(node.points_lost)))
    if extra:
        head += f"  ({'; '.join(extra)})"
    lines = [head]
    if node.explanation is not None:
        ex = node.explanation
        calc = ex.formula
        raw, score = node.raw, node.score
        if calc and calc != fmt(score):
            exact = Fraction(raw) == node.exact_raw
            calc = f"{calc} = {fmt(raw) if exact else '≈' + fmt(round_exact(node.exact_raw, 6, RoundingMode.HALF_UP))}"
            if node.rounding is not None and raw != score:
                calc += f" → {fmt(score)} ({node.rounding.describe(lang)})"
        lines.append(f"{pad}    {ex.reason(lang)}{'：' if lang == 'zh' else ': '}{calc}")
    for child in node.children:
        lines.extend(_line(child, depth + 1, lang))
    return lines


def _shown(result: EvaluationResult) -> str:
    """The total for reading: exact when it terminates, else ≈ to 2 places (a rubric that declares no
    total rounding keeps the total exact in the result; only its display is shortened)."""
    exact = result.total_exact
    d = fraction_to_decimal(exact)
    if Fraction(d) == exact:
        return fmt(d)
    return "≈" + fmt(round_exact(exact, 2, RoundingMode.HALF_UP))


def render_text(result: EvaluationResult, *, lang: str = "zh") -> str:
    """The result as text: totals, every node with its explanation, the findings.

    Args:
        result: what :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>` returned.
        lang: ``"zh"`` or ``"en"``.
    """
    if lang not in _T:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    t = _T[lang]
    p = result.project
    grade = result.grade.label_zh if lang == "zh" else f"{result.grade.label_zh} ({result.grade.label_en})"
    out = [
        t["title"].format(name=p.name, year=p.year, rubric=result.rubric_code, version=result.rubric_version),
        t["total"].format(total=_shown(result), base=fmt(result.base), grade=grade),
    ]
    if result.claimed_total is not None:
        g = f", {result.claimed_grade}" if result.claimed_grade else ""
        out[-1] += t["claimed"].format(claimed=fmt(result.claimed_total), grade=g)
    if result.has_errors:
        out[-1] += t["unsure"].format(n=len(result.errors))
    if result.rescaled:
        out.append(t["rescaled"].format(excluded=fmt(result.excluded_points), base=fmt(result.base)))
    if result.bonus or result.penalty:
        out.append(t["adjust"].format(bonus=fmt(result.bonus), penalty=fmt(result.penalty)))
    out.append("")
    for block in result.blocks:
        out.extend(_line(block, 0, lang))
    if result.checks:
        out.append("")
        out.append(t["checks"])
        for c in result.checks:
            title = c.title_zh if lang == "zh" else c.title_en
            detail = c.detail_zh if lang == "zh" else c.detail_en
            out.append(f"  [{t[c.status.value]}] {c.code} {title}" + (f" — {detail}" if detail else ""))
    out.append("")
    if result.findings:
        out.append(t["findings"].format(n=len(result.findings)))
        out.extend(f"  {f.render(lang)}" for f in result.findings)
    else:
        out.append(t["none"])
    return "\n".join(out)
