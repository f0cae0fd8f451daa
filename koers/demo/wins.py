"""Demo BV's wall of wins: two published stories of AI-toepassingen in pilot or live, with the
consent of everyone they name and colleagues' reactions. Nobody asked "willen wij ook" yet: that
would add a use case to the backlog, whose figures the other demo tests count."""

from __future__ import annotations

import random

from koers.backlog.models.usecases import Stage, UseCase
from koers.backlog.services.usecases import LIFECYCLE, usecase_change_stage
from koers.orgs.models import Membership, Organisation, Role
from koers.orgs.tenancy import OrgContext, org_context_for
from koers.sprints.services.stories import (
    StoryData,
    consent_record,
    reaction_toggle,
    story_create,
    story_publish,
)

# (title of the AI-toepassing, the story, how each named person agreed)
STORIES: list[tuple[str, StoryData, str]] = [
    (
        "Klantberichten vertalen",
        StoryData(
            title="Klantenservice beantwoordt Poolse en Turkse klanten nu in hun eigen taal",
            problem=(
                "Zo'n tien procent van de klantmails komt binnen in het Pools, Turks of "
                "Arabisch. Die gingen naar een vertaalbureau of bleven liggen tot een collega "
                "met de juiste taal dienst had. Een antwoord duurde daardoor gemiddeld drie "
                "werkdagen, tegen één dag voor Nederlandse mails."
            ),
            built=(
                "In een sprint van twee weken bouwde het team een vertaalstap in het "
                "klantsysteem:\n\n"
                "- een binnenkomende mail wordt automatisch naar het Nederlands vertaald;\n"
                "- de medewerker schrijft het antwoord in het Nederlands;\n"
                "- het antwoord gaat vertaald terug, met de Nederlandse tekst eronder.\n\n"
                "Klantgegevens blijven binnen onze eigen Azure-omgeving; het model leert niet "
                "van onze mails."
            ),
            result=(
                "Na zes weken pilot: **antwoordtijd van 3 naar 1,2 werkdag** voor anderstalige "
                "mails, **ruim 20 uur per maand** minder uitbesteed vertaalwerk en geen enkele "
                "klacht over de vertaling. Acht van de twaalf medewerkers gebruiken het dagelijks."
            ),
            quote=(
                "Vroeger legde ik een Poolse mail opzij en hoopte ik dat Kasia dienst had. "
                "Nu help ik die klant gewoon zelf, dezelfde ochtend nog."
            ),
            quote_by="Emma de Jong, medewerker klantenservice",
            next_steps=(
                "Na de zomer beslissen we of de vertaalstap definitief live gaat. Daarna kijken "
                "we naar de chat op de website."
            ),
            people=("Fatima El Amrani",),
        ),
        "Mondeling toegezegd in het teamoverleg; bevestigd per mail",
    ),
    (
        "Hulp bij het schrijven en testen van code",
        StoryData(
            title="Ontwikkelaars schrijven hun tests in de helft van de tijd",
            problem=(
                "Onze ontwikkelaars besteedden bijna een derde van hun tijd aan het schrijven "
                "van tests en documentatie. Belangrijk werk, maar het schoot er bij drukte als "
                "eerste bij in, met meer fouten in productie als gevolg."
            ),
            built=(
                "Het IT-team koos een codeassistent die binnen de eigen ontwikkelomgeving "
                "draait, schreef samen met Juridische zaken spelregels voor gebruik, en gaf alle "
                "ontwikkelaars een korte training. Gevoelige code en wachtwoorden gaan er "
                "nooit in."
            ),
            result=(
                "Sinds de livegang in het voorjaar: **gemiddeld 14 uur per ontwikkelaar per "
                "maand** bespaard, de testdekking steeg van 54% naar 71% en het aantal "
                "productiefouten per release halveerde."
            ),
            quote=(
                "De assistent schrijft de saaie tests, ik bedenk de lastige gevallen. Zo "
                "hoort het eigenlijk ook."
            ),
            quote_by="Anouk de Vries, teamlead IT",
            next_steps=(
                "We delen onze spelregels met Financiën, dat zijn eigen rapportagescripts wil "
                "laten controleren."
            ),
            people=(),
        ),
        "Per mail op de conceptversie van dit verhaal",
    ),
]


def wins_load(demo: Organisation, lead: OrgContext, *, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    members = list(
        Membership.objects.filter(organisation=demo, is_active=True)
        .exclude(role=Role.LEGAL)
        .select_related("user", "department")
    )
    for title, data, how in STORIES:
        usecase = UseCase.objects.get(organisation=demo, title=title)
        if usecase.stage not in (Stage.PILOT, Stage.LIVE):
            for step in LIFECYCLE[LIFECYCLE.index(Stage(usecase.stage)) + 1 :]:
                usecase_change_stage(lead, usecase=usecase, stage=step)
                if step == Stage.PILOT:
                    break
        story = story_create(lead, usecase=usecase, data=data)
        for person in story.people.all():
            consent_record(lead, person=person, how=how)
        story = story_publish(lead, story=story)
        for member in rng.sample(members, 14):
            ctx = org_context_for(user=member.user, slug=demo.slug)
            for kind in rng.sample(["applause", "inspiring", "useful"], rng.randint(1, 2)):
                reaction_toggle(ctx, story=story, kind=kind)
