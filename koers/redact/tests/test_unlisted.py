"""Names of people who are not in the directory, found by their shape; and the look-alikes that
stay (docs/voice.md, "Redaction")."""

import pytest

from koers.redact import Directory, redact
from koers.redact.evaluation import LABELLED, evaluate, read_labelled

DIRECTORY = Directory.from_names(["Kees de Boer", "Anouk de Vries", "Mark Visser", "Van Nguyen"])


def nl(text: str, directory: Directory = DIRECTORY) -> str:
    return redact(text, directory, language="nl").text


@pytest.mark.parametrize(
    "text, redacted",
    [
        # The case that started it: a first name the directory does not know, before a surname
        # it does ("Kees de Boer" is the member), goes with it.
        ("Mijn teamleider Jan de Boer doet raar.", "Mijn teamleider [naam] doet raar."),
        ("J. de Boer zei niets.", "[naam] zei niets."),
        ("J.W. van der Meer tekende.", "[naam] tekende."),
        ("Volgens mevrouw Yilmaz klopt het niet.", "Volgens mevrouw [naam] klopt het niet."),
        ("Ik sprak Mei Ling Chen erover.", "Ik sprak [naam] erover."),
        ("Anne-Marie Jansen-de Vries kwam.", "[naam] kwam."),
        ("Vraag het aan Dijkstra.", "Vraag het aan [naam]."),
        ("Patel said the model is fine.", "[naam] said the model is fine."),
        ("Jansens team kreeg de tool.", "[naam]s team kreeg de tool."),
        ("De offerte was van S.A. Verhoeven.", "De offerte was van [naam]."),
        ("Kees van Finance zei het.", "[naam] van Finance zei het."),
        ("Mark van finance denkt dat het kan.", "[naam] van finance denkt dat het kan."),
        ("Bas Hoekman gaf de training.", "[naam] gaf de training."),
        ("O'Brien also said so.", "[naam] also said so."),
        ("Burgemeester Hoogeveen zei het.", "Burgemeester [naam] zei het."),
    ],
)
def test_it_removes_names_the_directory_does_not_know_whole(text, redacted):
    assert nl(text) == redacted


@pytest.mark.parametrize(
    "text",
    [
        "In mei gaat de bakker met pensioen.",
        "Van de week kregen we groen licht.",
        "Het Rijk wil dat we AI verantwoord inzetten.",
        "Groen licht van het MT.",
        "Ik woon in Den Haag en werk in Bergen op Zoom.",
        "We vergaderen in het Van Gogh Museum.",
        "Ons kantoor zit aan de Jan van Galenstraat.",
        "De heidag was in een Van der Valk-hotel.",
        "De koffie van Douwe Egberts is op.",
        "Het systeem is gemaakt voor Jan Modaal.",
        "Joost mag het weten.",
        "Mijn broer werkt bij Philips.",
        "On 4 Jan 2023 the system went live.",
        "The U.S. Army uses Amazon Lex and Google Coral.",
        "N/A. Evaluating tools only.",
        "We use Microsoft Copilot and Claude.",
        "Will it replace us? Mark my words.",
    ],
)
def test_it_leaves_look_alikes_alone(text):
    assert nl(text) == text


def test_a_chatbot_named_like_a_person_stays_a_chatbot_throughout_the_text():
    text = 'Onze chatbot heet "Eva". Mensen denken dat Eva een mens is. Collega Eva niet.'
    assert nl(text, Directory()) == (
        'Onze chatbot heet "Eva". Mensen denken dat Eva een mens is. Collega [naam] niet.'
    )


def test_a_text_without_capitals_has_its_names_found_anyway():
    directory = Directory.from_names(["Sanne Bakker", "Iris Groen", "Jan-Willem van der Meer"])
    text = "sanne en iris zeiden het al, vraag maar aan van der meer"
    assert nl(text, directory) == "[naam] en [naam] zeiden het al, vraag maar aan [naam]"
    # With capitals elsewhere, lower case still says "ordinary word".
    assert nl("Ik zag sanne niet.", directory) == "Ik zag sanne niet."


def test_redacting_a_redacted_text_finds_nothing_new_even_where_neighbours_decide():
    text = "Mei Ling Anouk de Vries Van Gogh"
    once = nl(text)
    assert nl(once) == once


def test_the_labelled_sets_meet_their_figures():
    """The development set (koers/redact/data/names.txt) is the one the rules were written
    against; the second (names-heldout.txt) was written later by someone else and then used to
    improve the rules; the final one (names-final.txt) was scored once, at the end. These floors
    keep what was reached; `koers bench redaction` prints all three."""
    development = evaluate(read_labelled(LABELLED))
    assert development.recall() >= 0.97
    assert development.trap_rate() <= 0.03
    second = evaluate(read_labelled(LABELLED.with_name("names-heldout.txt")))
    assert second.recall() >= 0.92
    assert second.trap_rate() <= 0.11
    final = evaluate(read_labelled(LABELLED.with_name("names-final.txt")))
    assert final.recall() >= 0.83
    assert final.trap_rate() <= 0.26
