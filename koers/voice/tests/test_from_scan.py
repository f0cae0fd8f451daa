"""The readiness scan's written worries join Voice as anonymous concerns — only those the scan's
results publish, each person's answer once, and each wave once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from koers.diagnostic import services as scan
from koers.diagnostic.models import Response
from koers.orgs.models import Department
from koers.testing.factories import ctx_for
from koers.voice.models import Item, Source, Status
from koers.voice.services.from_scan import scan_waves, worries_take

pytestmark = pytest.mark.django_db

WORRIES = "open_worries"


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


@pytest.fixture
def wave(ctx):
    instrument = scan.instrument_copy_shipped(ctx, kind="scan")
    day = dt.date(2025, 3, 1)
    return scan.wave_create(
        ctx, version=instrument.versions.get(), name="Spring", opens_on=day, closes_on=day
    )


def _answer(wave, department, text: str) -> None:
    response = Response.objects.create(
        wave=wave, department=department, role_group="staff", submitted_on=wave.opens_on,
        answers={WORRIES: text},
    )  # fmt: skip
    scan.tallies_add(response)


def test_each_published_worry_becomes_an_anonymous_concern_for_moderation(org, ctx, wave):
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    for _ in range(5):
        _answer(wave, finance, "Ik ben bang voor mijn baan.")
    for _ in range(5):
        _answer(wave, hr, "Wat gebeurt er met onze privacy?")
    _answer(wave, hr, "Werkdruk.")
    taken = worries_take(ctx, wave=wave)
    # The same answer is one concern with how many wrote it.
    assert sorted(i.mentions for i in taken) == [1, 5, 5]
    items = Item.objects.filter(organisation=org)
    assert {i.status for i in items} == {Status.NEW}
    assert {i.source for i in items} == {Source.SCAN} and {i.wave for i in items} == {wave}
    assert all(i.anonymous and i.author is None for i in items)
    job = items.get(text="Ik ben bang voor mijn baan.")
    assert job.category == "job_security" and job.mentions == 5
    # Everyone who wrote it is in Finance, which is published: it may be named.
    assert job.department == finance


def test_nothing_is_taken_below_k_and_a_wave_only_once(org, ctx, wave):
    tiny = Department.objects.create(organisation=org, name="Tinyteam")
    for _ in range(2):
        _answer(wave, tiny, "Alleen wij maken ons zorgen.")
    assert worries_take(ctx, wave=wave) == []
    assert [(w, n, taken) for w, n, taken in scan_waves(ctx)] == [(wave, 0, False)]
    for _ in range(5):
        _answer(wave, org.departments.get(name="Finance"), "Te weinig tijd.")
    # Now the organisation's list is published: 7 people, 2 distinct answers.
    assert sum(i.mentions for i in worries_take(ctx, wave=wave)) == 7
    with pytest.raises(ValidationError):
        worries_take(ctx, wave=wave)
    assert Item.objects.count() == 2


def test_the_page_takes_a_wave_for_moderators_only(client, org, lead, member, wave):
    for _ in range(5):
        _answer(wave, org.departments.get(name="Finance"), "Te weinig tijd.")
    url = f"/o/{org.slug}/voice/from-scan/"
    client.force_login(member)
    assert client.post(url, {"wave": wave.pk}).status_code == 403
    client.force_login(lead)
    assert "Spring" in client.get(url).content.decode()
    assert client.post(url, {"wave": wave.pk}).status_code == 302
    assert Item.objects.get(organisation=org).mentions == 5
