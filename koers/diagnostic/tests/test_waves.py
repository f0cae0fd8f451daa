"""Running a scan wave: start it, open and close it, invite and remind by e-mail, and shared
department links with a printable QR code."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from koers.core import clock
from koers.core.models import Change
from koers.diagnostic import services
from koers.diagnostic.models import Invitation, Response, SharedLink, Tally, Wave
from koers.diagnostic.tests.test_answering import complete_post
from koers.diagnostic.views.answer import SHARED_COOKIE
from koers.orgs.models import Role, User
from koers.testing.factories import ctx_for, make_member, make_org, make_user

pytestmark = pytest.mark.django_db

# The clock stands still at the moment this module was imported (see _stopped_clock), so TODAY
# is the code's today (Amsterdam's date) in every test, also when a run passes midnight.
STARTED = clock.now()
TODAY = clock.today()


@pytest.fixture(autouse=True)
def _stopped_clock(clock):
    clock.set(STARTED)


def link_for(token: str) -> str:
    return f"http://testserver/s/{token}/"


@pytest.fixture
def finance(org):
    return org.departments.get(name="Finance")


@pytest.fixture
def hr(org):
    return org.departments.get(name="HR")


@pytest.fixture
def lead(org, hr):
    return make_member(org, Role.LEAD, department=hr)


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


@pytest.fixture
def version(ctx):
    return services.instrument_copy_shipped(ctx, kind="scan").versions.get()


@pytest.fixture
def wave(ctx, version):
    return services.wave_create(
        ctx, version=version, name="Spring pulse", opens_on=TODAY, closes_on=TODAY + dt.timedelta(7)
    )


@pytest.fixture
def open_wave(ctx, wave):
    return services.wave_open(ctx, wave=wave)


@pytest.fixture
def facilitator(client, lead):
    client.force_login(lead)
    return client


def wave_url(org, wave, action: str = "") -> str:
    name = f"diagnostic:wave_{action}" if action else "diagnostic:wave"
    return reverse(name, kwargs={"org_slug": org.slug, "pk": wave.pk})


def token_in(message) -> str:
    return re.search(r"/s/([\w-]+)/", message.body).group(1)


# --- starting a wave ------------------------------------------------------------------------


def test_the_new_wave_form_preselects_the_version_and_proposes_two_weeks(facilitator, org, version):
    url = reverse("diagnostic:wave_new", kwargs={"org_slug": org.slug}) + f"?version={version.pk}"
    html = facilitator.get(url).content.decode()
    assert f'<option value="{version.pk}" selected>' in html
    assert f'value="{TODAY:%Y-%m-%d}"' in html
    assert f'value="{TODAY + dt.timedelta(14):%Y-%m-%d}"' in html


def test_it_makes_a_draft_wave_for_chosen_departments(facilitator, org, version, finance):
    url = reverse("diagnostic:wave_new", kwargs={"org_slug": org.slug})
    answer = facilitator.post(
        url,
        {
            "name": "Finance pulse",
            "version": version.pk,
            "audience": "departments",
            "departments": [finance.pk],
            "opens_on": TODAY,
            "closes_on": TODAY + dt.timedelta(14),
        },
    )
    wave = Wave.objects.get()
    assert answer.status_code == 302 and answer["Location"] == wave_url(org, wave)
    assert wave.status == Wave.Status.DRAFT and list(wave.departments.all()) == [finance]
    assert version.__class__.objects.get(pk=version.pk).frozen


def test_bad_dates_are_rejected_and_nothing_is_saved(facilitator, org, version):
    url = reverse("diagnostic:wave_new", kwargs={"org_slug": org.slug})
    page = facilitator.post(
        url,
        {
            "name": "Backwards",
            "version": version.pk,
            "audience": "all",
            "opens_on": TODAY,
            "closes_on": TODAY - dt.timedelta(1),
        },
    )
    assert page.status_code == 200
    assert "A wave closes on or after the day it opens." in page.content.decode()
    assert not Wave.objects.exists()


def test_chosen_departments_need_at_least_one(facilitator, org, version):
    url = reverse("diagnostic:wave_new", kwargs={"org_slug": org.slug})
    page = facilitator.post(
        url,
        {
            "name": "Nobody",
            "version": version.pk,
            "audience": "departments",
            "opens_on": TODAY,
            "closes_on": TODAY,
        },
    )
    assert "Choose at least one department." in page.content.decode()
    assert not Wave.objects.exists()


def test_another_organisations_version_cannot_be_chosen(facilitator, org):
    stranger = make_member(make_org(), Role.ADMIN)
    foreign = services.instrument_copy_shipped(
        ctx_for(stranger, stranger.memberships.get().organisation), kind="scan"
    )
    url = reverse("diagnostic:wave_new", kwargs={"org_slug": org.slug})
    facilitator.post(
        url,
        {
            "name": "Probe",
            "version": foreign.versions.get().pk,
            "audience": "all",
            "opens_on": TODAY,
            "closes_on": TODAY,
        },
    )
    assert not Wave.objects.filter(organisation=org).exists()


# --- a wave's life ----------------------------------------------------------------------------


def test_a_draft_can_be_edited_and_an_open_wave_cannot(ctx, wave, finance):
    services.wave_update(
        ctx,
        wave=wave,
        name="Renamed",
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(3),
        departments=[finance],
    )
    wave.refresh_from_db()
    assert wave.name == "Renamed" and list(wave.departments.all()) == [finance]
    assert Change.objects.filter(action="updated").exists()

    services.wave_open(ctx, wave=wave)
    with pytest.raises(ValidationError):
        services.wave_update(ctx, wave=wave, name="Late", opens_on=TODAY, closes_on=TODAY)
    wave.refresh_from_db()
    assert wave.name == "Renamed"


def test_editing_a_draft_with_bad_dates_changes_nothing(facilitator, org, wave):
    page = facilitator.post(
        wave_url(org, wave),
        {
            "name": "Changed",
            "audience": "all",
            "opens_on": TODAY + dt.timedelta(5),
            "closes_on": TODAY,
        },
    )
    assert page.status_code == 200
    wave.refresh_from_db()
    assert (wave.name, wave.opens_on) == ("Spring pulse", TODAY)


def test_it_opens_closes_and_reopens_a_wave_before_its_closing_day(facilitator, org, wave):
    facilitator.post(wave_url(org, wave, "open"))
    wave.refresh_from_db()
    assert wave.status == Wave.Status.OPEN
    facilitator.post(wave_url(org, wave, "close"))
    wave.refresh_from_db()
    assert wave.status == Wave.Status.CLOSED
    html = facilitator.get(wave_url(org, wave)).content.decode()
    assert "Re-open the wave" in html
    facilitator.post(wave_url(org, wave, "open"))
    wave.refresh_from_db()
    assert wave.status == Wave.Status.OPEN
    assert [c.action for c in Change.objects.filter(subject_id=wave.pk).order_by("pk")][-3:] == [
        "opened",
        "closed",
        "reopened",
    ]


def test_a_wave_past_its_closing_day_cannot_be_reopened(ctx, wave):
    Wave.objects.filter(pk=wave.pk).update(
        status=Wave.Status.CLOSED,
        opens_on=TODAY - dt.timedelta(10),
        closes_on=TODAY - dt.timedelta(1),
    )
    with pytest.raises(ValidationError):
        services.wave_open(ctx, wave=Wave.objects.get(pk=wave.pk))
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.CLOSED


def test_a_closed_waves_link_says_closed(ctx, open_wave, org):
    respondent = make_member(org, department=org.departments.first())
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    token = token_in(next(m for m in mail.outbox if m.to == [respondent.email]))
    services.wave_close(ctx, wave=open_wave)

    page = Client().get(f"/s/{token}/")

    assert page.status_code == 410
    assert "This scan has closed" in page.content.decode()


def test_only_facilitators_manage_waves(client, org, wave):
    member = make_member(org, Role.MEMBER)
    client.force_login(member)
    assert client.get(wave_url(org, wave)).status_code == 403
    assert client.post(wave_url(org, wave, "open")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.wave_open(ctx_for(member, org), wave=wave)


def test_cannot_open_another_organisations_wave(client, wave):
    other = make_org("Other")
    stranger = make_member(other, Role.ADMIN)
    client.force_login(stranger)
    assert client.post(wave_url(other, wave, "open")).status_code == 404
    with pytest.raises(ValidationError):
        services.wave_open(ctx_for(stranger, other), wave=wave)
    wave.refresh_from_db()
    assert wave.status == Wave.Status.DRAFT


def test_the_actions_need_a_csrf_token(org, lead, wave):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    assert client.post(wave_url(org, wave, "open")).status_code == 403
    wave.refresh_from_db()
    assert wave.status == Wave.Status.DRAFT


# --- invitations ------------------------------------------------------------------------------


def test_invitations_are_only_sent_while_the_wave_is_open(ctx, wave, org):
    make_member(org)
    with pytest.raises(ValidationError):
        services.invitations_send(ctx, wave=wave, link_for=link_for)
    assert not mail.outbox and not Invitation.objects.exists()


def test_everyone_in_the_audience_gets_a_personal_link_once(facilitator, org, open_wave):
    people = [make_member(org, department=org.departments.first()) for _ in range(2)]

    answer = facilitator.post(wave_url(org, open_wave, "invite"))

    assert answer.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    audience = sorted(m.user.email for m in services.wave_audience(open_wave))
    assert recipients == audience and {p.email for p in people} <= set(recipients)
    body = mail.outbox[0].body
    assert "http://testserver/s/" in body and "Spring pulse" not in mail.outbox[0].subject
    assert Invitation.objects.filter(sent_on=TODAY).count() == len(audience)

    mail.outbox.clear()
    facilitator.post(wave_url(org, open_wave, "invite"))
    assert mail.outbox == []


def test_someone_who_joins_later_gets_a_link_with_the_next_send(ctx, org, open_wave):
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    mail.outbox.clear()
    newcomer = make_member(org, department=org.departments.first())

    sent = services.invitations_send(ctx, wave=open_wave, link_for=link_for)

    assert sent.queued == 1 and [m.to for m in mail.outbox] == [[newcomer.email]]


def test_the_mailed_link_opens_the_scan(ctx, org, open_wave):
    person = make_member(org, department=org.departments.first())
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    token = token_in(next(m for m in mail.outbox if m.to == [person.email]))
    assert Client().get(f"/s/{token}/").status_code == 200


def test_e_mail_is_in_the_persons_language(ctx, org, open_wave):
    dutch = make_member(org, user=make_user("anna@example.org", name="Anna"))
    dutch.language = "nl"
    dutch.save()
    english = make_member(org, user=make_user("bob@example.org", name="Bob"))
    english.language = "en"
    english.save()

    services.invitations_send(ctx, wave=open_wave, link_for=link_for)

    to_anna = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    to_bob = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    with translation.override("nl"):
        assert translation.gettext("Your personal link:") in to_anna.body
        assert date_format(open_wave.closes_on) in to_anna.body  # Dutch month names
    assert "?lang=nl" in to_anna.body
    assert "Dear Bob," in to_bob.body and "?lang=en" in to_bob.body
    assert "\n" not in to_bob.subject


def test_the_invitation_says_how_long_its_questions_take(ctx, org, open_wave):
    dutch = make_member(org, user=make_user("anna@example.org", name="Anna"))
    dutch.language = "nl"
    dutch.save()
    low, high = services.definition_of(open_wave.version).minutes()
    assert (low, high) == (4, 8)

    services.invitations_send(ctx, wave=open_wave, link_for=link_for)

    to_anna = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert f"Het kost ongeveer {low} tot {high} minuten." in to_anna.body
    assert "tien minuten" not in to_anna.body


def test_a_person_without_e_mail_is_listed_as_not_sent(facilitator, org, open_wave):
    nobody = make_member(org, user=make_user("nomail@example.org", name="No Mail"))
    nobody.email = ""
    nobody.save()

    answer = facilitator.post(wave_url(org, open_wave, "invite"), follow=True)

    html = answer.content.decode()
    assert "Not sent" in html and "No Mail" in html
    invitation = Invitation.objects.get(membership__user=nobody)
    assert invitation.sent_on is None

    nobody.email = "found@example.org"
    nobody.save()
    mail.outbox.clear()
    facilitator.post(wave_url(org, open_wave, "invite"))
    assert [m.to for m in mail.outbox] == [["found@example.org"]]
    invitation.refresh_from_db()
    assert invitation.sent_on == TODAY


# --- reminders --------------------------------------------------------------------------------


def test_reminders_go_only_to_unused_links(ctx, org, open_wave):
    answered, waiting = (make_member(org, department=org.departments.first()) for _ in range(2))
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    token = token_in(next(m for m in mail.outbox if m.to == [answered.email]))
    Client().post(f"/s/{token}/", complete_post())
    mail.outbox.clear()

    sent = services.reminders_send(ctx, wave=open_wave, link_for=link_for)

    recipients = {m.to[0] for m in mail.outbox}
    assert waiting.email in recipients and answered.email not in recipients
    assert sent.queued == len(recipients)
    assert Invitation.objects.get(membership__user=waiting).reminded_on == TODAY
    assert Invitation.objects.get(membership__user=answered).reminded_on is None


def test_a_reminders_new_link_works_and_replaces_the_old_one(ctx, org, open_wave):
    person = make_member(org, department=org.departments.first())
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    old = token_in(next(m for m in mail.outbox if m.to == [person.email]))
    mail.outbox.clear()
    services.reminders_send(ctx, wave=open_wave, link_for=link_for)
    new = token_in(next(m for m in mail.outbox if m.to == [person.email]))

    assert Client().get(f"/s/{new}/").status_code == 200
    assert Client().get(f"/s/{old}/").status_code == 404


def test_a_second_round_of_reminders_the_same_day_needs_confirming(facilitator, org, open_wave):
    make_member(org)
    facilitator.post(wave_url(org, open_wave, "invite"))
    facilitator.post(wave_url(org, open_wave, "remind"))
    mail.outbox.clear()

    refused = facilitator.post(wave_url(org, open_wave, "remind"), follow=True)

    assert mail.outbox == []
    html = refused.content.decode()
    assert "Reminders were sent today already" in html and 'name="again_today"' in html

    facilitator.post(wave_url(org, open_wave, "remind"), {"again_today": "on"})
    assert mail.outbox


def test_the_reminder_message_does_not_count_when_that_would_tell_how_many_answered(
    facilitator, org, ctx, open_wave
):
    people = [make_member(org, department=org.departments.first()) for _ in range(3)]
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    token = token_in(next(m for m in mail.outbox if m.to == [people[0].email]))
    Client().post(f"/s/{token}/", complete_post())  # one answer: fewer than k

    html = facilitator.post(wave_url(org, open_wave, "remind"), follow=True).content.decode()

    assert "Reminders queued for everyone who has not answered yet." in html
    assert "reminders queued" not in html


# --- figures ----------------------------------------------------------------------------------


def test_the_wave_page_hides_answered_counts_below_the_threshold(facilitator, org, ctx, open_wave):
    finance = org.departments.get(name="Finance")
    people = [make_member(org, department=finance) for _ in range(2)]
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    token = token_in(next(m for m in mail.outbox if m.to == [people[0].email]))
    Client().post(f"/s/{token}/", complete_post())

    html = facilitator.get(wave_url(org, open_wave)).content.decode()

    finance_row = re.search(r"<tr><th scope=\"row\">Finance</th>(.*?)</tr>", html, re.S).group(1)
    assert "<td>2</td>" in finance_row  # invited
    assert "fewer than 5" in finance_row and "<td>1</td>" not in finance_row


def test_the_wave_page_shows_answered_counts_from_the_threshold_on(
    facilitator, org, ctx, open_wave
):
    for department in org.departments.all():
        for _ in range(5):
            make_member(org, department=department)
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    for message in mail.outbox:
        Client().post(f"/s/{token_in(message)}/", complete_post())

    html = facilitator.get(wave_url(org, open_wave)).content.decode()

    finance_row = re.search(r"<tr><th scope=\"row\">Finance</th>(.*?)</tr>", html, re.S).group(1)
    assert finance_row.count("<td>5</td>") == 2 and "<td>0</td>" in finance_row


# --- shared department links ------------------------------------------------------------------


@pytest.fixture
def shared(ctx, open_wave, finance):
    link, token = services.shared_link_create(ctx, wave=open_wave, department=finance)
    return link, f"/s/d/{token}/"


def test_shared_link_response_counts_for_its_department(client, shared, finance, open_wave):
    _link, url = shared
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="evangelist_opt_in"' not in page.content.decode()  # no person to nominate

    answer = client.post(url, complete_post())

    assert answer.status_code == 200 and "Thank you for answering" in answer.content.decode()
    response = Response.objects.get()
    assert (response.department, response.role_group) == (finance, "staff")
    respondents = Tally.objects.get(wave=open_wave, key="respondents")
    assert (respondents.department, respondents.role_group, respondents.count) == (
        finance,
        "staff",
        1,
    )


def test_a_shared_link_takes_one_answer_per_browser(client, shared):
    _link, url = shared
    client.post(url, complete_post())
    assert SHARED_COOKIE.format(Response.objects.get().wave_id) in client.cookies

    again = client.post(url, complete_post())

    assert "Thank you for answering" in again.content.decode()
    assert Response.objects.count() == 1
    Client().post(url, complete_post())  # another browser
    assert Response.objects.count() == 2


def test_a_shared_link_draft_is_kept_in_the_browser(client, shared):
    _link, url = shared
    assert client.post(url, {"action": "save", "usage_frequency": "monthly"}).status_code == 302
    html = client.get(url).content.decode()
    assert re.search(r'<input [^>]*value="monthly"[^>]*checked', html)
    assert not Response.objects.exists()


def test_a_new_or_revoked_shared_link_stops_the_old_one(ctx, shared, open_wave, finance):
    link, url = shared
    services.shared_link_create(ctx, wave=open_wave, department=finance)
    assert Client().get(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked
    assert SharedLink.objects.filter(wave=open_wave, revoked=False).count() == 1


def test_a_closed_waves_shared_link_says_closed(ctx, shared, open_wave):
    _link, url = shared
    services.wave_close(ctx, wave=open_wave)
    page = Client().get(url)
    assert page.status_code == 410 and "This scan has closed" in page.content.decode()
    assert Client().post(url, complete_post()).status_code == 410
    assert not Response.objects.exists()


def test_a_shared_link_is_only_for_a_department_of_the_audience(ctx, version, org, finance, hr):
    wave = services.wave_create(
        ctx, version=version, name="Finance", opens_on=TODAY, closes_on=TODAY, departments=[finance]
    )
    with pytest.raises(ValidationError):
        services.shared_link_create(ctx, wave=wave, department=hr)
    other = make_org("Other")
    with pytest.raises(ValidationError):
        services.shared_link_create(ctx, wave=wave, department=other.departments.first())
    assert not SharedLink.objects.exists()


def test_a_shared_link_takes_at_most_its_cap_and_then_says_it_is_full(ctx, open_wave, finance):
    _link, token = services.shared_link_create(ctx, wave=open_wave, department=finance, cap=3)
    url = f"/s/d/{token}/"
    for n in range(3):
        assert Client(REMOTE_ADDR=f"10.0.0.{n}").post(url, complete_post()).status_code == 200
    refused = Client(REMOTE_ADDR="10.0.0.9").post(url, complete_post())
    assert refused.status_code == 410
    assert "This link is full" in refused.content.decode()
    assert Response.objects.count() == 3
    assert Tally.objects.get(wave=open_wave, key="respondents").count == 3
    # The form is not even shown any more.
    assert "This link is full" in Client().get(url).content.decode()


def test_the_full_page_is_in_dutch(ctx, open_wave, finance):
    _link, token = services.shared_link_create(ctx, wave=open_wave, department=finance, cap=1)
    Client(REMOTE_ADDR="10.0.0.1").post(f"/s/d/{token}/", complete_post())
    page = Client().get(f"/s/d/{token}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Deze link is vol" in page


def test_the_default_cap_is_one_and_a_half_times_the_departments_people_and_at_least_20(
    ctx, org, open_wave, finance
):
    assert services.shared_link_default_cap(finance) == 20
    for _ in range(24):
        make_member(org, department=finance)
    link, _token = services.shared_link_create(ctx, wave=open_wave, department=finance)
    assert link.cap == 36


def test_a_cap_outside_1_to_the_maximum_is_refused(ctx, open_wave, finance):
    for cap in (0, 10**9):
        with pytest.raises(ValidationError):
            services.shared_link_create(ctx, wave=open_wave, department=finance, cap=cap)
    assert not SharedLink.objects.exists()


def test_one_address_answers_at_most_the_hourly_limit_through_a_link(
    ctx, open_wave, finance, clock, settings
):
    settings.KOERS_SCAN_LINK_ADDRESS_LIMIT = 2
    _link, token = services.shared_link_create(ctx, wave=open_wave, department=finance)
    url = f"/s/d/{token}/"
    for _ in range(2):
        assert Client().post(url, complete_post()).status_code == 200
    refused = Client().post(url, complete_post())
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Please try again later" in refused.content.decode()
    assert Response.objects.count() == 2
    # Another address is not held up, and the next hour the first may answer again.
    assert Client(REMOTE_ADDR="10.1.1.1").post(url, complete_post()).status_code == 200
    clock.advance(hours=1)
    assert Client().post(url, complete_post()).status_code == 200
    assert Response.objects.count() == 4


def test_a_refused_answer_gives_its_place_in_the_cap_back(ctx, open_wave, finance, settings):
    settings.KOERS_SCAN_LINK_ADDRESS_LIMIT = 1
    link, token = services.shared_link_create(ctx, wave=open_wave, department=finance, cap=5)
    Client().post(f"/s/d/{token}/", complete_post())
    Client().post(f"/s/d/{token}/", complete_post())
    link.refresh_from_db()
    assert link.answered == 1


def test_no_address_is_stored_with_the_answers_or_the_link(ctx, open_wave, finance):
    from koers.core.models import QuotaUse

    _link, token = services.shared_link_create(ctx, wave=open_wave, department=finance)
    Client(REMOTE_ADDR="192.0.2.44").post(f"/s/d/{token}/", complete_post())
    assert "192.0.2.44" not in str(list(Response.objects.values()))
    assert "192.0.2.44" not in str(list(SharedLink.objects.values()))
    assert "192.0.2.44" not in str(list(QuotaUse.objects.values()))
    # The per-address count ends with its hour, and tells no time more precise than that.
    use = QuotaUse.objects.get()
    assert use.window_ends.minute == 0 and use.window_ends.second == 0


def test_the_wave_page_shows_a_links_cap_and_that_it_is_full(facilitator, org, ctx, open_wave):
    finance = org.departments.get(name="Finance")
    _link, token = services.shared_link_create(ctx, wave=open_wave, department=finance, cap=1)
    html = facilitator.get(wave_url(org, open_wave)).content.decode()
    assert "takes up to 1 answer" in html and 'data-testid="link-full"' not in html
    Client().post(f"/s/d/{token}/", complete_post())
    html = facilitator.get(wave_url(org, open_wave)).content.decode()
    assert 'data-testid="link-full"' in html


def test_the_lead_sets_a_links_cap_on_the_wave_page(facilitator, org, open_wave, finance):
    facilitator.post(wave_url(org, open_wave) + "links/new/", {"department": finance.pk, "cap": 7})
    assert SharedLink.objects.get().cap == 7
    facilitator.post(wave_url(org, open_wave) + "links/new/", {"department": finance.pk, "cap": 0})
    assert SharedLink.objects.filter(revoked=False).get().cap == 7


def test_the_print_page_shows_the_link_and_its_qr_code_once(facilitator, org, open_wave, finance):
    answer = facilitator.post(
        wave_url(org, open_wave, "") + "links/new/", {"department": finance.pk}
    )
    link = SharedLink.objects.get()
    assert answer["Location"] == reverse(
        "diagnostic:shared_link_print",
        kwargs={"org_slug": org.slug, "pk": open_wave.pk, "link": link.pk},
    )

    page = facilitator.get(answer["Location"]).content.decode()

    url = re.search(r"http://testserver/s/d/([\w-]+)/", page)
    assert url and link.token_hash == services.token_hash(url.group(1))
    assert "<svg" in page and "<?xml" not in page
    assert "Finance" in page
    again = facilitator.get(answer["Location"]).content.decode()
    assert "/s/d/" not in again and "<svg" not in again


def test_the_wave_page_says_personal_invitations_are_stronger(facilitator, org, open_wave):
    html = facilitator.get(wave_url(org, open_wave)).content.decode()
    assert "Personal invitations are the stronger option." in html


def test_the_wave_page_lists_the_volunteers_by_name_without_their_answers(
    facilitator, org, ctx, open_wave
):
    finance = org.departments.get(name="Finance")
    keen, other = (make_member(org, department=finance) for _ in range(2))
    User.objects.filter(pk=keen.pk).update(name="Zoë Keen")
    User.objects.filter(pk=other.pk).update(name="Not Keen")
    services.invitations_send(ctx, wave=open_wave, link_for=link_for)
    token = token_in(next(m for m in mail.outbox if m.to == [keen.email]))
    Client().post(f"/s/{token}/", complete_post(evangelist_opt_in="yes"))

    html = facilitator.get(wave_url(org, open_wave)).content.decode()

    volunteers = html[html.index('id="volunteers"') :]
    assert "Zoë Keen" in volunteers and "Not Keen" not in volunteers
