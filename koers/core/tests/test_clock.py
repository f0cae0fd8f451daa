"""One clock: Koers's date is Amsterdam's (settings.TIME_ZONE), and tests set the time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from koers.core import clock as the_clock
from koers.diagnostic.services import calibration
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org

HALF_PAST_ELEVEN_UTC = dt.datetime(2025, 3, 4, 23, 30, tzinfo=dt.UTC)


def test_today_is_amsterdams_date_not_utcs(clock):
    clock.set(HALF_PAST_ELEVEN_UTC)
    assert the_clock.now() == HALF_PAST_ELEVEN_UTC
    assert the_clock.now().date() == dt.date(2025, 3, 4)  # UTC's date
    assert the_clock.today() == dt.date(2025, 3, 5)  # already half past midnight in Amsterdam
    assert clock.today() == dt.date(2025, 3, 5)


def test_in_summer_amsterdam_is_two_hours_ahead(clock):
    clock.set(dt.datetime(2025, 7, 1, 22, 30, tzinfo=dt.UTC))
    assert the_clock.today() == dt.date(2025, 7, 2)


def test_a_naive_moment_is_amsterdam_time_and_the_clock_moves_only_when_told(clock):
    clock.set(dt.datetime(2025, 3, 5, 0, 15))
    assert the_clock.now() == dt.datetime(2025, 3, 4, 23, 15, tzinfo=dt.UTC)
    assert the_clock.now() == the_clock.now()
    clock.advance(days=1)
    assert the_clock.today() == dt.date(2025, 3, 6)


def test_without_the_fixture_it_reads_the_real_time():
    before = dt.datetime.now(dt.UTC)
    assert before <= the_clock.now() <= dt.datetime.now(dt.UTC)
    assert the_clock.now().tzinfo is not None


@pytest.mark.django_db
def test_the_code_uses_amsterdams_date_at_half_past_eleven_utc(clock):
    """A calibration round started at 23:30 UTC on 4 March opens on 5 March (Amsterdam), so it
    cannot close on the 4th."""
    organisation = make_org()
    ctx = ctx_for(make_member(organisation, Role.ADMIN), organisation)
    clock.set(HALF_PAST_ELEVEN_UTC)
    with pytest.raises(ValidationError):
        calibration.round_start(ctx, name="Spring", closes_on=dt.date(2025, 3, 4))
    started = calibration.round_start(ctx, name="Spring", closes_on=dt.date(2025, 3, 5))
    assert started.opened_on == dt.date(2025, 3, 5)
