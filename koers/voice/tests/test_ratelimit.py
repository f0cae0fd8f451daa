"""The public Voice link keeps floods and bots out without knowing who sends: a quota per link and
hour, a honeypot field and a signed form stamp."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import ratelimit
from koers.voice.link_services import link_create, link_for, link_revoke
from koers.voice.models import LinkUse, VoiceLink
from koers.voice.ratelimit import Refusal

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2025, 3, 4, 12, 10, tzinfo=dt.UTC)


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD)


def _link(org, lead, quota: int = 30) -> VoiceLink:
    link, _token = link_create(ctx_for(lead, org), quota_per_hour=quota)
    return link


class TestQuota:
    def test_it_takes_items_up_to_the_quota_of_the_hour_and_then_refuses(self, org, lead):
        link = _link(org, lead, quota=2)
        assert ratelimit.quota_take(link, now=NOON)
        assert ratelimit.quota_take(link, now=NOON + dt.timedelta(minutes=5))
        assert not ratelimit.quota_take(link, now=NOON + dt.timedelta(minutes=10))
        assert ratelimit.quota_left(link, now=NOON) == 0

    def test_it_does_not_count_a_refused_item(self, org, lead):
        link = _link(org, lead, quota=1)
        ratelimit.quota_take(link, now=NOON)
        ratelimit.quota_take(link, now=NOON)
        assert LinkUse.objects.get(link=link).count == 1

    def test_it_opens_again_in_the_next_hour(self, org, lead):
        link = _link(org, lead, quota=1)
        assert ratelimit.quota_take(link, now=NOON)
        assert ratelimit.quota_take(link, now=NOON + dt.timedelta(hours=1))

    def test_it_keeps_each_link_s_quota_apart(self, org, lead):
        full, other = _link(org, lead, quota=1), _link(org, lead, quota=1)
        ratelimit.quota_take(full, now=NOON)
        assert ratelimit.quota_take(other, now=NOON)

    def test_it_forgets_earlier_hours_so_no_time_of_day_is_kept(self, org, lead):
        link = _link(org, lead)
        ratelimit.quota_take(link, now=NOON)
        ratelimit.quota_take(link, now=NOON + dt.timedelta(hours=3))
        assert list(LinkUse.objects.values_list("hour", flat=True)) == [
            dt.datetime(2025, 3, 4, 15, tzinfo=dt.UTC)
        ]

    def test_it_says_when_the_quota_opens_again(self):
        assert ratelimit.seconds_to_next_hour(now=NOON) == 50 * 60 + 1


class TestHoneypotAndStamp:
    def _form(self, link: VoiceLink, shown: float, **extra: str) -> dict[str, str]:
        return {ratelimit.STAMP_FIELD: ratelimit.stamp_issue(link, now=shown), **extra}

    def test_it_accepts_a_form_sent_after_a_few_seconds(self, org, lead):
        link = _link(org, lead)
        assert ratelimit.form_refusal(link, self._form(link, 1000), now=1030) is None

    def test_it_refuses_a_form_sent_back_faster_than_a_person_writes(self, org, lead):
        link = _link(org, lead)
        assert ratelimit.form_refusal(link, self._form(link, 1000), now=1002) == Refusal.TOO_FAST

    def test_it_refuses_a_form_older_than_a_day(self, org, lead):
        link = _link(org, lead)
        late = 1000 + ratelimit.MAX_AGE + 1
        assert ratelimit.form_refusal(link, self._form(link, 1000), now=late) == Refusal.EXPIRED

    def test_it_refuses_a_tampered_or_missing_stamp(self, org, lead):
        link = _link(org, lead)
        _value, signature = ratelimit.stamp_issue(link, now=1020).split(":", 1)
        # The moment rewritten to look 1000 s older, with the old signature.
        earlier = ratelimit.stamp_issue(link, now=20).split(":", 1)[0]
        forged = {ratelimit.STAMP_FIELD: f"{earlier}:{signature}"}
        assert ratelimit.form_refusal(link, forged, now=1021) == Refusal.TAMPERED
        assert ratelimit.form_refusal(link, {}, now=1021) == Refusal.TAMPERED
        garbage = {ratelimit.STAMP_FIELD: "not a stamp"}
        assert ratelimit.form_refusal(link, garbage, now=1021) == Refusal.TAMPERED

    def test_it_refuses_a_stamp_of_another_link(self, org, lead):
        link, other = _link(org, lead), _link(org, lead)
        form = self._form(other, 1000)
        assert ratelimit.form_refusal(link, form, now=1030) == Refusal.TAMPERED

    def test_it_refuses_a_filled_honeypot(self, org, lead):
        link = _link(org, lead)
        form = self._form(link, 1000, **{ratelimit.HONEYPOT_FIELD: "http://spam.example"})
        assert ratelimit.form_refusal(link, form, now=1030) == Refusal.HONEYPOT


class TestLinks:
    def test_it_keeps_only_the_hash_of_the_token(self, org, lead):
        link, token = link_create(ctx_for(lead, org), quota_per_hour=10)
        assert token not in link.token_hash
        assert link_for(token) == link

    def test_a_revoked_link_no_longer_works(self, org, lead):
        link, token = link_create(ctx_for(lead, org))
        link_revoke(ctx_for(lead, org), link)
        with pytest.raises(ValidationError):
            link_for(token)

    def test_it_refuses_an_unknown_token(self):
        with pytest.raises(ValidationError):
            link_for("not-a-token")

    def test_only_moderators_make_or_revoke_links(self, org, lead):
        member = make_member(org, Role.EVANGELIST)
        with pytest.raises(PermissionDenied):
            link_create(ctx_for(member, org))
        link = _link(org, lead)
        with pytest.raises(PermissionDenied):
            link_revoke(ctx_for(member, org), link)

    def test_it_refuses_a_quota_out_of_range(self, org, lead):
        with pytest.raises(ValidationError):
            link_create(ctx_for(lead, org), quota_per_hour=0)
        assert not VoiceLink.objects.exists()

    def test_it_keeps_the_history_of_links(self, org, lead):
        from koers.core.models import Change

        link = _link(org, lead)
        link_revoke(ctx_for(lead, org), link)
        actions = list(
            Change.objects.filter(subject="voice.voicelink", subject_id=link.pk)
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions == ["created", "revoked"]
