"""The demo organisation's strategy: the leadership team's AI vision, an AI policy started from the
Dutch template and adjusted to Demo BV, with its tool x data-class matrix, approved by legal (four
eyes), published six weeks ago and confirmed by most colleagues, a draft of the next version with
a few changes, tool requests from the checker (one answered), and three market scenarios with the
departments' cost bases.

Everything goes through the strategy app's services, as the people would do it, so the workflow
and the history are real; only the dates are set by hand afterwards (the services stamp the
current moment), so that the story spreads over the past weeks. A small board office (Directie)
joins the organisation here, so the acknowledgements per department show the small-group rule."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils import timezone

from koers.core import clock
from koers.core.models import Change
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.tenancy import OrgContext, org_context_for
from koers.strategy.models import (
    Acknowledgement,
    PolicyApproval,
    PolicyVersion,
    Scenario,
    ToolRequest,
    VisionVersion,
)
from koers.strategy.selectors.policy import version_content
from koers.strategy.services.checker import tool_request_answer, tool_request_create
from koers.strategy.services.policy import (
    CellInput,
    SectionInput,
    acknowledgement_create,
    draft_start,
    matrix_save,
    policy_start,
    sections_save,
    tool_add,
    version_decide,
    version_publish,
    version_submit,
)
from koers.strategy.services.scenarios import baselines_set, scenario_create
from koers.strategy.services.vision import vision_compose

if TYPE_CHECKING:
    from koers.strategy.policy.content import PolicyContent

VISION = {
    "ambition": (
        "Over twee jaar gebruikt elk team van Demo BV generatieve AI elke dag voor routinewerk. "
        "Klanten krijgen sneller en beter antwoord, en wij houden meer tijd over voor advies en "
        "persoonlijk contact."
    ),
    "value": (
        "Eerst bij de klantenservice: gesprekken samenvatten en antwoorden voorbereiden. Daarna "
        "bij Financiën (facturen coderen en rapportages toelichten) en bij Juridische zaken "
        "(contracten nalezen op afwijkende clausules). IT bouwt één eigen assistent, de "
        "Vraagbaak, die onze procedures en ons beleid kent."
    ),
    "not_doing": (
        "AI neemt geen besluiten over mensen: niet over sollicitanten, niet over beoordelingen en "
        "niet over klanten. Klantgegevens gaan nooit in gratis openbare chatbots. Geen tekst van "
        "AI gaat naar een klant zonder dat een collega hem heeft gelezen."
    ),
    "people": (
        "Niemand verliest zijn baan door de AI-pilots. De tijd die vrijkomt, gaat naar "
        "klantcontact, naar verbeteren en naar nieuwe vaardigheden. Iedereen volgt de "
        "basistraining en elke afdeling heeft een AI-ambassadeur. Zorgen kun je altijd melden in "
        "Koers, ook anoniem."
    ),
    "measures": (
        "Elk kwartaal kijken we naar de uren die de AI-toepassingen in de backlog besparen, naar "
        "de reactietijd van de klantenservice en naar het aandeel collega\u2019s dat AI elke week "
        "gebruikt. Elk halfjaar doen we de GenAI-scan, om te zien of de drempels lager worden."
    ),
}

# Section key -> (text in the template, Demo BV's text): the first version's adjustments.
SECTION_EDITS: dict[str, list[tuple[str, str]]] = {
    "purpose": [
        (
            "Twijfel je? Vraag het de AI-officer of een AI-ambassadeur voordat je begint.",
            "Twijfel je? Vraag het de AI-officer of de AI-ambassadeur van je afdeling voordat je "
            "begint.",
        )
    ],
    "tools": [
        (
            "Je kunt de tool dan aanvragen bij het programmateam.</p>",
            "Je kunt de tool dan aanvragen bij het programmateam, met één klik in de checker "
            "\u2018Mag ik deze tool gebruiken?\u2019 in Koers.</p><p>Bij elke goedgekeurde tool "
            "log je in met je werkaccount van Demo BV, nooit met een eigen account. Een licentie "
            "vraag je aan bij de servicedesk van IT.</p>",
        )
    ],
    "literacy": [
        (
            "Iedereen volgt een basistraining voordat",
            "Iedereen volgt de e-learning \u2018Slim werken met AI\u2019 (ongeveer twee uur) "
            "voordat",
        )
    ],
    "reporting": [
        (
            "direct via de gewone meldprocedure voor incidenten.",
            "direct bij de servicedesk van IT (servicedesk@demo.example), ook buiten "
            "kantoortijden.",
        )
    ],
    "roles": [
        (
            "<strong>De programmaleider</strong> stuurt",
            "<strong>De programmaleider</strong> (Pieter Jansen, Bedrijfsvoering) stuurt",
        ),
        (
            "<strong>De AI-officer</strong> bewaakt",
            "<strong>De AI-officer</strong> (Lisa Verbeek, Juridische zaken) bewaakt",
        ),
    ],
    "review": [
        (
            "evalueren dit beleid daarom ten minste eenmaal per jaar.",
            "evalueren dit beleid daarom elk halfjaar, in maart en september.",
        )
    ],
}

# The matrix: tool, description, then per data class (public, internal, confidential,
# personal) the answer, the condition and the section to read.
Row = tuple[str, str, list[tuple[str, str, str]]]
CLASSES = ("public", "internal", "confidential", "personal")
TOOLS: list[Row] = [
    (
        "Microsoft 365 Copilot",
        "In Word, Outlook, Teams, Excel en PowerPoint, met je werkaccount.",
        [
            ("yes", "", "3"),
            ("yes", "", "3"),
            (
                "conditional",
                "Alleen met je werkaccount; deel de uitkomst alleen met wie het stuk zelf ook "
                "mag zien",
                "6",
            ),
            (
                "conditional",
                "Alleen de persoonsgegevens die je voor je taak nodig hebt; geen bijzondere "
                "persoonsgegevens en geen BSN",
                "5",
            ),
        ],
    ),
    (
        "ChatGPT Enterprise",
        "Met het organisatie-account; OpenAI traint niet met onze gegevens.",
        [
            ("yes", "", "3"),
            ("conditional", "Alleen met het organisatie-account, niet met een eigen account", "3"),
            ("conditional", "Alleen met het organisatie-account, zonder klantgegevens", "6"),
            ("no", "Voor stukken met persoonsgegevens gebruik je Microsoft 365 Copilot", "5"),
        ],
    ),
    (
        "Gratis openbare chatbots",
        "Gratis ChatGPT, Gemini, Claude, Le Chat en dergelijke.",
        [
            (
                "conditional",
                "Upload geen bestanden van Demo BV en controleer elke uitkomst voordat je hem "
                "gebruikt",
                "2",
            ),
            ("no", "Deze tools mogen wat je invoert gebruiken om hun modellen te trainen", "3"),
            ("no", "Gebruik ChatGPT Enterprise of Microsoft 365 Copilot", "6"),
            ("no", "Er is geen verwerkersovereenkomst met deze aanbieders", "5"),
        ],
    ),
    (
        "DeepL",
        "Het zakelijke DeepL Pro-account; teksten worden niet bewaard.",
        [
            ("yes", "", "3"),
            ("yes", "", "3"),
            ("conditional", "Alleen met het DeepL Pro-account, niet met de gratis website", "6"),
            (
                "conditional",
                "Alleen met het DeepL Pro-account en alleen wat nodig is voor de vertaling; geen "
                "bijzondere persoonsgegevens",
                "5",
            ),
        ],
    ),
    (
        "GitHub Copilot",
        "Met de zakelijke licentie (Copilot Business) die IT beheert.",
        [
            ("yes", "", "3"),
            (
                "conditional",
                "Alleen met de zakelijke licentie, in de repositories van Demo BV",
                "3",
            ),
            (
                "conditional",
                "Alleen met de zakelijke licentie; nooit wachtwoorden, sleutels of klantgegevens "
                "in code of prompts",
                "6",
            ),
            ("no", "Werk met testgegevens in plaats van echte persoonsgegevens", "5"),
        ],
    ),
    (
        "Vraagbaak",
        "Onze eigen AI-assistent op het intranet, in onze Azure-omgeving in de EU.",
        [
            ("yes", "", "3"),
            ("yes", "", "3"),
            ("yes", "", "6"),
            (
                "conditional",
                "Alleen de klant- en personeelsgegevens die je voor je taak nodig hebt; geen "
                "bijzondere persoonsgegevens en geen BSN",
                "5",
            ),
        ],
    ),
]
# Version 2, in the works: a tool added after a request, a cell changed now that there is a
# data processing agreement, a section text edited.
NEW_TOOL: Row = (
    "Canva",
    "De AI-functies van Canva, met het teamaccount van Communicatie.",
    [
        (
            "conditional",
            "Beelden die echt lijken, vermeld je als AI-gegenereerd",
            "7",
        ),
        ("conditional", "Alleen met het teamaccount van Communicatie", "3"),
        ("no", "", "6"),
        ("no", "Geen foto\u2019s of namen van collega\u2019s of klanten", "5"),
    ],
)
CHANGED_CELL = CellInput(
    tool="chatgpt-enterprise",
    data_class="personal",
    answer="conditional",
    condition="Alleen zakelijke contactgegevens (naam, functie, zakelijk e-mailadres) en alleen "
    "wat je nodig hebt; geen klantdossiers",
    section="5",
)
LITERACY_SHORTER = ("ongeveer twee uur", "ongeveer anderhalf uur")
LITERACY_ADDED = (
    "<li>Nieuwe collega\u2019s volgen de basistraining in hun eerste maand bij Demo BV.</li>"
    "<li>AI-ambassadeurs houden elke maand een inloopsessie voor hun afdeling.</li>"
)

# (department, tool, data class, purpose, the programme team's answer or "")
TOOL_REQUESTS = [
    (
        "Communicatie",
        "Canva",
        "internal",
        "Beelden en opmaak voor de nieuwsbrief en intranetberichten maken met de AI-functies "
        "van Canva.",
        "Goed idee. We nemen Canva op in de volgende versie van het AI-beleid: voor openbare en "
        "interne inhoud, met het teamaccount van Communicatie. Je hoort het als die versie is "
        "gepubliceerd.",
    ),
    (
        "Financiën",
        "Claude",
        "internal",
        "Lange rapporten en jaarverslagen van leveranciers samenvatten.",
        "",
    ),
    (
        "Klantenservice",
        "Otter.ai",
        "personal",
        "Telefoongesprekken met klanten laten uitschrijven en samenvatten.",
        "",
    ),
]

# Department -> (cost base in euros per year, share of the work GenAI can speed up in %).
BASELINES = {
    "Klantenservice": (1_750_000, 45),
    "Financiën": (1_950_000, 35),
    "HR": (1_600_000, 25),
    "IT": (2_700_000, 30),
    "Juridische zaken": (2_100_000, 30),
    "Bedrijfsvoering": (2_300_000, 20),
    "Communicatie": (1_500_000, 40),
}
SCENARIOS = [
    (
        "Concurrent wordt 20% goedkoper",
        "Een grote concurrent zet AI in voor klantcontact en administratie en verlaagt zijn "
        "prijzen met 20%. Om mee te kunnen, moeten onze kosten met hetzelfde deel omlaag.",
        {"price_gap_pct": 20},
    ),
    (
        "Nieuwe AI-native toetreder",
        "Een nieuwe aanbieder zonder oude systemen doet bijna alles met AI. Binnen een jaar "
        "pakt hij zo\u2019n 15% van onze markt, vooral de klanten met eenvoudige vragen.",
        {"entrant_share_pct": 15},
    ),
    (
        "Concurrent levert twee keer zo snel",
        "Een concurrent beantwoordt klantvragen en levert offertes in de helft van de tijd. Dat "
        "geldt voor ongeveer de helft van ons werk, dus rekenen we met 25% minder tijd voor "
        "hetzelfde werk.",
        {"speed_gap_pct": 25},
    ),
]

# The board office: a small department, under the small-group rule (with the consultant, who
# belongs to none, just enough for "other departments").
BOARD = "Directie"
BOARD_PEOPLE = [
    ("Marieke van der Meer", Role.LEAD),
    ("Hans Koopman", Role.LEAD),
    ("Ilse de Haan", Role.MEMBER),
    ("Ahmed Benali", Role.MEMBER),
]
# Who confirms the policy, per department: most, not all; the shop floor a little later.
CONFIRMING = {
    "Juridische zaken": 0.96,
    "IT": 0.9,
    "Financiën": 0.88,
    "HR": 0.85,
    "Communicatie": 0.8,
    "Klantenservice": 0.7,
    "Bedrijfsvoering": 0.62,
    BOARD: 1.0,
}
# Left for the visitor: logged in as the employee, the policy still asks to be confirmed.
LEFT_OPEN = {"member@demo.example"}
PUBLISHED_DAYS_AGO = 42


def strategy_load(demo: Organisation, lead: OrgContext, *, seed: int) -> None:
    diary = _Diary(demo)
    _board_office(demo)
    vision_compose(lead, answers=dict(VISION))
    written = _days_ago(75, 10, 30)
    diary.date(written)
    VisionVersion.objects.filter(organisation=demo).update(created_at=written)

    legal = _first_with_role(demo, Role.LEGAL)
    version = _first_version(demo, lead, legal, diary)
    _acknowledgements(demo, version, diary, seed=seed)
    _tool_requests(demo, lead, diary)
    _next_version(lead, diary)
    _scenarios(demo, lead, diary)


class _Diary:
    """Dates the history written since the last entry: the services stamp the current moment,
    the demo's story happened over the past weeks."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.mark = self._last()

    def _last(self) -> int:
        return int(Change.objects.aggregate(last=Max("pk"))["last"] or 0)

    def date(self, when: dt.datetime) -> None:
        Change.objects.filter(organisation_id=self.organisation.pk, pk__gt=self.mark).update(
            created_at=when
        )
        self.mark = self._last()


