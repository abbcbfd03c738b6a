"""Every exception perfrules raises.

Each error subclasses :class:`PerfrulesError` *and* the builtin that fits, so
``except ValueError`` / ``except TypeError`` in calling code keeps working.
Errors carry their data as attributes (``path``, ``value``) and build their
message from it.

Domain outcomes (an indicator that misses its target, a stated score that
does not match the rules) are *findings* in an evaluation result, never
exceptions. Exceptions mean the input or a rubric definition is invalid.
"""

from __future__ import annotations

__all__ = [
    "FloatRefusedError",
    "PerfrulesWarning",
    "InvalidInputError",
    "NotationError",
    "PerfrulesError",
    "RubricError",
    "TableError",
    "WrongTypeError",
]


class PerfrulesError(Exception):
    """Base class of every perfrules error."""

    def __reduce__(self) -> tuple[object, ...]:
        # picklable whatever the subclass's __init__ takes: errors travel back from worker processes
        return (_restore, (type(self), self.args, self.__dict__.copy()))


def _restore(cls: type[PerfrulesError], args: tuple[object, ...], state: dict[str, object]) -> PerfrulesError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InvalidInputError(PerfrulesError, ValueError):
    """A value given to perfrules is invalid.

    Attributes:
        path: where the value sits, e.g. ``indicators[3].target``
            (``""`` when unknown).
        value: the offending value, exactly as given.
        reason: what is wrong with it.
    """

    def __init__(self, reason: str, *, path: str = "", value: object = None) -> None:
        self.reason = reason
        self.path = path
        self.value = value
        super().__init__(reason, path, value)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason

    def at(self, prefix: str) -> InvalidInputError:
        """Return a copy of this error located under ``prefix``.

        ``err.at("indicators[3]")`` turns ``target: ...`` into
        ``indicators[3].target: ...``.
        """
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.path = path
        new.args = (self.reason, path, self.value)
        return new


class WrongTypeError(InvalidInputError, TypeError):
    """A value of the wrong type was given (a dict where a SelfEvaluation belongs).

    Both an :class:`InvalidInputError` and a ``TypeError``.
    """


class NotationError(InvalidInputError):
    """A target or actual value written in table notation cannot be parsed.

    The message quotes the text: ``indicators[3].target: cannot parse '≧x人'``.
    """


class FloatRefusedError(PerfrulesError, TypeError):
    """A ``float`` was given where an exact decimal is required.

    Floats cannot represent most decimal fractions (``0.1``), so perfrules
    refuses them instead of guessing. Pass a :class:`decimal.Decimal`, an
    ``int`` or a string such as ``"0.1"``.
    """

    def __init__(self, *, path: str, value: float) -> None:
        self.path = path
        self.value = value
        super().__init__(path, value)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return (
            f"{where}float {self.value!r} refused; money, rates and scores must be "
            f"exact: pass Decimal({str(self.value)!r}) or the string {str(self.value)!r}"
        )

    def at(self, prefix: str) -> FloatRefusedError:
        """Return a copy of this error located under ``prefix``."""
        if not prefix:
            return self
        path = f"{prefix}.{self.path}" if self.path and not self.path.startswith("[") else prefix + self.path
        return FloatRefusedError(path=path, value=self.value)


class RubricError(PerfrulesError, ValueError):
    """A rubric (or a rule inside it) is defined inconsistently."""


class PerfrulesWarning(UserWarning):
    """Base class of every warning perfrules issues (e.g. rubric lint warnings on load)."""


class TableError(InvalidInputError):
    """A file or a set of rows cannot be read as a filled self-evaluation table.

    ``path`` locates the problem as precisely as the source allows: the file,
    the sheet, the cell (``自评表!F12``), or the line and column of a syntax
    error (``table.json:3:14``).
    """
