"""The plugin registry: lazy discovery, registration, conflicts, validation, provenance."""

import datetime as dt
import sys
import types
from typing import Any

import attrs
import pytest

import perfrules
from perfrules.rubrics.registry import (
    BUILTIN_PACKS,
    DuplicatePluginError,
    PluginError,
    Registry,
    SectorPack,
    UnknownRubricError,
)

BASE = perfrules.NATIONAL_2020


def pack(code: str, *, sector: str = "forestry", priority: int = 0, parent: str | None = None, **rubric_changes: Any) -> SectorPack:
    rubric = attrs.evolve(BASE, code=code, title_zh="林业", title_en="forestry", lineage=(), **rubric_changes)
    return SectorPack(sector=sector, rubric=rubric, priority=priority, parent=parent)


@attrs.define
class FakeDist:
    name: str
    version: str


@attrs.define
class FakeEntryPoint:
    """Stands in for importlib.metadata.EntryPoint: name, value, dist, load()."""

    name: str
    value: str
    dist: FakeDist | None
    target: Any = None
    loads: int = 0

    def load(self) -> Any:
        self.loads += 1
        if isinstance(self.target, BaseException):
            raise self.target
        return self.target


def registry(*eps: FakeEntryPoint, builtin: dict | None = None) -> Registry:
    return Registry(discover=True, builtin=builtin or {}, entry_points=lambda: list(eps))


def test_discovery_is_lazy_and_cached():
    """Listing codes imports nothing; a plugin loads on first request, once."""
    ep = FakeEntryPoint("cn-forestry-2024", "perfrules_forestry:PACK", FakeDist("perfrules-forestry", "1.2.0"), pack("cn-forestry-2024"))
    other = FakeEntryPoint("cn-fishery-2024", "perfrules_fishery:PACK", FakeDist("perfrules-fishery", "0.3.0"), RuntimeError("never imported"))
    reg = registry(ep, other)
    assert reg.codes() == ["cn-fishery-2024", "cn-forestry-2024"]
    assert "cn-forestry-2024" in reg and len(reg) == 2
    assert ep.loads == 0 and other.loads == 0
    rubric = reg.rubric("cn-forestry-2024")
    reg.rubric("cn-forestry-2024")
    assert ep.loads == 1 and other.loads == 0
    assert rubric.origin == "perfrules-forestry 1.2.0"
    assert reg.source("cn-forestry-2024").target == "perfrules_forestry:PACK"
    assert repr(reg) == "<Registry(packs=2, discover=True)>"


def test_result_records_the_plugin_distribution():
    """An evaluation with a plugin rubric records which distribution and version scored it."""
    reg = registry(FakeEntryPoint("cn-forestry-2024", "m:P", FakeDist("perfrules-forestry", "1.2.0"), pack("cn-forestry-2024")))
    se = perfrules.SelfEvaluation(perfrules.Project("p", 2024), perfrules.Funds.single(adjusted=1, executed=1), ())
    result = perfrules.evaluate(reg.rubric("cn-forestry-2024"), se)
    assert result.rubric_origin == "perfrules-forestry 1.2.0"
    assert perfrules.evaluate(perfrules.NATIONAL_2020, se).rubric_origin == f"perfrules {perfrules.__version__}"


def test_duplicate_codes_name_both_distributions():
    """Two distributions claiming one code is an error naming both, unless priorities differ."""
    a = FakeEntryPoint("cn-forestry-2024", "a:PACK", FakeDist("perfrules-forestry-a", "1.0.0"), pack("cn-forestry-2024"))
    b = FakeEntryPoint("cn-forestry-2024", "b:PACK", FakeDist("perfrules-forestry-b", "2.0.0"), pack("cn-forestry-2024"))
    with pytest.raises(DuplicatePluginError) as info:
        registry(a, b).get("cn-forestry-2024")
    msg = str(info.value)
    assert "perfrules-forestry-a 1.0.0" in msg and "perfrules-forestry-b 2.0.0" in msg
    assert {s.distribution for s in info.value.sources} == {"perfrules-forestry-a", "perfrules-forestry-b"}
    b.target = pack("cn-forestry-2024", priority=10)
    reg = registry(a, b)
    assert reg.rubric("cn-forestry-2024").origin == "perfrules-forestry-b 2.0.0"


def test_register_in_house_packs_and_priority():
    """register() adds unpackaged packs; a clash with a plugin needs a priority."""
    reg = registry(FakeEntryPoint("cn-forestry-2024", "a:PACK", FakeDist("perfrules-forestry", "1.0.0"), pack("cn-forestry-2024")))
    reg.register(pack("cn-inhouse-2024"), distribution="bureau-rules", version="3")
    assert reg.rubric("cn-inhouse-2024").origin == "bureau-rules 3"
    reg.register(pack("cn-forestry-2024"), distribution="bureau-rules")
    with pytest.raises(DuplicatePluginError):
        reg.get("cn-forestry-2024")
    reg2 = registry(FakeEntryPoint("cn-forestry-2024", "a:PACK", FakeDist("perfrules-forestry", "1.0.0"), pack("cn-forestry-2024")))
    reg2.register(pack("cn-forestry-2024"), priority=5, distribution="bureau-rules")
    assert reg2.rubric("cn-forestry-2024").origin.startswith("bureau-rules")


