"""Koers's Dutch uses the words of the glossary (GLOSSARY-NL.md, kept next to the repository in
``../shared``): a word from its "Not" column fails here when it appears in a Dutch msgstr or in
Dutch shipped data (the scan's instruments, the AI-policy template, the demo).

``FORBIDDEN`` mirrors the glossary's "Not" column (and the renderings of the AI Act it replaces
with the Regulation's own Dutch terms); when the glossary changes, change it here too. Where
``../shared`` exists (CI), a test checks that every "Not" entry is covered here.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "koers" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
GLOSSARY = ROOT.parent / "shared" / "GLOSSARY-NL.md"


@dataclass(frozen=True)
class Forbidden:
    pattern: str  # a regular expression, matched case-insensitively between word boundaries
    use: str  # what the glossary says instead
    english: bool = False  # also an English word: checked only in text that reads as Dutch

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{self.pattern})(?![\w])", re.IGNORECASE)


FORBIDDEN = (
    # Product words
    Forbidden(r"use[- ]?cases?", "AI-toepassing", english=True),
    Forbidden(r"use-case-\w+", "AI-register / AI-toepassing"),
    Forbidden(r"readiness[- ]?scans?", "GenAI-scan", english=True),
    Forbidden(r"golf|golven", "ronde"),
    Forbidden(r"meting(?:en)?", "ronde"),
    Forbidden(r"peiling\w*", "ronde"),
    Forbidden(r"barri[eè]re\w*", "drempel"),
    Forbidden(r"belemmering\w*", "drempel"),
    Forbidden(r"uitspraak\w*|uitspraken", "stelling"),
    Forbidden(r"(?:AI-)?evangelist(?:en|s)?", "AI-ambassadeur", english=True),
    Forbidden(r"leiderschap\w*", "leidinggevenden / de leiding"),
    Forbidden(r"melding(?:en)?", "zorg / zorgpunt"),
    Forbidden(r"voice", "Zorgen en vragen", english=True),
    Forbidden(r"geholpen", "afgehandeld (hulpvraag)"),
    Forbidden(r"getrieerd|getriageerd|triageren|triëren|trieer\w*|triageer\w*", "risicotriage"),
    Forbidden(r"risicovoorselectie\w*|risicoscan\w*", "eerste risicocheck"),
    Forbidden(r"quick-win-score", "quickwinscore"),
    Forbidden(r"clusters?", "thema", english=True),
    Forbidden(r"uurtarie\w+", "kosten per uur"),
    Forbidden(r"deadlines?", "uiterlijk …", english=True),
    # Legal terms: the Dutch text of Regulation (EU) 2024/1689 and the AVG
    Forbidden(r"AI Act", "AI-verordening", english=True),
    Forbidden(r"GDPR", "AVG", english=True),
    Forbidden(r"art\.\s*\d+\s*\(\d+\)", "art. 50, lid 1"),
    Forbidden(r"verboden praktijk(?:en)?", "verboden AI-praktijk"),
    Forbidden(r"op de markt (?:brengen|gebracht|komt|komen)", "in de handel brengen"),
    Forbidden(r"veiligheidsonderde(?:el|len)", "veiligheidscomponent"),
    Forbidden(r"transparantiever\s+plichting(?:en)?", "transparantieverplichtingen"),
)

# Phrases that legitimately contain a forbidden word: a proper name or a quoted code. Each is
# removed from the text before the check.
ALLOWED = (
    "US Federal AI Use Case Inventory",  # the name of an inventory Koers imports
    "admin, lead, evangelist en member",  # the role codes an HR export may use
)

# %(usecase)s, {name}: names for the program, not words for the reader.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")

# "Not" entries of the glossary that depend on meaning, not on the word, so no word check can
# tell them apart: a reviewer checks these.
BY_MEANING = {
    "toepassing/idee mixed on one page",
    "register",  # wrong for the backlog, right for the AI-register
    "lijst",
    "lead",  # English; "lead" also appears in quoted role codes
    "leidinggevende",  # wrong for the programme lead, right for leaders
    "reacties",  # wrong for responses, right for comments: see the catalogue's own check
    "Zorg alone",  # wrong alone as a label: see the catalogue's own check
    "triage as a verb",
}

# Function words that tell a Dutch sentence from an English one.
DUTCH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "de het een en van voor niet met op zijn wij ik je jij dat die er ook naar bij om te aan "
        "hoe wat kan mijn ons onze wordt worden heeft hebben deze meer nog geen maar als uit",
    )
)
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an and of for not with on are i you that to it how what can my our be this more "
        "has have no but as from",
    )
)


def reads_as_dutch(text: str) -> bool:
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    dutch = sum(w in DUTCH_WORDS for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    return dutch >= 2 and dutch > english


def offences(text: str, *, dutch: bool | None = None) -> list[str]:
    """The forbidden words in ``text``, each with the glossary's word. ``dutch`` says whether
    the text is Dutch; None guesses it (for the demo's mixed Dutch and English data)."""
    for phrase in ALLOWED:
        text = text.replace(phrase, "")
    text = PLACEHOLDER.sub("", text)
    is_dutch = reads_as_dutch(text) if dutch is None else dutch
    found = []
    for word in FORBIDDEN:
        if word.english and not is_dutch:
            continue
        found += [f"{m.group(0)!r} (use: {word.use})" for m in word.regex.finditer(text)]
    return found


# --- Where the Dutch is ---------------------------------------------------------------------


def catalogue_entries() -> Iterator[polib.POEntry]:
    for entry in polib.pofile(str(CATALOGUE)):
        if not entry.obsolete:
            yield entry


def msgstrs(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


def dutch_in_json(data: object) -> Iterator[str]:
    """Every string under an "nl" key (the instruments keep both languages side by side)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "nl":
                yield from all_strings(value)
            else:
                yield from dutch_in_json(value)
    elif isinstance(data, list):
        for value in data:
            yield from dutch_in_json(value)


def all_strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from all_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from all_strings(value)


def python_strings(path: Path) -> Iterator[str]:
    """The string literals of a module, docstrings left out (they are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.value


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def shipped_dutch() -> dict[str, tuple[Path, Callable[[Path], Iterator[str]], bool | None]]:
    """Per shipped file: how to read its Dutch, and whether that text is Dutch (None: the
    demo's mixed Dutch and English data, where each string's language is guessed)."""
    koers = ROOT / "koers"
    sources: dict[str, tuple[Path, Callable[[Path], Iterator[str]], bool | None]] = {}
    for path in sorted((koers / "diagnostic" / "instruments").glob("**/*.json")):
        if "previous" in path.parts:
            continue  # an earlier version, kept word for word for the rounds that used it
        sources[str(path.relative_to(ROOT))] = (path, lambda p: dutch_in_json(_json(p)), True)
    for path in sorted((koers / "academy" / "tracks").glob("*.json")):
        sources[str(path.relative_to(ROOT))] = (path, lambda p: dutch_in_json(_json(p)), True)
    for path in sorted((koers / "strategy" / "policy" / "templates").glob("nl*.json")):
        sources[str(path.relative_to(ROOT))] = (path, lambda p: all_strings(_json(p)), True)
    for path in sorted((koers / "demo").glob("**/*.json")):
        if path.name == "triage_2024.json":
            continue  # what the first triage rules stored, word for word: the engine's English
        sources[str(path.relative_to(ROOT))] = (path, lambda p: all_strings(_json(p)), None)
    for path in sorted((koers / "demo").glob("**/*.py")):
        sources[str(path.relative_to(ROOT))] = (path, python_strings, None)
    return sources


SHIPPED = shipped_dutch()


# --- The checks -----------------------------------------------------------------------------


def test_the_dutch_catalogue_uses_the_glossarys_words():
    wrong = [
        f"{entry.msgid[:60]!r}: {', '.join(found)}"
        for entry in catalogue_entries()
        for found in [offences(" / ".join(msgstrs(entry)), dutch=True)]
        if found
    ]
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_says_respons_for_responses_and_zorgpunt_for_a_concern():
    wrong = []
    for entry in catalogue_entries():
        english = f"{entry.msgid} {entry.msgid_plural}"
        for dutch in msgstrs(entry):
            if re.search(r"\bresponses?\b", english, re.I) and re.search(
                r"\breacties?\b", dutch, re.I
            ):
                wrong.append(f"{entry.msgid!r}: {dutch!r} (use: respons)")
            if dutch.strip() == "Zorg":
                wrong.append(f"{entry.msgid!r}: 'Zorg' alone (use: zorgpunt)")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("where", sorted(SHIPPED))
def test_the_shipped_dutch_data_uses_the_glossarys_words(where):
    path, read, is_dutch = SHIPPED[where]
    wrong = [
        f"{text[:80]!r}: {', '.join(found)}"
        for text in read(path)
        for found in [offences(text, dutch=is_dutch)]
        if found
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_the_words_it_should():
    assert offences("De drempels per use case", dutch=True)
    assert offences("Een barrière in de tweede golf", dutch=True)
    assert offences("Deze zorg is al geholpen.", dutch=True)
    assert offences("Nog niet getrieerd", dutch=True)
    assert offences("Zie AI Act Art. 50(1).", dutch=True)
    assert offences("Transparantiever plichting", dutch=True)
    assert not offences("Zie AI-verordening art. 50, lid 1.", dutch=True)
    assert not offences("Elke AI-toepassing gaat naar de risicotriage.", dutch=True)
    # English text in the demo's mixed data keeps its English words.
    assert not offences("Use cases for the deadline of the voice team", dutch=None)
    assert offences("De use case van het team is nog niet af", dutch=None)
    assert not offences("Koers herkent de US Federal AI Use Case Inventory.", dutch=True)


@pytest.mark.skipif(not GLOSSARY.exists(), reason="the glossary lives in ../shared (in CI)")
def test_every_word_of_the_glossarys_not_column_is_checked_here():
    """Each "Not" entry of the glossary's tables is matched by FORBIDDEN or listed in
    BY_MEANING, so that this test follows the glossary when it grows."""
    missing = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[2] in ("Not", "") or set(cells[2]) <= {"-"}:
            continue
        for entry in re.split(r",\s*", cells[2]):
            word = re.sub(r'\s*\(.*?\)\s*|["“”]', "", entry).strip()
            if not word or word in BY_MEANING:
                continue
            if not any(f.regex.search(word) for f in FORBIDDEN):
                missing.append(entry)
    assert not missing, f"Not checked by tests/test_glossary.py: {missing}"
