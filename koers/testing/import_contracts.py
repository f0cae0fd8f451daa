"""An import-linter contract the built-in ones lack: no reaching for another app's private names.

``from koers.diagnostic.views.waves import _qr_svg`` in Voice passes every module-level contract
when ``views`` is allowed, yet it ties Voice to a detail of the scan. This contract reads the
``from … import …`` statements behind each import between two containers (apps) and fails on a
name that starts with one underscore. Tests may reach in; they are left out.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

import grimp
from importlinter import Contract, ContractCheck, fields, output


class PrivateNamesContract(Contract):
    type_name = "private_names"

    containers = fields.ListField(subfield=fields.StringField())
    broken_contract_guidance = fields.TextField(required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        containers = sorted((str(c) for c in self.containers), key=len, reverse=True)  # type: ignore[attr-defined]
        found: list[str] = []
        for importer in sorted(graph.modules):
            own = _container(importer, containers)
            if own is None or _is_test(importer):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other = _container(imported, containers)
                if other is None or other == own:
                    continue
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    line = int(detail["line_number"])
                    for name in _private_names(importer, imported, line):
                        found.append(f"{importer} (l.{line}) imports {imported}.{name}")
        return ContractCheck(kept=not found, warnings=None, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Private names of another app may not be imported:", bold=False)
        output.new_line()
        for line in check.metadata["found"]:
            output.print_error(f"- {line}", bold=False)
        output.new_line()
        if self.broken_contract_guidance:
            output.print(str(self.broken_contract_guidance))


def _container(module: str, containers: list[str]) -> str | None:
    return next((c for c in containers if module == c or module.startswith(c + ".")), None)


def _is_test(module: str) -> bool:
    return ".tests" in module or module.startswith("koers.testing")


@cache
def _imports_of(module: str) -> dict[int, list[ast.ImportFrom]]:
    # The file is found by its name, not imported: importing would run the apps' code.
    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)  # a top-level package: imports only its __init__
    if spec is None or not spec.submodule_search_locations:
        return {}
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    if not path.is_file():
        return {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    by_line: dict[int, list[ast.ImportFrom]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            by_line.setdefault(node.lineno, []).append(node)
    return by_line


def _private_names(importer: str, imported: str, line: int) -> list[str]:
    names = []
    for node in _imports_of(importer).get(line, []):
        for alias in node.names:
            private = alias.name.startswith("_") and not alias.name.startswith("__")
            if private and f"{node.module}.{alias.name}" != imported:
                names.append(alias.name)
    return names
