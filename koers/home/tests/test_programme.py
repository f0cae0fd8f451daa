"""The home after login: the programme lead's home (the seven actions of the method with their
status and next step, what waits, what changed since the last visit) and a member's home (a round
to answer, their ideas and votes, "jullie vroegen, wij deden"); and the navigation that makes the
work findable by whoever may do it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from koers.backlog.services.usecases import usecase_vote
from koers.core import clock
from koers.diagnostic import services as scans
from koers.home.models import Visit
from koers.home.tests.pages import home_of
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.voice import services as voice

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    organisation = make_org("Demo BV", departments=("Financiën", "HR"))
    organisation.language = "nl"
    organisation.save(update_fields=["language"])
    return organisation


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD)


def section(page: str, heading: str) -> str:
    """The text of the card under ``heading``, tags removed."""
    start = page.index(heading)
    end = page.find("</section>", start)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start:end]))


def steps_of(page: str) -> list[str]:
    part = page[page.index('<ol class="steps">') : page.index("</ol>", page.index('class="steps"'))]
    items = [li.split(">", 1)[1] for li in part.split("<li")[1:]]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip() for li in items]


def test_the_programme_lead_sees_the_seven_actions_of_the_method_in_order(org, lead):
    steps = steps_of(home_of(lead, org))
    assert [s.split(" Te doen")[0].split(" Loopt")[0].split(" Nog niet")[0] for s in steps] == [
        "De drempels in kaart brengen met de GenAI-scan",
        "AI-visie en AI-beleid vaststellen",
        "AI-ambassadeurs vinden en betrekken",
        "Leidinggevenden, AI-ambassadeurs en medewerkers trainen",
        "AI-toepassingen verzamelen en kiezen wat je bouwt",
        "Quick wins opleveren en delen",
        "Zorgen van medewerkers beantwoorden",
    ]
    assert "Er is nog geen ronde van de GenAI-scan gehouden." in steps[0]
    assert "ronde starten" in steps[0].lower()


def test_a_module_that_is_not_in_koers_yet_is_said_so_and_not_linked(org, lead):
    page = home_of(lead, org)
    training = page[
        page.index("medewerkers trainen") : page.index("</li>", page.index("medewerkers trainen"))
    ]
    assert "Nog niet in Koers" in training
    assert "<a " not in training


def test_each_step_links_to_the_page_of_its_next_step(org, lead):
    page = home_of(lead, org)
    slug = org.slug
    for url in (
        f"/o/{slug}/scans/",
        f"/o/{slug}/strategy/",
        f"/o/{slug}/people/",
        f"/o/{slug}/usecases/new/",
        f"/o/{slug}/backlog/quadrant/",
        f"/o/{slug}/voice/links/",
    ):
        assert f'href="{url}"' in page, url


def test_the_scan_step_follows_the_round_from_open_to_closed(org, lead):
    ctx = ctx_for(lead, org)
    version = scans.instrument_copy_shipped(ctx, kind="scan").versions.get()
    today = clock.today()
    wave = scans.wave_create(
        ctx, version=version, name="Nulmeting", opens_on=today, closes_on=today + dt.timedelta(7)
    )
    scans.wave_open(ctx, wave=wave)
    step = steps_of(home_of(lead, org))[0]
    assert "Ronde \u2018Nulmeting\u2019 loopt tot en met" in step and "Loopt" in step
    assert "Wacht op jou" in home_of(lead, org)

    scans.wave_close(ctx, wave=wave)
    step = steps_of(home_of(lead, org))[0]
    assert "Ronde \u2018Nulmeting\u2019 is gesloten op" in step and "Resultaten lezen" in step


def test_concerns_waiting_for_moderation_wait_for_the_lead_and_not_for_a_member(org, lead):
    member = make_member(org)
    voice.item_raise(
        ctx_for(member, org),
        kind="concern",
        text="Ik maak me zorgen over mijn baan.",
        category="job_security",
        department_id=None,
        anonymous=True,
    )
    waiting = section(home_of(lead, org), "Wacht op jou")
    assert "Zorgen die op moderatie wachten 1" in waiting
    assert "1 wacht op moderatie." in home_of(lead, org)
    member_page = home_of(member, org)
    assert "Wacht op jou" not in member_page and "moderatie" not in member_page.lower()


def test_a_flagged_use_case_without_a_triage_waits_for_the_lead(org, lead):
    make_usecase(
        org,
        title="Cv's automatisch rangschikken",
        problem="We screen hundreds of job applicants by hand and rank candidates for hiring.",
        solution="A model scores each CV and ranks the applicants for recruitment.",
    )
    waiting = section(home_of(lead, org), "Wacht op jou")
    assert "zonder risicotriage 1" in waiting


def test_a_triage_made_with_older_rules_waits_for_an_admin_to_re_confirm_it(org, lead):
    from koers.triage.services import triage_restore
    from koers.triage.tests.test_reconfirm import EARLIER, SUMMARIES

    triage_restore(
        ctx_for(make_member(org, Role.EVANGELIST), org),
        usecase=make_usecase(org, title=SUMMARIES["title"]),
        facts=SUMMARIES["facts"],
        result=SUMMARIES["result"],
        rules_version=EARLIER["rules_version"],
    )
    waiting = section(home_of(make_member(org, Role.ADMIN), org), "Wacht op jou")
    assert "met oudere regels gemaakt, opnieuw te bevestigen 1" in waiting
    assert "oudere regels" not in home_of(make_member(org), org)


def test_it_says_what_changed_since_the_last_visit_and_a_reload_keeps_it(org, lead):
    assert "Welkom" in home_of(lead, org)  # the first visit
    Visit.objects.update(last_at=clock.now() - dt.timedelta(hours=2))
    make_usecase(org, title="Notulen samenvatten")
    make_usecase(org, title="Klantmails beantwoorden")
    since = section(home_of(lead, org), "Sinds je vorige bezoek")
    assert "2 nieuwe ideeën." in since
    assert "2 nieuwe ideeën." in section(home_of(lead, org), "Sinds je vorige bezoek")


def test_a_new_idea_like_an_earlier_one_asks_to_be_merged(org, lead):
    for title, problem in (
        ("Facturen coderen", "Inkomende facturen handmatig op grootboekrekeningen boeken."),
        ("Klantmails beantwoorden", "Veel klantmails stellen dezelfde vraag over levertijden."),
        ("Vacatureteksten schrijven", "Een goede vacaturetekst schrijven kost recruiters een dag."),
    ):
        make_usecase(org, title=title, problem=problem, solution="")
    make_usecase(
        org,
        title="Notulen van vergaderingen automatisch samenvatten",
        problem="Notulen van vergaderingen uitwerken kost elke week uren.",
        solution="Een taalmodel maakt van de opname een samenvatting met besluiten en acties.",
    )
    home_of(lead, org)
    Visit.objects.update(last_at=clock.now() - dt.timedelta(hours=2))
    make_usecase(
        org,
        title="Notulen van vergaderingen automatisch samenvatten (HR)",
        problem="Notulen van vergaderingen uitwerken kost elke week uren.",
        solution="Een taalmodel maakt van de opname een samenvatting met besluiten en acties.",
    )
    assert "Nieuwe ideeën die op een ander idee lijken: samenvoegen? 1" in section(
        home_of(lead, org), "Wacht op jou"
    )


def test_a_member_sees_their_ideas_votes_and_the_answers_to_concerns(org, lead):
    member = make_member(org)
    mine = make_usecase(org, by=member, title="Facturen automatisch coderen")
    other = make_usecase(org, title="Klantmails beantwoorden")
    usecase_vote(ctx_for(member, org), usecase=other)
    page = home_of(member, org)
    assert "Waar het programma staat" not in page
    ideas = section(page, "Jouw ideeën en stemmen")
    assert mine.title in ideas and other.title not in ideas
    assert "Je steunt 1 idee van collega's." in ideas.replace("&#x27;", "'")
    assert "Er is nog geen zorg beantwoord." in section(page, "Jullie vroegen, wij deden")


def test_a_member_invited_to_an_open_round_is_told_where_the_link_is(org, lead):
    member = make_member(org, department=org.departments.first())
    ctx = ctx_for(lead, org)
    version = scans.instrument_copy_shipped(ctx, kind="scan").versions.get()
    today = clock.today()
    wave = scans.wave_create(
        ctx, version=version, name="Nulmeting", opens_on=today, closes_on=today + dt.timedelta(7)
    )
    scans.wave_open(ctx, wave=wave)
    assert "De GenAI-scan wacht op je antwoorden" not in home_of(member, org)
    scans.invitations_send(ctx, wave=wave, link_for=lambda token: f"http://testserver/s/{token}/")
    page = home_of(member, org)
    assert "De GenAI-scan wacht op je antwoorden" in page
    assert "Je persoonlijke link staat in de e-mail" in page


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            Role.MEMBER,
            ["Jullie vroegen, wij deden", "Thema's"],
            ["Moderatie", "GenAI-scan", "Dashboard"],
        ),
        (Role.EVANGELIST, ["Hulpvragen"], ["Moderatie"]),
        (
            Role.LEAD,
            [
                "Moderatie",
                "Dashboard voor leidinggevenden",
                "Thema's van de zorgen",
                "GenAI-scan",
                "Mensen",
            ],
            [],
        ),
    ],
)
def test_the_navigation_shows_the_work_each_role_may_do(org, role, shown, hidden):
    page = home_of(make_member(org, role), org)
    nav = page[page.index('<nav class="topnav"') : page.index("</nav>")]
    for label in shown:
        assert f">{label}</a>" in nav, label
    for label in hidden:
        assert f">{label}</a>" not in nav, label
