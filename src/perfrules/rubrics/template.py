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
from perfrules.messages import en_zh

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
                    *en_zh("structure.missing_indicator", t_name=t.name),
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
                    *en_zh("structure.unknown_indicator", g_name=g.name),
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
                    *en_zh("structure.shape_mismatch.2", template_name=template.name),
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
                *en_zh("structure.shape_mismatch", template_name=template.name),
            )
        )
        return template
    if given.weight is not None and given.weight != template.weight:
        findings.append(
            Finding(
                "weights.template_mismatch",
                Severity.WARNING,
                path,
                *en_zh("weights.template_mismatch", template_name=template.name, given_weight=fmt(given.weight), template_weight=fmt(template.weight)),
                {"given": given.weight, "rubric": template.weight},
            )
        )
    if template.rule is not None and given.rule is not None and given.rule != template.rule:
        findings.append(
            Finding(
                "rule.template_override_ignored",
                Severity.WARNING,
                path,
                *en_zh("rule.template_override_ignored", given_rule_kind=given.rule.kind, template_name=template.name, template_rule_kind=template.rule.kind),
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
