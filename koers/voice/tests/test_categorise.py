"""The category guess: Dutch and English words for each of the eight categories."""

import pytest

from koers.voice.categorise import LEXICONS, suggest


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Ik ben bang dat mijn baan verdwijnt als AI dit werk overneemt", "job_security"),
        ("Will AI replace my job? I fear redundancies.", "job_security"),
        (
            "Worden mijn persoonsgegevens gedeeld met de AI-leverancier? Hoe zit het met de AVG?",
            "privacy",
        ),
        ("Are we sending customer data to ChatGPT? What about GDPR and privacy?", "privacy"),
        ("Het model heeft vooroordelen en discrimineert sollicitanten", "ethics_fairness"),
        ("I worry about bias and whether this is fair to applicants", "ethics_fairness"),
        ("De antwoorden kloppen vaak niet, hij verzint bronnen: onbetrouwbaar", "quality"),
        ("It hallucinates and the answers are inaccurate", "quality"),
        ("Is er een cursus of opleiding om beter te leren prompten?", "skills"),
        ("How do I learn to write good prompts? Is there a training?", "skills"),
        ("De werkdruk stijgt: er wordt meer productie verwacht, geen tijd", "workload"),
        ("The workload and stress are going up with all these new expectations", "workload"),
        ("Ik heb geen toegang tot Copilot, mijn licentie ontbreekt", "tools_access"),
        ("I can't get access to the tool, my account has no licence", "tools_access"),
    ],
)
def test_it_suggests_the_category_from_dutch_and_english_words(text, category):
    assert suggest(text) == category


def test_a_text_without_any_known_word_is_other():
    assert suggest("Wat vinden jullie van de kantine?") == "other"
    assert suggest("") == "other"


def test_it_ignores_case_and_diacritics():
    assert suggest("MIJN CARRIERE staat op het spel") == "job_security"
    assert suggest("mijn carrière staat op het spel") == "job_security"


def test_a_stem_matches_only_at_the_start_of_a_word():
    # "druk" (workload) must not match inside "afdrukken" (printing).
    assert suggest("Het afdrukken gaat mis") != "workload"


def test_the_lexicons_cover_the_seven_named_categories():
    assert set(LEXICONS) == {
        "job_security",
        "privacy",
        "ethics_fairness",
        "quality",
        "skills",
        "workload",
        "tools_access",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben bang dat ervaring straks niets meer waard is.",
        "Als AI mijn werk doet, wat blijft er dan over voor mij?",
        "Zijn wij straks nog nodig?",
        "Will AI take my job?",
    ],
)
def test_worries_about_ones_own_worth_at_work_are_about_job_security(text):
    assert suggest(text) == "job_security"
