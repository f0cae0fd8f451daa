"""The legal texts the rules implement, as versions: which acts, in which Official Journal, and the
dates from which the AI Act's parts apply. Django-free.

A *version* of the rules is named by the date from which the law it follows is in force. A stored
triage keeps the version it was made with (``Result.law.version``); when the rules move to a new
version, the triages made with an older one are listed for a lawyer to re-confirm.

Versions
    ``2024-08-01``: Regulation (EU) 2024/1689 as published, in force 1 August 2024. The rules of
    this version gave no dates.

    ``2026-07-27``: the same Regulation as amended by Regulation (EU) 2026/1744 (the "Digital
    Omnibus on AI"), in force 27 July 2026. It moved the high-risk obligations to 2 December 2027
    (Annex III) and 2 August 2028 (Annex I), added two prohibited practices (Art. 5(1)(ba) and
    (bb), from 2 December 2026), gave systems already on the market until 2 December 2026 for the
    machine-readable marking of Art. 50(2) (Art. 111(4)), recast Art. 4 (AI literacy) as taking
    measures to support it, and ended the registration of Annex III systems that a provider
    assessed as not high-risk under Art. 6(3) (Art. 49(2)): the assessment is shown on request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Source:
    """One legal act as published."""

    title: str
    reference: str  # the Official Journal reference
    url: str


@dataclass(frozen=True)
class LawVersion:
    version: str  # the date from which the law it follows is in force, ISO
    in_force: date
    title: str
    sources: tuple[Source, ...]


AI_ACT = Source(
    "Regulation (EU) 2024/1689 of the European Parliament and of the Council of 13 June 2024 "
    "laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)",
    "OJ L, 2024/1689, 12.7.2024",
    "http://data.europa.eu/eli/reg/2024/1689/oj",
)
OMNIBUS = Source(
    "Regulation (EU) 2026/1744 of the European Parliament and of the Council of 8 July 2026 "
    "amending Regulations (EU) 2024/1689, (EU) 2018/1139 and (EU) 2023/1230 as regards the "
    "simplification of the implementation of harmonised rules on artificial intelligence "
    "(Digital Omnibus on AI)",
    "OJ L, 2026/1744, 24.7.2026",
    "http://data.europa.eu/eli/reg/2026/1744/oj",
)
GDPR = Source(
    "Regulation (EU) 2016/679 (General Data Protection Regulation)",
    "OJ L 119, 4.5.2016, p. 1",
    "http://data.europa.eu/eli/reg/2016/679/oj",
)
WP248 = Source(
    "Article 29 Working Party, Guidelines on Data Protection Impact Assessment, WP248 rev.01, "
    "endorsed by the EDPB",
    "WP248 rev.01, 4.10.2017",
    "https://ec.europa.eu/newsroom/article29/items/611236",
)
AP_LIST = Source(
    "Autoriteit Persoonsgegevens, Besluit inzake lijst van verwerkingen van persoonsgegevens "
    "waarvoor een gegevensbeschermingseffectbeoordeling (DPIA) verplicht is",
    "Stcrt. 2019, 64418",
    "https://zoek.officielebekendmakingen.nl/stcrt-2019-64418.html",
)

ORIGINAL = LawVersion(
    "2024-08-01",
    date(2024, 8, 1),
    "AI Act (Regulation (EU) 2024/1689) as published",
    (AI_ACT, GDPR, WP248, AP_LIST),
)
AMENDED = LawVersion(
    "2026-07-27",
    date(2026, 7, 27),
    "AI Act (Regulation (EU) 2024/1689) as amended by Regulation (EU) 2026/1744 (Digital Omnibus "
    "on AI)",
    (AI_ACT, OMNIBUS, GDPR, WP248, AP_LIST),
)
VERSIONS: dict[str, LawVersion] = {law.version: law for law in (ORIGINAL, AMENDED)}
# The version the rules of this release implement.
CURRENT = AMENDED

# ---------------------------------------------------------------------------------------------
# When the parts of the AI Act apply (Art. 113 and 111, as amended by Regulation (EU) 2026/1744)
# ---------------------------------------------------------------------------------------------

AMENDED_BY = "as amended by Regulation (EU) 2026/1744"

# Chapters I and II: definitions, AI literacy (Art. 4), the prohibitions of Art. 5(1)(a)-(h).
CHAPTERS_I_II = date(2025, 2, 2)
# Chapter V: general-purpose AI models.
GPAI_MODELS = date(2025, 8, 2)
# The general date of application: Art. 50 (transparency), Chapter III Section 5 (Art. 40-49).
GENERAL = date(2026, 8, 2)
# The prohibitions added by the amendment: Art. 5(1)(ba) and (bb), with Art. 5(1a) and (1b).
NEW_PROHIBITIONS = date(2026, 12, 2)
# Art. 50(2) for systems placed on the market before 2 August 2026 (Art. 111(4)).
ART50_2_EXISTING = date(2026, 12, 2)
# Chapter III Sections 1-3 for Annex III (stand-alone) high-risk systems.
ANNEX_III = date(2027, 12, 2)
# Chapter III Sections 1-3 for Annex I (products) high-risk systems.
ANNEX_I = date(2028, 8, 2)
# General-purpose AI models placed on the market before 2 August 2025 (Art. 111(3)).
GPAI_EXISTING = date(2027, 8, 2)
# High-risk systems intended for use by public authorities, placed on the market before the
# Chapter III date (Art. 111(2)).
PUBLIC_AUTHORITIES_EXISTING = date(2030, 8, 2)
