"""A plugin folder pip-installed into a private site folder, on sys.path for the tests that use it."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import perfrules


def install(source: Path, target: Path) -> Path:
    """pip-install a plugin folder (its wheel, built by hatchling without isolation) into ``target``."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", str(target), str(source)],
        check=True,
        capture_output=True,
    )
    return target


@contextmanager
def installed_plugin(source: Path, target: Path, package: str) -> Iterator[Path]:
    """``source`` installed into ``target`` and importable; afterwards the next test sees the registry
    and the import system as before (``package``'s modules forgotten)."""
    install(source, target)
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    perfrules.default_registry.cache_clear()
    try:
        yield target
    finally:
        sys.path.remove(str(target))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        perfrules.default_registry.cache_clear()
