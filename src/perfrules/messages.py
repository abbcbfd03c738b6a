"""The one catalogue of perfrules' sentences: every finding, report heading and report sentence has an
id and a Chinese and an English text.

The texts are data (``perfrules/texts/*.toml``), so a sentence is reworded, or checked, without
touching code; code raises an id with its parameters — ``en_zh("unit.incompatible", actual=…, target=…)``
gives the finding's two texts, :func:`text` one of them. A plugin adds its own ids with
:func:`add_messages`: it may add, never reword perfrules' own.

    >>> text("report.conclusion.text", "en", total="97.62", base="100", grade="excellent")
    'The self-evaluation scores 97.62 of 100 points: grade excellent.'
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from perfrules.exceptions import InvalidInputError

__all__ = ["LANGS", "add_messages", "catalogue", "en_zh", "placeholders", "text", "texts"]

#: the languages every catalogue text is written in
LANGS = ("zh", "en")
_ADDED: dict[str, dict[str, str]] = {}


@cache
def _own() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for entry in sorted(files("perfrules").joinpath("texts").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            texts.update(tomllib.loads(entry.read_text(encoding="utf-8")))
    return texts


def catalogue() -> dict[str, dict[str, str]]:
    """Every id with its texts: perfrules' own, then what plugins added."""
    return {**_ADDED, **_own()}


@cache
def placeholders(template: str) -> frozenset[str]:
    """The ``{names}`` a text fills."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def add_messages(messages: dict[str, dict[str, str]], *, same_placeholders: bool = True) -> None:
    """Add ids (``{"my.id": {"zh": …, "en": …}}``); an id perfrules has keeps its texts.

    Args:
        same_placeholders: refuse texts that fill different placeholders in the two languages.

    Raises:
        InvalidInputError: an entry without both texts, or (``same_placeholders``) whose texts name
            different placeholders.
    """
    if not isinstance(messages, dict):
        raise InvalidInputError(f"expected a mapping of ids to texts, got {type(messages).__name__}", path="messages")
    for key, texts in messages.items():
        if not isinstance(key, str) or not isinstance(texts, dict) or set(texts) != set(LANGS) or not all(isinstance(t, str) for t in texts.values()):
            raise InvalidInputError(f"expected {{'zh': …, 'en': …}} texts, got {texts!r}", path=f"messages.{key}")
        try:
            same = placeholders(texts["zh"]) == placeholders(texts["en"])
        except ValueError as e:
            raise InvalidInputError(f"not a template: {e}", path=f"messages.{key}") from None
        if same_placeholders and not same:
            raise InvalidInputError("the zh and en texts fill different placeholders", path=f"messages.{key}")
        if key not in _own():
            _ADDED[key] = dict(texts)


def _entry(key: str) -> dict[str, str]:
    entry = _own().get(key) or _ADDED.get(key)
    if entry is None:
        raise InvalidInputError(f"no message {key!r}", path="messages")
    return entry


def text(key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang`` (``zh`` or ``en``), its placeholders filled from ``params``.

    Raises:
        InvalidInputError: an unknown id or language, or a placeholder not given.
    """
    if lang not in LANGS:
        raise InvalidInputError(f"lang must be 'zh' or 'en', not {lang!r}", path="lang")
    template = _entry(key)[lang]
    missing = placeholders(template) - params.keys()
    if missing:
        raise InvalidInputError(f"message {key!r} needs {', '.join(sorted(missing))}", path="messages")
    return template.format(**params)


def en_zh(key: str, /, **params: Any) -> tuple[str, str]:
    """``(English, Chinese)`` texts of ``key`` — the order a finding takes them in."""
    entry = _entry(key)
    return entry["en"].format(**params), entry["zh"].format(**params)


def texts(key: str, /, **params: Any) -> dict[str, str]:
    """``{"en": …, "zh": …}`` texts of ``key``, for a call that takes them as ``en=`` and ``zh=``."""
    en, zh = en_zh(key, **params)
    return {"en": en, "zh": zh}
