"""The house as `make lint` checks it: the import-linter contracts in pyproject.toml hold for the
code, and each fails when someone breaks it on purpose (a new cycle, a reach into another app's
models or views, a private name of another app, Django in a pure core). The pure cores are also
imported in a fresh interpreter to show that no Django comes with them."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter.configuration import configure
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract
from importlinter.contracts.protected import ProtectedContract

from koers.testing.import_contracts import PrivateNamesContract

configure()  # import-linter's own settings (its timer, its printer), as lint-imports does
ROOT = Path(__file__).resolve().parents[1]


def _submodules(package: str) -> list[str]:
    """The modules under a package, found by their files (nothing is imported here)."""
    path = ROOT.joinpath(*package.split("."))
    if not path.is_dir():
        return []
    names = []
    for file in sorted(path.rglob("*.py")):
        parts = file.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
TYPES: dict[str, Any] = {
    "layers": LayersContract,
    "acyclic_siblings": AcyclicSiblingsContract,
    "forbidden": ForbiddenContract,
    "protected": ProtectedContract,
    "private_names": PrivateNamesContract,
}
# Every module of every pure core the `pure-cores` contract names (tests left out).
PURE_CORES = sorted(
    name
    for core in next(c for c in CONFIG["contracts"] if c["id"] == "pure-cores")["source_modules"]
    for name in [core, *_submodules(core)]
    if ".tests" not in name
)


def _contract(contract_id: str) -> Any:
    options = next(c for c in CONFIG["contracts"] if c["id"] == contract_id)
    session = {key: value for key, value in CONFIG.items() if key != "contracts"}
    return TYPES[options["type"]](options["name"], session, options)


@pytest.fixture
def graph() -> grimp.ImportGraph:
    """The code's import graph (grimp caches it on disk between builds), for a test to break."""
    return grimp.build_graph(
        "koers", include_external_packages=True, exclude_type_checking_imports=True
    )


def _kept(contract_id: str, graph: grimp.ImportGraph) -> bool:
    # A check removes the imports its contract ignores: each check gets its own copy.
    return bool(_contract(contract_id).check(copy.deepcopy(graph), verbose=False).kept)


@pytest.mark.parametrize("contract_id", [c["id"] for c in CONFIG["contracts"]])
def test_the_code_keeps_every_contract(contract_id: str, graph: grimp.ImportGraph) -> None:
    assert _kept(contract_id, graph)


def test_a_new_cycle_between_two_apps_breaks_the_house(graph: grimp.ImportGraph) -> None:
    graph.add_import(importer="koers.backlog.services.usecases", imported="koers.voice.services")
    assert not _kept("no-cycles", graph)
    assert not _kept("layers", graph)


def test_core_reaching_up_into_organisations_breaks_the_layers(graph: grimp.ImportGraph) -> None:
    graph.add_import(importer="koers.core.services", imported="koers.orgs.selectors")
    assert not _kept("layers", graph)


@pytest.mark.parametrize(
    ("importer", "imported", "contract_id"),
    [
        ("koers.voice.services", "koers.diagnostic.models", "diagnostic-doors"),
        ("koers.voice.views", "koers.diagnostic.views.waves", "diagnostic-doors"),
        ("koers.triage.services", "koers.backlog.forms.usecases", "backlog-doors"),
        ("koers.diagnostic.services", "koers.voice.api", "voice-doors"),
        ("koers.backlog.views.usecases", "koers.triage.models", "triage-doors"),
        ("koers.voice.views", "koers.orgs.forms", "orgs-doors"),
    ],
)
def test_reaching_into_another_apps_internals_breaks_its_doors(
    graph: grimp.ImportGraph, importer: str, imported: str, contract_id: str
) -> None:
    assert _kept(contract_id, graph)
    graph.add_import(importer=importer, imported=imported)
    assert not _kept(contract_id, graph)


def test_django_in_a_pure_core_breaks_it(graph: grimp.ImportGraph) -> None:
    graph.add_import(importer="koers.core.anonymity", imported="django")
    assert not _kept("pure-cores", graph)


def test_importing_another_apps_private_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "house"
    for app in ("alpha", "beta"):
        (package / app).mkdir(parents=True)
        (package / app / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "alpha" / "views.py").write_text("def _helper():\n    return 1\n")
    (package / "beta" / "views.py").write_text(
        textwrap.dedent("""\
            from house.alpha.views import (
                _helper,
            )
            """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    contract = PrivateNamesContract(
        "private", {"root_packages": ["house"]}, {"containers": ["house.alpha", "house.beta"]}
    )
    check = contract.check(grimp.build_graph("house"), verbose=False)
    assert not check.kept
    assert check.metadata["found"] == ["house.beta.views (l.1) imports house.alpha.views._helper"]


@pytest.mark.parametrize("module", PURE_CORES)
def test_a_pure_core_imports_no_django(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0, module
