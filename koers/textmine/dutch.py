"""Dutch words: stop words, and compounds split into the words they are made of.

Dutch writes compounds as one word: "klantenservicemedewerker" is klant + service + medewerker,
joined by the linking sounds -s-, -en- and -e- ("klant-en-service"). Two texts about the same
need meet in the parts even when one writes "klantvragen" and the other "vragen van klanten".

No maintained package ships a Dutch lexicon for this under a licence that fits (see
docs/analysis.md), so the splitter is driven by the corpus: a part is a word when the Dutch texts
of the backlog itself use it (at least twice), or when the small list of common Dutch base words
below, or the glossary, knows it. A split is made only when every part is such a word; among the
possible splits the one with the fewest parts wins, then the one whose parts are most frequent,
and a word is split only when its parts are at least as common as the word itself (a word the
backlog writes often, "kwijtschelding", stays whole).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

# The Snowball project's Dutch stop words, with the filler words of idea texts ("graag", "willen",
# "zouden", "idee") that say nothing about what an idea is about.
_STOP = """
    aan aangezien al alle alleen alles als alsof altijd ander andere anders ben bent bij binnen
    daar daarna daarom daardoor daarin daarmee daarvan dan dat de deze die dit doch doen door dus
    echter een eens eigen elk elke en enige enkele er ervan even gaan gaat geen gehad geweest
    graag haar had heb hebben heeft hem het hier hij hoe hun iemand iets ieder iedere ik in is ja
    je jij jou jouw juist kan kon kunnen maar me meer men met mij mijn moet moeten mogen mag na
    naar niet niets nog nu of om omdat onder ons onze ook op over reeds samen sommige steeds straks
    te tegen toch toen tot u uit uw van vaak veel via vooral voor want waar waarbij waardoor
    waarin wanneer was wat we wel welke werd wie wij wil willen worden wordt zal ze zelf zelfs
    zich zij zijn zo zoals zodat zonder zou zouden zullen erg heel soms nodig daarvoor hierdoor
    hierbij hiermee idee ideeën graag zeer beter goed goede krijgen krijg krijgt maken maakt maak
    laten laat hoeven hoeft komen komt kom zien ziet staan staat zitten zit kijken kijkt geven
    geeft houden houdt nemen neemt tussen eigenlijk bijvoorbeeld nooit weinig genoeg ongeveer
    echt helemaal dezelfde hetzelfde dingen ding kunt wilt willen wordt moet even mee
"""
STOP = frozenset(_STOP.split())

# Common Dutch base words of office and public-sector work, so that a compound splits even when
# the backlog never writes its parts alone. Short words (three letters) count as parts only when
# they are here.
_BASE = """
    aanvraag aanvragen advies afdeling afspraak agenda antwoord archief arts beeld beheer beleid
    belasting bericht beslissing besluit bestand betaling bewoner bezoek bezwaar bijstand boete
    brief burger code contract controle dag data declaratie dienst document dossier druk gebouw
    gegevens gemeente gesprek gezondheid groep hulp inkoop kaart kennis klacht klant kosten
    leerling lening leverancier les lijst medewerker melding model opleiding order overzicht
    personeel plan planning post proces rapport recht regel regels rekening risico rooster schade
    school service sollicitant systeem taal tekst telefoon tijd toeslag uitkering uur vacature
    verlof vergunning verslag vraag vragen werk wet woning zaak zorg zoek bot mail net web weg
    info bank boek hand kamer lijn stuk stukken zaken tool team bron ouder jeugd straat afval
    beoordeling vervoer parkeer onderhoud inspectie factuur belang lid raad stad wijk buurt
    registratie aanmelding verzoek formulier portaal loket balie administratie financiën
    handboek kwaliteit kantoor intake inwoner inwoners project subsidie signaal veiligheid
    onderzoek verzoek kalender heffing commissie selectie standaard motivatie tevredenheid
    bijlage paspoort rijbewijs adres woonplaats huur koop prijs geld inkomen vermogen schuld
    schulden hulpverlening begeleiding zorgvraag wachttijd wachtlijst werkplek laptop account
    wachtwoord storing netwerk server software applicatie database koppeling scherm printer
    website pagina nieuws tekst taal vertaling samenvatting verslaglegging notitie memo nota
    raadsvoorstel collegevoorstel vergadering overleg afstemming planning capaciteit budget
    begroting jaarrekening factuur betaling crediteur debiteur inning invordering aanslag
    belasting waarde taxatie bezwaarschrift beroep uitspraak vonnis boete sanctie toezicht
    handhaving controle inspectie vergunning melding klacht compliment feedback enquête
    vraagstelling antwoord reactie contact gesprek telefoon mail brief chat loket afspraak
    sollicitatie vacature functie profiel cv brief salaris verzuim ziekte arbo opleiding
    cursus training coaching beoordeling functionering ontwikkeling loopbaan mobiliteit
    contract offerte aanbesteding leverancier inkoop bestelling levering voorraad magazijn
    schoonmaak catering gebouw ruimte parkeren fiets auto vervoer route openbaar ruimte groen
    afval container riool water energie warmte klimaat duurzaamheid natuur milieu geluid
    veiligheid crisis brand politie zorg jeugd onderwijs school leerling ouder kind gezin
    wijk buurt dorp stad straat plein markt ondernemer bedrijf winkel horeca evenement
    archief dossier zaak zaaksysteem register registratie gegevens privacy beveiliging
    risico model voorspelling analyse dashboard rapport rapportage overzicht trend cijfer
