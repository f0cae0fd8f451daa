"""The shipped policy templates: complete, valid and alike in both languages."""

from __future__ import annotations

import pytest

from koers.strategy.policy.diff import html_text
from koers.strategy.policy.sanitise import sanitise_html
from koers.strategy.policy.template import TEMPLATE_LANGUAGES, policy_template

SECTION_KEYS = [
    "purpose",
    "principles",
    "tools",
    "prohibited",
    "personal-data",
    "confidentiality",
    "labelling",
    "literacy",
    "reporting",
    "roles",
    "review",
]


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_each_template_is_a_valid_policy_with_every_section(language):
    template = policy_template(language)
    assert template.language == language
    assert [s.key for s in template.sections] == SECTION_KEYS
    assert [s.number for s in template.sections] == [str(n) for n in range(1, 12)]
    assert template.tools == () and template.cells == ()
    assert [d.key for d in template.data_classes] == [
        "public",
        "internal",
        "confidential",
        "personal",
    ]


def test_the_dutch_and_english_templates_have_the_same_sections():
    dutch, english = policy_template("nl"), policy_template("en")
    assert [(s.key, s.number) for s in dutch.sections] == [
        (s.key, s.number) for s in english.sections
    ]


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_the_templates_text_is_already_clean_and_substantial(language):
    for section in policy_template(language).sections:
        assert sanitise_html(section.html) == section.html, section.key
        assert len(html_text(section.html).split()) >= 60, section.key


def test_the_dutch_template_speaks_dutch_and_cites_the_articles():
    template = policy_template("nl")
    labels = [d.label for d in template.data_classes]
    assert labels == ["Openbaar", "Intern", "Vertrouwelijk", "Persoonsgegevens"]
    text = {s.key: html_text(s.html) for s in template.sections}
    assert "AI-verordening art. 5, lid 1, onder a" in text["prohibited"]
    for letter in "bcdefgh":
        assert f"art. 5, lid 1, onder {letter}" in text["prohibited"]
    assert "AI-verordening art. 50, lid 1" in text["labelling"]
    assert "AI-verordening art. 4" in text["literacy"]
    assert "AVG" in text["personal-data"] and "DPIA" in text["personal-data"]
    assert "Zorgen en vragen" in text["reporting"]
    assert "AI-officer" in text["roles"] and "programmaleider" in text["roles"]
    assert "AI-ambassadeurs" in text["roles"]


def test_the_english_template_cites_the_articles():
    text = {s.key: html_text(s.html) for s in policy_template("en").sections}
    assert "AI Act Art. 5(1)(a)" in text["prohibited"]
    for letter in "bcdefgh":
        assert f"Art. 5(1)({letter})" in text["prohibited"]
    assert "AI Act Art. 50(1)" in text["labelling"] and "AI Act Art. 4" in text["literacy"]
    assert "GDPR" in text["personal-data"]


def test_there_is_no_template_in_another_language():
    with pytest.raises(ValueError):
        policy_template("de")
