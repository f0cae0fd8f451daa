"""``redact``: realistic concerns in, the same text with placeholders and exact offsets out."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from koers.redact import KINDS, Directory, Redaction, redact

ROOT = Path(__file__).resolve().parents[3]

DIRECTORY = Directory.from_names(
    [
        "Anouk de Vries",
        "Piet Bakker",
        "Marieke Jansen",
        "Kees Jansen",
        "Sarah Thompson",
        "Mark Smith",
    ]
)

CONCERN_NL = (
    "Mijn teamleider Anouk de Vries zei gisteren dat de helft van ons werk door AI wordt gedaan. "
    "Bakker zei dat er niemand weg hoeft, maar Jansen zei iets anders. Ik durf het niet te "
    "vragen. Bel me liever niet op 06-12345678 en mail ook niet naar m.jansen@gemeente.nl.\n"
    "PS: mijn BSN 123456782 stond in de prompt die ik moest testen, net als NL91 ABNA 0417 1643 00."
)
CONCERN_EN = (
    "My manager, Sarah Thompson, told us the new assistant will 'free up capacity'. Smith said "
    "nobody loses their job, but Thompson's slides say otherwise. Reach me at +44 20 7946 0958 "
    "or sarah.t@example.org — the baker on the corner knows more than we do."
)


def test_a_dutch_concern_loses_its_manager_colleagues_email_phone_bsn_and_iban():
    result = redact(CONCERN_NL, DIRECTORY, language="nl")
    assert result.text == (
        "Mijn teamleider [naam] zei gisteren dat de helft van ons werk door AI wordt gedaan. "
        "[naam] zei dat er niemand weg hoeft, maar [naam] zei iets anders. Ik durf het niet te "
        "vragen. Bel me liever niet op [telefoon] en mail ook niet naar [e-mail].\n"
        "PS: mijn BSN [BSN] stond in de prompt die ik moest testen, net als [IBAN]."
    )
    assert [r.kind for r in result.redactions] == [
        "person", "person", "person", "phone", "email", "bsn", "iban"
    ]  # fmt: skip


def test_an_english_concern_keeps_the_baker_on_the_corner():
    result = redact(CONCERN_EN, DIRECTORY)
    assert result.text == (
        "My manager, [name], told us the new assistant will 'free up capacity'. [name] said "
        "nobody loses their job, but [name]'s slides say otherwise. Reach me at [phone] "
        "or [e-mail] — the baker on the corner knows more than we do."
    )


def test_the_offsets_point_at_the_found_thing_in_the_original_text():
    result = redact(CONCERN_NL, DIRECTORY)
    found = [CONCERN_NL[r.start : r.end] for r in result.redactions]
    assert found == [
        "Anouk de Vries",
        "Bakker",
        "Jansen",
        "06-12345678",
        "m.jansen@gemeente.nl",
        "123456782",
        "NL91 ABNA 0417 1643 00",
    ]
    assert result.redactions[0] == Redaction("person", 16, 30)


def test_redacting_a_redacted_text_finds_nothing_new():
    for text, language in [(CONCERN_NL, "nl"), (CONCERN_EN, "en"), (CONCERN_NL, "en")]:
        once = redact(text, DIRECTORY, language=language)
        assert redact(once.text, DIRECTORY).redactions == []


def test_a_text_without_personal_data_comes_back_unchanged():
    text = "Ik ben bang dat AI mijn werk overneemt. Wie helpt ons team met de eerste stappen?"
    assert redact(text, DIRECTORY) == redact(text) == type(redact(text))(text, [])


FRAGMENTS = [
    "Anouk de Vries", "anouk", "Bakker", "bakker", "Jansen's", "Jansens", "Mark", "Smith said",
    "06-12345678", "+31 6 1234 5678", "(020) 123 4567", "123456782", "123456789",
    "NL91 ABNA 0417 1643 00", "NL91ABNA0417164301", "a.b@c.nl", "@", "'", "-", ".", "\n", " ",
    "de", "van der", "zei", "[name]", "[naam]", "2024", "06", "+", "0", "€", "Zoë", "ß",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25))
def test_any_text_gives_sorted_non_overlapping_redactions_of_known_kinds(parts):
    text = "".join(parts)
    result = redact(text, DIRECTORY)
    previous_end = 0
    for redaction in result.redactions:
        assert redaction.kind in KINDS
        assert previous_end <= redaction.start < redaction.end <= len(text)
        previous_end = redaction.end


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20))
def test_any_redacted_text_redacts_to_itself(parts):
    once = redact(" ".join(parts), DIRECTORY, language="nl")
    assert redact(once.text, DIRECTORY, language="nl").text == once.text
