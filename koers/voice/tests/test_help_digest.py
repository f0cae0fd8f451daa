"""The helpers' daily e-mail of anonymous help requests: sent by the worker each morning, with
the requests of the days before by day, never a time, and a department only where it is large
enough not to point at the colleague who asked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import services
from koers.voice.models import Item
from koers.voice.tasks import help_digest_schedule, next_help_digest, send_help_digest

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def org():
    organisation = make_org("Acme", departments=("Finance", "HR"))
    finance = organisation.departments.get(name="Finance")
    for _n in range(5):  # Finance has 5 members (k), HR none but the one who asks
        make_member(organisation, department=finance)
    return organisation


def _ask(org, text: str, *, department: str | None = None, anonymous: bool = True) -> Item:
    person = make_member(org)
    return services.item_raise(
        ctx_for(person, org),
        kind="help",
        text=text,
        category="skills",
        department_id=org.departments.get(name=department).pk if department else None,
        anonymous=anonymous,
    ).item


def test_the_mornings_e_mail_holds_the_requests_of_the_days_before_by_day_not_by_time(org, clock):
    lead = make_member(org, Role.LEAD)
    clock.set(dt.datetime(2025, 3, 3, 9, 12))
    _ask(org, "Hoe schrijf ik een goede prompt?")
    clock.set(dt.datetime(2025, 3, 3, 16, 47))
    _ask(org, "Mag ik Copilot gebruiken voor notulen?")
    clock.set(dt.datetime(2025, 3, 4, 6, 30))
    _ask(org, "Wie legt mij de AI-richtlijn uit?")
    assert mail.outbox == []

    clock.set(dt.datetime(2025, 3, 4, 7, 0))
    assert services.help_digest_send() == 1

    [sent] = mail.outbox
    assert sent.to == [lead.email]
    assert "2 colleagues ask for help" in sent.subject
    assert "goede prompt" in sent.body and "notulen" in sent.body
    assert "AI-richtlijn" not in sent.body  # today's waits for tomorrow
    assert not re.search(r"\b\d{1,2}[:.]\d{2}\b", sent.body)  # no time of day
    assert "March 3, 2025" in sent.body or "3 maart 2025" in sent.body

    assert services.help_digest_send() == 0  # nothing twice
    clock.set(dt.datetime(2025, 3, 5, 7, 0))
    services.help_digest_send()
    assert "AI-richtlijn" in mail.outbox[-1].body and "notulen" not in mail.outbox[-1].body


def test_a_small_department_is_neither_named_nor_told_through_its_evangelist(org, clock):
    lead = make_member(org, Role.LEAD)
    finance_evangelist = make_member(
        org, Role.EVANGELIST, department=org.departments.get(name="Finance")
    )
    hr_evangelist = make_member(org, Role.EVANGELIST, department=org.departments.get(name="HR"))
    _ask(org, "Help met Excel en AI", department="Finance")
    _ask(org, "Help met een vacaturetekst", department="HR")

    clock.advance(days=1)
    services.help_digest_send()

    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_person) == {finance_evangelist.email, lead.email}
    assert "(Finance)" in by_person[finance_evangelist.email]
    assert "vacaturetekst" in by_person[lead.email] and "HR" not in by_person[lead.email]
    assert hr_evangelist.email not in by_person


def test_a_request_by_name_is_still_e_mailed_at_once_with_its_department(org):
    hr_evangelist = make_member(org, Role.EVANGELIST, department=org.departments.get(name="HR"))

    item = _ask(org, "Help met een vacaturetekst", department="HR", anonymous=False)

    assert [m.to for m in mail.outbox] == [[hr_evangelist.email]]
    assert "(HR)" in mail.outbox[0].body and not item.awaiting_digest


def test_the_next_e_mail_is_at_seven_in_the_morning():
    amsterdam = dt.timezone(dt.timedelta(hours=1))
    before = dt.datetime(2025, 3, 4, 6, 59, tzinfo=amsterdam)
    after = dt.datetime(2025, 3, 4, 7, 0, tzinfo=amsterdam)
    assert next_help_digest(before) == dt.datetime(2025, 3, 4, 7, 0, tzinfo=amsterdam)
    assert next_help_digest(after) == dt.datetime(2025, 3, 5, 7, 0, tzinfo=amsterdam)


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_plans_one_e_mail_a_day_and_each_plans_the_next(org, clock):
    clock.set(dt.datetime(2025, 3, 4, 10, 0))
    assert help_digest_schedule()
    assert not help_digest_schedule()  # a second worker plans nothing more
    [planned] = DBTaskResult.objects.filter(task_path=send_help_digest.module_path)
    assert planned.run_after == dt.datetime(2025, 3, 5, 6, 0, tzinfo=dt.UTC)

    planned.delete()  # as the worker does once it ran it
    clock.set(dt.datetime(2025, 3, 5, 7, 0))
    send_help_digest.call()
    [tomorrow] = DBTaskResult.objects.filter(task_path=send_help_digest.module_path)
    assert tomorrow.run_after == dt.datetime(2025, 3, 6, 6, 0, tzinfo=dt.UTC)
