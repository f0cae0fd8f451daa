"""Check the licences of Koers's runtime dependencies (part of `make lint`).

Koers is licensed under the EUPL-1.2 (LICENSE). This script takes the runtime dependencies as
installed: every requirement of the `koers` distribution except the `dev` extra, followed
transitively (with the extras each requirement asks for, markers evaluated for this machine). It
asks pip-licenses for their licences as JSON and fails, naming the package, when

- a licence is missing or UNKNOWN (and the package is not in OVERRIDES),
- a licence is not on ALLOWED (the licences compatible with the EUPL-1.2: its Appendix and the
  permissive licences),
- a runtime dependency has no row in docs/licences.md, or that table lists a package that is not
  a runtime dependency (so the document stays true).

Run from the repository root: `.venv/bin/python scripts/check_licences.py`. Exit 0 when all is
well; 1 with one line per problem otherwise.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "licences.md"
DOC_SECTION = "## Runtime dependencies"
PROJECT = "koers"

# Licence names as pip-licenses reports them: an SPDX id (from License-Expression or a
# spelled-out License field) or a trove classifier's last part.
ALLOWED = frozenset(
    {
        # Permissive.
        "0BSD",
        "Apache-2.0",
        "Apache Software License",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "BSD License",
        "CC0-1.0",
        "HPND",
        "ISC",
        "ISC License (ISCL)",
        "MIT",
        "MIT-0",
        "MIT-CMU",
        "MIT License",
        "PSF-2.0",
        "Python Software Foundation License",
        "Unlicense",
        "Zlib",
        # Copyleft licences on the EUPL-1.2's Appendix of compatible licences.
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "EPL-1.0",
        "EUPL-1.1",
        "EUPL-1.2",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "GNU General Public License v2 or later (GPLv2+)",
        "GNU General Public License v3 (GPLv3)",
        "GNU General Public License v3 or later (GPLv3+)",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "GNU Lesser General Public License v3 (LGPLv3)",
        "GNU Lesser General Public License v3 or later (LGPLv3+)",
        "MPL-2.0",
        "Mozilla Public License 2.0 (MPL 2.0)",
    }
)

# Packages whose metadata gives no usable licence, each checked by hand against the licence files
# in its wheel (.venv/lib/python3.11/site-packages/NAME-VERSION.dist-info/). An SPDX expression;
# OR means a choice, so one allowed alternative is enough.
OVERRIDES: dict[str, str] = {
    # Metadata "GNU General Public License (GPL)" names no version (GPL-1.0 is not compatible);
    # python-igraph is GPL-2.0-or-later: its LICENSE is the GPL v2, its sources say "or later".
    "igraph": "GPL-2.0-or-later",
    # Three classifiers that are alternatives, not conditions: "Pyphen is released under the
    # GPL 2.0+/LGPL 2.1+/MPL 1.1 tri-license" (its LICENSE). MPL 1.1 alone would not do.
    "pyphen": "GPL-2.0-or-later OR LGPL-2.1-or-later OR MPL-1.1",
    # Metadata "BSD" plus a "License :: Other/Proprietary License" classifier, which poetry-core
    # adds to any licence string that is not an SPDX id. Its LICENSE is BSD 3-clause, with the
    # MIT licence of pyqrnative, the code it was forked from.
    "qrcode": "BSD-3-Clause AND MIT",
    # The License field holds the whole licence text, which is the MIT licence (as its LICENSE).
    "wordllama": "MIT",
}

UNKNOWN = {"", "UNKNOWN"}


def runtime_closure(project: str = PROJECT) -> tuple[list[str], list[str]]:
    """The installed runtime dependencies of `project` (canonical names, sorted) and the
    requirements that should be installed but are not."""
    extras_of: dict[str, set[str]] = {}
    missing: list[str] = []
    todo: list[tuple[str, frozenset[str]]] = [(project, frozenset())]
    while todo:
        name, extras = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        key = canonicalize_name(dist.metadata["Name"])
        seen = extras_of.get(key)
        if seen is not None and extras <= seen:
            continue
        extras_of[key] = (seen or set()) | extras
        # The project is entered without extras, so its `dev` extra is never followed.
        active = ["", *sorted(extras)]
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in active):
                todo.append((req.name, frozenset(req.extras)))
    extras_of.pop(canonicalize_name(project), None)
    return sorted(extras_of), sorted(set(missing))


def pip_licenses(names: list[str]) -> list[dict[str, str]]:
    """pip-licenses' JSON for these packages: Name, Version and License of each."""
    command = [sys.executable, "-m", "piplicenses", "--format=json", "--from=mixed"]
    # --with-system: pip-licenses leaves out its own dependencies and a few tools unless told.
    out = subprocess.run(
        [*command, "--with-system", "--packages", *names],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    packages: list[dict[str, str]] = json.loads(out)
    return packages


def documented(text: str) -> set[str]:
    """Package names (canonical) in the first column of the runtime-dependency table."""
    names: set[str] = set()
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line.strip() == DOC_SECTION
        elif inside and (m := re.match(r"\|\s*`([^`]+)`", line)):
            names.add(canonicalize_name(m[1]))
    return names


def problems(packages: list[dict[str, str]], documented: set[str]) -> list[str]:
    """What is wrong with these packages' licences (pip-licenses' JSON rows) and with the
    documented set of names; empty when all is well."""
    found: list[str] = []
    names: set[str] = set()
    for package in packages:
        name = canonicalize_name(package["Name"])
        names.add(name)
        label = f"{package['Name']} {package.get('Version', '?')}"
        licence = OVERRIDES.get(name, package.get("License") or "").strip()
        if licence in UNKNOWN:
            found.append(
                f"{label}: no licence in its metadata (UNKNOWN); check its licence files and "
                "add it to OVERRIDES in scripts/check_licences.py"
            )
        elif not _allowed(licence):
            found.append(
                f"{label}: licence {licence!r} is not on the allow-list of licences compatible "
                "with the EUPL-1.2 (ALLOWED in scripts/check_licences.py)"
            )
        if name not in documented:
            found.append(f"{label}: a runtime dependency without a row in docs/licences.md")
    for stale in sorted(documented - names):
        found.append(f"{stale}: in docs/licences.md but not a runtime dependency")
    return found


def _allowed(licence: str) -> bool:
    """Whether a licence string is acceptable: "; "-separated parts (pip-licenses' list of
    classifiers) must all be; each part is a name on ALLOWED or an SPDX expression of them."""
    return all(_expression_allowed(part.strip()) for part in licence.split(";"))


def _expression_allowed(text: str) -> bool:
    if text in ALLOWED:
        return True
    terms = re.findall(r"\(|\)|[^\s()]+", text)
    if not {"AND", "OR", "WITH"} & set(terms):
        return False
    position = 0

    def either() -> bool:  # a OR b: one alternative is enough
        nonlocal position
        ok = both()
        while position < len(terms) and terms[position] == "OR":
            position += 1
            ok = both() | ok
        return ok

    def both() -> bool:  # a AND b: every part is needed
        nonlocal position
        ok = single()
        while position < len(terms) and terms[position] == "AND":
            position += 1
            ok = single() & ok
        return ok

    def single() -> bool:  # (expression), or an id with an exception, which only adds rights
        nonlocal position
        if position >= len(terms):
            raise ValueError(text)
        term = terms[position]
        position += 1
        if term == "(":
            ok = either()
            if position >= len(terms) or terms[position] != ")":
                raise ValueError(text)
            position += 1
            return ok
        if position < len(terms) and terms[position] == "WITH":
            position += 2
        return term in ALLOWED

    try:
        ok = either()
    except ValueError:
        return False
    return ok and position == len(terms)


def main() -> int:
    names, missing = runtime_closure()
    found = [f"{name}: required at run time but not installed" for name in missing]
    packages = pip_licenses(names)
    reported = {canonicalize_name(p["Name"]) for p in packages}
    # A package pip-licenses did not report counts as one without a licence.
    packages += [{"Name": n, "Version": "?", "License": ""} for n in names if n not in reported]
    found += problems(packages, documented(DOC.read_text(encoding="utf-8")))
    for line in found:
        print(f"check_licences: {line}", file=sys.stderr)
    if not found:
        print(f"check_licences: {len(names)} runtime dependencies, every licence allowed.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
