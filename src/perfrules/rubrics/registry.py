"""Sector packs as plugins: discovery, registration, conflicts, provenance.

A sector pack (:class:`SectorPack`) is a rubric for one sector — a data file
with an indicator template and sector checks — plus the plugin's own rule
and check kinds. Packs are found three ways:

* the built-in table of perfrules' own packs (``BUILTIN_PACKS``), which are
  also entry points of perfrules itself;
* entry points of the group ``perfrules.rubrics`` in installed distributions
  (name = rubric code, value = ``"module:ATTR"`` of a ``SectorPack``, or of
  a zero-argument callable returning one);
* :meth:`Registry.register` for in-house packs that are not packaged.

Discovery is lazy: entry points are listed on first use and a plugin module
is imported only when its code is requested; the loaded pack is cached.
``PERFRULES_NO_PLUGINS=1`` (or ``Registry(discover=False)``) turns
entry-point discovery off; the built-in table still works.

Two sources claiming one code is a :class:`DuplicatePluginError` naming
both distributions, unless their priorities differ (the higher wins). Every
rubric served carries its ``origin`` (distribution and version), which every
evaluation result records.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from typing import Any

import attrs
import cattrs

from perfrules._version import __version__
from perfrules.exceptions import PerfrulesError, RubricError, WrongTypeError
from perfrules.explanation import register_clauses
from perfrules.io.converter import AGGREGATOR_KINDS, CHECK_KINDS, RULE_KINDS, make_converter
from perfrules.rubrics.builtin import builtin_rubrics
from perfrules.rubrics.lint import lint_errors
from perfrules.rubrics.rubric import Rubric
from perfrules.rubrics.selection import select_rubric

__all__ = [
    "BUILTIN_PACKS",
    "ENV_NO_PLUGINS",
    "GROUP",
    "DuplicatePluginError",
    "PluginError",
    "PluginSource",
    "Registry",
    "SectorPack",
    "UnknownRubricError",
    "default_registry",
]

#: the entry-point group of sector packs (rubric code → ``module:PACK``)
GROUP = "perfrules.rubrics"
#: the entry-point group of rule kinds usable by name in files
RULES_GROUP = "perfrules.rules"
#: set (to anything) to turn off the discovery of installed plugins
ENV_NO_PLUGINS = "PERFRULES_NO_PLUGINS"

#: perfrules' own sector packs, by rubric code, as ``"module:ATTR"`` (the same as its entry points)
BUILTIN_PACKS: dict[str, str] = {
    "cn-pension-anhui-2019": "perfrules.sectors.pension:ANHUI_2019",
    "cn-agriculture-trusteeship": "perfrules.sectors.agriculture:NATIONAL",
    "cn-agriculture-trusteeship-hilly": "perfrules.sectors.agriculture:HILLY",
    "cn-agriculture-trusteeship-dongying": "perfrules.sectors.agriculture:DONGYING",
    "cn-public-health": "perfrules.sectors.public_health:NATIONAL",
    "cn-public-health-anhui": "perfrules.sectors.public_health:ANHUI",
}


def _entry_points(group: str) -> Iterable[Any]:
    """The installed entry points of ``group``; importlib.metadata (and the email package it pulls in) is
    imported on first use, so ``import perfrules`` does not pay for plugin discovery."""
    from importlib import metadata  # lazy-ok: stdlib, 20 ms of import only a registry lookup needs

    return metadata.entry_points(group=group)


class PluginError(PerfrulesError, RuntimeError):
    """A plugin cannot be loaded or its metadata is invalid; the message names its distribution."""


class DuplicatePluginError(PluginError):
    """Two sources claim the same rubric code with no priority to decide."""

    def __init__(self, code: str, sources: tuple[PluginSource, ...]) -> None:
        self.code = code
        self.sources = sources
        super().__init__(code, sources)

    def __str__(self) -> str:
        names = " and ".join(f"{s.distribution} {s.version} ({s.target})" for s in self.sources)
        return f"rubric code {self.code!r} is claimed by {names}; give one of them a higher priority"


class UnknownRubricError(PerfrulesError, KeyError):
    """No source provides the rubric code asked for."""

    def __init__(self, code: str, available: tuple[str, ...]) -> None:
        self.code = code
        self.available = available
        super().__init__(code, available)

    def __str__(self) -> str:
        return f"unknown rubric {self.code!r}; available: {', '.join(self.available) or '(none)'}"


_SECTOR = re.compile(r"[a-z][a-z0-9_]*")


def _kinds(value: Any) -> tuple[type, ...]:
    kinds = tuple(value)
    for k in kinds:
        if not isinstance(getattr(k, "kind", None), str) or not attrs.has(k):
            raise RubricError(f"{k!r} is not an attrs class with a string 'kind'")
    return kinds


@attrs.frozen
class SectorPack:
    """One plugin rubric and what it brings.

    Attributes:
        sector: short, stable sector key (``pension``, ``agriculture``, ``public_health``).
        rubric: the rubric (its code, titles, version, effective dates, region
            scope and references are the pack's metadata).
        parent: the code of the rubric this one overrides or specialises.
        priority: decides between two sources of the same code (higher wins).
        rule_kinds, check_kinds, aggregator_kinds: classes the pack adds, so
            its rubric can be written and read as data.
        description: one paragraph on what the pack covers.
    """

    sector: str
    rubric: Rubric
    parent: str | None = None
    priority: int = 0
    rule_kinds: tuple[type, ...] = attrs.field(default=(), converter=_kinds)
    check_kinds: tuple[type, ...] = attrs.field(default=(), converter=_kinds)
    aggregator_kinds: tuple[type, ...] = attrs.field(default=(), converter=_kinds)
    description: str = ""

    @property
    def code(self) -> str:
        return self.rubric.code

    @property
    def version(self) -> str:
        return self.rubric.version


@attrs.frozen
class PluginSource:
    """Where a pack comes from."""

    distribution: str
    version: str
    target: str

    def describe(self) -> str:
        return f"{self.distribution} {self.version}"


@attrs.define
class _Candidate:
    code: str
    source: PluginSource
    load: Callable[[], Any]
    priority: int | None = None  # explicit registration priority
    pack: SectorPack | None = None


def _import_target(target: str) -> Any:
    module, _, attr = target.partition(":")
    obj: Any = import_module(module)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj




def _env_discovery() -> bool:
    return os.environ.get(ENV_NO_PLUGINS, "").strip().lower() in ("", "0", "false", "no")


@attrs.define
class Registry:
    """Sector packs by rubric code.

    Args:
        discover: read entry points of the group ``perfrules.rubrics``
            (default: on unless ``PERFRULES_NO_PLUGINS`` is set).
        builtin: perfrules' own packs (code -> ``"module:ATTR"``); pass ``{}``
            for an empty registry.
        entry_points: what lists entry points (for tests; default
            ``importlib.metadata.entry_points(group=...)``).
    """

    discover: bool = attrs.field(factory=_env_discovery)
    builtin: dict[str, str] = attrs.field(factory=lambda: dict(BUILTIN_PACKS))
    entry_points: Callable[[], Iterable[Any]] | None = None
    _candidates: dict[str, list[_Candidate]] | None = attrs.field(default=None, init=False, repr=False)
    _registered: list[_Candidate] = attrs.field(factory=list, init=False, repr=False)
    _resolved: dict[str, tuple[SectorPack, PluginSource]] = attrs.field(factory=dict, init=False, repr=False)
    _rules: dict[str, type] = attrs.field(factory=dict, init=False, repr=False)
    _entry_point_kinds: dict[str, type] | None = attrs.field(default=None, init=False, repr=False)
    _converter: Any = attrs.field(default=None, init=False, repr=False)

    # -- building the candidate table (no plugin is imported here) -----------
    def _table(self) -> dict[str, list[_Candidate]]:
        if self._candidates is None:
            table: dict[str, list[_Candidate]] = {}
            mine = PluginSource("perfrules", __version__, "")
            for code, target in self.builtin.items():
                table.setdefault(code, []).append(
                    _Candidate(code, attrs.evolve(mine, target=target), functools.partial(_import_target, target))
                )
            if self.discover:
                for ep in self._list_entry_points():
                    dist = getattr(ep, "dist", None)
                    source = PluginSource(
                        getattr(dist, "name", None) or "(unknown distribution)",
                        getattr(dist, "version", None) or "?",
                        ep.value,
                    )
                    same = [c for c in table.get(ep.name, []) if c.source.target == ep.value and c.source.distribution == source.distribution]
                    if same:  # perfrules' own entry point duplicates its built-in table
                        continue
                    table.setdefault(ep.name, []).append(_Candidate(ep.name, source, ep.load))
            self._candidates = table
        return self._candidates

    def _list_entry_points(self) -> Iterable[Any]:
        if self.entry_points is not None:
            return self.entry_points()
        return _entry_points(GROUP)

    def _all(self) -> dict[str, list[_Candidate]]:
        table = {k: list(v) for k, v in self._table().items()}
        for c in self._registered:
            table.setdefault(c.code, []).append(c)
        return table

    # -- public API -----------------------------------------------------------
    def register(self, pack: SectorPack, *, priority: int | None = None, distribution: str = "(registered)", version: str = "") -> None:
        """Add an in-house pack that is not packaged.

        Raises:
            PluginError: ``pack`` is not a valid SectorPack.
        """
        source = PluginSource(distribution, version or pack.version, f"register({pack.code})")
        self._validate(pack, pack.code, source)
        self._registered.append(_Candidate(pack.code, source, lambda: pack, priority=priority, pack=pack))
        self._resolved.pop(pack.code, None)
        self._converter = None

    def register_rule(self, cls: type) -> None:
        """Make a rule kind readable by name in rubric and self-evaluation files (``{kind = "…"}``).

        A rule kind is an attrs class with a string ``kind`` and ``apply(ctx) -> Outcome``; its
        ``clauses`` (clause → (zh, en) sentences), if any, explain its outcomes. Installed
        distributions do the same with an entry point in the group ``perfrules.rules``.

        Raises:
            PluginError: ``cls`` is no rule kind, or its kind is taken by another class.
        """
        kind = getattr(cls, "kind", None)
        if not isinstance(cls, type) or not isinstance(kind, str) or not attrs.has(cls) or not callable(getattr(cls, "apply", None)):
            raise PluginError(f"{cls!r} is not a rule kind: an attrs class with a string 'kind' and an apply() method")
        taken = RULE_KINDS.get(kind) or self._rules.get(kind)
        if taken is not None and taken is not cls:
            raise PluginError(f"rule kind {kind!r} is already {taken.__module__}.{taken.__qualname__}")
        register_clauses(getattr(cls, "clauses", {}) or {})
        self._rules[kind] = cls
        self._converter = None

    def _entry_point_rules(self) -> dict[str, type]:
        """The rule kinds of the ``perfrules.rules`` entry points, loaded once per registry (as its packs' table is)."""
        if self._entry_point_kinds is not None:
            return self._entry_point_kinds
        kinds: dict[str, type] = {}
        if not self.discover or self.entry_points is not None:
            return kinds
        for ep in _entry_points(RULES_GROUP):
            try:
                cls = ep.load()
            except Exception as exc:  # an entry point may fail in any way; say which
                raise PluginError(f"rule kind {ep.name!r} from {ep.value} failed to load: {type(exc).__name__}: {exc}") from exc
            kinds.setdefault(getattr(cls, "kind", ep.name), cls)
            register_clauses(getattr(cls, "clauses", {}) or {})
        self._entry_point_kinds = kinds
        return kinds

    def rule_kinds(self) -> dict[str, type]:
        """Every rule kind this registry reads: perfrules' own, registered, from entry points and packs."""
        kinds = {**RULE_KINDS, **self._entry_point_rules()}
        for pack in self.packs():
            for cls in pack.rule_kinds:
                kinds.setdefault(cls.kind, cls)
                register_clauses(getattr(cls, "clauses", {}) or {})
        kinds.update(self._rules)
        return kinds

    def rule_kind(self, kind: str) -> type | None:
        """The rule class of ``kind``, looked for first where it costs least: registered, perfrules'
        own, the ``perfrules.rules`` entry points (which import only rule modules) — and only then in
        the packs, which loads every plugin. So a plugin that reads its own rubric while it is being
        imported finds its rule kind without importing itself again.

        Raises:
            WrongTypeError: ``kind`` is not a str.
        """
        if not isinstance(kind, str):
            raise WrongTypeError(f"a rule kind is a name (str), not {type(kind).__name__}", path="kind", value=kind)
        found = self._rules.get(kind) or RULE_KINDS.get(kind) or self._entry_point_rules().get(kind)
        return found if found is not None else self.rule_kinds().get(kind)

    def codes(self) -> list[str]:
        """Every rubric code available, sorted (imports no plugin)."""
        return sorted(self._all())

    def __contains__(self, code: object) -> bool:
        return code in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return f"<Registry(packs={len(self)}, discover={self.discover})>"

    def get(self, code: str) -> SectorPack:
        """The pack for ``code``, loading its plugin on first use.

        Raises:
            UnknownRubricError: no source has it (a ``LookupError``).
            DuplicatePluginError: two sources claim it with equal priority.
            PluginError: the plugin cannot be imported or is invalid.
        """
        return self._resolve(code)[0]

    def source(self, code: str) -> PluginSource:
        """Which distribution provides ``code``."""
        return self._resolve(code)[1]

    def rubric(self, code: str) -> Rubric:
        """The pack's rubric, with ``origin`` naming the distribution and version."""
        pack, source = self._resolve(code)
        return pack.rubric

    def packs(self) -> list[SectorPack]:
        """Every pack (loads all plugins)."""
        return [self.get(code) for code in self.codes()]

    def sectors(self) -> dict[str, list[str]]:
        """Sector key -> rubric codes (loads all plugins)."""
        out: dict[str, list[str]] = {}
        for pack in self.packs():
            out.setdefault(pack.sector, []).append(pack.code)
        return out

    def select(self, *, region: str, on: dt.date, sector: str | None = None) -> Rubric:
        """The pack rubric in force for ``region`` on ``on`` (see :func:`~perfrules.rubrics.selection.select_rubric`)."""
        rubrics = [p.rubric for p in self.packs() if sector is None or p.sector == sector]
        return select_rubric(rubrics, region=region, on=on)

    def converter(self) -> cattrs.Converter:
        """A converter that reads and writes every rule, check and aggregator kind this registry
        knows (built once, until a pack or rule is registered)."""
        if self._converter is None:
            packs = self.packs()
            self._converter = make_converter(
                rule_kinds=self.rule_kinds(),
                check_kinds={**CHECK_KINDS, **{k.kind: k for p in packs for k in p.check_kinds}},
                aggregator_kinds={**AGGREGATOR_KINDS, **{k.kind: k for p in packs for k in p.aggregator_kinds}},
            )
        return self._converter

    # -- resolution -------------------------------------------------------------
    def _load(self, cand: _Candidate) -> SectorPack:
        if cand.pack is None:
            where = f"{cand.source.describe()} ({cand.source.target or 'registered'})"
            obj = self._import(cand, where)
            self._validate(obj, cand.code, cand.source)
            cand.pack = obj
        return cand.pack

    def _import(self, cand: _Candidate, where: str) -> Any:
        try:
            obj = cand.load()
        except Exception as exc:  # an entry point may fail in any way; say which
            raise PluginError(f"plugin for {cand.code!r} from {where} failed to load: {type(exc).__name__}: {exc}") from exc
        if callable(obj) and not isinstance(obj, SectorPack):
            try:
                obj = obj()
            except Exception as exc:
                raise PluginError(f"plugin factory for {cand.code!r} from {where} failed: {type(exc).__name__}: {exc}") from exc
        return obj

    def _validate(self, obj: Any, code: str, source: PluginSource) -> None:
        where = f"{source.describe()} ({source.target})"
        if not isinstance(obj, SectorPack):
            raise PluginError(f"plugin for {code!r} from {where} is a {type(obj).__name__}, not a perfrules SectorPack")
        problems = []
        if obj.code != code:
            problems.append(f"its rubric's code is {obj.code!r}, but it is registered as {code!r}")
        if not _SECTOR.fullmatch(obj.sector):
            problems.append(f"sector {obj.sector!r} must be a short lowercase key such as 'pension'")
        r = obj.rubric
        if not r.title_zh.strip() or not r.title_en.strip():
            problems.append("its rubric needs both a Chinese and an English title")
        if not r.references:
            problems.append("its rubric names no policy reference (文号 or source)")
        if r.effective_from is None:
            problems.append("its rubric has no effective_from date")
        if obj.parent is not None and obj.parent == code and obj.priority <= 0:
            problems.append("a pack overriding its own code needs a priority above 0")
        errors = lint_errors(r)
        problems += [f"lint: {f.render('en')}" for f in errors]
        if problems:
            raise PluginError(f"plugin for {code!r} from {where} is invalid:\n  " + "\n  ".join(problems))

    def _priority(self, cand: _Candidate) -> int:
        return cand.priority if cand.priority is not None else self._load(cand).priority

    def _resolve(self, code: str) -> tuple[SectorPack, PluginSource]:
        if code in self._resolved:
            return self._resolved[code]
        candidates = self._all().get(code)
        if not candidates:
            raise UnknownRubricError(code, tuple(self.codes()))
        if len(candidates) == 1:
            winner = candidates[0]
        else:
            ranked = sorted(candidates, key=self._priority, reverse=True)
            top = self._priority(ranked[0])
            tied = tuple(c.source for c in ranked if self._priority(c) == top)
            if len(tied) > 1:
                raise DuplicatePluginError(code, tied)
            winner = ranked[0]
        pack = self._load(winner)
        origin = f"{winner.source.describe()}"
        served = attrs.evolve(pack, rubric=attrs.evolve(pack.rubric, origin=origin))
        if served.parent is not None and served.parent != code and served.parent not in self:
            if served.parent not in builtin_rubrics():
                raise PluginError(f"plugin for {code!r} from {origin} names parent {served.parent!r}, which no source provides")
        self._resolved[code] = (served, winner.source)
        return self._resolved[code]


@functools.cache
def default_registry() -> Registry:
    """The process-wide registry (built on first use; discovery per ``PERFRULES_NO_PLUGINS``)."""
    return Registry()
