"""Built-in rubrics.

* :data:`NATIONAL_2020` — project-expenditure self-evaluation under
  财预〔2020〕10号: budget execution 10 / output 50 / benefit 30 /
  satisfaction 10, grades 90/80/60.
* :data:`HUBEI_2020` — the older 20/40/40 scheme (execution 20 = 20 × rate,
  output 40, benefit 40, no satisfaction block) used by Hubei/Wuhan 2020
  tables.

Both round each item half-up to 2 places and add the rounded items.
"""

from __future__ import annotations

from perfrules.rubric import Block, BlockSource, Rubric

__all__ = ["BUILTIN", "HUBEI_2020", "NATIONAL_2020", "get_rubric"]

NATIONAL_2020 = Rubric(
    code="cn-national-project-2020",
    title_zh="项目支出绩效自评（财预〔2020〕10号）",
    title_en="Project expenditure self-evaluation (MOF 2020 No. 10)",
    version="1.0.0",
    blocks=(
        Block("execution", "预算执行", "budget execution", 10, BlockSource.FUNDS),
        Block("output", "产出指标", "output", 50),
        Block("benefit", "效益指标", "benefit", 30),
        Block("satisfaction", "满意度指标", "satisfaction", 10),
    ),
    references=("财预〔2020〕10号",),
)

HUBEI_2020 = Rubric(
    code="cn-hubei-project-2020",
    title_zh="项目支出绩效自评（湖北/武汉 2020 模板，20/40/40）",
    title_en="Project expenditure self-evaluation (Hubei/Wuhan 2020 template, 20/40/40)",
    version="1.0.0",
    blocks=(
        Block("execution", "预算执行", "budget execution", 20, BlockSource.FUNDS),
        Block("output", "产出指标", "output", 40),
        Block("benefit", "效益指标", "benefit", 40),
    ),
    references=("财预〔2020〕10号",),
)

BUILTIN = {r.code: r for r in (NATIONAL_2020, HUBEI_2020)}


def get_rubric(code: str) -> Rubric:
    """A built-in rubric by code.

    Raises:
        KeyError: no built-in rubric has that code; the message lists them.
    """
    try:
        return BUILTIN[code]
    except KeyError:
        raise KeyError(f"unknown rubric {code!r}; built-in: {', '.join(sorted(BUILTIN))}") from None
