"""Suggestions from the text: each names the words that triggered it; they never set facts."""

from __future__ import annotations

from koers.triage.rules.schema import Facts
from koers.triage.rules.suggest import suggest


def test_it_suggests_the_annex_iii_area_from_the_pre_screen():
    found = suggest("Screening the CVs of job applicants and ranking candidates for interviews.")
    assert found["annex_iii_area"].value == "employment"
    assert "job applicants" in found["annex_iii_area"].terms
    assert found["profiling"].value is True
    assert "ranking" in found["profiling"].terms


def test_it_suggests_art50_for_a_chatbot_that_drafts_answers():
    found = suggest("A chatbot that answers questions from customers and drafts e-mails.")
    assert found["art50"].value == ["interacts_with_people", "synthetic_content"]
    assert {"chatbot", "drafts"} <= set(found["art50"].terms)


def test_it_reads_dutch():
    found = suggest(
        "Een assistent die vergaderingen samenvat. Bepalen of burgers recht hebben op een "
        "bijstandsuitkering met een risicoscore op basis van gezondheidsgegevens."
    )
    assert found["annex_iii_area"].value == "essential_services"
    assert found["art50"].value == ["interacts_with_people", "synthetic_content"]
    assert found["profiling"].value is True
    assert {"sensitive_data", "evaluation_scoring"} <= set(found["edpb_criteria"].value)


def test_it_does_not_call_scoring_without_people_profiling():
    assert "profiling" not in suggest("Rank the open invoices by amount and score the suppliers.")


def test_its_suggestions_are_valid_answers():
    text = "A chatbot scoring applicants for jobs, with deepfake videos and health records."
    values = {key: suggestion.value for key, suggestion in suggest(text).items()}
    Facts(**values)
    for suggestion in suggest(text).values():
        assert suggestion.terms and suggestion.note