"""
BASE_WORDS = frozenset(_BASE.split())

LINKS = ("", "s", "en", "e")
MIN_WORD = 7  # shorter words are not split
MIN_PART = 4  # letters a part needs, unless it is a base word
MIN_COUNT = 2  # uses in the backlog that make a word a known part
MIN_LONE = 6  # letters that make a word used only once a known part


class Splitter:
    """Splits Dutch compounds into known words. ``learn`` it on the backlog's Dutch words."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.counts: Counter[str] = Counter()
        self.extra = frozenset(known) | BASE_WORDS
        self._cache: dict[str, tuple[str, ...]] = {}

    def learn(self, words: Iterable[str]) -> None:
        self.counts.update(words)
        self._cache.clear()

    def known(self, part: str) -> bool:
        """Whether ``part`` is a word: a base or glossary word, or one the backlog uses (with its
        plural forms: "verzoeken" counts for "verzoek") at least ``MIN_COUNT`` times, or once
        when it is long enough not to be a chance string."""
        if part in self.extra or _singular(part) in self.extra:
            return len(part) >= 3
        if len(part) < MIN_PART or part in STOP:
            return False
        if part[-1] == part[-2] and part[-1] not in "aeiou" and not self.counts[part]:
            return False  # "afvalstoff": a plural's stem, not a word ("afvalstof")
        uses = self._uses(part)
        return uses >= MIN_COUNT or (uses >= 1 and len(part) >= MIN_LONE)

    def _uses(self, part: str) -> int:
        stem = _singular(part)
        forms = {part, stem, *(stem + end for end in LINKS if end)}
        return sum(self.counts[f] for f in forms)

    def _weight(self, part: str) -> float:
        """How common a part is, its plural forms counted with it (so "klant" + en wins over
        "klanten" in "klantenservice")."""
        uses = self._uses(part) + 5 * (part in self.extra)
        return math.log(1 + uses)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, in order ("klantenservicemedewerker" → klant, service,
        medewerker), or the word alone when it is not one."""
        if len(word) < MIN_WORD or not word.isalpha():
            return (word,)
        found = self._cache.get(word)
        if found is None:
            best = self._best(word)
            # Split only when the parts are as common as the whole (their geometric mean) or more:
            # "kwijtschelding", written often, is not kwijt + schel + ding.
            if best is None or -best[0][1] / len(best[1]) < self._weight(word):
                found = (word,)
            else:  # a part may be a compound itself: "klantenservice" in "klantenservicemedewerker"
                found = tuple(p for part in best[1] for p in self.split(part))
            self._cache[word] = found
        return found

    def _best(self, word: str) -> tuple[tuple[int, float], tuple[str, ...]] | None:
        """The best split of ``word`` into known parts joined by linking sounds: (rank, parts),
        rank being (number of parts, minus the parts' summed log-frequency); None if none."""
        n = len(word)
        # best[i]: the best split of word[i:] (a part, maybe a link, then the rest).
        best: list[tuple[tuple[int, float], tuple[str, ...]] | None] = [None] * (n + 1)
        best[n] = ((0, 0.0), ())
        for i in range(n - 1, -1, -1):
            for j in range(i + 3, n + 1):
                part = word[i:j]
                if j - i == n or not self.known(part):  # the word itself is not a split
                    continue
                for link in LINKS:
                    k = j + len(link)
                    if k > n or word[j:k] != link or best[k] is None:
                        continue
                    if link and k == n:  # a link joins two parts; it does not end a word
                        continue
                    (parts, weight), rest = best[k]  # type: ignore[misc]
                    rank = (parts + 1, weight - self._weight(part))
                    if best[i] is None or rank < best[i][0]:  # type: ignore[index]
                        best[i] = (rank, (part, *rest))
        return best[0]


def _singular(word: str) -> str:
    """A plural's singular, roughly: "verzoeken" → verzoek, "brieven" → brief is beyond it."""
    for end in ("en", "s"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    return word
