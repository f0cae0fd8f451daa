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
# Words that mean the same in the work of an organisation, each group to one English word, so
# that two texts about one need in other words meet ("sollicitanten rangschikken" and
# "cv's voorselecteren"). Later entries override earlier ones.
_SYNONYMS = """
vraag:question vragen:question vraagt:question navraag:question informatievraag:question
antwoord:answer antwoorden:answer beantwoorden:answer beantwoordt:answer reageren:answer
reactie:answer reacties:answer chatbot:chatbot webchat:chatbot chat:chatbot chatten:chatbot
assistent:assistant telefoon:phone telefoontje:phone telefoontjes:phone bellen:phone belt:phone
bellers:phone beller:phone mail:email mails:email mailbox:email inbox:email
brief:letter brieven:letter correspondentie:letter opstellen:draft schrijven:draft
formuleren:draft schrijft:draft concept:draft concepten:draft tekstvoorstel:draft
samenvatten:summary samenvatting:summary samenvattingen:summary samengevat:summary
notulen:minutes verslaglegging:minutes notuleren:minutes actielijst:minutes
vergadering:meeting vergaderingen:meeting overleg:meeting overleggen:meeting
bijeenkomst:meeting bijeenkomsten:meeting opname:recording opnames:recording opnemen:recording
transcriptie:transcript uitschrijven:transcript uitgeschreven:transcript
zoeken:search opzoeken:search terugvinden:search zoekt:search vinden:search zoekfunctie:search
zoekmachine:search kennis:knowledge kennisbank:knowledge naslag:knowledge vraagbaak:knowledge
werkinstructie:instruction werkinstructies:instruction protocol:procedure protocollen:procedure
procedure:procedure procedures:procedure handboek:handbook handboeken:handbook
intranet:intranet regelgeving:legislation wetgeving:legislation beleidsregels:policy
controleren:check controle:check controles:check checken:check nakijken:check toetsen:check
toetsing:check verifiëren:check controleert:check gecontroleerd:check
factuur:invoice facturen:invoice overeenkomst:contract overeenkomsten:contract
verzoek:request verzoeken:request ontbrekend:missing ontbrekende:missing ontbreekt:missing
onvolledig:missing onvolledige:missing
eenvoudig:plain eenvoudiger:plain begrijpelijk:plain begrijpelijker:plain leesbaar:plain
leesbaarheid:plain simpel:plain duidelijker:plain vereenvoudigen:plain herschrijven:plain
moeilijk:difficult ingewikkeld:difficult ingewikkelde:difficult lastig:difficult
jargon:jargon vakjargon:jargon vaktaal:jargon vakterm:jargon vaktermen:jargon ambtelijk:jargon
ambtelijke:jargon ambtenarentaal:jargon taalniveau:language-level
vertalen:translate vertaling:translate vertaald:translate vertaalt:translate
anderstalig:foreign-language anderstalige:foreign-language anderstaligen:foreign-language
statushouder:newcomer statushouders:newcomer nieuwkomer:newcomer nieuwkomers:newcomer
klacht:complaint klachten:complaint bezwaar:objection bezwaren:objection
feedback:feedback ervaringen:feedback meningen:feedback signalen:feedback
enquête:survey enquêtes:survey vragenlijst:survey vragenlijsten:survey
tevredenheid:satisfaction ontevreden:satisfaction tevreden:satisfaction
sentiment:sentiment stemming:sentiment categoriseren:categorize indelen:categorize
rubriceren:categorize labelen:categorize clusteren:categorize thema:topic thema's:topic
onderwerp:topic onderwerpen:topic trend:trend trends:trend patroon:trend patronen:trend
werving:recruitment werven:recruitment recruitment:recruitment
sollicitant:applicant sollicitanten:applicant sollicitatie:applicant sollicitaties:applicant
kandidaat:applicant kandidaten:applicant cv:applicant motivatiebrief:applicant
vacature:vacancy vacatures:vacancy selectie:rank selecteren:rank voorselectie:rank
voorselecteren:rank rangschikken:rank ranglijst:rank rangschikking:rank prioriteren:rank
prioritering:rank matchen:rank matching:rank
personeel:employee personeelszaken:employee medewerker:employee medewerkers:employee
ambtenaar:employee ambtenaren:employee collega:employee collega's:employee
verzuim:absence ziekteverzuim:absence ziekmelding:absence ziekmeldingen:absence ziek:absence
beoordelingsgesprek:appraisal functioneringsgesprek:appraisal beoordelingsgesprekken:appraisal
onboarding:onboarding inwerken:onboarding
storing:incident storingen:incident incident:incident incidenten:incident ticket:incident
tickets:incident servicedesk:helpdesk helpdesk:helpdesk
code:code programmeren:code programmeur:developer script:code scripts:code query:code-query
queries:code-query sql:code-query ontwikkelaar:developer ontwikkelaars:developer
developer:developer developers:developer software:software applicatie:software
applicaties:software koppeling:integration koppelingen:integration
cijfers:statistics statistiek:statistics statistieken:statistics dashboard:dashboard
dashboards:dashboard rapportage:report rapportages:report rapporteren:report rapport:report
rapporten:report inzicht:insight inzichten:insight grafiek:chart grafieken:chart
voorspellen:predict voorspelling:predict voorspellingen:predict voorspelt:predict
prognose:predict prognoses:predict risicoscore:risk-score risicoscores:risk-score
fraude:fraud misbruik:fraud onrechtmatig:fraud onterecht:fraud onterechte:fraud
handhaving:enforcement handhaven:enforcement
bijstand:welfare-benefit bijstandsuitkering:welfare-benefit uitkering:benefit
uitkeringen:benefit kwijtschelding:remission belasting:tax belastingen:tax heffing:tax
heffingen:tax aanslag:tax-assessment aanslagen:tax-assessment aanslagbiljet:tax-assessment
inwoner:resident inwoners:resident burger:resident burgers:resident bewoner:resident
bewoners:resident
"""
DUTCH_TO_ENGLISH: dict[str, tuple[str, ...]] = {
    dutch: tuple(english.split("-"))
    for dutch, english in (pair.split(":") for pair in (_PAIRS + _SYNONYMS).split())
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
