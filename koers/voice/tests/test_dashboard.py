"""The leaders' dashboard: open against answered, median days to a first answer, themes rising or
falling, and job-security worry beside the scan's job-displacement barrier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from koers.core import clock
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import services
from koers.voice.models import Answer, Item
from koers.voice.selectors import dashboard
from koers.voice.services import themes
from koers.voice.tests.themes_helpers import concern, moderator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def org():
    return make_org("Acme")


@pytest.fixture
def lead(org):
    return moderator(org)


def test_it_counts_open_answered_and_waiting(org, lead):
    answered = concern(org, "Jobs?", publish=lead)
    concern(org, "Privacy?", category="privacy", publish=lead)
    concern(org, "Waiting.")
    withheld = concern(org, "Withheld.")
    services.item_withhold(ctx_for(lead, org), item=withheld, reason="No.")
    services.answer_save(ctx_for(lead, org), item=answered, body="Answer.")
    board = dashboard.dashboard_build(ctx_for(lead, org))
    assert (board.new, board.open, board.answered) == (1, 1, 1)


def test_the_median_days_to_a_first_answer_counts_theme_answers_too(org, lead):
    today = clock.today()
    first = concern(org, "My job?", publish=lead, on=today - dt.timedelta(days=10))
    second = concern(org, "My job too?", publish=lead, on=today - dt.timedelta(days=4))
    themes.themes_recompute(org)
    first.refresh_from_db()
    services.answer_save(ctx_for(lead, org), theme=first.theme, body="For all of you.")
    assert Item.objects.get(pk=second.pk).theme_id == first.theme_id
    board = dashboard.dashboard_build(ctx_for(lead, org))
    assert board.median_days == 7  # 10 and 4 days


def test_themes_rise_or_fall_this_month_against_last(org, lead):
    today = clock.today()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    for i in range(3):
        concern(org, f"Job {i}", publish=lead, on=today)
    for i in range(2):
        concern(org, f"Privacy {i}", category="privacy", publish=lead, on=last_month)
    themes.themes_recompute(org)
    board = dashboard.dashboard_build(ctx_for(lead, org))
    assert [(t.last_month, t.this_month) for t in board.rising] == [(0, 3)]
    assert [(t.last_month, t.this_month) for t in board.falling] == [(2, 0)]


def test_job_security_worry_comes_with_a_wilson_interval(org, lead):
    for i in range(3):
        concern(org, f"Job {i}")
    concern(org, "Privacy", category="privacy")
    board = dashboard.dashboard_build(ctx_for(lead, org))
    assert (board.jobs.hits, board.jobs.n) == (3, 4)
    interval = board.jobs.interval()
    assert interval is not None and interval.low < 0.75 < interval.high
    assert "chart-voice-jobs" in board.charts["jobs"]


def test_without_a_scan_wave_it_says_there_is_nothing_to_compare(client, org, lead):
    concern(org, "Job")
    client.force_login(lead)
    html = client.get(reverse("voice:dashboard", kwargs={"org_slug": org.slug})).content.decode()
    assert "No published readiness-scan result" in html
    assert "<svg" in html


def test_it_shows_no_text_of_any_concern(client, org, lead):
    concern(org, "A very particular unpublished sentence.")
    concern(org, "Another published sentence.", publish=lead)
    client.force_login(lead)
    html = client.get(reverse("voice:dashboard", kwargs={"org_slug": org.slug})).content.decode()
    assert "particular" not in html and "Another published" not in html


def test_only_moderators_see_it(client, org):
    client.force_login(make_member(org, Role.EVANGELIST))
    url = reverse("voice:dashboard", kwargs={"org_slug": org.slug})
    assert client.get(url).status_code == 403
    assert Answer.objects.count() == 0


def test_the_job_barrier_comes_from_a_wave_that_asked_everyone_not_one_department(org, lead):
    """Voice's concerns come from the whole organisation; a Finance-only wave is no like group."""
    from koers.diagnostic import services as scans
    from koers.diagnostic.models import Response

    ctx = ctx_for(lead, org)
    scan = scans.instrument_copy_shipped(ctx, kind="scan")
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")

    def wave(name, opens_on, *departments):
        made = scans.wave_create(
            ctx,
            version=scan.versions.get(),
            name=name,
            opens_on=opens_on,
            closes_on=clock.today() + dt.timedelta(days=30),
            departments=departments,
        )
        scans.wave_open(ctx, wave=made)
        for department in departments or (finance, hr):
            for _ in range(6):
                response = Response.objects.create(
                    wave=made,
                    department=department,
                    role_group="staff",
                    submitted_on=opens_on,
                    answers={"jobs_afraid_work_disappears": 4},
                )
                scans.tallies_add(response)
        return scans.wave_close(ctx, wave=made)  # an open wave shows no figures yet

    everyone = wave("Everyone", dt.date(2025, 3, 1))
    wave("Finance only", dt.date(2025, 9, 1), finance)
    shown = dashboard.dashboard_build(ctx).scan
    assert shown is not None and shown.wave == everyone
