"""The ``perfrules`` command: ``example``, ``score``, ``lint``, ``rubrics``, ``sectors``."""

from perfrules.cli.main import main

__all__ = ["main"]
