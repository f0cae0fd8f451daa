"""`koers run` collects the static files once per install or change, so a restart answers within
seconds (koers.cli.server.collect_static)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import override_settings

from koers.cli.server import STATIC_FINGERPRINT, collect_static

ONLY_THESE_FILES = "django.contrib.staticfiles.finders.FileSystemFinder"


@pytest.fixture
def static(tmp_path: Path) -> tuple[Path, Path]:
    source, root = tmp_path / "source", tmp_path / "static"
    source.mkdir()
    root.mkdir()
    (source / "koers.css").write_text("body { color: black; }\n")
    with override_settings(
        STATIC_ROOT=root, STATICFILES_DIRS=[source], STATICFILES_FINDERS=[ONLY_THESE_FILES]
    ):
        yield source, root


def test_the_first_start_collects_and_fingerprints(static: tuple[Path, Path]) -> None:
    _source, root = static
    assert collect_static() is True
    assert (root / "staticfiles.json").exists()
    assert (root / STATIC_FINGERPRINT).exists()
    assert any(name.startswith("koers.") and name.endswith(".css") for name in os.listdir(root))


def test_a_restart_with_the_same_files_does_not_collect_again(static: tuple[Path, Path]) -> None:
    collect_static()
    assert collect_static() is False


@pytest.mark.parametrize("change", ["edit", "add", "remove the manifest"])
def test_a_changed_file_or_a_missing_manifest_collects_again(
    static: tuple[Path, Path], change: str
) -> None:
    source, root = static
    collect_static()
    if change == "edit":
        (source / "koers.css").write_text("body { color: navy; }\n")
        os.utime(source / "koers.css", ns=(1, 1))  # another modification time, whatever the clock
    elif change == "add":
        (source / "print.css").write_text("@page { size: A4; }\n")
    else:
        (root / "staticfiles.json").unlink()
    assert collect_static() is True
    assert collect_static() is False
