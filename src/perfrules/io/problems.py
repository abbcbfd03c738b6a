"""Every problem of a document at once, each with its path (``$.indicators[2].target: …``)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from perfrules._fields import DOCUMENT
from perfrules.exceptions import FloatRefusedError, InvalidInputError, PerfrulesError

__all__ = ["DocumentError", "document_problems"]


class DocumentError(PerfrulesError, ValueError):
    """A document could not be read; ``problems`` lists every problem with its path.

    ``str(err)`` reads::

        2 problems in self-evaluation document:
          $.indicators[2].children[0].target: cannot parse '≧x人' as a target: ...
          $.funds.lines[0].executed: float 1.5 refused; ...
    """

    def __init__(self, what: str, problems: list[str]) -> None:
        self.what = what
        self.problems = tuple(problems)
        super().__init__(what, self.problems)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {self.what}:"
        return "\n  ".join((head, *self.problems))


def _did_you_mean(extra: list[str], cls: type) -> str:
    """``; did you mean 'weight'?`` for a misspelt key, from the fields the table has."""
    # only keys a document may hold: not the fields set by whoever loads (a rubric's origin)
    names = [f.name for f in attrs.fields(cls) if f.init and f.metadata.get(DOCUMENT) is not False] if attrs.has(cls) else []
    hints = [f"{key!r} → {close[0]!r}" for key in extra if key not in names and (close := difflib.get_close_matches(key, names, n=1, cutoff=0.75))]
    return f" (did you mean {', '.join(hints)}?)" if hints else ""


#: how Python says a record was built from something that is no table
_NOT_A_TABLE = re.compile(r"argument of type '(\w+)' is not iterable|'(\w+)' object has no attribute 'keys'")


def document_problems(exc: BaseException, path: str) -> Iterator[str]:
    """Every problem inside a cattrs error (grouped or not), each as ``$.path: reason``."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        noted, plain = exc.group_exceptions()
        for inner, note in noted:
            if isinstance(exc, ClassValidationError):
                step = f".{note.name}"
            else:
                step = f"[{note.index if isinstance(note.index, int) else repr(note.index)}]"
            yield from document_problems(inner, path + step)
        for inner in plain:
            yield from document_problems(inner, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        extra = sorted(exc.extra_fields)
        yield f"{path}: unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}{_did_you_mean(extra, exc.cl)}"
    elif isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from document_problems(inner, path)
    elif isinstance(exc, (InvalidInputError, FloatRefusedError)):
        sub = getattr(exc, "path", "")
        where = path if not sub else (path + sub if sub.startswith("[") else f"{path}.{sub}")
        reason = exc.reason if isinstance(exc, InvalidInputError) else str(exc).split(": ", 1)[-1] if sub else str(exc)
        yield f"{where}: {reason}"
    elif isinstance(exc, KeyError):
        yield f"{path}: required key is missing"
    elif isinstance(exc, PerfrulesError):
        yield f"{path}: {exc}"
    elif isinstance(exc, (TypeError, AttributeError)) and (not_table := _NOT_A_TABLE.search(str(exc))):
        # cattrs building a record from something that is no table: say so in the document's terms
        got = {"NoneType": "null", "str": "text", "int": "a number", "float": "a number", "list": "a list", "bool": "true/false"}
        yield f"{path}: expected a table (key = value …), got {got.get(not_table.group(1) or not_table.group(2), 'something else')}"
    elif isinstance(exc, (TypeError, ValueError, AttributeError)):
        yield f"{path}: invalid value ({exc})"
    else:  # pragma: no cover - unexpected; surface it rather than hide it
        raise exc
