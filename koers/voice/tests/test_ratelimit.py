"""The public Voice link keeps floods and bots out without knowing who sends: a quota per link and
hour, a honeypot field and a signed form stamp."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import ratelimit, services
from koers.voice.models import Item, LinkUse, VoiceLink
from koers.voice.ratelimit import Refusal
from koers.voice.services.links import link_create, link_for, link_revoke

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2025, 3, 4, 12, 10, tzinfo=dt.UTC)
SHOWN_AT = (NOON - dt.timedelta(seconds=30)).timestamp()  # the form, half a minute earlier


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
        link_revoke(ctx_for(lead, org), link=link)
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
            link_revoke(ctx_for(member, org), link=link)

    def test_it_refuses_a_quota_out_of_range(self, org, lead):
        with pytest.raises(ValidationError):
            link_create(ctx_for(lead, org), quota_per_hour=0)
        assert not VoiceLink.objects.exists()

    def test_it_keeps_the_history_of_links(self, org, lead):
        link = _link(org, lead)
        link_revoke(ctx_for(lead, org), link=link)
        actions = list(
            Change.objects.filter(subject="voice.voicelink", subject_id=link.pk)
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions == ["created", "revoked"]


class TestPublicForm:
    """The public form at /v/l/<token>/, as a browser without an account uses it."""

    SENDER = {"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "ProbeBrowser/9.9 (Sender)"}

    @pytest.fixture(autouse=True)
    def _noon(self, clock):
        """Sent at noon: the stamp's age and the quota's hour do not depend on the machine."""
        clock.set(NOON)

    @pytest.fixture
    def made(self, org, lead):
        return link_create(ctx_for(lead, org), quota_per_hour=2)

    def _url(self, token: str) -> str:
        return reverse("voice_public:link_form", args=[token])

    def _post(self, client, token: str, link: VoiceLink, *, shown: float, **fields: str):
        data = {
            "kind": "concern",
            "text": "Ik ben bang dat mijn baan verdwijnt door AI.",
            "category": "",
            "department": "",
            "website": "",
            "stamp": ratelimit.stamp_issue(link, now=shown),
            **fields,
        }
        return client.post(self._url(token), data, **self.SENDER)

    def test_it_shows_the_form_with_a_stamp_and_a_hidden_honeypot(self, client, made):
        _link, token = made
        response = client.get(self._url(token))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="stamp"' in html and 'name="website"' in html
        assert 'class="voice-hp" aria-hidden="true"' in html

    def test_it_raises_an_anonymous_item_and_shows_the_case_code_once(self, client, made, org):
        link, token = made
        response = self._post(client, token, link, shown=SHOWN_AT)
        assert response.status_code == 200
        item = Item.objects.get(organisation=org)
        assert item.anonymous and item.author is None and item.category == "job_security"
        code = response.context["case_code"]
        assert code in response.content.decode()
        assert services.item_for_code(code) == item

    def test_over_the_quota_it_answers_429_and_stores_nothing(self, client, made, org):
        link, token = made
        for _n in range(2):
            assert self._post(client, token, link, shown=SHOWN_AT).status_code == 200
        response = self._post(client, token, link, shown=SHOWN_AT)
        assert response.status_code == 429
        assert int(response["Retry-After"]) <= 3601
        assert Item.objects.filter(organisation=org).count() == 2
        assert LinkUse.objects.get(link=link).count == 2

    def test_it_refuses_a_filled_honeypot_and_stores_nothing(self, client, made, org):
        link, token = made
        response = self._post(client, token, link, shown=SHOWN_AT, website="http://spam.example")
        assert response.status_code == 400
        assert not Item.objects.exists() and not LinkUse.objects.exists()

    def test_it_refuses_a_form_sent_too_fast_and_offers_it_again(self, client, made):
        link, token = made
        response = self._post(client, token, link, shown=NOON.timestamp())
        assert response.status_code == 400
        assert "very quickly" in response.content.decode()
        # The text is kept, with a fresh stamp to send it again.
        assert "mijn baan verdwijnt" in response.content.decode()
        assert not Item.objects.exists()

    def test_it_refuses_a_tampered_or_stale_stamp(self, client, made):
        link, token = made
        tampered = self._post(client, token, link, shown=SHOWN_AT, stamp="1:forged")
        stale = self._post(client, token, link, shown=NOON.timestamp() - ratelimit.MAX_AGE - 60)
        assert tampered.status_code == stale.status_code == 400
        assert not Item.objects.exists()

    def test_a_revoked_link_is_not_found_and_takes_nothing(self, client, made, org, lead):
        link, token = made
        link_revoke(ctx_for(lead, org), link=link)
        assert client.get(self._url(token)).status_code == 404
        assert self._post(client, token, link, shown=SHOWN_AT).status_code == 404
        assert not Item.objects.exists()

    def test_it_stores_nothing_about_the_sender(self, client, made, org):
        """No IP address, user agent or session: every table is searched for them."""
        link, token = made
        self._post(client, token, link, shown=SHOWN_AT)
        assert Item.objects.count() == 1
        dumped = _all_rows()
        for value in (*self.SENDER.values(), "203.0.113", "ProbeBrowser"):
            assert value not in dumped
        assert not Session.objects.exists()
        assert not Change.objects.filter(organisation=org, subject="voice.item").exists()


def _all_rows() -> str:
    """Every row of every table, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)
