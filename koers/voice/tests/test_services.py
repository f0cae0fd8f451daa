"""The Voice core, as a specification: raising, case codes, moderation, answers, actions, help
requests and "me too"."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from koers.core.models import Change
from koers.orgs.models import Membership, Role
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.voice import selectors, services
from koers.voice.models import Action, Answer, Item, Reply, Status, Support
from koers.voice.services import raising

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD, user=None)


@pytest.fixture
def employee(org):
    return make_member(org, Role.MEMBER, department=org.departments.get(name="Finance"))


def raise_concern(org, user, text="Ik ben bang dat mijn baan verdwijnt.", **extra):
    values = {
        "kind": "concern",
        "text": text,
        "category": "job_security",
        "department_id": None,
        "anonymous": True,
        **extra,
    }
    return services.item_raise(ctx_for(user, org), **values)


# --- raising and anonymity ---------------------------------------------------------------------


def test_an_anonymous_item_has_no_author_and_only_a_date(org, employee):
    raised = raise_concern(org, employee)
    item = Item.objects.get(pk=raised.item.pk)
    assert item.author is None and item.anonymous
    assert isinstance(item.created_on, dt.date) and not isinstance(item.created_on, dt.datetime)
    assert not Change.objects.filter(subject="voice.item", subject_id=item.pk).exists()
    assert item.status == Status.NEW


def test_the_case_code_is_not_stored_only_its_hash(org, employee):
    raised = raise_concern(org, employee)
    code = raised.case_code
    assert code and code.startswith("KV-") and len(code) == len("KV-XXXX-XXXX-XXXX")
    item = Item.objects.get(pk=raised.item.pk)
    plain = code.replace("-", "")[2:]
    for value in Item.objects.filter(pk=item.pk).values().get().values():
        assert plain not in str(value)
    assert item.case_code_hash == hashlib.sha256(f"KV-{plain}".encode()).hexdigest()


def test_the_case_code_finds_the_item_also_typed_sloppily(org, employee):
    raised = raise_concern(org, employee)
    sloppy = " " + raised.case_code.lower().replace("-", " ") + " "
    assert services.item_for_code(sloppy) == raised.item


def test_a_wrong_case_code_finds_nothing(org, employee):
    raise_concern(org, employee)
    for wrong in ("KV-0000-0000-0000", "", "nonsense", "x" * 500):
        with pytest.raises(ValidationError):
            services.item_for_code(wrong)


def test_an_item_by_name_has_its_author_and_no_case_code(org, employee):
    raised = raise_concern(org, employee, anonymous=False)
    assert raised.case_code is None
    assert raised.item.author == employee and raised.item.case_code_hash == ""
    assert list(selectors.my_items(ctx_for(employee, org))) == [raised.item]


def test_anonymous_items_are_nobodys_in_my_concerns(org, employee):
    raise_concern(org, employee)
    assert list(selectors.my_items(ctx_for(employee, org))) == []


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "   "},
        {"kind": "rant"},
        {"category": "gossip"},
        {"department_id": 999999},
        {"text": "x" * (services.MAX_TEXT + 1)},
    ],
)
def test_bad_input_raises_nothing(org, employee, bad):
    with pytest.raises(ValidationError):
        raise_concern(org, employee, **bad)
    assert not Item.objects.exists()


def test_another_organisations_department_is_refused(org, employee):
    other = make_org()
    with pytest.raises(ValidationError):
        raise_concern(org, employee, department_id=other.departments.first().pk)
    assert not Item.objects.exists()


def test_raising_anonymously_without_a_person(org):
    raised = services.item_raise_anonymously(
        org, kind="concern", text="Te veel werkdruk.", category="workload", department_id=None
    )
    assert raised.case_code and raised.item.author is None and raised.item.source == "form"


def test_the_pre_redaction_is_kept_with_the_item(org, employee):
    raised = raise_concern(org, employee, text="Mail me op jan@example.org of bel 06-12345678.")
    kinds = {found["kind"] for found in raised.item.redactions}
    assert "email" in kinds


# --- the conversation --------------------------------------------------------------------------


def test_the_case_code_carries_the_conversation(org, employee, lead):
    raised = raise_concern(org, employee)
    services.reply_by_team(ctx_for(lead, org), item=raised.item, body="Kun je een voorbeeld geven?")
    reply = services.reply_by_code(raised.case_code, "Ja: de nieuwe chatbot bij klantcontact.")
    assert reply.from_submitter and reply.author is None
    assert [r.position for r in selectors.replies_of(raised.item)] == [1, 2]
    change = Change.objects.filter(subject="voice.item", action="replied", actor=None).get()
    assert change.actor_label == "Anonymous"


def test_an_empty_reply_or_a_wrong_code_writes_nothing(org, employee):
    raised = raise_concern(org, employee)
    with pytest.raises(ValidationError):
        services.reply_by_code(raised.case_code, "  ")
    with pytest.raises(ValidationError):
        services.reply_by_code("KV-0000-0000-0000", "Hallo")
    assert not Reply.objects.exists()


def test_staff_cannot_reply_as_the_team(org, employee):
    raised = raise_concern(org, employee)
    other = make_member(org, Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.reply_by_team(ctx_for(other, org), item=raised.item, body="Hoi")


# --- moderation --------------------------------------------------------------------------------


def test_publishing_uses_only_the_moderators_text(org, employee, lead):
    raised = raise_concern(org, employee, text="Mijn manager jan@example.org wil ons vervangen.")
    item = services.item_publish(
        ctx_for(lead, org),
        item=raised.item,
        public_text="Mijn manager wil ons vervangen door AI.",
        category="job_security",
        department_id=None,
    )
    assert item.status == Status.PUBLISHED and item.published_on
    assert list(selectors.published_items(org)) == [item]
    assert "jan@example.org" not in item.public_text
    change = Change.objects.get(subject="voice.item", action="published")
    assert change.actor == lead and "public_text" in change.fields


def test_a_public_text_that_still_has_personal_data_needs_a_confirmation(org, employee, lead):
    raised = raise_concern(org, employee)
    with pytest.raises(ValidationError):
        services.item_publish(
            ctx_for(lead, org),
            item=raised.item,
            public_text="Mail jan@example.org",
            category="job_security",
            department_id=None,
        )
    assert Item.objects.get(pk=raised.item.pk).status == Status.NEW
    item = services.item_publish(
        ctx_for(lead, org),
        item=raised.item,
        public_text="Mail jan@example.org",
        category="job_security",
        department_id=None,
        allow_found=True,
    )
    assert item.status == Status.PUBLISHED


def test_a_withheld_item_is_never_public(org, employee, lead):
    raised = raise_concern(org, employee)
    ctx = ctx_for(lead, org)
    services.item_publish(
        ctx,
        item=raised.item,
        public_text="Zorg over banen.",
        category="job_security",
        department_id=None,
    )
    item = services.item_withhold(ctx, item=raised.item, reason="Gaat over één persoon.")
    assert item.status == Status.WITHHELD and item.public_text == ""
    assert list(selectors.published_items(org)) == []
    assert Change.objects.get(subject="voice.item", action="withheld").note


def test_staff_and_evangelists_cannot_moderate(org, employee):
    raised = raise_concern(org, employee)
    for role in (Role.MEMBER, Role.EVANGELIST, Role.LEGAL):
        user = make_member(org, role)
        with pytest.raises(PermissionDenied):
            services.item_publish(
                ctx_for(user, org),
                item=raised.item,
                public_text="x",
                category="other",
                department_id=None,
            )
        with pytest.raises(PermissionDenied):
            services.item_withhold(ctx_for(user, org), item=raised.item, reason="x")


def test_another_organisations_moderator_cannot_touch_the_item(org, employee):
    raised = raise_concern(org, employee)
    other = make_org()
    outsider = make_member(other, Role.LEAD)
    with pytest.raises(PermissionDenied):
        services.item_withhold(ctx_for(outsider, other), item=raised.item, reason="x")


def test_a_help_request_is_never_published(org, employee, lead):
    raised = raise_concern(org, employee, kind="help")
    with pytest.raises(ValidationError):
        services.item_publish(
            ctx_for(lead, org),
            item=raised.item,
            public_text="x",
            category="other",
            department_id=None,
        )
    assert list(selectors.published_items(org)) == []


# --- answers and actions -----------------------------------------------------------------------


def test_an_answer_links_actions_and_keeps_its_history(org, employee, lead):
    raised = raise_concern(org, employee)
    ctx = ctx_for(lead, org)
    usecase = make_usecase(org)
    action = services.action_create(ctx, kind="usecase", title="", usecase_id=usecase.pk)
    assert action.title == usecase.title
    answer = services.answer_save(ctx, item=raised.item, body="We nemen niemand ontslag.")
    answer = services.answer_save(
        ctx, item=raised.item, body="Niemand verliest zijn baan.", action_ids=[action.pk]
    )
    assert Answer.objects.count() == 1 and list(answer.actions.all()) == [action]
    actions = list(Change.objects.filter(subject="voice.item").values_list("action", flat=True))
    assert sorted(actions) == ["answer_changed", "answered"]
    assert selectors.answers_for(raised.item) == [answer]


def test_an_answer_cannot_link_another_organisations_action(org, employee, lead):
    raised = raise_concern(org, employee)
    other = make_org()
    their_action = services.action_create(
        ctx_for(make_member(other, Role.LEAD), other), kind="commitment", title="Theirs"
    )
    with pytest.raises(ValidationError):
        services.answer_save(
            ctx_for(lead, org), item=raised.item, body="x", action_ids=[their_action.pk]
        )
    assert not Answer.objects.exists()


def test_an_actions_status_change_is_kept(org, lead):
    ctx = ctx_for(lead, org)
    owner = Membership.objects.get(user=lead)
    action = services.action_create(
        ctx, kind="training", title="Cursus prompten", owner_id=owner.pk, due_on=dt.date(2020, 1, 1)
    )
    assert selectors.is_overdue(action)
    services.action_set_status(ctx, action=action, status="done")
    assert not selectors.is_overdue(Action.objects.get(pk=action.pk))
    assert Change.objects.filter(subject="voice.action", action="status_changed").exists()
    with pytest.raises(ValidationError):
        services.action_set_status(ctx, action=action, status="forgotten")


def test_an_action_for_a_use_case_needs_one_of_the_backlog(org, lead):
    with pytest.raises(ValidationError):
        services.action_create(ctx_for(lead, org), kind="usecase", title="x", usecase_id=None)
    other_usecase = make_usecase(make_org())
    with pytest.raises(ValidationError):
        services.action_create(
            ctx_for(lead, org), kind="usecase", title="x", usecase_id=other_usecase.pk
        )
    assert not Action.objects.exists()


# --- help requests -----------------------------------------------------------------------------


def test_a_help_request_by_name_goes_at_once_to_the_departments_evangelists(org, employee):
    finance = org.departments.get(name="Finance")
    evangelist = make_member(org, Role.EVANGELIST, department=finance)
    make_member(org, Role.EVANGELIST, department=org.departments.get(name="HR"))
    lead = make_member(org, Role.LEAD)
    mail.outbox.clear()
    raise_concern(
        org,
        employee,
        kind="help",
        department_id=finance.pk,
        anonymous=False,
        text="Hoe gebruik ik AI?",
    )
    assert [m.to for m in mail.outbox] == [[evangelist.email]]
    assert lead.email not in mail.outbox[0].to


def test_without_evangelists_a_help_request_goes_to_the_leads(org, employee):
    lead = make_member(org, Role.LEAD)
    mail.outbox.clear()
    raise_concern(
        org,
        employee,
        kind="help",
        department_id=org.departments.get(name="HR").pk,
        anonymous=False,
        text="Can someone show our team?",
    )
    assert [m.to for m in mail.outbox] == [[lead.email]]


def test_a_help_request_by_name_says_who_asks(org, employee):
    make_member(org, Role.LEAD)
    mail.outbox.clear()
    raise_concern(org, employee, kind="help", anonymous=False, text="Help me met prompts")
    assert employee.name in mail.outbox[0].body


def test_a_help_request_is_mailed_in_the_helpers_language(org, employee, monkeypatch):
    lead = make_member(org, Role.LEAD)
    lead.language = "nl"
    lead.save()
    languages = []
    render = raising.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(raising, "render_to_string", spy)
    raise_concern(org, employee, kind="help", anonymous=False, text="Help")
    assert languages == ["nl", "nl"]


def test_a_help_request_is_picked_up_and_helped(org, employee):
    evangelist = make_member(org, Role.EVANGELIST)
    raised = raise_concern(org, employee, kind="help")
    ctx = ctx_for(evangelist, org)
    item = services.help_pick_up(ctx, item=raised.item)
    assert item.status == Status.PICKED_UP and item.helper.user == evangelist
    item = services.help_done(ctx, item=item)
    assert item.status == Status.HELPED
    assert selectors.help_queue(org)["open"] == []


def test_staff_cannot_pick_up_help_and_concerns_cannot_be_picked_up(org, employee):
    help_request = raise_concern(org, employee, kind="help").item
    with pytest.raises(PermissionDenied):
        services.help_pick_up(ctx_for(employee, org), item=help_request)
    concern = raise_concern(org, employee).item
    with pytest.raises(ValidationError):
        services.help_pick_up(ctx_for(make_member(org, Role.EVANGELIST), org), item=concern)


# --- me too ------------------------------------------------------------------------------------


def test_me_too_counts_once_per_person_and_can_be_taken_back(org, employee, lead):
    raised = raise_concern(org, employee)
    services.item_publish(
        ctx_for(lead, org),
        item=raised.item,
        public_text="Zorg.",
        category="other",
        department_id=None,
    )
    ctx = ctx_for(employee, org)
    assert services.support_toggle(ctx, item=raised.item) is True
    assert services.support_toggle(ctx_for(lead, org), item=raised.item) is True
    assert selectors.support_counts([raised.item]) == {raised.item.pk: 2}
    assert services.support_toggle(ctx, item=raised.item) is False
    assert selectors.support_counts([raised.item]) == {raised.item.pk: 1}
    assert not Change.objects.filter(subject="voice.support").exists()


def test_an_unpublished_item_cannot_be_supported(org, employee):
    raised = raise_concern(org, employee)
    with pytest.raises(ValidationError):
        services.support_toggle(ctx_for(employee, org), item=raised.item)
    assert not Support.objects.exists()


def test_k_is_the_scans_threshold(org):
    assert selectors.k_of(org) == 5
