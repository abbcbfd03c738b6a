"""The report's catalogue: each sentence and heading has an id and a Chinese and an English text.

The texts live in ``messages.toml`` beside this module (data, so a sentence is reworded without
touching code); :func:`text` fills one. A plugin adds its own ids with :func:`add_messages` — it
may add, never reword perfrules' own (the rule :func:`perfrules.explanation.register_clauses` keeps
for explanations).

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

__all__ = ["LANGS", "add_messages", "catalogue", "placeholders", "text"]

LANGS = ("zh", "en")
_ADDED: dict[str, dict[str, str]] = {}


@cache
def _own() -> dict[str, dict[str, str]]:
    return tomllib.loads(files("perfrules.report").joinpath("messages.toml").read_text(encoding="utf-8"))


def catalogue() -> dict[str, dict[str, str]]:
    """Every id with its texts: perfrules' own, then what plugins added."""
    return {**_ADDED, **_own()}


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a text fills."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def add_messages(messages: dict[str, dict[str, str]]) -> None:
    """Add ids (``{"my.id": {"zh": …, "en": …}}``); an id perfrules has keeps its texts.

    Raises:
        InvalidInputError: an entry without both texts, or whose texts name different placeholders.
    """
    for key, texts in messages.items():
        if not isinstance(key, str) or not isinstance(texts, dict) or set(texts) != set(LANGS) or not all(isinstance(t, str) for t in texts.values()):
            raise InvalidInputError(f"expected {{'zh': …, 'en': …}} texts, got {texts!r}", path=f"messages.{key}")
        if placeholders(texts["zh"]) != placeholders(texts["en"]):
            raise InvalidInputError("the zh and en texts fill different placeholders", path=f"messages.{key}")
        if key not in _own():
            _ADDED[key] = dict(texts)


def text(key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang`` (``zh`` or ``en``), its placeholders filled from ``params``.

    Raises:
        InvalidInputError: an unknown id or language, or a placeholder not given.
    """
    if lang not in LANGS:
        raise InvalidInputError(f"lang must be 'zh' or 'en', not {lang!r}", path="lang")
    entry = _own().get(key) or _ADDED.get(key)
    if entry is None:
        raise InvalidInputError(f"no message {key!r}", path="messages")
    template = entry[lang]
    missing = placeholders(template) - params.keys()
    if missing:
        raise InvalidInputError(f"message {key!r} needs {', '.join(sorted(missing))}", path="messages")
    return template.format(**params)
