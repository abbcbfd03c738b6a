"""How evaluate, lint and the document reader grow with the number of sibling indicators.

    .venv/bin/python benchmarks/siblings.py

Prints seconds for 1k, 5k and 20k siblings and the growth factor per step; linear work grows
about 5× and 4× (quadratic would be 25× and 16×). A benchmark, not a test: timing varies by machine.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal

import attrs

import perfrules
from perfrules import Funds, Indicator, Project, SelfEvaluation

SIZES = (1_000, 5_000, 20_000)
EXACT = attrs.evolve(perfrules.NATIONAL_2020, rounding=perfrules.RoundingPolicy())


def card(n: int) -> SelfEvaluation:
    weight = Decimal(50) / n
    leaves = tuple(Indicator(name=f"i{i % (n // 2)}", code=f"c{i}", weight=weight, target="≥1", actual="1") for i in range(n))
    return SelfEvaluation(
        project=Project(name="siblings", year=2024),
        funds=Funds.single(adjusted=1, executed=1),
        indicators=(
            Indicator(name="产出指标", code="output", children=leaves),
            Indicator(name="效益指标", code="benefit", children=(Indicator(name="b", weight=30, target="≥1", actual="1"),)),
            Indicator(name="满意度指标", code="satisfaction", children=(Indicator(name="s", weight=10, target="≥1", actual="1"),)),
        ),
    )


def rubric(n: int) -> perfrules.Rubric:
    weight = Decimal(50) / n
    template = tuple(Indicator(name=f"t{i}", weight=weight, target="≥1") for i in range(n))
    blocks = tuple(attrs.evolve(b, indicators=template) if b.code == "output" else b for b in EXACT.blocks)
    return attrs.evolve(EXACT, blocks=blocks)


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    rows = []
    for n in SIZES:
        se, rb = card(n), rubric(n)
        keys = json.dumps({f"k{i}": i for i in range(n)})
        rows.append(
            (
                n,
                seconds(lambda: perfrules.evaluate(EXACT, se)),
                seconds(lambda: perfrules.lint(rb)),
                seconds(lambda: perfrules.io.documents.parse_document(keys)),
            )
        )
    print(f"{'siblings':>9} {'evaluate s':>11} {'lint s':>9} {'reader s':>9}")
    for n, e, li, rd in rows:
        print(f"{n:>9} {e:>11.3f} {li:>9.3f} {rd:>9.4f}")
    for (n0, *a), (n1, *b) in zip(rows, rows[1:]):
        growth = " ".join(f"{y / x:5.1f}×" for x, y in zip(a, b))
        print(f"{n0:>6} → {n1:<6} growth {growth}   (linear: {n1 / n0:.0f}×, quadratic: {(n1 / n0) ** 2:.0f}×)")


if __name__ == "__main__":
    main()
