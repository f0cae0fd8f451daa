"""The digest for internal newsletters: what was raised, answered and done in a period, as a
printable page, a PDF and self-contained HTML for an e-mail, in the organisation's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from koers.core import clock
from koers.diagnostic.selectors.report import pdf_available
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import services
from koers.voice.models import Action, Item
from koers.voice.selectors import digest
from koers.voice.services import themes
from koers.voice.tests.themes_helpers import concern, moderator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def org():
    return make_org("Acme")


@pytest.fixture
def lead(org):
    return moderator(org)


@pytest.fixture
def filled(org, lead):
    answered = concern(org, "Will AI take my job?", publish=lead)
    concern(org, "Unpublished hush-hush worry.")
    withheld = concern(org, "Withheld worry about Pietersen.")
    services.item_withhold(ctx_for(lead, org), item=withheld, reason="Names a person.")
    done = services.action_create(ctx_for(lead, org), kind="training", title="Course for all")
    services.action_set_status(ctx_for(lead, org), action=done, status=Action.ActionStatus.DONE)
    planned = services.action_create(
        ctx_for(lead, org), kind="policy", title="Job guarantee", due_on=dt.date(2030, 1, 1)
    )
    services.answer_save(
        ctx_for(lead, org),
        item=answered,
        body="Nobody loses their job to AI.",
        action_ids=[done.pk, planned.pk],
    )
    themes.themes_recompute(org)
    return answered


def get(client, user, org, name, **query):
    client.force_login(user)
    return client.get(reverse(f"voice:{name}", kwargs={"org_slug": org.slug}), query)


def test_it_tells_what_was_raised_answered_done_and_planned(client, org, lead, filled, clock):
    clock.advance(days=1)  # what was raised counts from the next day on
    html = get(client, make_member(org), org, "digest").content.decode()
    assert "2 concerns were raised" in html  # the withheld one is not counted
    assert "1 was published" in html
    assert "Will AI take my job?" in html and "Nobody loses their job to AI." in html
    assert "Course for all" in html and "Job guarantee" in html


def test_what_was_raised_today_is_counted_from_tomorrow_on(client, org, clock):
    member = make_member(org)
    concern(org, "Raised this morning.")
    today = get(client, member, org, "digest", days=1).content.decode()
    clock.advance(days=1)
    tomorrow = get(client, member, org, "digest", days=2).content.decode()
    assert "0 concerns were raised" in today
    assert "1 concern was raised" in tomorrow


def test_nothing_unpublished_or_withheld_appears(client, org, lead, filled):
    for name in ("digest", "digest_email"):
        html = get(client, make_member(org), org, name).content.decode()
        assert "hush-hush" not in html and "Pietersen" not in html


def test_the_period_is_thirty_days_unless_asked(org, lead, filled):
    ctx = ctx_for(lead, org)
    assert digest.digest_build(ctx).days == 30
    Item.objects.filter(pk=filled.pk).update(published_on=clock.today() - dt.timedelta(days=40))
    assert digest.digest_build(ctx).published == 0
    assert digest.digest_build(ctx, days=60).published == 1
    assert digest.period_days("abc") == digest.period_days("0") == 30


def test_it_reads_in_the_organisation_s_language_unless_asked(client, org, lead, filled):
    org.language = "nl"
    org.save()
    assert 'lang="nl"' in get(client, lead, org, "digest_email").content.decode()
    assert 'lang="en"' in get(client, lead, org, "digest_email", lang="en").content.decode()


def test_the_e_mail_html_stands_alone(client, org, lead, filled):
    response = get(client, lead, org, "digest_email")
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert 'class="' not in html and "style=" in html


@pytest.mark.skipif(not pdf_available(), reason="WeasyPrint's system libraries are missing")
def test_the_pdf_is_a_pdf(client, org, lead, filled):
    response = get(client, lead, org, "digest_pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_every_member_may_read_it(client, org):
    assert get(client, make_member(org, Role.LEGAL), org, "digest").status_code == 200
