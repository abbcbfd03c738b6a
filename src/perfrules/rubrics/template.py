"""Fitting a self-evaluation's indicators to a rubric's indicator template.

When a rubric block carries a template (its own tree of codes, points and
rules), the rubric is the authority on structure and points: a
self-evaluation supplies targets, actual values, judgements and stated
scores, matched to template nodes by code (or by name). What does not fit is
reported, never silently changed.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from perfrules.explanation import fmt
from perfrules.findings import Finding, Severity
from perfrules.model.indicators import Indicator

__all__ = ["fit_to_template"]


def _match(template: Indicator, given: Sequence[Indicator]) -> Indicator | None:
    return next((g for g in given if g.code == template.code), None) or next(
        (g for g in given if g.name == template.name), None
    )


def _fit_children(
    templates: Sequence[Indicator], given: Sequence[Indicator], path: str, findings: list[Finding]
) -> tuple[Indicator, ...]:
    fitted = []
    used: set[int] = set()
    for t in templates:
        g = _match(t, [x for i, x in enumerate(given) if i not in used])
        child_path = f"{path}/{t.code}"
        if g is None:
            findings.append(
                Finding(
                    "structure.missing_indicator",
                    Severity.ERROR,
                    child_path,
                    f"the rubric's indicator '{t.name}' is missing from the self-evaluation",
                    f"缺少评分方案规定的指标“{t.name}”",
                    {"code": t.code},
                )
            )
            fitted.append(t)
            continue
        used.add(next(i for i, x in enumerate(given) if x is g))
        fitted.append(_fit(t, g, child_path, findings))
    for i, g in enumerate(given):
        if i not in used:
            findings.append(
                Finding(
                    "structure.unknown_indicator",
                    Severity.ERROR,
                    f"{path}/{g.code}",
                    f"indicator '{g.name}' is not in the rubric's template; it is not scored",
                    f"指标“{g.name}”不在评分方案中，未计分",
                    {"code": g.code},
                )
            )
    return tuple(fitted)


def _fit(template: Indicator, given: Indicator, path: str, findings: list[Finding]) -> Indicator:
    if template.children:
        if given.is_leaf:
            findings.append(
                Finding(
                    "structure.shape_mismatch",
                    Severity.ERROR,
                    path,
                    f"'{template.name}' is a group in the rubric but a single item in the self-evaluation",
                    f"“{template.name}”在评分方案中是指标组，自评表中却是单项",
                )
            )
            return template
        children = _fit_children(template.children, given.children, path, findings)
        return attrs.evolve(template, children=children, claimed_score=given.claimed_score)
    if given.children:
        findings.append(
            Finding(
                "structure.shape_mismatch",
                Severity.ERROR,
                path,
                f"'{template.name}' is a single item in the rubric but a group in the self-evaluation",
                f"“{template.name}”在评分方案中是单项，自评表中却是指标组",
            )
        )
        return template
    if given.weight is not None and given.weight != template.weight:
        findings.append(
            Finding(
                "weights.template_mismatch",
                Severity.WARNING,
                path,
                f"the self-evaluation gives '{template.name}' {fmt(given.weight)} points; the rubric's {fmt(template.weight)} apply",
                f"自评表中“{template.name}”分值为 {fmt(given.weight)}，按评分方案的 {fmt(template.weight)} 分计",
                {"given": given.weight, "rubric": template.weight},
            )
        )
    if template.rule is not None and given.rule is not None and given.rule != template.rule:
        findings.append(
            Finding(
                "rule.template_override_ignored",
                Severity.WARNING,
                path,
                f"the self-evaluation names rule {given.rule.kind!r} for '{template.name}'; the rubric's {template.rule.kind!r} applies",
                f"自评表为“{template.name}”指定的规则 {given.rule.kind} 不生效，按评分方案的 {template.rule.kind} 计分",
                {"given": given.rule.kind, "rubric": template.rule.kind},
            )
        )
    return attrs.evolve(
        given,
        code=template.code,
        weight=template.weight,
        target=given.target if given.target is not None else template.target,
        rule=template.rule if template.rule is not None else given.rule,
        applicable=given.applicable and template.applicable,
    )


def fit_to_template(
    template: Sequence[Indicator], group: Indicator, path: str
) -> tuple[Indicator, tuple[Finding, ...]]:
    """Return ``group`` rebuilt on the rubric's ``template`` plus what did not fit."""
    findings: list[Finding] = []
    children = _fit_children(template, group.children if group.children else (group,), path, findings)
    return attrs.evolve(group, children=children, target=None, actual=None, assessment=None, rule=None, checked=()), tuple(findings)
