"""The licence check (scripts/check_licences.py, run by `make lint`) guards the EUPL-1.2.

Every package Koers needs at run time has a licence compatible with the EUPL-1.2 and a row in
docs/licences.md. When the first test fails: read the package's licence files, then add the
licence to ALLOWED (if the EUPL allows it), the package to OVERRIDES (if its metadata is unusable,
with the reason) or a row to docs/licences.md.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "check_licences.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_licences", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _load()


def package(name: str, licence: str, version: str = "1.0") -> dict[str, str]:
    """A row as pip-licenses' JSON gives it."""
    return {"Name": name, "Version": version, "License": licence}


def test_it_passes_on_the_installed_runtime_dependencies() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "every licence allowed" in done.stdout


def test_it_accepts_permissive_licences_and_those_on_the_eupl_appendix() -> None:
    packages = [
        package("a", "MIT"),
        package("b", "BSD License"),
        package("c", "Apache Software License"),
        package("d", "GPL-3.0-or-later"),
        package("e", "LGPL-3.0-only"),
        package("f", "Mozilla Public License 2.0 (MPL 2.0)"),
        package("g", "BSD License; MIT License"),
    ]
    assert check.problems(packages, set("abcdefg")) == []


def test_it_names_a_package_with_a_proprietary_licence() -> None:
    found = check.problems([package("secretsauce", "Proprietary", "2.1")], {"secretsauce"})
    assert len(found) == 1
    assert found[0].startswith("secretsauce 2.1: licence 'Proprietary' is not on the allow-list")


@pytest.mark.parametrize("licence", ["UNKNOWN", "", "  "])
def test_it_names_a_package_whose_licence_is_unknown(licence: str) -> None:
    found = check.problems([package("mystery", licence)], {"mystery"})
    assert len(found) == 1
    assert found[0].startswith("mystery 1.0: no licence in its metadata (UNKNOWN)")


def test_it_names_a_runtime_dependency_missing_from_the_document() -> None:
    found = check.problems([package("Some_Package", "MIT")], set())
    assert found == ["Some_Package 1.0: a runtime dependency without a row in docs/licences.md"]


def test_it_names_a_documented_package_that_is_no_longer_a_runtime_dependency() -> None:
    found = check.problems([package("django", "BSD-3-Clause")], {"django", "left-pad"})
    assert found == ["left-pad: in docs/licences.md but not a runtime dependency"]


def test_a_hand_checked_override_replaces_unusable_metadata() -> None:
    # qrcode's metadata carries an "Other/Proprietary License" classifier its build tool added.
    qrcode = package("qrcode", "BSD License; Other/Proprietary License")
    assert check.problems([qrcode], {"qrcode"}) == []
    assert check.problems([package("not-qrcode", qrcode["License"])], {"not-qrcode"}) != []


@pytest.mark.parametrize(
    ("expression", "allowed"),
    [
        ("BSD-3-Clause AND 0BSD AND MIT", True),
        ("MIT AND Proprietary", False),
        ("Apache-2.0 OR BSD-2-Clause", True),
        ("Proprietary OR MIT", True),  # a choice: one allowed alternative is enough
        ("(MIT OR Proprietary) AND Apache-2.0", True),
        ("(MIT OR Proprietary) AND SSPL-1.0", False),
        ("GPL-3.0-or-later WITH GCC-exception-3.1", True),
        ("MIT AND", False),
        ("(MIT", False),
        ("MPL-1.1", False),  # not on the Appendix: only MPL v2 is
        ("GNU General Public License (GPL)", False),  # no version, so possibly GPL v1
    ],
)
def test_it_reads_spdx_expressions(expression: str, allowed: bool) -> None:
    assert (check.problems([package("x", expression)], {"x"}) == []) is allowed


def test_it_reads_package_names_from_the_runtime_table_only() -> None:
    text = "\n".join(
        [
            "# Licences",
            "| `not-this` | x |",
            "## Runtime dependencies",
            "| Package | Licence |",
            "|---|---|",
            "| `Django` | BSD-3-Clause |",
            "| `typing_extensions` | PSF-2.0 |",
            "## Data files",
            "| `nor-this` | x |",
        ]
    )
    assert check.documented(text) == {"django", "typing-extensions"}


def test_the_runtime_closure_follows_extras_and_leaves_out_the_dev_extra() -> None:
    names, missing = check.runtime_closure()
    assert missing == []
    assert {"django", "leidenalg", "igraph", "wordllama", "safetensors"} <= set(names)
    assert "psycopg-binary" in names  # psycopg[binary]
    assert "brotli" in names  # weasyprint -> fonttools[woff]
    assert not {"pytest", "ruff", "mypy", "pip-licenses", "playwright"} & set(names)
    assert "koers" not in names


def test_it_exits_non_zero_naming_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = (ROOT / "docs" / "licences.md").read_text(encoding="utf-8")
    without_django = "\n".join(line for line in doc.splitlines() if "| `Django` |" not in line)
    (tmp_path / "licences.md").write_text(without_django, encoding="utf-8")
    monkeypatch.setattr(check, "DOC", tmp_path / "licences.md")
    assert check.main() == 1
    err = capsys.readouterr().err
    assert "Django 5.2" in err and "without a row in docs/licences.md" in err
