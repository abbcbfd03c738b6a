"""The grammar of one table cell: a target or an actual value, read into its parts.

:func:`read_cell` takes normalised text (see :mod:`~perfrules.values.screening`)
and returns a :class:`Reading`: a quantity (comparator, number or range,
unit), a date or deadline, N/A, or text. It tries, in order:

1. N/A marks (``/``, ``—``, ``无``, ``不适用``);
2. dates and deadlines (``2020年12月底前``, ``按时``);
3. the whole cell as one quantity — comparator words before or after
   (``不低于95%``, ``98%以上``), approximations (``约``, ``左右``, ``余``),
   rates per period (``每月1次``, ``一周一课``) and ranges (``25~30人``);
4. a quantity followed by more (``16.12万/社区(疫情期间预算调)``,
   ``≥4次/年、其中体育活动≥2次``): the first quantity is read, the rest kept
   as the remark, and the cell is marked compound when the rest holds numbers;
5. a label followed by a quantity (``数量完成达60.84%``);

each first on the text as written, then with Chinese numerals in Arabic
digits (``百分之九十以上``, ``两次``). Whatever is left is text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import attrs

from perfrules.values.dates import DateSpec, read_date
from perfrules.values.decimals import fraction_to_decimal, to_decimal
from perfrules.values.lexicon import (
    NOT_APPLICABLE_MARKS,
    find_comparator,
    split_approximation,
    split_prefix,
    split_suffix,
)
from perfrules.values.numerals import arabize
from perfrules.values.screening import simplify
from perfrules.values.units import DEFAULT_UNITS

__all__ = ["Reading", "read_cell"]

_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD = r"[A-Za-z\u4e00-\u9fff·²³%‰]"
_UNIT = rf"(?:{_WORD}{{1,12}}(?:/(?:\d+)?{_WORD}{{1,8}}){{0,2}}|/(?:\d+)?{_WORD}{{1,8}})?"
_QUANTITY = re.compile(rf"(?P<num>{_NUM})(?P<unit>{_UNIT})")
_RATIO = re.compile(r"(?P<a>\d+(?:\.\d+)?):(?P<b>\d+(?:\.\d+)?)")
_RANGE = re.compile(rf"(?:在)?(?P<lo>{_NUM})(?P<u1>{_UNIT})(?:~|-|至|到)(?P<hi>{_NUM})(?P<u2>{_UNIT})(?:之间|区间)?")
_PLUS_MINUS = re.compile(rf"(?P<mid>{_NUM})?±(?P<tol>{_NUM})(?P<unit>{_UNIT})")
_BOUNDED = re.compile(r"(?P<a>[≥>].+?)(?:且|并且|,|、)(?P<b>[≤<].+)")
_FROM_TO = re.compile(r"(?:由|从)(?P<a>.+?)(?:减少|降低|减低|下降|增加|提高|上升|增长|提升|压缩|缩短|延长|扩大)?,?(?:到|至)(?P<b>.+)")
_EVERY_AFTER = re.compile(rf"(?P<num>{_NUM})(?P<noun>{_WORD}{{1,4}})/?每(?P<per>\d*)(?P<period>年|半年|季度|季|个月|月|周|星期|天|日)")
_N_PER = re.compile(rf"(?P<per>\d{{1,2}})(?P<period>年|季度|个月|月|周|星期|天|日)(?P<num>{_NUM})(?![月日号])(?P<noun>{_WORD}{{1,3}})")
_AVERAGE = re.compile(rf"(?P<period>年|季|月|周|日)均(?P<num>{_NUM})(?P<noun>{_WORD}{{1,4}})")
_PER_START = re.compile(r"(?:平均|均)?每")
_SEPARATOR = re.compile(r"[(、,;;。]|其中|另|同时|线上|线下")
_BRACKET_UNIT = re.compile(r"(?P<num>[≥≤<>=]?[\d.,]+)\((?P<unit>[^()\d]{1,4})\)")
_REMARK = re.compile(r"\((?P<remark>[^()]*)\)$")
_LEADING_REMARK = re.compile(r"^\((?P<remark>[^()]*)\)")
_MASKED = re.compile(r"\d[xX×*＊]|[xX×*＊]{2,}|[xX×*＊]\d")
_DIGIT = re.compile(r"\d")
_NOT_APPLICABLE = re.compile(r"(?:此项|本项|该项)?(?:不适用|不涉及|无此项|无此指标|N\.?A\.?|n\.?a\.?)")
_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟"
_ZERO_NOUN = re.compile(rf"(?P<label>[^\d{_NUMERAL_CHARS}]{{0,6}}?)零(?P<noun>[^\d{_NUMERAL_CHARS}][\u4e00-\u9fff]{{0,5}})")
_BARE_SCALE = re.compile(r"(近|约|将近|接近)(万|千|百|亿)")  # 近万人: nearly 1万人
#: a label longer than this, or more than this after the value, makes the cell a narrative
_NARRATIVE = 30
_ACHIEVED_WORDS = ("达到了", "达到", "达", "为", "等于", "完成了", "完成", "实现", "共计", "共", "合计", "累计", "只有", "仅")
_LABEL_BRIDGES = ("达到", "达", "超过", "不低于", "不少于", "不超过", "低于", "高于", "控制在", "约", "近", "为", "共", "只有", "仅")


@attrs.frozen
class Reading:
    """What one cell says.

    ``kind`` is ``quantity``, ``range``, ``date``, ``not_applicable`` or ``text``.
    """

    kind: str
    comparator: str | None = None
    value: Decimal | None = None
    upper: Decimal | None = None
    unit: str = ""
    remark: str = ""
    approximate: bool = False
    compound: bool = False
    date: DateSpec | None = None
    deadline: bool = False
    label: str = ""


def _period_unit(noun: str, per: str, period: str) -> str:
    return f"{noun}/{per if per not in ('', '1') else ''}{period}"


def _rate(s: str) -> tuple[Decimal, str] | None:
    """Per-period wording: ``1次每月`` → (1, 次/月), ``1周1课`` → (1, 课/周), ``月均2次`` → (2, 次/月)."""
    for pattern in (_EVERY_AFTER, _N_PER):
        if m := pattern.fullmatch(s):
            return to_decimal(m["num"]), _period_unit(m["noun"], m["per"], m["period"])
    if m := _AVERAGE.fullmatch(s):
        return to_decimal(m["num"]), _period_unit(m["noun"], "", m["period"])
    return None


def _per(s: str, strict: bool) -> Reading | None:
    """``每X…N单位``: a rate per X (``每月一次`` → 1 次/月, ``每人每月120元`` → 120 元/人/月,
    ``每季度对各门诊开展一次`` → 1 次/季度, the words between kept as the remark)."""
    m = _PER_START.match(s)
    if not m:
        return None
    rest = s[m.end() :]
    if rate := _rate(rest):  # 每2周1次
        return Reading("quantity", None, rate[0], unit=rate[1])
    n = re.search(r"\d", rest)
    if not n:  # 每个工作日更新: once per period, no numeral written (nor a Chinese one)
        if arabize(rest) != rest:
            return None
        period = DEFAULT_UNITS.longest_known_prefix(rest)
        unit = DEFAULT_UNITS.unit(period) if period else None
        if unit is None or unit.dimension != "duration" or len(rest) - len(period) > 6:
            return None
        return Reading("quantity", None, Decimal(1), unit=f"次/{period}", remark=rest[len(period) :])
    head, tail = rest[: n.start()], rest[n.start() :]
    q = _unit_quantity(tail, strict)
    if q is None or not q.unit or "/" in q.unit:
        return None
    dens, words = [], []
    for part in head.split("每"):
        den = DEFAULT_UNITS.longest_known_prefix(part) or (part if len(part) <= 2 else part[:1])
        if not den:
            return None
        dens.append(den)
        words.append(part[len(den) :])
    remark = "".join(words).strip(",、")
    comparator, remark = find_comparator(remark)  # 每月不超过3次, 每月至少开展一次, 每月≥3次
    return attrs.evolve(q, comparator=comparator, unit=f"{q.unit}/{'/'.join(dens)}", remark=_join(remark, q.remark))


def _join(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def _unit_quantity(s: str, strict: bool) -> Reading | None:
    """A number and its unit; a unit that runs into other words keeps its known start, the rest is the remark."""
    m = _QUANTITY.fullmatch(s)
    if not m:
        return None
    unit, remark = m["unit"], ""
    if unit.startswith("年") and re.fullmatch(r"(?:19|20)\d\d", m["num"]):
        return None  # 2021年: a year, not a duration
    if "/" in unit and not DEFAULT_UNITS.known(unit) and (arabic := arabize(unit)) != unit:
        unit = arabic  # 1次/两周: the count of a rate's period (a known unit — 千元/人, 次/半年 — stays as written)
    if unit[:1] in "%‰" and len(unit) > 1 and "/" not in unit:
        unit, remark = unit[0], unit[1:]  # 100%完成, 98%达标: the rest is words
    elif unit and "/" not in unit and not DEFAULT_UNITS.known(unit) and len(unit) > 1:
        known = DEFAULT_UNITS.longest_known_prefix(unit)
        if known and not known.startswith(tuple("万千百亿")):  # 1200人参加 → 人; 万符合… keeps its scale below
            unit, remark = known, unit[len(known) :]
        elif known and len(unit) > 4:
            unit, remark = known, unit[len(known) :]
        elif len(unit) > 4:
            return None  # 5个人的… words, not a unit
    if strict and unit and not DEFAULT_UNITS.known(unit) and not (len(unit) == 1 and "\u4e00" <= unit <= "\u9fff"):
        return None  # a numeral read out of a word (进一步 → 进1步): no unit we know, no reading
    return Reading("quantity", None, to_decimal(m["num"]), unit=unit, remark=remark)


def _range_unit(u1: str, u2: str) -> str | None:
    if u1 and u2 and u1 != u2:
        return None
    return u2 or u1


def _comparator(prefix: str | None, suffix: str | None, role: str) -> str | None | bool:
    """The comparator a prefix and a suffix give together; ``False`` when they contradict (≤5%以上)."""
    if prefix and suffix and prefix != suffix:
        if {prefix, suffix} in ({"≥", ">"}, {"≤", "<"}):
            return ">" if ">" in (prefix, suffix) else "<"
        return False
    return prefix or suffix


def _quantity(s: str, role: str, strict: bool = False) -> Reading | None:
    """``s`` as exactly one quantity (comparators, approximation, rate or range included), else ``None``."""
    if _MASKED.search(s):
        return None  # 20xx万元: digits masked, nothing to read
    if m := _BOUNDED.fullmatch(s):  # ≥95%且≤100%: a range with its bounds
        low, high = _quantity(m["a"], role, strict), _quantity(m["b"], role, strict)
        if low and high and low.kind == high.kind == "quantity" and low.value is not None and high.value is not None and low.value <= high.value:
            unit = _range_unit(low.unit, high.unit)
            if unit is not None:
                return Reading("range", None, low.value, high.value, unit, approximate=low.approximate or high.approximate)
    approx, core = split_approximation(s)
    if role == "actual":  # 达到90%: the actual is 90 %, not "at least 90 %"
        for word in _ACHIEVED_WORDS:
            if core.startswith(word) and core[len(word) : len(word) + 1].isdigit():
                core = core[len(word) :]
                break
    prefix, core = split_prefix(core)
    suffix, core = split_suffix(core, has_prefix=prefix is not None)
    approx2, core = split_approximation(core)
    if suffix == "strict":  # ≥95%(不含): the prefix made strict
        if prefix not in ("≥", "≤"):
            return None
        prefix, suffix = {"≥": ">", "≤": "<"}[prefix], None
    comparator = _comparator(prefix, suffix, role)
    if comparator is False:
        return None
    approx = approx or approx2
    if q := _unit_quantity(core, strict):
        return attrs.evolve(q, comparator=comparator, approximate=approx)
    if m := _RATIO.fullmatch(core):  # ≥1:1 (matching funds)
        a, b = to_decimal(m["a"]), to_decimal(m["b"])
        ratio = fraction_to_decimal(Fraction(a) / Fraction(b)) if b else None
        if ratio is not None and Fraction(ratio) == Fraction(a) / Fraction(b):
            return Reading("quantity", comparator, ratio, approximate=approx)
        return None
    if rate := _rate(core):
        return Reading("quantity", comparator, rate[0], unit=rate[1], approximate=approx)
    if r := _per(core, strict):
        return attrs.evolve(r, comparator=comparator or r.comparator, approximate=approx)
    if comparator in (None, "≤") and (m := _PLUS_MINUS.fullmatch(core)):  # ±5%以内, 100±5
        mid, tol = to_decimal(m["mid"] or "0"), to_decimal(m["tol"])
        if tol >= 0:
            return Reading("range", None, mid - tol, mid + tol, m["unit"], approximate=approx)
    if comparator is None and core.endswith(("之间", "区间")):
        core = core[:-2]  # 在25-30人之间
    if comparator is None and (m := _RANGE.fullmatch(core)) and (unit := _range_unit(m["u1"], m["u2"])) is not None:
        lo, hi = to_decimal(m["lo"]), to_decimal(m["hi"])
        if lo <= hi:
            return Reading("range", None, lo, hi, unit, approximate=approx)
    return None


def _strip_remarks(s: str) -> tuple[str, list[str]]:
    remarks = []
    s = s.replace("人(次)", "人次")
    if (m := _BRACKET_UNIT.fullmatch(s)) and DEFAULT_UNITS.known(m["unit"]):
        return m["num"] + m["unit"], []  # 10(个): the unit in brackets
    while (m := _REMARK.search(s)) and m.start() > 0 and not re.fullmatch(r"含.*|不含.*|包含.*|不包含.*|包括.*|不包括.*", m["remark"]):
        remarks.insert(0, m["remark"])
        s = s[: m.start()]
    if (m := _LEADING_REMARK.match(s)) and m.end() < len(s):
        remarks.insert(0, m["remark"])
        s = s[m.end() :]
    return s, remarks


def _with_rest(r: Reading, remark: str, compound: bool = False, label: str = "") -> Reading:
    return attrs.evolve(r, remark=_join(r.remark, remark), compound=compound or r.compound, label=label or r.label)


def _read(s: str, role: str, strict: bool) -> Reading | None:
    if hit := read_date(s):
        date, deadline = hit
        return Reading("date", date=date, deadline=deadline)
    core, remarks = _strip_remarks(s)
    remark = "；".join(remarks)
    if core and (r := _quantity(core, role, strict)):
        return _with_rest(r, remark)
    if core and (hit := read_date(core)):
        return Reading("date", date=hit[0], deadline=hit[1], remark=remark)
    if core and (m := _FROM_TO.fullmatch(core)) and (r := _quantity(m["b"], role, strict)):  # 由12个减少到2个
        return _with_rest(r, _join(core[: m.start("b")], remark))
    if core and (r := _labelled(core, role, strict)) and (r.unit or not strict):  # a label, then a quantity
        return _with_rest(r, remark)
    # a quantity followed by more: the first quantity counts, the rest is kept
    for m in _SEPARATOR.finditer(s):
        head, rest = s[: m.start()], s[m.start() :]
        if head[-1:].isdigit() and rest[1:2].isdigit():
            continue  # 1,00元: a misplaced separator inside a number, not a list
        if len(rest) > _NARRATIVE:
            break  # a number inside a narrative is not the cell's value
        if head and (r := _quantity(head, role, strict) or _labelled(head, role, strict)):
            return _with_rest(r, rest.lstrip("、,;;。"), compound=bool(_DIGIT.search(rest)))
    return None


def _labelled(core: str, role: str, strict: bool) -> Reading | None:
    """A label, then one quantity (``数量完成达60.84%``); the label is kept.

    A label holding numbers of its own (``150张以上养老机构…数量达100%``) is
    taken only before a word that introduces the value (达, 为 …).
    """
    numbered = False
    for i in range(1, min(len(core), _NARRATIVE + 1)):
        head, tail = core[:i], core[i:]
        if head[-1].isdigit() or head[-1] in "≥>≤<=+-.":
            numbered = True
            continue
        bridged = tail.startswith(_LABEL_BRIDGES)
        if not (bridged or (not numbered and (tail[0].isdigit() or tail[0] in "≥>≤<=+-"))):
            continue
        if (r := _quantity(tail, role, strict)) is not None:
            return attrs.evolve(r, label=head)
    return None


def read_cell(s: str, role: str) -> Reading:
    """What the normalised cell ``s`` says, as a ``role`` (``"target"`` or ``"actual"``)."""
    s = simplify(s).rstrip("。.!！;；,，")
    core, remarks = _strip_remarks(s)
    if s in NOT_APPLICABLE_MARKS or _NOT_APPLICABLE.fullmatch(core):
        return Reading("not_applicable", remark="；".join(remarks))
    if m := _ZERO_NOUN.fullmatch(s):  # 零投诉, 工作零失误: none (a target: at most none)
        return Reading("quantity", "≤" if role == "target" else None, Decimal(0), remark=_join(m["label"], m["noun"]))
    s = _BARE_SCALE.sub(r"\g<1>1\2", s)
    arabic = arabize(s)
    if hit := read_date(s) or read_date(arabic):
        return Reading("date", date=hit[0], deadline=hit[1])
    r = _read(s, role, strict=False)
    if r is None and arabic != s:
        # numerals read out of words must land on a unit perfrules knows (进一步 is no quantity)
        r = _read(arabic, role, strict=True)
    return r or Reading("text")
