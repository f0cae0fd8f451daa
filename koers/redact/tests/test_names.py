"""Names from the organisation's directory: found when used as a name, never as an ordinary word."""

import pytest

from koers.redact import Directory, Person, redact

DIRECTORY = Directory.from_people(
    [
        ("Anouk", "de Vries"),
        ("Piet", "Bakker"),
        ("Marieke", "Jansen"),
        ("Kees", "Jansen"),
        ("Zoë", "Müller"),
        ("Mark", "de Boer"),
        ("Jan", "van der Berg"),
        ("Ben", "Visser"),
        ("Sanne", "Smit"),
        ("Pieter", "Dekker"),
        ("May", "Hendriks"),
    ]
)


def names(text: str, directory: Directory = DIRECTORY) -> list[str]:
    return [text[r.start : r.end] for r in redact(text, directory).redactions if r.kind == "person"]


def test_it_reads_a_directory_of_pairs_or_of_whole_names_the_same_way():
    pairs = Directory.from_people([("Jan Willem", "van der Berg"), ("Zoë", "Müller")])
    whole = Directory.from_names(["Jan Willem van der Berg", "Zoë Müller", "  "])
    assert pairs.people == whole.people
    assert pairs.people[0] == Person(("Jan", "Willem"), ("van", "der"), ("Berg",))
    assert len(whole) == 2


def test_it_finds_a_full_name_in_any_case():
    assert names("Anouk de Vries zei het, en anouk de vries schreef het.") == [
        "Anouk de Vries",
        "anouk de vries",
    ]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Bakker zei dat het goed komt.", ["Bakker"]),
        ("Ik sprak met Bakker over mijn baan.", ["Bakker"]),
        ("Volgens De Vries klopt het niet.", ["De Vries"]),
        ("Vraag het meneer Jansen.", ["Jansen"]),
        ("Dhr. Bakker en mw. Smit waren er.", ["Bakker", "Smit"]),
        ("Jansen was boos.", ["Jansen"]),
        ("J. Bakker en A. de Vries tekenden.", ["J. Bakker", "A. de Vries"]),
    ],
)
def test_it_finds_a_surname_used_as_a_name(text, found):
    assert names(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "De bakker op de hoek is dicht.",
        "Bakker is een mooi beroep.",
        "Mijn vader was een visser.",
        "Visser worden is zwaar.",
        "De smit maakt het hek.",
        "De boer heeft weinig tijd.",
        "Ik ben bang voor mijn baan, ik wil meer uitleg.",
    ],
)
def test_it_leaves_an_ordinary_word_that_is_also_a_surname_alone(text):
    assert names(text) == []


def test_it_finds_both_colleagues_who_share_a_surname():
    text = "Marieke Jansen en Kees Jansen doen het samen; Jansen belt je."
    assert names(text) == ["Marieke Jansen", "Kees Jansen", "Jansen"]


def test_a_particle_may_be_capitalised_or_not_but_the_surname_has_a_capital():
    text = "Mevrouw Van der Berg zei het, ik hoorde het van der Berg zelf en van Jan van der Berg."
    assert names(text) == ["Van der Berg", "van der Berg", "Jan van der Berg"]
    assert names("De boer op de hoek, de Boer op kantoor.") == ["de Boer"]


@pytest.mark.parametrize(
    "text, found, rest",
    [
        ("Jansens team is boos.", "Jansen", "[name]s team is boos."),
        ("Pieters plan is goed.", "Pieter", "[name]s plan is goed."),
        ("Bakker's rapport is weg.", "Bakker", "[name]'s rapport is weg."),
        ("De Vries' rapport is weg.", "De Vries", "[name]' rapport is weg."),
        ("Anouk de Vries' rapport.", "Anouk de Vries", "[name]' rapport."),
    ],
)
def test_it_redacts_the_name_of_a_possessive_and_keeps_the_ending(text, found, rest):
    assert names(text) == [found]
    assert redact(text, DIRECTORY).text == rest


def test_diacritics_do_not_matter():
    text = "Zoe Mueller, Zoë Müller en Muller."
    assert names(text) == ["Zoe Mueller", "Zoë Müller", "Muller"]
    assert names("Zoë was er.", Directory.from_names(["Zoe Peters"])) == ["Zoë"]


def test_a_first_name_alone_counts_when_it_is_capitalised():
    assert names("Anouk en Marieke waren er; anouk niet.") == ["Anouk", "Marieke"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Mark the date.", []),
        ("Mark zei dat het kon.", ["Mark"]),
        ("Ik vroeg het aan Mark.", ["Mark"]),
        ("Ben je er morgen?", []),
        ("Ben zei van wel.", ["Ben"]),
        ("Ik ben de Boer niet.", ["de Boer"]),
        ("Ben bakker van beroep.", []),
        ("In May we meet again.", []),
        ("Hi May, can we talk?", ["May"]),
        ("May Hendriks leads it.", ["May Hendriks"]),
        ("Het systeem JANSEN en project MARK draaien.", []),
        ("JANSEN ZEI HET AL.", ["JANSEN"]),
    ],
)
def test_a_first_name_that_is_also_a_word_needs_a_sign_of_a_person(text, found):
    assert names(text) == found


def test_names_right_beside_each_other_become_one_redaction():
    assert names("Mark Visser belde.") == ["Mark Visser"]
    assert redact("Toen belde Anouk Bakker.", DIRECTORY).text == "Toen belde [name]."


def test_without_a_directory_names_are_found_by_their_shape_only():
    assert names("Anouk de Vries zei het.", Directory()) == ["Anouk de Vries"]
    assert [(r.start, r.end) for r in redact("Anouk de Vries zei het.").redactions] == [(0, 14)]
    # An ordinary word is no name without the directory or a context that says person.
    assert names("Bakker weet meer; de bakker op de hoek niet.", Directory()) == []


def test_double_names_and_apostrophes_are_one_name():
    directory = Directory.from_names(
        ["Anne-Marie Jansen-de Vries", "Hans 't Hart", "Hedy d'Ancona"]
    )
    assert directory.people[0] == Person(("Anne", "Marie"), (), ("Jansen", "de", "Vries"))
    text = "Anne-Marie zei het, Jansen-de Vries ook; 't Hart en d'Ancona niet."
    assert names(text, directory) == ["Anne-Marie", "Jansen-de Vries", "'t Hart", "d'Ancona"]
