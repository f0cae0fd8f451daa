"""Every e-mail Koers sends ends with a closing line and who sent it (GLOSSARY-NL.md: "E-mails
end with a closing line and who sent them")."""

from __future__ import annotations

from pathlib import Path

import pytest

KOERS = Path(__file__).resolve().parents[2]
BODIES = sorted(
    [*KOERS.glob("*/templates/*/email/*_body.txt"), *KOERS.glob("*/templates/*/*_email.txt")]
)


def test_there_are_e_mails_to_check():
    assert len(BODIES) >= 10


@pytest.mark.parametrize("path", BODIES, ids=lambda path: path.name)
def test_it_ends_with_a_closing_line_and_the_sender(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [line for line in lines if line.strip() != "{% endautoescape %}"]
    closing = [i for i, line in enumerate(lines) if '{% translate "Kind regards," %}' in line]
    assert closing, f"{path.name} has no closing line"
    assert len(lines) - closing[-1] >= 2, f"{path.name} does not say who sent it"
