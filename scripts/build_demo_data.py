"""Build koers/demo/usecases.json from the public-domain US Federal AI Use Case Inventory 2025.

Run from the repository root with the shared data beside it:

    python scripts/build_demo_data.py ../shared/data/federal-ai-use-cases-2025-dev.csv

The selection is deterministic: well-described use cases, a fixed number per topic, mapped to
the departments of the demo organisation "Demo BV". A few hand-written Dutch use cases are added,
because Demo BV is a Dutch organisation. The output is small and committed, so a clone of Koers
has its demo data without the shared folder.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "koers" / "demo" / "usecases.json"

# Federal topic area -> (Demo BV department, how many to take)
TOPICS = {
    "Admin Functions": ("HR", 7),
    "HR": ("HR", 3),
    "IT": ("IT", 7),
    "Cybersecurity": ("IT", 2),
    "Law Enforcement": ("Legal & Compliance", 5),
    "Procurement and Finance Mgmt": ("Finance", 6),
    "Service Delivery": ("Customer Service", 7),
    "Benefits Processing": ("Customer Service", 3),
    "Health and Medical": ("Operations", 3),
    "Energy and Environment": ("Operations", 3),
    "Transportation": ("Operations", 2),
    "Other": ("Communications", 5),
}
TECHNIQUES = {
    "Generative AI": "generative",
    "Classical ML": "classical_ml",
    "NLP": "nlp",
    "Computer Vision": "vision",
    "Agentic AI": "agentic",
}
# Demo BV has just started its programme: most ideas are new. The federal stage says how far the
# agency got, not how far Demo BV is, so the demo spreads its stages in a fixed pattern instead.
DEMO_STAGES = [
    "idea",
    "idea",
    "assessed",
    "idea",
    "selected",
    "idea",
    "assessed",
    "in_sprint",
    "idea",
    "pilot",
    "idea",
    "assessed",
    "live",
    "idea",
    "rejected",
]
PERSONAL = {"Yes": "yes", "No": "no"}

DUTCH = [
    {
        "title": "Samenvatten van klantgesprekken",
        "problem": "Na elk telefoongesprek schrijven medewerkers van de klantenservice handmatig een "
        "samenvatting in het CRM. Dat kost per gesprek drie tot vijf minuten en de kwaliteit "
        "wisselt sterk.",
        "solution": "Een taalmodel maakt van de transcriptie een conceptsamenvatting met de vraag "
        "van de klant, de afspraken en de vervolgstappen. De medewerker controleert en slaat op.",
        "benefits": "Minder administratie, vollediger klantdossiers en snellere overdracht tussen "
        "collega's.",
        "hours_saved_per_month": 120,
        "outputs": "Conceptsamenvatting in het CRM",
        "data_used": "Gesprekstranscripties en klantgegevens uit het CRM",
        "personal_data": "yes",
        "technique": "generative",
        "effort": "weeks",
        "stage": "selected",
        "departments": ["Customer Service", "IT"],
    },
    {
        "title": "Eerste versie van beleidsnotities",
        "problem": "Het opstellen van een eerste versie van een beleidsnotitie kost beleidsmedewerkers "
        "vaak een volle dag zoekwerk in eerdere notities en wetgeving.",
        "solution": "Een AI-assistent doorzoekt onze eigen documenten en stelt een eerste opzet op met "
        "bronvermelding, die de medewerker verder uitwerkt.",
        "benefits": "Sneller een eerste versie, meer tijd voor inhoudelijke afweging.",
        "hours_saved_per_month": 60,
        "outputs": "Conceptnotitie met bronnen",
        "data_used": "Interne beleidsdocumenten en openbare wetteksten",
        "personal_data": "no",
        "technique": "generative",
        "effort": "weeks",
        "stage": "idea",
        "departments": ["Legal & Compliance", "Communications"],
    },
    {
        "title": "Facturen automatisch coderen",
        "problem": "Inkomende facturen worden met de hand aan grootboekrekeningen en kostenplaatsen "
        "toegewezen. In drukke maanden loopt de achterstand op tot twee weken.",
        "solution": "Een model leert van de codering van de afgelopen jaren en stelt voor elke nieuwe "
        "factuur de codering voor; twijfelgevallen gaan naar een medewerker.",
        "benefits": "Kortere doorlooptijd, minder fouten en op tijd betalen.",
        "hours_saved_per_month": 80,
        "other_value_eur_per_year": 15000,
        "outputs": "Voorgestelde grootboekrekening en kostenplaats",
        "data_used": "Historische facturen en boekingen",
        "personal_data": "no",
        "technique": "classical_ml",
        "effort": "months",
        "stage": "assessed",
        "departments": ["Finance"],
    },
    {
        "title": "Vacatureteksten zonder vooroordelen",
        "problem": "Onze vacatureteksten trekken een eenzijdige groep kandidaten aan en het schrijven "
        "ervan kost recruiters veel tijd.",
        "solution": "Generatieve AI schrijft een conceptvacature op basis van het functieprofiel en "
        "markeert woorden die bepaalde groepen kunnen afschrikken.",
        "benefits": "Meer diverse kandidaten en sneller een vacature online.",
        "hours_saved_per_month": 20,
        "outputs": "Conceptvacaturetekst met opmerkingen",
        "data_used": "Functieprofielen en eerdere vacatures",
        "personal_data": "no",
        "technique": "generative",
        "effort": "days",
        "stage": "pilot",
        "departments": ["HR", "Communications"],
    },
    {
        "title": "Storingen voorspellen in de productielijn",
        "problem": "Onverwachte storingen aan machines leggen de productie soms uren stil.",
        "solution": "Een model herkent in sensordata de patronen die aan een storing voorafgaan, zodat "
        "onderhoud vooraf gepland kan worden.",
        "benefits": "Minder stilstand en beter plannen van onderhoud.",
        "other_value_eur_per_year": 60000,
        "outputs": "Waarschuwing met de kans op een storing per machine",
        "data_used": "Sensordata en onderhoudshistorie",
        "personal_data": "no",
        "technique": "classical_ml",
        "effort": "quarters",
        "stage": "idea",
        "departments": ["Operations", "IT"],
    },
    {
        "title": "Interne vraagbaak voor IT-vragen",
        "problem": "De servicedesk beantwoordt elke week honderden dezelfde vragen over wachtwoorden, "
        "VPN en printers.",
        "solution": "Een chatbot beantwoordt veelgestelde vragen uit de kennisbank en zet de rest door "
        "naar een medewerker.",
        "benefits": "Snellere antwoorden voor collega's en meer tijd voor lastige vragen.",
        "hours_saved_per_month": 90,
        "outputs": "Antwoorden in de chat en tickets voor wat de bot niet weet",
        "data_used": "De IT-kennisbank en afgesloten tickets",
        "personal_data": "unknown",
        "technique": "agentic",
        "effort": "weeks",
        "stage": "in_sprint",
        "departments": ["IT"],
    },
]


def clean(text: str) -> str:
    return " ".join(text.split())


def build(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    taken: dict[str, int] = {}
    selected: list[dict[str, object]] = []
    for row in sorted(rows, key=lambda r: r["id"]):
        topic = row["topic_area"]
        if topic not in TOPICS:
            continue
        department, wanted = TOPICS[topic]
        if taken.get(topic, 0) >= wanted:
            continue
        problem, benefits = clean(row["problem_solved"]), clean(row["benefits"])
        if len(problem) < 150 or len(benefits) < 60 or len(row["use_case_name"]) > 80:
            continue
        taken[topic] = taken.get(topic, 0) + 1
        selected.append(
            {
                "title": clean(row["use_case_name"]),
                "problem": problem,
                "solution": "",
                "benefits": benefits,
                "outputs": clean(row["system_outputs"]),
                "data_used": clean(row["data_description"]),
                "personal_data": PERSONAL.get(row["has_pii"], "unknown"),
                "technique": TECHNIQUES.get(row["classification"], "other"),
                "effort": "unknown",
                "stage": DEMO_STAGES[len(selected) % len(DEMO_STAGES)],
                "departments": [department],
                "external_id": row["id"],
                "source": {"topic_area": topic, "agency": row["agency"]},
            }
        )
    return selected + DUTCH


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    items = build(Path(sys.argv[1]))
    OUTPUT.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {len(items)} use cases to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
