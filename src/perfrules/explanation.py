"""Why an item got its points: rule, clause, inputs and formula, in data and in words.

Each rule returns an :class:`Explanation`. Its ``clause`` is a stable code
(``positive.below_target``) whose Chinese and English sentences live in
:data:`CLAUSES`; ``params`` fill them. ``formula`` is the arithmetic with the
numbers filled in (``3 × 1.43 ÷ 6``); the evaluation adds the exact value,
the rounding and the points lost.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from perfrules._fields import freeze_pairs
from perfrules.exceptions import RubricError
from perfrules.messages import add_messages, catalogue

__all__ = ["CLAUSES", "Explanation", "fmt", "register_clauses"]

_CONTEXT = decimal.Context(prec=decimal.MAX_PREC)

#: clause code -> (Chinese, English) sentence templates
#: clause code -> (Chinese, English) sentence templates: the catalogue's ``clause.*`` ids (texts/clauses.toml),
#: then the clauses custom rules register
CLAUSES: dict[str, tuple[str, str]] = {
    key.removeprefix("clause."): (texts["zh"], texts["en"]) for key, texts in catalogue().items() if key.startswith("clause.")
}


#: rule kinds as a Chinese reader knows them
RULE_NAMES_ZH = {
    "budget_execution": "预算执行率",
    "positive": "正向指标",
    "reverse": "反向指标",
    "equal": "等值指标",
    "range": "区间指标",
    "qualitative": "定性指标",
    "deduction": "扣分",
    "checklist": "清单计分",
    "judged": "评分标准",
    "not_applicable": "不适用",
    "deadline": "时效指标",
    "control_rate": "控制率",
    "change_rate": "变动率",
    "completion_rate": "完成比例",
}


def register_clauses(clauses: dict[str, tuple[str, str]]) -> None:
    """Add a rule's explanation sentences: clause code → (Chinese, English) templates.

    A clause perfrules already has keeps its text (a plugin cannot reword perfrules' own); a new
    one is added. Templates are filled from the explanation's ``params``.

    Raises:
        RubricError: a clause whose sentences are not two strings.
    """
    for clause, pair in clauses.items():
        if not (isinstance(clause, str) and isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise RubricError(f"clause {clause!r}: expected (Chinese, English) sentences, got {pair!r}")
        CLAUSES.setdefault(clause, pair)
        add_messages({f"clause.{clause}": {"zh": pair[0], "en": pair[1]}}, same_placeholders=False)  # the one catalogue lists it


def fmt(value: Any) -> str:
    """A number as a reader expects it: ``Decimal('2.50')`` → ``2.5``, ``100`` → ``100``, ``Fraction(1, 3)`` → ``1/3``."""
    if value is None:
        return "—"  # nothing given: never the word None in a message
    if isinstance(value, Decimal):
        # an explicit context: what the caller's decimal context says does not change the text
        return format(value.normalize(_CONTEXT), "f")
    if isinstance(value, Fraction):
        # exact: a terminating fraction as a decimal, any other as p/q
        den = value.denominator
        for p in (2, 5):
            while den % p == 0:
                den //= p
        if den == 1:
            return fmt(_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator)))
        return f"{value.numerator}/{value.denominator}"
    return str(value)




class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@attrs.frozen
class Explanation:
    """How one rule reached its value.

    Attributes:
        rule: the rule kind (``positive``, ``reverse``, ``qualitative`` …).
        clause: which branch applied, a key of :data:`CLAUSES`.
        inputs: what the rule read, as ``(name, value)`` pairs.
        formula: the arithmetic with numbers filled in (``2 × 1 ÷ 2``).
        params: values for the clause sentence.
    """

    rule: str
    clause: str
    inputs: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)
    formula: str = ""
    params: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=freeze_pairs)

    def reason(self, lang: str = "zh") -> str:
        """The clause as a sentence in ``"zh"`` or ``"en"``."""
        zh, en = CLAUSES.get(self.clause, (self.clause, self.clause))
        values = _Missing({k: RULE_NAMES_ZH.get(v, v) if lang == "zh" and k == "rule" else fmt(v) for k, v in self.params})
        return (zh if lang == "zh" else en).format_map(values)

    def input(self, name: str) -> Any:
        """The value of one input."""
        return dict(self.inputs)[name]