def test_unknown_code():
    """An unknown code is a LookupError listing what is available."""
    reg = registry(FakeEntryPoint("cn-forestry-2024", "a:P", FakeDist("d", "1"), pack("cn-forestry-2024")))
    with pytest.raises(UnknownRubricError, match="available: cn-forestry-2024") as info:
        reg.get("nope")
    assert isinstance(info.value, LookupError)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (ImportError("No module named 'perfrules_broken'"), "failed to load: ImportError"),
        ("not a pack", "is a str, not a perfrules SectorPack"),
        (pack("another-code"), "its rubric's code is 'another-code'"),
        (pack("cn-broken-2024", sector="Forestry!"), "sector 'Forestry!' must be a short lowercase key"),
        (pack("cn-broken-2024", references=()), "names no policy reference"),
        (pack("cn-broken-2024", effective_from=None), "no effective_from"),
        (pack("cn-broken-2024", blocks=BASE.blocks[:3]), "lint: [error weights.sum_mismatch] blocks"),
        (lambda: (_ for _ in ()).throw(ValueError("boom")), "plugin factory for 'cn-broken-2024'"),
    ],
)
def test_broken_plugins_give_clear_errors(target, message):
    """Broken plugins fail on request with an error naming their distribution; others are unaffected."""
    broken = FakeEntryPoint("cn-broken-2024", "perfrules_broken:PACK", FakeDist("perfrules-broken", "0.1.0"), target)
    fine = FakeEntryPoint("cn-forestry-2024", "f:P", FakeDist("perfrules-forestry", "1.0.0"), pack("cn-forestry-2024"))
    reg = registry(broken, fine)
    with pytest.raises(PluginError) as info:
        reg.get("cn-broken-2024")
    assert "perfrules-broken 0.1.0" in str(info.value) and message in str(info.value)
    assert reg.rubric("cn-forestry-2024").code == "cn-forestry-2024"


def test_factory_entry_points():
    """An entry point may name a zero-argument callable returning a pack."""
    reg = registry(FakeEntryPoint("cn-forestry-2024", "m:make", FakeDist("d", "1.0.0"), lambda: pack("cn-forestry-2024")))
    assert reg.get("cn-forestry-2024").sector == "forestry"


def test_missing_parent_is_an_error():
    """A pack naming a parent nobody provides is invalid."""
    reg = registry(FakeEntryPoint("cn-forestry-ln", "m:P", FakeDist("d", "1.0.0"), pack("cn-forestry-ln", parent="cn-forestry-2024")))
    with pytest.raises(PluginError, match="names parent 'cn-forestry-2024'"):
        reg.get("cn-forestry-ln")


def test_discovery_switch(monkeypatch):
    """PERFRULES_NO_PLUGINS turns entry points off; the built-in table still answers."""
    ep = FakeEntryPoint("cn-forestry-2024", "m:P", FakeDist("d", "1.0.0"), pack("cn-forestry-2024"))
    monkeypatch.setenv("PERFRULES_NO_PLUGINS", "1")
    module = types.ModuleType("perfrules_test_builtin")
    module.PACK = pack("cn-builtin-test")
    monkeypatch.setitem(sys.modules, "perfrules_test_builtin", module)
    reg = Registry(builtin={"cn-builtin-test": "perfrules_test_builtin:PACK"}, entry_points=lambda: [ep])
    assert not reg.discover
    assert reg.codes() == ["cn-builtin-test"]
    assert reg.rubric("cn-builtin-test").origin == f"perfrules {perfrules.__version__}"
    monkeypatch.setenv("PERFRULES_NO_PLUGINS", "0")
    assert Registry(builtin={}, entry_points=lambda: [ep]).codes() == ["cn-forestry-2024"]


def test_own_entry_points_do_not_clash_with_the_builtin_table():
    """perfrules' entry points and its built-in table describe the same packs."""
    module = types.ModuleType("perfrules_test_builtin2")
    module.PACK = pack("cn-same")
    sys.modules["perfrules_test_builtin2"] = module
    try:
        own = FakeEntryPoint("cn-same", "perfrules_test_builtin2:PACK", FakeDist("perfrules", perfrules.__version__), module.PACK)
        reg = registry(own, builtin={"cn-same": "perfrules_test_builtin2:PACK"})
        assert reg.get("cn-same").code == "cn-same"
    finally:
        del sys.modules["perfrules_test_builtin2"]


def test_isolated_registries():
    """Registries are independent objects; registering in one leaves the other alone."""
    a, b = Registry(builtin={}, discover=False), Registry(builtin={}, discover=False)
    a.register(pack("cn-forestry-2024"))
    assert "cn-forestry-2024" in a and "cn-forestry-2024" not in b


def test_select_by_region_among_packs():
    """A regional pack wins in its region; elsewhere the national one."""
    national = pack("cn-forestry", regions=("CN",))
    regional = pack("cn-forestry-ln", regions=("CN-LN",), parent="cn-forestry")
    reg = Registry(builtin={}, discover=False)
    reg.register(national)
    reg.register(regional)
    on = dt.date(2024, 6, 1)
    assert reg.select(region="CN-LN-Shenyang", on=on, sector="forestry").code == "cn-forestry-ln"
    assert reg.select(region="CN-AH", on=on).code == "cn-forestry"
    assert reg.sectors() == {"forestry": ["cn-forestry", "cn-forestry-ln"]}


def test_builtin_table_matches_pyproject_entry_points():
    """perfrules' own packs are entry points of perfrules itself, and the table agrees with them."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["entry-points"]["perfrules.rubrics"] == BUILTIN_PACKS
