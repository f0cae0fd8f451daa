"""``koers policy check`` and ``koers export policy`` from the command line."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from koers.cli import main
from koers.testing.factories import make_org
from koers.testing.policies import make_published_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    organisation = make_org("Demo BV")
    make_published_policy(organisation, number=2)
    return organisation


def test_check_answers_as_the_page_does(published, capsys):
    argv = ["policy", "check", "--org", published.slug, "--tool", "chat gpt enterprise"]
    assert main([*argv, "--data", "Intern"]) == 0
    assert capsys.readouterr().out == (
        "Conditional: ChatGPT Enterprise for Intern data — Alleen zonder persoonsgegevens. "
        "See section 4.2.\n"
    )


def test_check_as_json(published, capsys):
    argv = ["policy", "check", "--org", published.slug, "--tool", "Gemini", "--data", "public"]
    assert main([*argv, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "tool": "Gemini",
        "data_class": "public",
        "answer": "not_listed",
        "condition": "",
        "section": None,
    }


def test_an_unknown_data_class_lists_the_valid_ones_and_prints_nothing_on_stdout(published, capsys):
    argv = ["policy", "check", "--org", published.slug, "--tool", "DeepL", "--data", "geheim"]
    assert main([*argv, "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Unknown data class 'geheim'" in err
    assert "public (Openbaar), internal (Intern), confidential (Vertrouwelijk)" in err


def test_without_a_published_policy_both_commands_say_so(capsys, tmp_path):
    organisation = make_org()
    check = ["policy", "check", "--org", organisation.slug, "--tool", "X", "--data", "public"]
    assert main(check) == 1
    assert main(["export", "policy", "--org", organisation.slug, "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count(f"{organisation.slug} has no published AI policy.") == 2


def test_an_unknown_organisation_is_an_error(capsys):
    assert main(["export", "policy", "--org", "nope"]) == 1
    assert "no organisation with the short name 'nope'" in capsys.readouterr().err


def test_export_json_to_standard_output(published, capsysbinary):
    assert main(["export", "policy", "--org", published.slug, "--format", "json"]) == 0
    document = json.loads(capsysbinary.readouterr().out)
    assert (document["version"], document["language"]) == (2, "nl")
    assert document["sections"][0] == {
        "number": "1",
        "title": "Doel en reikwijdte",
        "text": "Dit beleid geldt voor iedereen.",
    }


def test_export_docx_to_a_file(published, tmp_path, capsys):
    target = tmp_path / "beleid.docx"
    assert main(["export", "policy", "--org", published.slug, "--output", str(target)]) == 0
    assert f"Wrote {target}" in capsys.readouterr().err
    document = Document(io.BytesIO(target.read_bytes()))
    assert "4.2 Persoonsgegevens en de AVG" in [p.text for p in document.paragraphs]
    assert document.tables[0].rows[0].cells[4].text == "Persoonsgegevens"
