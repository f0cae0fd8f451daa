"""Suggested triage answers from a use case's text, each with the words that triggered it.

Only suggestions: the questionnaire shows them pre-filled and a person confirms or changes them;
nothing here sets a fact. Built on the risk pre-screen (:func:`koers.textmine.prescreen.screen`)
for the Annex III areas and personal data, plus a few cues of its own (English and Dutch) for
Art. 50 and profiling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from koers.textmine.prescreen import AREAS, screen

# Pre-screen area -> Annex III area.
ANNEX_III_BY_AREA: dict[str, str] = {
    "biometrics": "biometrics",
    "critical_infrastructure": "critical_infrastructure",
    "education": "education",
    "employment": "employment",
    "essential_services": "essential_services",
    "finance": "essential_services",  # creditworthiness and insurance pricing, Annex III 5(b)-(c)
    "law_enforcement": "law_enforcement",
    "migration": "migration_border",
    "justice": "justice_democracy",
}


@dataclass(frozen=True)
class Suggestion:
    value: Any
    terms: tuple[str, ...]  # the words in the text that triggered it
    note: str  # why, in one English sentence


@dataclass(frozen=True)
class _Cue:
    fact: str
    item: Any  # the suggested value, or the item added to a list fact
    pattern: re.Pattern[str]
    note: str
    needs_people: bool = False


def _words(*stems: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


PEOPLE = _words(
    "applicant",
    "candidate",
    "citizen",
    "customer",
    "client",
    "employee",
    "student",
    "pupil",
    "patient",
    "people",
    "person",
    "user",
    "worker",
    "staff",
    "resident",
    "tenant",
    "sollicitant",
    "kandida",
    "burger",
    "klant",
    "medewerker",
    "werknemer",
    "student",
    "leerling",
    "patiënt",
    "patient",
    "persone",
    "gebruiker",
    "bewoner",
    "huurder",
    "aanvrager",
)

CUES: tuple[_Cue, ...] = (
    _Cue(
        "art50",
        "interacts_with_people",
        _words("chatbot", "chat", "assistant", "virtual agent", "assistent", "virtuele"),
        "A chatbot or assistant talks with people (Art. 50(1)).",
    ),
    _Cue(
        "art50",
        "synthetic_content",
        _words(
            "generat",
            "generative",
            "summar",
            "draft",
            "genereer",
            "gegenereerd",
            "samenvat",
            "opstel",
            "concept",
            "schrijf",
            "herschrijf",
        ),
        "It generates text, images, audio or video (Art. 50(2)).",
    ),
    _Cue(
        "art50",
        "deepfake",
        _words("deepfake", "deep fake", "voice clon", "stemklon"),
        "Deepfakes must be disclosed by the deployer (Art. 50(4)).",
    ),
    _Cue(
        "art50",
        "emotion_recognition",
        _words("emotion", "sentiment of (?:callers|customers)", "emotie"),
        "Emotion recognition must be disclosed to the people exposed (Art. 50(3)).",
    ),
    _Cue(
        "profiling",
        True,
        _words(
            "profil",
            "scoring",
            "score",
            "ranking",
            "rank",
            "risk assessment of",
            "rangschik",
            "risicoprofiel",
            "risicoscore",
            "beoordel",
        ),
        "Scoring, ranking or profiling people is profiling (GDPR Art. 4(4)).",
        needs_people=True,
    ),
    _Cue(
        "edpb_criteria",
        "evaluation_scoring",
        _words(
            "profil",
            "scoring",
            "score",
            "ranking",
            "predict",
            "voorspel",
            "rangschik",
            "risicoscore",
            "risicoprofiel",
        ),
        "Evaluating, scoring or predicting about people (WP248 criterion 1).",
        needs_people=True,
    ),
    _Cue(
        "edpb_criteria",
        "systematic_monitoring",
        _words("monitor", "surveil", "track", "camera", "toezicht", "volgen", "meekijk"),
        "Systematic monitoring of people (WP248 criterion 3).",
        needs_people=True,
    ),
    _Cue(
        "edpb_criteria",
        "vulnerable_subjects",
        _words("child", "minor", "pupil", "patient", "employee", "kind", "leerling", "patiënt"),
        "Children, patients and employees are vulnerable data subjects (WP248 criterion 7).",
    ),
)


def suggest(text: str) -> dict[str, Suggestion]:
    """Suggested answers by fact key; list facts get a list value. Empty when nothing fits."""
    text = text or ""
    found: dict[str, Suggestion] = {}
    result = screen(text)
    areas = [flag for flag in result.flags if flag.area in ANNEX_III_BY_AREA]
    if areas:
        first = areas[0]
        others = [AREAS[flag.area] for flag in areas[1:]]
        note = f"The text reads like {AREAS[first.area]} (Annex III)."
        if others:
            note += " Also possible: " + ", ".join(others) + "."
        found["annex_iii_area"] = Suggestion(ANNEX_III_BY_AREA[first.area], first.terms, note)
    for flag in result.flags:
        if flag.area == "special_category":
            _add(
                found,
                "edpb_criteria",
                "sensitive_data",
                flag.terms,
                "Special categories of personal data are sensitive data (WP248 criterion 4).",
            )
        elif flag.area == "rights":
            _add(
                found,
                "edpb_criteria",
                "automated_decision_legal_effect",
                flag.terms,
                "Decisions about individuals may have legal or similar effect (WP248 criterion 2).",
            )
    people = tuple(match.group() for match in PEOPLE.finditer(text))[:1]
    for cue in CUES:
        terms = tuple(dict.fromkeys(match.group() for match in cue.pattern.finditer(text)))
        if not terms or (cue.needs_people and not people):
            continue
        terms = terms[:3] + (people if cue.needs_people else ())
        if cue.fact in ("art50", "edpb_criteria"):
            _add(found, cue.fact, cue.item, terms, cue.note)
        else:
            found[cue.fact] = Suggestion(cue.item, terms, cue.note)
    return found


def _add(
    found: dict[str, Suggestion], fact: str, item: str, terms: tuple[str, ...], note: str
) -> None:
    """Add an item to a list suggestion, merging terms and notes."""
    previous = found.get(fact)
    if previous is None:
        found[fact] = Suggestion([item], terms, note)
        return
    if item in previous.value:
        return
    merged = tuple(dict.fromkeys(previous.terms + terms))
    found[fact] = Suggestion([*previous.value, item], merged, f"{previous.note} {note}")
