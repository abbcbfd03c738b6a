"""attrs field helpers: enums and sequences that fail with the field's name, never bare."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import attrs

from perfrules.exceptions import InvalidInputError

__all__ = ["DOCUMENT", "WHOLE", "as_tuple", "enum_field", "freeze_pairs", "known_format", "of_type", "repeated", "tuple_field"]


#: attrs field metadata key: ``{DOCUMENT: False}`` keeps a field out of files (set by whoever
#: loads the object, never read from a document); ``{DOCUMENT: True}`` writes it even at its
#: default (a format's version, which a reader must always find); ``{DOCUMENT: WHOLE}`` writes it
#: with every field inside it too, defaults included (an archived rubric, which must not depend on
#: the defaults of the perfrules that reads it back)
DOCUMENT = "perfrules.document"
WHOLE = "whole"


def _enum_converter(cls: type[enum.Enum]) -> attrs.Converter:
    def convert(value: Any, field: attrs.Attribute) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in cls)
            raise InvalidInputError(f"{value!r} is not one of {choices}", path=field.name, value=value) from None

    return attrs.Converter(convert, takes_field=True)


def enum_field(cls: type[enum.Enum], **kwargs: Any) -> Any:
    """A field holding a member of ``cls``; its value may be given as the member's value."""
    return attrs.field(converter=_enum_converter(cls), **kwargs)


def as_tuple(value: Any, path: str) -> tuple[Any, ...]:
    """A list-like value (not text, not a mapping) as a tuple, else an error located at ``path``."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidInputError(f"expected a list, got {type(value).__name__} {value!r}", path=path, value=value)
    return tuple(value)


def _tuple_converter(item: type | tuple[type, ...] | None) -> attrs.Converter:
    def convert(value: Any, field: attrs.Attribute) -> tuple[Any, ...]:
        items = as_tuple(value, field.name)
        if item is not None:
            for i, x in enumerate(items):
                if not isinstance(x, item):
                    names = " or ".join(t.__name__ for t in (item if isinstance(item, tuple) else (item,)))
                    raise InvalidInputError(
                        f"expected a {names}, got {type(x).__name__} {x!r}", path=f"{field.name}[{i}]", value=x
                    )
        return items

    return attrs.Converter(convert, takes_field=True)


def tuple_field(item: type | tuple[type, ...] | None = None, **kwargs: Any) -> Any:
    """A tuple field from any list-like value (not a string), items checked against ``item``."""
    return attrs.field(converter=_tuple_converter(item), **kwargs)


def known_format(what: str, latest: int, *, absent: bool = False) -> Any:
    """A validator of a stored format's ``format_version``: an int from 1 to ``latest`` (``None`` too
    when ``absent``: stored before the format was versioned); a later one is refused by name."""

    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value is None and absent:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= latest:
            raise InvalidInputError(f"{what} format {value!r} is not one this perfrules reads (1 to {latest}): a newer perfrules wrote it", path=attribute.name, value=value)

    return check


def of_type(cls: type | tuple[type, ...], *, optional: bool = False) -> Any:
    """A validator: the value is an instance of ``cls`` (or ``None`` when optional), else a located error."""

    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls):
            names = " or ".join(t.__name__ for t in (cls if isinstance(cls, tuple) else (cls,)))
            raise InvalidInputError(
                f"expected a {names}{' or None' if optional else ''}, got {type(value).__name__} {value!r}",
                path=attribute.name,
                value=value,
            )

    return check


def freeze_pairs(data: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """Named values as an immutable, ordered tuple of ``(name, value)`` pairs."""
    items = data.items() if isinstance(data, Mapping) else data
    return tuple((str(k), v) for k, v in items)


def repeated(items: Iterable[Hashable]) -> dict[Hashable, int]:
    """Items that occur more than once, with their counts, in sorted order (one linear pass)."""
    counts = Counter(items)
    return {item: n for item, n in sorted(counts.items(), key=lambda kv: str(kv[0])) if n > 1}
