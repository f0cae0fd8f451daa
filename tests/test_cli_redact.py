"""``koers redact``: a text on stdin, the same text without its personal data on stdout."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from koers.cli import main
from koers.orgs.models import Membership
from koers.orgs.selectors import directory_of
from koers.testing.factories import make_member, make_org, make_user

CONCERN = (
    "Anouk de Vries zei dat ons team krimpt. Bakker weet meer; de bakker op de hoek niet.\n"
    "Bel 06-12345678, mail a.devries@example.org, BSN 123456782 (niet 123456789).\n"
)


def _koers(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "koers.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def _run(monkeypatch, capsys, *args: str, stdin: str = CONCERN) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["redact", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def acme(org):
    make_member(org, user=make_user(name="Anouk de Vries"))
    make_member(org, user=make_user(name="Piet Bakker"))
    gone = make_member(org, user=make_user(name="Kees Jansen"))
    Membership.objects.filter(user=gone).update(is_active=False)
    make_member(make_org("Elsewhere"), user=make_user(name="Sanne Visser"))
    return org


def test_without_an_organisation_it_finds_names_by_their_shape_only():
    done = _koers("redact", stdin=CONCERN)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "[name] zei dat ons team krimpt. Bakker weet meer; de bakker op de hoek niet.\n"
        "Bel [phone], mail [e-mail], BSN [BSN] (niet 123456789).\n"
    )


def test_with_an_organisation_it_redacts_its_members_names_too(acme, monkeypatch, capsys):
    code, out, err = _run(monkeypatch, capsys, "--org", acme.slug, "--language", "nl")
    assert (code, err) == (0, "")
    assert out == (
        "[naam] zei dat ons team krimpt. [naam] weet meer; de bakker op de hoek niet.\n"
        "Bel [telefoon], mail [e-mail], BSN [BSN] (niet 123456789).\n"
    )


def test_json_gives_the_offsets_into_the_original_text(acme, monkeypatch, capsys):
    code, out, _err = _run(monkeypatch, capsys, "--org", acme.slug, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["text"].startswith("[name] zei dat ons team krimpt. [name] weet meer")
    found = [(r["kind"], CONCERN[r["start"] : r["end"]]) for r in document["redactions"]]
    assert found == [
        ("person", "Anouk de Vries"),
        ("person", "Bakker"),
        ("phone", "06-12345678"),
        ("email", "a.devries@example.org"),
        ("bsn", "123456782"),
    ]
    assert set(document["redactions"][0]) == {"kind", "start", "end"}


def test_the_placeholders_follow_the_organisations_language(acme, monkeypatch, capsys):
    acme.language = "nl"
    acme.save(update_fields=["language"])
    _code, out, _err = _run(monkeypatch, capsys, "--org", acme.slug, stdin="Piet Bakker belde.")
    assert out == "[naam] belde."


def test_the_directory_holds_the_active_members_of_that_organisation_only(acme):
    names = {" ".join(p.given + p.particles + p.surname) for p in directory_of(acme).people}
    assert names == {"Anouk de Vries", "Piet Bakker"}


def test_an_unknown_organisation_exits_1_with_a_message_and_prints_nothing(db, monkeypatch, capsys):
    code, out, err = _run(monkeypatch, capsys, "--org", "does-not-exist")
    assert code == 1
    assert out == ""
    assert err == "koers: There is no organisation with the short name 'does-not-exist'.\n"
