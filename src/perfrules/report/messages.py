"""The report's texts live in perfrules' one catalogue (:mod:`perfrules.messages`,
``perfrules/texts/report.toml``); this module names it for the report's readers.

    >>> text("report.conclusion.text", "en", total="97.62", base="100", grade="excellent")
    'The self-evaluation scores 97.62 of 100 points: grade excellent.'
"""

from perfrules.messages import LANGS, add_messages, catalogue, placeholders, text

__all__ = ["LANGS", "add_messages", "catalogue", "placeholders", "text"]
