"""A first guess at a concern's category from its words, in Dutch and English.

Django-free: a text in, one of the eight category keys out. The person raising the concern sees
the guess pre-selected and can change it; a moderator can change it again. Each lexicon entry is
a word stem: it matches a word that starts with it ("ontslag" matches "ontslagen"), so plurals
and conjugations need no list of their own. The category with the most matches wins; a tie goes
to the category listed first; no match at all is "other".
"""

from __future__ import annotations

import re
import unicodedata

OTHER = "other"

# In order of precedence when two categories match equally often.
LEXICONS: dict[str, tuple[str, ...]] = {
    "job_security": (
        # English
        "job",
        "jobs",
        "redundan",
        "layoff",
        "laid off",
        "lay off",
        "fired",
        "replace",
        "unemploy",
        "my position",
        "my role",
        "career",
        "livelihood",
        "dismiss",
        "reorgani",
        # Dutch
        "baan",
        "banen",
        "ontslag",
        "ontslagen",
        "vervang",
        "overbodig",
        "werkloos",
        "functie",
        "reorganisatie",
        "arbeidsplaats",
        "mijn werk kwijt",
        "loopbaan",
        "carrière",
        "mijn werk doet",
        "blijft er over",
        "blijft er dan over",
        "niets meer waard",
        "nog nodig",
        "nodig zijn",
        "take my job",
        "do my job",
    ),
    "privacy": (
        "privacy",
        "personal data",
        "gdpr",
        "avg",
        "persoonsgegeven",
        "gegevens",
        "data protection",
        "surveil",
        "monitor",
        "track",
        "bsn",
        "medical record",
        "dossier",
        "gluren",
        "meekijk",
        "confidential",
        "vertrouwelijk",
        "klantgegeven",
        "customer data",
    ),
    "ethics_fairness": (
        "ethic",
        "ethiek",
        "ethisch",
        "fair",
        "eerlijk",
        "oneerlijk",
        "bias",
        "vooroordeel",
        "vooringenomen",
        "discrimin",
        "racis",
        "sexis",
        "transparan",
        "accountab",
        "verantwoord",
        "moral",
        "moreel",
        "manipul",
        "uitleg",
        "explainab",
    ),
    "quality": (
        "hallucinat",
        "halluciner",
        "wrong answer",
        "incorrect",
        "inaccura",
        "mistake",
        "error",
        "reliab",
        "betrouwba",
        "onbetrouwba",
        "fout",
        "klopt niet",
        "kwaliteit",
        "quality",
        "verzin",
        "made up",
        "makes up",
        "onjuist",
        "nauwkeur",
        "accura",
    ),
    "skills": (
        "training",
        "train",
        "cursus",
        "course",
        "learn",
        "leren",
        "opleiding",
        "skill",
        "vaardigh",
        "workshop",
        "how do i",
        "how to",
        "hoe moet",
        "hoe kan ik",
        "uitleg",
        "kennis",
        "knowledge",
        "prompt",
        "onboarding",
        "coach",
    ),
    "workload": (
        "workload",
        "werkdruk",
        "werklast",
        "overtime",
        "overuren",
        "busy",
        "druk",
        "stress",
        "burnout",
        "burn-out",
        "pressure",
        "no time",
        "geen tijd",
        "extra werk",
        "extra work",
        "deadline",
        "uitgeput",
        "exhaust",
        "tempo",
        "productiviteitseis",
    ),
    "tools_access": (
        "tool",
        "access",
        "toegang",
        "licen",
        "account",
        "login",
        "inlog",
        "software",
        "install",
        "copilot",
        "chatgpt",
        "laptop",
        "blocked",
        "geblokkeerd",
        "permission",
        "rechten",
        "subscription",
        "abonnement",
        "werkt niet",
        "doesn't work",
    ),
}


def _folded(text: str) -> str:
    """Lower case, without diacritics (carrière → carriere), single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[\w'-]+", plain))


_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    category: [re.compile(r"(?<![\w])" + re.escape(_folded(stem))) for stem in stems]
    for category, stems in LEXICONS.items()
}


def scores(text: str) -> dict[str, int]:
    """How many stems of each category the text contains (each stem counted once)."""
    folded = _folded(text)
    return {
        category: sum(1 for pattern in patterns if pattern.search(folded))
        for category, patterns in _PATTERNS.items()
    }


def suggest(text: str) -> str:
    """The most likely category key for ``text``; ``"other"`` when nothing matches."""
    found = scores(text)
    best = max(found.values(), default=0)
    if best == 0:
        return OTHER
    return next(category for category, score in found.items() if score == best)
