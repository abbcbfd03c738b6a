"""What is not a value is refused before it is read; what is, is brought to one spelling.

Refused, with the field named and the text quoted (a
:class:`~perfrules.exceptions.NotationError`): spreadsheet errors
(``#REF!``, ``#DIV/0!``), ``NaN``/``Infinity``/``null``/``None``, digits of
other scripts (Arabic-Indic, Devanagari, superscripts), a number broken by
spaces (``≥9 5%``), control and invisible characters, lone surrogates.
None of these ever becomes a qualitative target.

:func:`normalize_text` then gives the one spelling the grammar reads:
NFKC (full-width digits and signs become ASCII; ``㎡`` and ``℃`` stay unit
words), one comparator alphabet (``≧`` → ``≥``), no blanks, enumeration
marks (``①``) dropped.
"""

from __future__ import annotations

import re
import unicodedata

from perfrules.exceptions import NotationError

__all__ = ["UNIT_SYMBOLS", "normalize_text", "screen", "simplify"]

_SPREADSHEET_ERROR = re.compile(r"#(?:(?:REF|DIV/0|VALUE|NAME|NUM|NULL|SPILL|CALC|FIELD|BLOCKED|CONNECT|BUSY|UNKNOWN|EXTERNAL)[!?]|N/A|GETTING_DATA)", re.IGNORECASE)
_NOT_NUMBERS = frozenset(
    {"nan", "+nan", "-nan", "snan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity",
     "null", "none", "undefined", "nil", "#n/a", "n/a#"}
)  # fmt: skip
#: NaN%, Infinity人, null元: a missing-number marker with a unit is still no number
_NOT_NUMBER_START = re.compile(r"(?i)[≥≤<>=+-]*(?:nan|inf(?:inity)?|null|none|undefined)(?![a-z])")
#: ##### is what a spreadsheet shows when a number does not fit its column
_HASHES = re.compile(r"#{2,}")
_BROKEN_NUMBER = re.compile(r"\d\s+\.?\d|\d\.\s+\d")
_ENUMERATORS = re.compile("[\u2460-\u24ff\u2776-\u2793]")  # ①…⑳ ⑴… ⒈… ❶…
_SYMBOLS = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "⩾": "≥",
        "⩽": "≤",
        "═": "=",
        "〜": "~",
        "∼": "~",
        "—": "-",
        "–": "-",
        "－": "-",
        "−": "-",
        "―": "-",
        "，": ",",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "[": "(",
        "]": ")",
        "｛": "(",
        "｝": ")",
    }
)
#: traditional forms of the characters that carry meaning in a value (units, scales, comparator words)
_TRADITIONAL = str.maketrans(
    "萬億達為過內畝戶個張場項噸週歲數滿標設實現應區縣鄉鎮務養補減額資與於並準時預約餘幾兩貳參陸臺輛間級條計發點將來從對蓋質節當後無沒頭隻處樓車課輪頁冊筆單組隊類頃裏適涉總產噸優達構機屆滿",
    "万亿达为过内亩户个张场项吨周岁数满标设实现应区县乡镇务养补减额资与于并准时预约余几两贰叁陆台辆间级条计发点将来从对盖质节当后无没头只处楼车课轮页册笔单组队类顷里适涉总产吨优达构机届满",
)
_PINYIN = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]*\)")
#: unit symbols NFKC would break up (㎡ → m2), kept as the unit words they stand for
UNIT_SYMBOLS = (("km²", "平方公里"), ("m²", "平方米"), ("m³", "立方米"), ("㎡", "平方米"), ("℃", "摄氏度"))
_ASCII_COMPARATORS = (("≥=", "≥"), ("≤=", "≤"), (">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("==", "="))


def _foreign_digit(ch: str) -> bool:
    """A digit that is neither ASCII nor full-width (those NFKC reads as ASCII)."""
    if "0" <= ch <= "9" or "\uff10" <= ch <= "\uff19":
        return False
    if _ENUMERATORS.match(ch):
        return False  # ①, ⑴: list marks, dropped
    return unicodedata.digit(ch, None) is not None or unicodedata.decimal(ch, None) is not None


def screen(text: str, *, what: str, path: str = "") -> None:
    """Refuse ``text`` if it is not a value at all (see the module docs).

    Raises:
        NotationError: naming ``path`` and quoting the text.
    """
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if cat == "Cs":
            raise NotationError(f"cannot read {what} {text!r}: it holds a lone surrogate (broken text encoding)", path=path, value=text)
        if (cat == "Cc" and ch not in "\t\n\r") or cat in ("Cf", "Co", "Cn"):
            raise NotationError(
                f"cannot read {what} {text!r}: it holds an invisible or control character U+{ord(ch):04X}", path=path, value=text
            )
        if _foreign_digit(ch) and not (ch in "²³" and text[i - 1 : i] == "m"):  # m², km³ are units
            raise NotationError(
                f"cannot read {what} {text!r}: {ch!r} ({unicodedata.name(ch, 'a digit')}) is not a digit perfrules reads; "
                "write digits as 0-9",
                path=path,
                value=text,
            )
    folded = unicodedata.normalize("NFKC", text).strip()
    if _SPREADSHEET_ERROR.search(folded) or folded.casefold() in _NOT_NUMBERS or _NOT_NUMBER_START.match(folded) or _HASHES.fullmatch(folded):
        raise NotationError(f"cannot read {what} {text!r}: a spreadsheet error or a missing-number marker, not a value", path=path, value=text)
    if _BROKEN_NUMBER.search(folded):
        raise NotationError(f"cannot read {what} {text!r}: a number is broken by spaces", path=path, value=text)


def normalize_text(text: str) -> str:
    """NFKC, one comparator alphabet, no blanks: ``'≧ １００％'`` → ``'≥100%'``.

    >>> normalize_text("≧ １００％（含）")
    '≥100%(含)'
    """
    # NFKC would turn ㎡ into "m2" and ℃ into "°C"; keep them as unit words
    s = _ENUMERATORS.sub("", text)
    for symbol, word in UNIT_SYMBOLS:
        s = s.replace(symbol, word)
    s = unicodedata.normalize("NFKC", s).translate(_SYMBOLS)
    s = re.sub(r"\s+", "", s)
    for ascii_form, symbol in _ASCII_COMPARATORS:
        s = s.replace(ascii_form, symbol)
    return s


def simplify(s: str) -> str:
    """Traditional forms of value words in simplified characters; pinyin glosses (``(dá)``) dropped."""
    return _PINYIN.sub("", s).translate(_TRADITIONAL)
