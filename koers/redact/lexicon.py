"""The small word lists the name matcher needs, Dutch and English, all folded (lower case, no
diacritics). They decide context, never what a name is: names come from the directory."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Surname particles (tussenvoegsels), also in other languages' names. "t" is 't as in 't Hart.
PARTICLES = words(
    """van de der den ter ten te het t in op aan bij uit onder over voor
    la le les du des di da del della dos das von vom zu zum zur d l mc"""
)

# Words that are also surnames or first names. Alone at the start of a sentence they are read as
# the ordinary word unless the context says "person" (see docs/voice.md, Redaction).
ORDINARY_WORDS = words(
    """
    bakker visser smit smid boer koster brouwer mulder molenaar kok bos vos wit groot klein jong
    oud berg dijk beek brink graaf haan hoek laan meer kuiper schipper timmerman veen wolf zwart
    bruin kramer roos vink valk hertog koning keizer prins ridder bisschop post wever verver
    schaap storm winter zomer dekker schilder snijder schouten visscher maas dam haas vogel mees
    kraai zwaan duif leeuw beer hoog lang lange kort rijk arm goud zilver steen hout veld weide
    bosch hof kerk school molen toren straat poort waard graaf baron ruiter jager herder slager
    wagenaar smeets kleine grote jonge oude goede groen geel blauw rood grijs

    ben wil job mark roos frank bas lot ton rob storm lief maan zon hoop ad van

    smith baker miller fisher cook young king brown white green black wood hill stone long little
    bishop hunter carter taylor mason rose page bell day price law rich wise hope major hall
    walker turner wright cooper ward hart fox gray grey lane reed bird knight bond chase

    will bill pat sue ray dawn eve grace joy faith lily ivy jack guy sky penny summer autumn
    sandy art gene max ken amber ruby jade pearl holly heather daisy crystal dale glen wade drew
    clay miles grant

    januari februari maart mei juni juli augustus oktober maandag dinsdag woensdag donderdag
    vrijdag zaterdag zondag
    """
)

# Capitalised in ordinary writing, so a capital in mid-sentence says nothing about a person.
CAPITALISED_WORDS = words(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter god"""
)

# Words right before a name that make it a person: titles, forms of address, roles, greetings.
TITLES = words(
    """meneer mevrouw mevr mw mvr dhr hr heer juffrouw juf meester mr mrs ms miss mister sir
    madam dr drs prof ir ing collega colleague manager teamleider directeur director
    leidinggevende baas boss hoi hallo hi hey beste dear volgens aldus"""
)

# Verbs right after a name that make it a person: saying, asking, deciding, wanting.
PERSON_VERBS = words(
    """zei zegt zeiden vindt vond denkt dacht vertelde vertelt schreef schrijft meldde meldt
    mailde mailt appte appt belde belt vroeg vraagt antwoordde antwoordt reageerde reageert gaf
    geeft liet laat stelde stelt beweerde beweert dreigde dreigt besloot beslist weet wist noemde
    noemt sprak spreekt wil wilde heeft had moet moest kan kon gaat ging deed doet kreeg krijgt
    riep roept eist eiste vertrekt vertrok werkt werkte woont woonde blijft bleef houdt hield
    zit zat stuurt stuurde bedoelt bedoelde lachte lacht wou

    said says told tells wrote writes asked asks replied replies answered thinks thought believes
    believed mentioned mentions emailed emails called calls decided decides claims claimed insisted
    warned warns announced announces wants wanted has had knows knew did does can could keeps
    kept sent sends works worked lives lived laughed laughs smiled smiles"""
)

# Departments: "Kees van Finance" is Kees, of Finance ("van Finance" is no surname), and "Rich van
# finance" or "Mark from finance" is a person.
DEPARTMENTS = words(
    """finance financien hr it ict sales marketing inkoop verkoop communicatie juridische
    juridisch facilitair klantenservice klantcontact operations operatie legal compliance
    logistiek planning beheer control controlling administratie salarisadministratie personeelszaken
    support service servicedesk helpdesk onderzoek ontwikkeling productie kwaliteit security
    strategie directie bestuur team afdeling"""
)
