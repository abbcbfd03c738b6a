"""The words tables use around numbers: comparators, approximations, N/A marks, events that did not occur.

Comparator words follow the Civil Code's meaning (art. 1259: 以上, 以下, 以内,
届满 include the number; 不满, 超过, 以外 exclude it): 以上/以下/以内 and
不低于/不少于/不小于/至少/达到 → ≥ or ≤ (inclusive); 超过/大于/高于 → >;
不足/不满/小于/低于 → <. They are read as prefixes (``不低于95%``) and as
suffixes (``98%以上``, ``1000人以上``, ``30天内``); ``(含)`` marks a bound as
included, ``(不含)`` as excluded.

Every table here is data: a rubric that meets another spelling adds it where
the words are read (see docs/notation.md).
"""

from __future__ import annotations

import re

__all__ = [
    "APPROXIMATE_PREFIXES",
    "APPROXIMATE_SUFFIXES",
    "NOT_APPLICABLE_MARKS",
    "NOT_OCCURRED",
    "PREFIX_COMPARATORS",
    "find_comparator",
    "SUFFIX_COMPARATORS",
    "split_approximation",
    "split_prefix",
    "split_suffix",
]

#: prefix word → comparator (longest first when matching)
PREFIX_COMPARATORS: dict[str, str] = {
    "≥": "≥", "≮": "≥",
    "大于等于": "≥", "大于或等于": "≥", "高于或等于": "≥", "多于或等于": "≥",
    "不低于": "≥", "不少于": "≥", "不小于": "≥", "不得低于": "≥", "不得少于": "≥", "不应低于": "≥",
    "至少": "≥", "最少": "≥", "最低": "≥", "达到": "≥", "达": "≥", "力争": "≥",
    "≤": "≤", "≯": "≤",
    "小于等于": "≤", "小于或等于": "≤", "低于或等于": "≤", "少于或等于": "≤",
    "不高于": "≤", "不超过": "≤", "不大于": "≤", "不多于": "≤", "不得超过": "≤", "不得高于": "≤",
    "不超出": "≤", "最多": "≤", "最高": "≤", "控制在": "≤",
    ">": ">", "大于": ">", "高于": ">", "超过": ">", "多于": ">", "超出": ">",
    "<": "<", "小于": "<", "低于": "<", "不足": "<", "少于": "<", "不满": "<", "不到": "<",
    "=": "=", "等于": "=", "为": "=",
}  # fmt: skip
#: suffix word → comparator (matched at the end, longest first)
SUFFIX_COMPARATORS: dict[str, str] = {
    "以上": "≥", "及以上": "≥", "或以上": "≥", "及其以上": "≥", "之上": "≥",
    "以下": "≤", "及以下": "≤", "或以下": "≤", "及其以下": "≤",
    "以内": "≤", "之内": "≤", "内": "≤", "以内完成": "≤", "内完成": "≤",
}  # fmt: skip
_STRICT = {"≥": ">", "≤": "<"}
_INCLUSIVE_MARK = re.compile(r"\((?:含|包含|包括)[^()]*\)")
_EXCLUSIVE_MARK = re.compile(r"\((?:不含|不包含|不包括)[^()]*\)")

#: words before a number that make it approximate (``约100人``)
APPROXIMATE_PREFIXES = ("大约有", "大约", "大概", "约为", "约计", "约合", "接近", "将近", "近", "约", "预计", "估计", "≈")
#: words after a number that make it approximate (``100人左右``)
APPROXIMATE_SUFFIXES = ("左右", "上下", "出头", "余", "多", "来", "许")

#: a whole cell that says "not applicable"
NOT_APPLICABLE_MARKS = frozenset(
    {"/", "//", "\\", "-", "--", "---", "----", "无", "不适用", "不涉及", "N/A", "NA", "n/a", "na", "暂无", "空", "×", "x", "X"}
)
#: an actual saying the event a target was set for did not occur (a contingency not triggered)
NOT_OCCURRED = re.compile(
    r"^(?:本年度|年内|全年|当年|本年)?(?:未发生|未出现|未触发|未涉及|无发生|没发生|无需"
    r"|(?:没有|无此)(?!完成|开展|达到|达成|实现|落实|按时|如期|到位|执行|举办|组织|实施|启动|做到|做好|按期|及时)(?=\S))"
)

_PREFIXES = sorted(PREFIX_COMPARATORS, key=len, reverse=True)
_SUFFIXES = sorted(SUFFIX_COMPARATORS, key=len, reverse=True)


def split_prefix(s: str) -> tuple[str | None, str]:
    """(comparator, rest) for a leading comparator word or sign, else (None, s)."""
    for word in _PREFIXES:
        if s.startswith(word) and len(s) > len(word):
            rest = s[len(word) :]
            if word in ("达", "为") and not rest[:1].isdigit():
                continue  # 达成, 为民: words, not comparators
            return PREFIX_COMPARATORS[word], rest
    return None, s


def split_suffix(s: str, *, has_prefix: bool = False) -> tuple[str | None, str]:
    """(comparator, rest) for a trailing comparator word with its (含)/(不含) mark, else (None, s).

    A (含…) mark is taken away only where a comparator (here, or ``has_prefix``) gives it a
    meaning; otherwise it stays, for the caller to keep as a remark (``4045张(含…床位)``).
    """
    original = s
    strict = bool(_EXCLUSIVE_MARK.search(s))
    s = _EXCLUSIVE_MARK.sub("", _INCLUSIVE_MARK.sub("", s))
    for word in _SUFFIXES:
        if s.endswith(word) and len(s) > len(word):
            rest = s[: -len(word)]
            if word == "内" and not rest[-1:].isalpha():
                continue  # 内 only after a unit word (30天内)
            cmp = SUFFIX_COMPARATORS[word]
            return (_STRICT.get(cmp, cmp) if strict else cmp), rest
    if not has_prefix:
        return None, original
    return (None, s) if not strict else ("strict", s)


def find_comparator(words: str) -> tuple[str | None, str]:
    """A comparator word anywhere in ``words`` (``开展不少于``, ``≥``) and the words without it."""
    for word in _PREFIXES:
        if word in words and word not in ("达", "为"):
            return PREFIX_COMPARATORS[word], words.replace(word, "", 1)
    return None, words


def split_approximation(s: str) -> tuple[bool, str]:
    """(approximate?, text without the approximation words): ``约2.5万人`` → ``2.5万人``, ``100余户`` → ``100户``."""
    approx = False
    for word in APPROXIMATE_PREFIXES:
        if s.startswith(word) and s[len(word) : len(word) + 1].isdigit():
            s, approx = s[len(word) :], True
            break
    for word in ("左右", "上下", "出头"):
        if s.endswith(word) and len(s) > len(word):
            s, approx = s[: -len(word)], True
            break
    stripped = _INFIX_APPROXIMATION.sub(r"\1", s)
    return approx or stripped != s, stripped


_INFIX_APPROXIMATION = re.compile(r"(\d[万千百亿]?)(?:余|多|来|许)(?=[^\d.]|$)")
