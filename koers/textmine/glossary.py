"""A small Dutch-English glossary of work words, so that a mixed backlog meets in one vocabulary.

A Dutch text's words are looked up here (whole, or as the parts of a compound such as
"klantvragen" = klant + vragen) and counted as their English equivalent, so "facturen" and
"invoices" share a term and "Interne vraagbaak voor IT-vragen" lands near "IT helpdesk chatbot".
Words without an entry keep their Dutch stem. The list is general office, public-sector and AI
vocabulary; extend it freely.
"""

from __future__ import annotations

_PAIRS = """
aanbesteding:tender aanvraag:application aanvragen:application aanvrager:applicant
achterstand:backlog advies:advice adviseren:advise afdeling:department afspraak:appointment
afspraken:agreement analyse:analysis analyseren:analyze antwoord:answer antwoorden:answer
archief:archive arts:physician automatisch:automatic automatiseren:automate beantwoorden:answer
beantwoordt:answer beeld:image beelden:image beheer:management beleid:policy beleidsnotitie:policy
beoordelen:assess beoordeling:assessment bericht:message berichten:message beslissing:decision
besluit:decision bestand:file bestanden:file betaling:payment betalingen:payment
bewoner:resident bewoners:resident bezwaar:objection bezwaren:objection bijstand:welfare
boekhouding:accounting brief:letter brieven:letter burger:citizen burgers:citizen camera:camera
chatbot:chatbot klantenservice:customer-service coderen:coding codering:coding concept:draft
contract:contract contracten:contract controle:check controleren:check controleert:check
data:data declaratie:expense declaraties:expense dienst:service diensten:service
dienstverlening:service document:document documenten:document dossier:case dossiers:case
e-mail:email e-mails:email energie:energy factuur:invoice facturen:invoice fout:error
fouten:error fraude:fraud gebouw:building gebouwen:building gegevens:data gemeente:municipality
gesprek:conversation gesprekken:conversation gezondheid:health grootboek:ledger handmatig:manual
herkennen:recognize herkent:recognize inkoop:procurement inkooporder:purchase-order
inkooporders:purchase-order inspectie:inspection inwoner:resident inwoners:resident
kandidaat:candidate kandidaten:candidate kennis:knowledge kennisbank:knowledge-base klacht:complaint
klachten:complaint klant:customer klanten:customer kosten:cost leerling:student leverancier:supplier
leveranciers:supplier machine:machine machines:machine medewerker:employee medewerkers:employee
melding:report meldingen:report model:model notulen:minutes onderhoud:maintenance
onderwijs:education
onderzoek:research opleiding:training overzicht:overview patiënt:patient patiënten:patient
personeel:staff persoonsgegevens:personal-data planning:planning politie:police
productie:production productielijn:production-line rapport:report rapportage:report
rapporten:report recruiter:recruiter recruiters:recruiter rooster:schedule roosters:schedule
risico:risk samenvatten:summarize samenvatting:summary samenvattingen:summary schrijven:write
sensor:sensor sensordata:sensor-data servicedesk:helpdesk sollicitant:applicant
sollicitanten:applicant sollicitatie:application storing:failure storingen:failure taal:language
taalmodel:language-model tekst:text teksten:text telefoon:phone toeslag:benefit toeslagen:benefit
transcriptie:transcript uitkering:benefit uitkeringen:benefit vacature:vacancy vacatures:vacancy
vacaturetekst:job-ad vacatureteksten:job-ad verlof:leave vergadering:meeting vergaderingen:meeting
vergunning:permit vergunningen:permit verslag:report verslagen:report vertalen:translate
vertaling:translation vraag:question vraagbaak:helpdesk vragen:question voorspellen:predict
voorspelling:prediction wachtwoord:password wachtwoorden:password website:website
werkproces:workflow werkprocessen:workflow wet:law wetgeving:legislation zoeken:search
tijd:time sneller:faster snel:fast minder:less kwaliteit:quality uur:hour uren:hour minuut:minute
minuten:minute week:week weken:week maand:month maanden:month jaar:year jaren:year dag:day
dagen:day kost:cost kosten:cost besparing:saving besparen:save fouten:error nauwkeurig:accurate
werk:work werkdruk:workload collega:colleague collega's:colleague team:team teams:team
proces:process processen:process systeem:system systemen:system organisatie:organisation
informatie:information kwaliteit:quality vooroordelen:bias vooroordeel:bias groep:group
groepen:group functieprofiel:job-profile functie:job woorden:word woord:word nieuw:new nieuwe:new
inkomende:incoming onverwachte:unexpected voorafgaan:precede patronen:pattern patroon:pattern
herkenning:recognition stilleggen:stop stil:stop telefoongesprek:phone-call vervolgstappen:next-step
conceptsamenvatting:draft-summary conceptvacature:draft-vacancy twijfelgevallen:doubtful-case
kostenplaatsen:cost-center grootboekrekeningen:ledger-account veelgestelde:frequently-asked
doorzetten:forward wisselt:vary schrijft:write toegewezen:assign toewijzen:assign
gecontroleerd:check controle:check veiligheid:safety
"""
DUTCH_TO_ENGLISH: dict[str, tuple[str, ...]] = {
    dutch: tuple(english.split("-"))
    for dutch, english in (pair.split(":") for pair in _PAIRS.split())
}
_LINKS = ("", "s", "en", "e")


def translate(word: str) -> tuple[str, ...] | None:
    """The English words for a Dutch word, also for a compound of two known words and for words
    joined by hyphens ("it-vragen")."""
    if "-" in word:
        parts = [translate(part) or (part,) for part in word.split("-") if part]
        return tuple(w for part in parts for w in part) if parts else None
    found = DUTCH_TO_ENGLISH.get(word)
    if found is not None:
        return found
    for cut in range(len(word) - 3, 3, -1):
        head, tail = word[:cut], word[cut:]
        for link in _LINKS:
            if link and not head.endswith(link):
                continue
            first = DUTCH_TO_ENGLISH.get(head[: len(head) - len(link)] if link else head)
            second = DUTCH_TO_ENGLISH.get(tail)
            if first is not None and second is not None:
                return first + second
    return None
