"""The Dutch catalogue is complete, current with the code, and compiled.

When one of these fails: run `make messages`, translate what it added to
koers/locale/nl/LC_MESSAGES/django.po (no empty or fuzzy entries), and run `make messages` again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "koers"
NL_PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = NL_PO.with_suffix(".mo")

Key = tuple[str | None, str]  # (msgctxt, msgid)


def _key(entry: polib.POEntry | polib.MOEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _label(key: Key) -> str:
    context, msgid = key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def _active(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def _translations(entry: polib.POEntry | polib.MOEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.fixture(scope="module")
def nl() -> polib.POFile:
    assert NL_PO.exists(), f"{NL_PO.relative_to(ROOT)} is missing: run `make messages`"
    return polib.pofile(str(NL_PO))


def test_it_translates_every_message_into_dutch(nl: polib.POFile) -> None:
    entries = _active(nl)
    assert entries, "the Dutch catalogue is empty"
    fuzzy = [_label(_key(entry)) for entry in entries if entry.fuzzy]
    empty = [
        _label(_key(entry))
        for entry in entries
        if not entry.fuzzy and not all(text.strip() for text in _translations(entry))
    ]
    assert not fuzzy, f"{len(fuzzy)} fuzzy Dutch translations to check:\n" + "\n".join(fuzzy)
    assert not empty, f"{len(empty)} messages without a Dutch translation:\n" + "\n".join(empty)


def test_it_has_every_message_of_the_code_in_the_dutch_catalogue(
    nl: polib.POFile, tmp_path: Path
) -> None:
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("xgettext is missing; CI installs it with `apt-get install gettext`")
        pytest.skip("xgettext is missing (apt-get install gettext); cannot scan the source")
    extracted = _extract_messages(tmp_path)
    in_catalogue = {_key(entry) for entry in _active(nl)}
    missing = sorted(
        (key for key in extracted if key not in in_catalogue), key=lambda k: (k[1], k[0] or "")
    )
    assert not missing, (
        f"{len(missing)} messages in the code are not in {NL_PO.relative_to(ROOT)} "
        "(run `make messages` and translate them):\n" + "\n".join(map(_label, missing))
    )


def test_it_has_compiled_the_dutch_catalogue(nl: polib.POFile) -> None:
    assert NL_MO.exists(), f"{NL_MO.relative_to(ROOT)} is missing: run `make messages`"
    # What msgfmt compiles: translated, non-fuzzy entries.
    expected = {
        _key(entry): _translations(entry)
        for entry in _active(nl)
        if entry.translated() and not entry.fuzzy
    }
    compiled = {_key(entry): _translations(entry) for entry in polib.mofile(str(NL_MO))}
    compiled.pop((None, ""), None)  # the header
    stale = sorted(
        {
            key
            for key in expected.keys() | compiled.keys()
            if expected.get(key) != compiled.get(key)
        },
        key=lambda k: (k[1], k[0] or ""),
    )
    assert not stale, (
        f"{NL_MO.relative_to(ROOT)} differs from the .po file in {len(stale)} messages "
        "(run `make messages`):\n" + "\n".join(map(_label, stale[:50]))
    )


def _extract_messages(workdir: Path) -> set[Key]:
    """The messages Django's makemessages finds in a copy of the package, as `make messages` does.

    It runs on a copy so the committed catalogue is never touched; minimal settings point
    LOCALE_PATHS into the copy.
    """
    copy = workdir / "koers"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc", "*.mo")
    )
    (copy / "locale").mkdir()
    (workdir / "i18n_scan_settings.py").write_text(
        f"LOCALE_PATHS = [{str(copy / 'locale')!r}]\nUSE_I18N = True\nINSTALLED_APPS = []\n"
        "SECRET_KEY = 'only-for-scanning-messages'\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "KOERS_")) and key != "PYTHONPATH"
    }
    env.update({"PYTHONPATH": str(workdir), "DJANGO_SETTINGS_MODULE": "i18n_scan_settings"})
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale=nl", "--add-location=file"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}{result.stderr}"
    generated = copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    assert generated.exists(), f"makemessages wrote no catalogue:\n{result.stdout}{result.stderr}"
    return {_key(entry) for entry in _active(polib.pofile(str(generated)))}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_catalogue_is_valid_gettext(language: str) -> None:
    """A catalogue that gettext's own tools refuse breaks `make messages`, even while the
    compiled catalogue still serves the pages."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt is missing; CI installs it with `apt-get install gettext`")
        pytest.skip("msgfmt is missing (apt-get install gettext); cannot check the catalogues")
    po = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
    checked = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(po)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
