"""E-mail addresses, phone numbers, IBANs and BSNs: found when they are one, left alone when not."""

import pytest

from koers.redact import redact
from koers.redact.patterns import bsn_is_valid, iban_is_valid


def kinds(text: str) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start : r.end]) for r in redact(text).redactions]


# --- e-mail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["anouk.devries@gemeente.nl", "j.bakker+ai@example.co.uk", "zoë.müller@bedrijf.de", "X@y.org"],
)
def test_it_finds_an_email_address(address):
    text = f"Mail {address}. Dank!"
    assert kinds(text) == [("email", address)]


def test_it_leaves_an_at_sign_without_an_address_alone():
    assert kinds("We zien elkaar @ kantoor, of via @teams of user@localhost.") == []


# --- phone numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "06 12345678",
        "06 1234 5678",
        "0612345678",
        "06-123 456 78",
        "06.12.34.56.78",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)6 12345678",
        "0031 6 12345678",
        "020 123 4567",
        "020-1234567",
        "(020) 1234567",
        "0318 123456",
        "0318-123456",
        "+31 (0)20 123 4567",
        "+44 20 7946 0958",
        "+1 (555) 123-4567",
        "+49 30 1234567",
    ],
)
def test_it_finds_a_phone_number_in_its_common_notations(number):
    text = f"Bel me op {number} als het kan."
    assert kinds(text) == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "De deadline is 06-12-2024 om 10:30.",
        "Op 01.02.2025 10 mensen erbij.",
        "Het kost € 0,50 per vraag, of 1.250.000 per jaar.",
        "In 2024 en 2025 groeide het met 12%.",
        "Ons adres: Stationsplein 1, 1012 AB Amsterdam.",
        "Order 0123456789012 is verzonden.",
        "Versie 0.12.3 is uit, 06 mensen reageerden.",
        "Kamer 020 en 030 zijn vrij.",
    ],
)
def test_it_takes_no_date_amount_year_postcode_or_ordinary_number_for_a_phone_number(text):
    assert kinds(text) == []


def test_a_number_that_runs_on_is_not_cut_into_a_phone_number():
    assert kinds("Referentie 06-12345678-2 en 0612345678901.") == []


# --- IBAN -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "iban",
    [
        "NL91 ABNA 0417 1643 00",
        "NL91ABNA0417164300",
        "nl91abna0417164300",
        "BE68 5390 0754 7034",
        "DE89 3704 0044 0532 0130 00",
        "GB29 NWBK 6016 1331 9268 19",
        "FR14 2004 1010 0505 0001 3M02 606",
    ],
)
def test_it_finds_a_valid_iban_of_any_country_with_or_without_spaces(iban):
    text = f"Mijn rekening is {iban}, graag voor vrijdag."
    assert kinds(text) == [("iban", iban)]


@pytest.mark.parametrize(
    "text",
    [
        "Rekening NL91 ABNA 0417 1643 01 klopt niet.",  # check digits fail
        "Rekening NL91ABNA041716430 is te kort.",
        "Code XX12 3456 7890 1234 56 is geen land.",
    ],
)
def test_it_leaves_an_invalid_iban_alone_and_does_not_read_its_digits_as_a_phone(text):
    assert kinds(text) == []


def test_the_iban_check_is_mod_97_with_the_country_length():
    assert iban_is_valid("NL91 ABNA 0417 1643 00")
    assert not iban_is_valid("NL91 ABNA 0417 1643 0")
    assert not iban_is_valid("NL19 ABNA 0417 1643 00")


# --- BSN --------------------------------------------------------------------------------------


def test_a_valid_bsn_is_redacted_and_an_invalid_nine_digit_number_is_not():
    text = "Mijn BSN is 123456782, het ordernummer 123456789."
    assert kinds(text) == [("bsn", "123456782")]


@pytest.mark.parametrize("written", ["1234.56.782", "123.456.782", "123 456 782", "123-456-782"])
def test_a_bsn_is_found_in_its_written_forms(written):
    assert kinds(f"BSN: {written}.") == [("bsn", written)]


def test_an_eight_digit_bsn_counts_only_after_a_word_that_says_bsn():
    assert bsn_is_valid("12345611") and bsn_is_valid("012345611")
    assert kinds("Mijn burgerservicenummer is 12345611.") == [("bsn", "12345611")]
    assert kinds("Sofinummer: 12345611") == [("bsn", "12345611")]
    assert kinds("Factuur 12345611 van vorige week.") == []


def test_the_eleven_check():
    assert bsn_is_valid("111222333")
    assert not bsn_is_valid("111222334")
    assert not bsn_is_valid("000000000")
    assert not bsn_is_valid("12345678901")
