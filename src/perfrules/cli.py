"""Command line: ``perfrules example`` scores the bundled example and prints the explained result."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from perfrules.examples import EXAMPLES, load_example
from perfrules.evaluation import evaluate
from perfrules.report import render_text
from perfrules.rubrics import get_rubric, list_rubrics

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="perfrules", description="Exact, explainable budget-performance evaluation.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("example", help="score a bundled example self-evaluation and print the explained result")
    ex.add_argument("name", nargs="?", default="huashan-2020", choices=sorted(EXAMPLES))
    ex.add_argument("--lang", choices=("zh", "en"), default="zh")
    ex.add_argument("--rubric", help="score with another built-in rubric (see `perfrules rubrics`)")
    sub.add_parser("rubrics", help="list the built-in rubrics")
    args = parser.parse_args(argv)
    if args.command == "rubrics":
        for code in list_rubrics():
            rubric = get_rubric(code)
            print(f"{code}  v{rubric.version}  {rubric.title_zh}")
        return 0
    _, rubric_code = EXAMPLES[args.name]
    result = evaluate(get_rubric(args.rubric or rubric_code), load_example(args.name))
    sys.stdout.write(render_text(result, lang=args.lang) + "\n")
    return 0
