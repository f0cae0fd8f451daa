"""An anonymous concern cannot be traced to the person who raised it: not through the database,
the Django admin, the logs or the API. Only its content tells two such concerns apart."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.db import models
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.core.models import Change, OutgoingMail
from koers.orgs.models import Membership, Role, User
from koers.orgs.services import api_token_create
from koers.testing.factories import ctx_for, make_member, make_org, make_user
from koers.voice import services
from koers.voice.models import Item, Reply

pytestmark = pytest.mark.django_db

TEXT = "Ik ben bang dat mijn afdeling wordt wegbezuinigd door de chatbot van Finance."
REPLY = "Dank voor het antwoord, maar wanneer begint de training precies?"
# A column whose name suggests it holds where or with what someone sent something.
TRACE_NAMES = re.compile(r"(^|_)(ip|address|remote|agent|browser|session|cookie)($|_)")
# The fields of Voice that do point at a person, each with why that is safe. A new one fails
# ``test_no_column_points_at_a_person_except_the_known_ones`` until it is judged and added here.
PERSON_FIELDS = {
    ("Item", "author"): "only for an item raised by name (a check constraint forbids it else)",
    ("Item", "helper"): "the evangelist who picked a help request up, not its submitter",
    ("Reply", "author"): "a team member; None for the submitter of an anonymous item",
    ("Answer", "author"): "the moderator who answered",
    ("Action", "owner"): "who carries the action out",
    ("Support", "membership"): "one 'me too' per person; never shown, only counted",
}
PERSON_MODELS = {"orgs.User", "orgs.Membership"}


def _voice_models() -> list[type[models.Model]]:
    return list(apps.get_app_config("voice").get_models())


def test_no_column_points_at_a_person_except_the_known_ones():
    found = {
        (model.__name__, field.name)
        for model in _voice_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is not None
        and field.related_model._meta.label in PERSON_MODELS
    }
    assert found == set(PERSON_FIELDS)


def test_no_column_holds_an_address_a_browser_or_a_session():
    for model in _voice_models():
        for field in model._meta.get_fields():
            if not field.concrete:
                continue
            assert not isinstance(field, models.GenericIPAddressField), (model, field.name)
            assert not TRACE_NAMES.search(field.name), (model, field.name)


@pytest.mark.parametrize("name", ["Item", "Reply", "Support"])
def test_what_a_submitter_writes_keeps_the_day_not_the_time(name):
    model = apps.get_model("voice", name)
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateTimeField | models.TimeField), field.name


def test_no_voice_model_is_in_the_django_admin():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "voice" not in registered


def test_the_history_admin_shows_no_row_naming_the_submitter_of_an_anonymous_item(flow):
    superuser = User.objects.create_superuser("root@example.org", "pw-for-tests-only")
    client = Client()
    client.force_login(superuser)
    page = client.get(reverse("admin:core_change_changelist"), {"q": ""})
    assert page.status_code == 200
    assert flow["member"].email not in page.content.decode()
    assert not Change.objects.filter(actor=flow["member"]).exists()


@pytest.fixture
def org():
    return make_org("Acme", departments=("Finance", "HR"))


@pytest.fixture
def flow(org, caplog) -> dict[str, Any]:
    """Raise → moderate → answer with an action → reply with the case code, through the pages,
    with every log record of every logger captured."""
    caplog.set_level(logging.DEBUG)
    member = make_member(org, Role.MEMBER, user=make_user("sam.jansen@acme.example", name="Sam"))
    lead = make_member(org, Role.LEAD)
    slug = org.slug

    as_member = Client()
    as_member.force_login(member)
    raised = as_member.post(
        reverse("voice:new", kwargs={"org_slug": slug}),
        {"kind": "concern", "text": TEXT, "category": "job_security", "anonymous": "on"},
        follow=True,
    )
    code = raised.context["code"]
    item = Item.objects.get(organisation=org)

    as_lead = Client()
    as_lead.force_login(lead)
    as_lead.post(
        reverse("voice:publish", kwargs={"org_slug": slug, "ref": item.ref}),
        {"public_text": "Zorgen dat afdelingen verdwijnen.", "category": "job_security"},
    )
    action = services.action_create(ctx_for(lead, org), kind="training", title="AI-training")
    as_lead.post(
        reverse("voice:answer", kwargs={"org_slug": slug, "ref": item.ref}),
        {"body": "Niemand verliest zijn baan; we trainen iedereen.", "actions": [action.pk]},
    )
    anonymous = Client()
    case = reverse("voice_public:case")
    anonymous.post(case, {"code": code})
    anonymous.post(case, {"action": "reply", "body": REPLY})
    item.refresh_from_db()
    return {
        "member": member,
        "lead": lead,
        "code": code,
        "item": item,
        "records": list(caplog.records),
    }


def test_the_flow_worked(flow):
    item = flow["item"]
    assert item.status == "published" and item.answers.exists()
    assert Reply.objects.get(item=item, from_submitter=True).body == REPLY


def test_the_database_does_not_link_the_item_to_its_author(flow):
    item, member = flow["item"], flow["member"]
    assert item.author is None and item.anonymous
    assert all(reply.author_id is None for reply in item.replies.filter(from_submitter=True))
    membership = Membership.objects.get(user=member)
    # Nothing of Voice points at the submitter (they did not say "me too").
    for model in _voice_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (User, Membership):
                target = member.pk if field.related_model is User else membership.pk
                assert not model._default_manager.filter(**{field.name: target}).exists(), (
                    model,
                    field.name,
                )
    # The history has no row by the submitter, and no row of the raising at all.
    assert not Change.objects.filter(actor=member).exists()
    assert not Change.objects.filter(subject="voice.item", action="created").exists()
    assert not Change.objects.filter(actor_label__icontains=member.email).exists()


def test_the_history_keeps_the_day_of_a_reply_through_the_case_code_not_its_time(flow):
    [row] = Change.objects.filter(subject="voice.item", action="replied")
    local = timezone.localtime(row.created_at)
    assert row.actor is None and local.time() == dt.time(0)
    assert local.date() == Reply.objects.get(from_submitter=True).created_on


def test_the_logs_hold_neither_the_text_nor_the_code_nor_the_person(flow):
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r} {getattr(record, 'request', '')}"
        for record in flow["records"]
    )
    for secret in (TEXT, REPLY, flow["code"], flow["member"].email):
        assert secret not in logged
    assert services.case_code_normal(flow["code"]) not in logged


def test_the_api_names_no_person_for_an_anonymous_item(flow, org):
    item, member = flow["item"], flow["member"]
    _token, secret = api_token_create(user=flow["lead"], name="t")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    base = f"/api/v1/orgs/{org.slug}/voice"
    bodies = [
        client.get(f"{base}/items").json(),
        client.get(f"{base}/items/{item.ref}").json(),
        client.get(f"{base}/moderation/items").json(),
        client.get(f"{base}/moderation/items/{item.ref}").json(),
        client.get(f"{base}/themes").json(),
    ]
    dumped = json.dumps(bodies)
    assert member.email not in dumped and "sam.jansen" not in dumped
    assert f'"{member.name}"' not in dumped
    detail = bodies[3]
    assert detail["author"] is None
    assert [r["author"] for r in detail["replies"] if r["from_submitter"]] == [None]


def test_two_anonymous_items_of_one_day_differ_only_in_their_content(org):
    first, second = make_member(org), make_member(org, Role.EVANGELIST)
    stored = []
    for person, text in ((first, "Mijn baan verdwijnt."), (second, "Ik vrees ontslag.")):
        raised = services.item_raise(
            ctx_for(person, org),
            kind="concern",
            text=text,
            category="job_security",
            department_id=None,
            anonymous=True,
        )
        stored.append(model_to_dict(raised.item))
    content = {"id", "text", "redactions", "case_code_hash"}
    assert {k: v for k, v in stored[0].items() if k not in content} == {
        k: v for k, v in stored[1].items() if k not in content
    }
    assert not Change.objects.filter(subject="voice.item").exists()


# --- the e-mail to the helpers of an anonymous request for help ---------------------------------


def _ask_for_help_anonymously(org) -> Any:
    return services.item_raise(
        ctx_for(make_member(org), org),
        kind="help",
        text=TEXT,
        category="job_security",
        department_id=org.departments.get(name="Finance").pk,
        anonymous=True,
    )


def test_an_anonymous_request_for_help_is_not_e_mailed_when_it_comes_in(org):
    make_member(org, Role.LEAD)
    make_member(org, Role.EVANGELIST, department=org.departments.get(name="Finance"))

    raised = _ask_for_help_anonymously(org)

    assert mail.outbox == [] and not OutgoingMail.objects.exists()
    assert raised.item.awaiting_digest


def test_once_the_helpers_are_mailed_the_outbox_keeps_nothing_of_the_request(org, clock):
    helper = make_member(org, Role.LEAD)
    _ask_for_help_anonymously(org)

    clock.advance(days=1)
    services.help_digest_send()

    assert [m.to for m in mail.outbox] == [[helper.email]] and TEXT in mail.outbox[0].body
    assert not OutgoingMail.objects.exists()


def test_an_e_mail_to_the_helpers_that_failed_keeps_the_day_only_like_the_item(
    org, settings, clock
):
    settings.EMAIL_BACKEND = "koers.core.tests.test_mail.RefusingBackend"
    make_member(org, Role.LEAD)
    raised = _ask_for_help_anonymously(org)

    clock.advance(days=1)
    services.help_digest_send()

    row = OutgoingMail.objects.get()
    assert row.status == OutgoingMail.Status.FAILED and TEXT in row.body  # for the next attempt
    day = clock.today()  # the day of the e-mail, not even the request's
    assert raised.item.created_on < day
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if isinstance(field, models.DateTimeField) and value is not None:
            local = timezone.localtime(value)
            assert (local.date(), local.time()) == (day, dt.time(0)), field.name


# --- references, not ids: the order items came in is not observable ----------------------------


def _raise_by_turns(org, count: int, *, kind: str = "concern") -> list[Item]:
    """``count`` items of one day, one kind and one category, anonymous and by name by turns."""
    person = make_member(org)
    return [
        services.item_raise(
            ctx_for(person, org),
            kind=kind,
            text=f"Zorg nummer {n}: de planning van de uitrol.",
            category="workload",
            department_id=None,
            anonymous=n % 2 == 0,
        ).item
        for n in range(count)
    ]


def test_an_items_reference_is_random_and_says_nothing_of_its_turn(org):
    items = _raise_by_turns(org, 12)
    refs = [item.ref for item in items]
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{8}", ref) for ref in refs)
    assert len(set(refs)) == len(refs)
    assert refs != sorted(refs)  # 1 in 12! that chance alone put them in order


def test_the_moderators_lists_order_a_days_items_by_reference_not_by_arrival(org):
    items = _raise_by_turns(org, 8) + _raise_by_turns(org, 4, kind="help")
    concerns = sorted(item.ref for item in items if item.kind == "concern")
    requests = sorted(item.ref for item in items if item.kind == "help")
    lead = make_member(org, Role.LEAD)
    as_lead = Client()
    as_lead.force_login(lead)

    queue = as_lead.get(reverse("voice:moderate", kwargs={"org_slug": org.slug})).content.decode()
    helps = as_lead.get(reverse("voice:help", kwargs={"org_slug": org.slug})).content.decode()
    _token, secret = api_token_create(user=lead, name="t")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    listed = api.get(f"/api/v1/orgs/{org.slug}/voice/moderation/items?kind=concern").json()

    assert re.findall(r'data-item="(\w+)"', queue) == concerns
    assert re.findall(r'data-item="(\w+)"', helps) == requests
    assert [entry["ref"] for entry in listed] == concerns


def test_no_page_address_or_api_answer_carries_an_items_id(org):
    items = _raise_by_turns(org, 4) + _raise_by_turns(org, 2, kind="help")
    lead = make_member(org, Role.LEAD)
    lead_ctx = ctx_for(lead, org)
    for item in items[:2]:
        services.item_publish(
            lead_ctx, item=item, public_text=item.text, category="workload", department_id=None
        )
    services.answer_save(lead_ctx, item=items[0], body="We kijken ernaar.", action_ids=[])
    as_lead = Client()
    as_lead.force_login(lead)
    slug = org.slug
    pages = [
        as_lead.get(reverse(f"voice:{name}", kwargs={"org_slug": slug})).content.decode()
        for name in ("moderate", "help", "said_did", "themes")
    ] + [
        as_lead.get(
            reverse("voice:item", kwargs={"org_slug": slug, "ref": item.ref})
        ).content.decode()
        for item in items
    ]
    _token, secret = api_token_create(user=lead, name="t")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    base = f"/api/v1/orgs/{slug}/voice"
    answers = [
        api.get(f"{base}/moderation/items").json(),
        api.get(f"{base}/items").json(),
        api.get(f"{base}/moderation/items/{items[0].ref}").json(),
    ]

    ids = {str(item.pk) for item in items}
    for page in pages:
        assert not ids & set(re.findall(r"/items/(\w+)/", page))
        assert not ids & set(re.findall(r'(?:data-item="|#item-|id="item-)(\w+)', page))
    listed = [*answers[0], *answers[1], answers[2]]
    assert all("id" not in entry and entry["ref"] for entry in listed)
    assert answers[2]["answers"][0]["item_ref"] == items[0].ref
    assert "item_id" not in json.dumps(answers)


def test_an_old_address_by_id_finds_nothing(org):
    item = _raise_by_turns(org, 1)[0]
    lead = make_member(org, Role.LEAD)
    as_lead = Client()
    as_lead.force_login(lead)
    by_id = f"/o/{org.slug}/voice/items/{item.pk}/"
    assert as_lead.get(by_id).status_code == 404
    assert as_lead.get(f"/o/{org.slug}/voice/items/{item.ref}/").status_code == 200
