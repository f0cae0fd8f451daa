"""Derive koers/backlog/catalogue/starter.json from the US federal COTS AI use-case inventory.

    .venv/bin/python scripts/build_starter_catalogue.py [../shared/data/federal-ai-cots-use-cases-2025.csv]

Each of the 45 agencies answered Y or N for the same twenty workplace uses. The texts (English and
Dutch) are written here; the adoption figures come from the CSV, counting only clean Y/N answers.
Run it again when the source changes; a use the texts below do not know stops the script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from koers.backlog.catalogue import (
    STARTER_PATH,
    StarterCatalogue,
    StarterUse,
    Texts,
    catalogue_json,
    normalised_use,
    tally_file,
)

SOURCE = "US federal agencies, AI use case inventory 2025: commercial (COTS) AI products"
DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared/data/federal-ai-cots-use-cases-2025.csv"

# source wording -> (key, English title, English description, Dutch title, Dutch description)
USES: list[tuple[str, str, str, str, str, str]] = [
    (
        "Transcribing, summarizing, or other efforts that improve the accessibility of a virtual"
        " meeting or interview using AI.",
        "meeting_notes",
        "Transcribe and summarise meetings",
        "AI writes out what was said in an online meeting or interview and summarises it: the"
        " decisions, the actions and who does them. Nobody has to take minutes, and colleagues who"
        " missed the meeting or need captions can follow it.",
        "Vergaderingen uitschrijven en samenvatten",
        "AI schrijft uit wat er in een online vergadering of gesprek is gezegd en vat het samen:"
        " de besluiten, de acties en wie ze oppakt. Niemand hoeft nog te notuleren. Collega's die"
        " er niet bij waren of ondertiteling nodig hebben, kunnen het ook volgen.",
    ),
    (
        "Summarizing the key points of a lengthy report using AI.",
        "summarise_reports",
        "Summarise long reports",
        "AI gives the key points of a long report, policy paper or study in a few paragraphs, with"
        " references to where they are. Readers decide faster what to read in full.",
        "Lange rapporten samenvatten",
        "AI zet de hoofdpunten van een lang rapport, beleidsstuk of onderzoek in een paar alinea's"
        " op een rij, met verwijzingen naar de plek in de tekst. Zo zie je sneller wat je helemaal"
        " moet lezen.",
    ),
    (
        "Generating first drafts of documents, briefing, or communication materials using AI.",
        "first_drafts",
        "Write first drafts",
        "AI writes a first version of a letter, memo, briefing or newsletter item from a few notes."
        " The author checks and improves it; starting from a draft saves the blank-page hour.",
        "Eerste versies van teksten schrijven",
        "AI schrijft uit een paar aantekeningen een eerste versie van een brief, notitie,"
        " briefing of nieuwsbericht. De schrijver controleert en verbetert die. Je begint niet meer"
        " met een leeg vel.",
    ),
    (
        "Improving the quality of written communications using AI tools.",
        "improve_writing",
        "Improve written texts",
        "AI suggests clearer, shorter and friendlier wording, checks spelling and tone, and can"
        " rewrite a text at B1 level. Letters and web pages become easier to read.",
        "Teksten verbeteren",
        "AI stelt duidelijkere, kortere en vriendelijkere zinnen voor, controleert spelling en"
        " toon, en herschrijft een tekst op B1-niveau. Brieven en webteksten worden zo beter"
        " leesbaar.",
    ),
    (
        "Using AI-assisted tools in word processors.",
        "word_processor",
        "AI assistant in the word processor",
        "The AI assistant built into the word processor helps write, shorten, restructure and"
        " translate documents where people already work, without a separate tool.",
        "AI-assistent in de tekstverwerker",
        "De AI-assistent in de tekstverwerker helpt bij het schrijven, inkorten, ordenen en"
        " vertalen van documenten. Dat gebeurt in het programma waarin je al werkt, zonder apart"
        " hulpmiddel.",
    ),
    (
        "Searching for agency information using a knowledge retrieval system.",
        "knowledge_search",
        "Find information in our own documents",
        "Ask a question in plain words and AI finds the answer in the organisation's own"
        " documents, intranet and policies, with a link to the source. Less searching, fewer"
        " questions to colleagues.",
        "Informatie zoeken in eigen documenten",
        "Je stelt een vraag in gewone woorden en AI zoekt het antwoord op in de eigen documenten,"
        " het intranet en het beleid van de organisatie, met een link naar de bron. Minder zoeken"
        " en minder vragen aan collega's.",
    ),
    (
        "Prioritizing and categorizing incoming emails using AI.",
        "sort_email",
        "Sort and prioritise incoming e-mail",
        "AI sorts incoming e-mail by subject and urgency and routes it to the right person or team."
        " Shared mailboxes stay manageable and urgent questions do not wait.",
        "Binnenkomende e-mail sorteren",
        "AI sorteert binnenkomende e-mail op onderwerp en urgentie en stuurt die naar de juiste"
        " persoon of het juiste team. Gedeelde mailboxen blijven overzichtelijk en dringende vragen"
        " blijven niet liggen.",
    ),
    (
        "Scheduling internal-to-government meetings or appointments or setting reminders using AI.",
        "schedule_meetings",
        "Plan meetings and reminders",
        "AI finds a time that suits everyone, books the meeting and sets reminders. Less back and"
        " forth by e-mail to agree on a date.",
        "Afspraken en herinneringen plannen",
        "AI zoekt een tijd die iedereen past, plant de afspraak in en zet herinneringen klaar. Er"
        " gaan minder mails heen en weer om een datum te prikken.",
    ),
    (
        "Creating visual representations of data sets for reports or presentations using AI.",
        "visualise_data",
        "Turn data into charts",
        "AI turns a table or data set into a clear chart or infographic for a report or"
        " presentation, and explains what it shows.",
        "Gegevens in grafieken zetten",
        "AI maakt van een tabel of dataset een duidelijke grafiek of infographic voor een rapport"
        " of presentatie, en legt uit wat die laat zien.",
    ),
    (
        "Generating code using AI.",
        "generate_code",
        "Write code with AI",
        "Developers and analysts let AI write, explain and test code, scripts and queries. They"
        " review what it proposes; routine programming goes faster.",
        "Code schrijven met AI",
        "Ontwikkelaars en analisten laten AI code, scripts en query's schrijven, uitleggen en"
        " testen. Zij beoordelen wat AI voorstelt. Routinematig programmeerwerk gaat zo sneller.",
    ),
    (
        "Managing and prioritizing internal service or help desk tickets using AI.",
        "helpdesk_tickets",
        "Sort and answer helpdesk tickets",
        "AI reads incoming IT or facility tickets, sets the category and priority, routes them"
        " and suggests an answer from earlier solutions.",
        "Meldingen bij de servicedesk afhandelen",
        "AI leest binnenkomende meldingen bij de IT- of facilitaire servicedesk, bepaalt de"
        " categorie en prioriteit en zet ze door. Ook stelt AI een antwoord voor op basis van"
        " eerdere oplossingen.",
    ),
    (
        "Managing or implementing security controls for information systems (e.g., cybersecurity)"
        " using AI",
        "security_controls",
        "Spot security threats",
        "AI watches logs and network traffic for unusual behaviour, spots threats earlier and"
        " helps the security team decide what to look at first.",
        "Beveiligingsdreigingen opsporen",
        "AI houdt logbestanden en netwerkverkeer in de gaten op ongewoon gedrag en ziet dreigingen"
        " eerder. Zo helpt AI het beveiligingsteam kiezen waar het eerst naar kijkt.",
    ),
    (
        "Logging and analyzing time spent on tasks using AI-powered time management tools.",
        "track_time",
        "Track and analyse time spent",
        "AI keeps track of time spent on tasks and shows where the hours go, so people and teams"
        " can plan better and fill in timesheets faster.",
        "Tijdsbesteding bijhouden",
        "AI houdt bij hoeveel tijd je aan taken besteedt en laat zien waar de uren heen gaan. Zo"
        " plannen mensen en teams beter en is de urenregistratie sneller ingevuld.",
    ),
    (
        "Editing images, videos, or other public affairs materials using AI.",
        "edit_media",
        "Edit images and video",
        "AI helps communication staff crop, retouch, subtitle and shorten images and videos for"
        " the website and social media.",
        "Beeld en video bewerken",
        "AI helpt communicatiemedewerkers foto's en video's bij te snijden, te verbeteren, te"
        " ondertitelen en in te korten voor de website en sociale media.",
    ),
    (
        "Scheduling and managing social media posts using AI.",
        "social_media",
        "Plan social media posts",
        "AI proposes posts, picks good times to publish them and keeps the social media calendar.",
        "Berichten op sociale media plannen",
        "AI stelt berichten voor, kiest goede momenten om ze te plaatsen en houdt de planning voor"
        " sociale media bij.",
    ),
    (
        "Curating news articles and updates based on user preferences using AI.",
        "news_digest",
        "A personal news digest",
        "AI collects the news and updates that matter for someone's work from many sources and"
        " summarises them in a daily or weekly digest.",
        "Persoonlijk nieuwsoverzicht",
        "AI verzamelt uit veel bronnen het nieuws dat voor je werk belangrijk is en vat het samen"
        " in een dagelijks of wekelijks overzicht.",
    ),
    (
        "Planning travel routes using AI-driven map applications.",
        "plan_routes",
        "Plan travel routes",
        "Map applications with AI plan the quickest or greenest route for work trips and field"
        " visits, taking traffic into account.",
        "Reisroutes plannen",
        "Kaartapps met AI plannen de snelste of duurzaamste route voor dienstreizen en bezoeken"
        " op locatie, rekening houdend met het verkeer.",
    ),
    (
        "Finding and booking travel accommodations using AI-powered platforms.",
        "book_travel",
        "Find and book accommodation",
        "AI-powered booking platforms find and book hotels for work trips within the travel policy.",
        "Hotels zoeken en boeken",
        "Boekingsplatforms met AI zoeken en boeken hotels voor dienstreizen die binnen het"
        " reisbeleid passen.",
    ),
    (
        "Identifying and cataloging items in a storage room using AI-driven image recognition.",
        "stock_recognition",
        "Register stock with image recognition",
        "Take photos of a storeroom and AI recognises and counts the items, so the inventory stays"
        " up to date without counting by hand.",
        "Voorraad vastleggen met beeldherkenning",
        "Je maakt foto's van een magazijn of opslagruimte en AI herkent en telt de spullen. Zo"
        " blijft de voorraadlijst actueel zonder dat iemand met de hand hoeft te tellen.",
    ),
    (
        "Unlocking smartphones or other devices without the need for passwords or PINs using"
        " AI-based facial recognition technology.",
        "face_unlock",
        "Unlock devices with face recognition",
        "Staff unlock their work phone or laptop with face recognition instead of a password or"
        " PIN. Mind that this uses biometric data.",
        "Apparaten ontgrendelen met gezichtsherkenning",
        "Medewerkers ontgrendelen hun werktelefoon of laptop met gezichtsherkenning in plaats van"
        " een wachtwoord of pincode. Let op: dit werkt met biometrische gegevens.",
    ),
]


def build(csv_path: Path) -> StarterCatalogue:
    tally = tally_file(csv_path)
    known = {normalised_use(row[0]) for row in USES}
    unknown = sorted(set(tally.adoption) - known)
    missing = sorted(known - set(tally.adoption))
    if unknown or missing:
        raise SystemExit(f"uses without texts: {unknown}; texts without uses: {missing}")
    uses = []
    for source_text, key, en_title, en_text, nl_title, nl_text in USES:
        adoption = tally.adoption[normalised_use(source_text)]
        uses.append(
            StarterUse(
                key=key,
                title=Texts(en=en_title, nl=nl_title),
                description=Texts(en=en_text, nl=nl_text),
                source_text=source_text,
                using=adoption.using,
                answering=adoption.answering,
            )
        )
    uses.sort(key=lambda use: (-use.using / use.answering, use.key))
    return StarterCatalogue(source=SOURCE, source_file=csv_path.name, uses=tuple(uses))


def main(argv: list[str]) -> int:
    csv_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    if not csv_path.is_file():
        print(f"No CSV at {csv_path}; give the path of federal-ai-cots-use-cases-2025.csv.")
        return 2
    catalogue = build(csv_path)
    STARTER_PATH.write_text(catalogue_json(catalogue), encoding="utf-8")
    skipped = tally_file(csv_path).skipped_rows
    print(f"{len(catalogue.uses)} uses written to {STARTER_PATH} ({skipped} rows skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