def _days_ago(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = clock.today() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _first_with_role(demo: Organisation, role: str) -> OrgContext:
    member = (
        Membership.objects.filter(organisation=demo, role=role, is_active=True)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if member is None:
        raise ValueError(f"the demo needs someone with the role {role}")
    return org_context_for(user=member.user, slug=demo.slug)


def _someone_who_logs_in(demo: Organisation, department: str) -> OrgContext:
    members = Membership.objects.filter(
        organisation=demo, role=Role.MEMBER, department__name=department
    ).select_related("user")
    member = next(m for m in members.order_by("user__email") if m.user.has_usable_password())
    return org_context_for(user=member.user, slug=demo.slug)


def _board_office(demo: Organisation) -> None:
    board = Department.objects.create(organisation=demo, name=BOARD)
    hashed = make_password(None)  # they do not log in
    for number, (name, role) in enumerate(BOARD_PEOPLE, start=1):
        user = User.objects.create(
            email=f"directie{number}@demo.example", password=hashed, name=name
        )
        Membership.objects.create(organisation=demo, user=user, role=role, department=board)


def _content(version: PolicyVersion) -> PolicyContent:
    version.refresh_from_db(fields=["content"])
    return version_content(version)


def _sections(
    version: PolicyVersion, edits: dict[str, list[tuple[str, str]]]
) -> list[SectionInput]:
    """The sections in ``edits`` with their text replaced (the template's text must be there)."""
    changed = []
    for section in _content(version).sections:
        html = section.html
        for old, new in edits.get(section.key, []):
            if old not in html:
                raise ValueError(f"the policy template changed: {section.key} lacks {old!r}")
            html = html.replace(old, new)
        if html != section.html:
            changed.append(SectionInput(section.key, section.number, section.title, html))
    return changed


def _add_tool(lead: OrgContext, version: PolicyVersion, row: Row) -> None:
    name, description, answers = row
    tool_add(lead, version=version, name=name, description=description)
    key = next(t.key for t in _content(version).tools if t.name == name)
    matrix_save(
        lead,
        version=version,
        cells=[
            CellInput(key, data_class, answer, condition, section)
            for data_class, (answer, condition, section) in zip(CLASSES, answers, strict=True)
        ],
    )


def _first_version(
    demo: Organisation, lead: OrgContext, legal: OrgContext, diary: _Diary
) -> PolicyVersion:
    """Started from the Dutch template, adjusted, filled in tool by tool over two weeks,
    approved by legal and published six weeks ago."""
    start = PUBLISHED_DAYS_AGO + 21
    version = policy_start(lead, language="nl")
    diary.date(_days_ago(start, 9, 15))
    sections_save(lead, version=version, sections=_sections(version, SECTION_EDITS))
    diary.date(_days_ago(start, 11, 40))
    for index, row in enumerate(TOOLS):
        _add_tool(lead, version, row)
        diary.date(_days_ago(start - 3 - 2 * index, 14, 5 * index))
    submitted = _days_ago(PUBLISHED_DAYS_AGO + 3, 16, 20)
    version_submit(
        lead,
        version=version,
        summary="Eerste versie van het AI-beleid van Demo BV, op basis van het Nederlandse "
        "voorbeeld. Met de tabel voor zes tools.",
    )
    diary.date(submitted)
    approved = _days_ago(PUBLISHED_DAYS_AGO + 1, 10, 5)
    version_decide(
        legal,
        version=version,
        approve=True,
        comment="Akkoord. De tabel sluit aan op de verwerkersovereenkomsten die we nu hebben.",
    )
    diary.date(approved)
    published = _days_ago(PUBLISHED_DAYS_AGO, 9, 0)
    version_publish(lead, version=version)
    diary.date(published)
    PolicyVersion.objects.filter(pk=version.pk).update(
        created_at=_days_ago(start, 9, 15),
        submitted_at=submitted,
        approved_at=approved,
        published_at=published,
        updated_at=published,
    )
    PolicyApproval.objects.filter(version=version).update(decided_at=approved)
    return version


def _acknowledgements(
    demo: Organisation, version: PolicyVersion, diary: _Diary, *, seed: int
) -> None:
    """Most colleagues confirm in the first days after publication, the rest over the weeks
    after; a few have not yet."""
    # Who confirms and when each drawn apart, so that changing the times keeps the people.
    who = random.Random(seed)  # noqa: S311 - demo data, not security
    when_rng = random.Random(seed + 1)  # noqa: S311 - demo data, not security
    members = (
        Membership.objects.filter(organisation=demo, is_active=True, department__isnull=False)
        .select_related("user", "department")
        .order_by("user__email")
    )
    for member in members:
        share = CONFIRMING.get(member.department.name, 0.8)  # type: ignore[union-attr]
        if member.user.email in LEFT_OPEN or who.random() > share:
            continue
        acknowledgement = acknowledgement_create(
            org_context_for(user=member.user, slug=demo.slug), version=version
        )
        days = when_rng.choice((0, 0, 0, 1, 1, 2, 3, 6, 9, 14, 20, 27))
        when = _days_ago(
            PUBLISHED_DAYS_AGO - days, when_rng.randint(10, 17), when_rng.randint(0, 59)
        )
        Acknowledgement.objects.filter(pk=acknowledgement.pk).update(acknowledged_at=when)
        diary.date(when)


def _tool_requests(demo: Organisation, lead: OrgContext, diary: _Diary) -> None:
    for index, (department, tool, data_class, purpose, answer) in enumerate(TOOL_REQUESTS):
        asker = _someone_who_logs_in(demo, department)
        asked = _days_ago(30 - 12 * index, 11, 10)
        request = tool_request_create(asker, tool=tool, data_class=data_class, purpose=purpose)
        diary.date(asked)
        ToolRequest.objects.filter(pk=request.pk).update(created_at=asked)
        if answer:
            answered = asked + dt.timedelta(days=3, hours=4)
            tool_request_answer(lead, tool_request=request, answer=answer)
            diary.date(answered)
            ToolRequest.objects.filter(pk=request.pk).update(answered_at=answered)


def _next_version(lead: OrgContext, diary: _Diary) -> PolicyVersion:
    """Version 2, still a draft: Canva added, ChatGPT Enterprise now for business contact
    details, new colleagues' training in section 8."""
    started = _days_ago(9, 13, 0)
    version = draft_start(lead)
    diary.date(started)
    _add_tool(lead, version, NEW_TOOL)
    diary.date(_days_ago(8, 10, 25))
    matrix_save(lead, version=version, cells=[CHANGED_CELL])
    diary.date(_days_ago(5, 15, 45))
    literacy = next(s for s in _content(version).sections if s.key == "literacy")
    html = literacy.html.replace(*LITERACY_SHORTER).replace("</ul>", LITERACY_ADDED + "</ul>")
    sections_save(
        lead,
        version=version,
        sections=[SectionInput(literacy.key, literacy.number, literacy.title, html)],
    )
    edited = _days_ago(3, 9, 50)
    diary.date(edited)
    PolicyVersion.objects.filter(pk=version.pk).update(created_at=started, updated_at=edited)
    return version


def _scenarios(demo: Organisation, lead: OrgContext, diary: _Diary) -> None:
    departments = {d.name: d.pk for d in Department.objects.filter(organisation=demo)}
    baselines_set(
        lead,
        rows={departments[name]: row for name, row in BASELINES.items() if name in departments},
    )
    when = _days_ago(21, 14, 0)
    diary.date(when)
    for index, (name, description, gaps) in enumerate(SCENARIOS):
        scenario = scenario_create(lead, name=name, description=description, gaps=gaps)
        moment = when + dt.timedelta(minutes=10 * (index + 1))
        diary.date(moment)
        Scenario.objects.filter(pk=scenario.pk).update(created_at=moment, updated_at=moment)
