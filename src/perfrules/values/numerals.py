"""Chinese numerals, read exactly: ``九十`` → 90, ``一点五七`` → 1.57, ``百分之九十五`` → 95 %, ``两次`` → 2 次.

:func:`read_chinese_number` reads one numeral; :func:`arabize` rewrites every
numeral run of a text into Arabic digits (``百分之九十以上`` → ``90%以上``,
``一周一课`` → ``1周1课``) so that the notation grammar reads one kind of
number. Everything is :class:`~decimal.Decimal`: no float is ever built
(which is why perfrules keeps its own grammar rather than cn2an, whose
fractions are floats).

Digits are read positionally when no unit character is present
(``二〇二〇`` → 2020); with units, sections are read by 亿/万 and
千/百/十, and a trailing digit after a unit takes the next lower unit, as
people say it (``三万五`` → 35000, ``一千二`` → 1200).
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["CHINESE_DIGITS", "arabize", "read_chinese_number"]

#: digit characters, including the financial (大写) forms
CHINESE_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "两": 2, "俩": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_DIGIT_CHARS = "".join(CHINESE_DIGITS)
_UNIT_CHARS = "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)
#: one numeral: digits and units, optionally a decimal part after 点
_NUMERAL = re.compile(rf"[{_DIGIT_CHARS}{_UNIT_CHARS}]+(?:点[{_DIGIT_CHARS}]+)?")
# a run that is only big units (万, 亿) is a scale word of an Arabic number ("2.4万人"), not a numeral
_ONLY_BIG = re.compile(rf"[{''.join(_BIG_UNITS)}]+")
# a run of scale characters only (千, 百万, 十万): after an Arabic number it is that number's scale word
_ONLY_UNITS = re.compile(rf"[{_UNIT_CHARS}]+")
_NUMBER_AFTER = rf"(?P<n>\d+(?:\.\d+)?|[{_DIGIT_CHARS}{_UNIT_CHARS}]+(?:点[{_DIGIT_CHARS}]+)?)"
_PERCENT = re.compile(rf"百分之{_NUMBER_AFTER}")
_PERMILLE = re.compile(rf"千分之{_NUMBER_AFTER}")
_TENTHS = re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)成(?![本果绩立员])")  # 八成 = 80 %, not 成本/成果/成绩/成立/成员
_INDEFINITE = frozenset("数几若")  # 数十次, 十几人, 若干
_HALF = re.compile(r"(?<![\d.每/])半(?=[年月天日小周])(?!年度)")  # 半年 = 0.5 年; 半年度 is a word; 次/半年 is a unit


def _section(text: str) -> int:
    """An integer below 10⁴ written with 千/百/十 (``三千零五`` → 3005, ``十五`` → 15, ``两百五`` → 250)."""
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
            continue
        unit = _SMALL_UNITS[ch]
        if unit >= last_unit:
            raise ValueError(f"unit {ch} out of order")
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    if digit is not None:
        # a trailing digit after a unit takes the next lower unit (两百五 = 250), unless 零 came between
        zero_between = "零" in text or "〇" in text
        total += digit * (last_unit // 10 if last_unit <= 1000 and not zero_between else 1)
    return total


def _integer(text: str) -> int:
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in text):
        if len(text) > 1 and "两" not in text:
            return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))  # 二〇二〇 → 2020
        if len(text) == 1:
            return CHINESE_DIGITS[text]
        raise ValueError(f"{text!r} is not a numeral")
    # sections closed by 亿 and 万, which may repeat (万万 = 亿, 一亿亿 = 10¹⁶)
    yi = wan = 0
    section, last_big = "", 0
    for ch in text:
        factor = _BIG_UNITS.get(ch)
        if factor is None:
            section += ch
            continue
        value = _section(section) if section else (0 if (yi or wan) else 1)
        if factor == 10**8:
            yi, wan = (yi + wan + value) * factor, 0
        else:
            wan = (wan + value) * factor
        section, last_big = "", factor
    if section and last_big and len(section) == 1 and CHINESE_DIGITS.get(section) and "零" not in text and "〇" not in text:
        return yi + wan + CHINESE_DIGITS[section] * last_big // 10  # 三万五 = 35000, 一亿二 = 1.2亿
    return yi + wan + (_section(section) if section else 0)


def read_chinese_number(text: str) -> Decimal:
    """One Chinese numeral as an exact Decimal.

    >>> read_chinese_number("九十")
    Decimal('90')
    >>> read_chinese_number("一点五七")
    Decimal('1.57')
    >>> read_chinese_number("三万五")
    Decimal('35000')

    Raises:
        ValueError: ``text`` is not one numeral.
    """
    if not text or not _NUMERAL.fullmatch(text) or _ONLY_BIG.fullmatch(text):
        raise ValueError(f"{text!r} is not a Chinese numeral")
    whole, _, fraction = text.partition("点")
    value = Decimal(_integer(whole) if whole else 0)
    if fraction:
        value += Decimal("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in fraction))
    return value


def _replace_numeral(m: re.Match[str]) -> str:
    run = m.group(0)
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    if _ONLY_BIG.fullmatch(run) or before in _INDEFINITE or after in _INDEFINITE:
        return run  # 数十, 十几, 几百: no number can be read
    if (before.isdigit() or before == ".") and _ONLY_UNITS.fullmatch(run):
        return run  # 5千元, 3百万元: the scale word of an Arabic number, read with its unit (千元 = 1000 元)
    # a run may end in a scale word that belongs to the unit (五万人 → 5万人): keep it as the scale
    try:
        return format(read_chinese_number(run), "f")
    except ValueError:
        pass
    stripped = run.rstrip("".join(_BIG_UNITS))
    if stripped and stripped != run:
        try:
            return format(read_chinese_number(stripped), "f") + run[len(stripped) :]
        except ValueError:
            return run
    return run


def _number(text: str) -> str:
    try:
        return format(read_chinese_number(text), "f")
    except ValueError:
        return text  # already Arabic digits


def arabize(text: str) -> str:
    """Every Chinese numeral of ``text`` in Arabic digits; percentages and tenths as ``%``.

    >>> arabize("百分之九十五以上")
    '95%以上'
    >>> arabize("一周一课")
    '1周1课'
    >>> arabize("八成")
    '80%'
    """
    s = _PERCENT.sub(lambda m: _number(m["n"]) + "%", text)
    s = _PERMILLE.sub(lambda m: _number(m["n"]) + "‰", s)
    s = _NUMERAL.sub(_replace_numeral, s)
    s = _TENTHS.sub(lambda m: format(Decimal(m["n"]) * 10, "f") + "%", s)
    return _HALF.sub("0.5", s)
