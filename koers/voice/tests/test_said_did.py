"""The "you said, we did" page: every employee sees the published concerns and themes with their
answers and actions, and "me too" counts — never an unpublished or unredacted text, never who."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import services
from koers.voice.models import Action, Item, Support
from koers.voice.services import themes
from koers.voice.tests.themes_helpers import concern, moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("Acme", departments=("Finance", "HR", "Sales"))


@pytest.fixture
def lead(org):
    return moderator(org)


@pytest.fixture
def employee(org):
    return make_member(org, Role.MEMBER)


def page(client, user, org, **query):
    client.force_login(user)
    response = client.get(reverse("voice:said_did", kwargs={"org_slug": org.slug}), query)
    assert response.status_code == 200
    return response.content.decode()


def published(org, lead, text, **fields):
    item = concern(org, text, **fields)
    return services.item_publish(
        ctx_for(lead, org),
        item=item,
        public_text=f"Checked: {text}",
        category=fields.get("category", "job_security"),
        department_id=fields["department"].pk if fields.get("department") else None,
        allow_found=True,
    )


def test_it_shows_the_published_text_never_the_submitted_one_nor_new_or_withheld(
    client, org, lead, employee
):
    published(org, lead, "My job will disappear.")
    concern(org, "Still waiting for moderation.")
    withheld = concern(org, "About one named person.")
    services.item_withhold(ctx_for(lead, org), item=withheld, reason="Personal.")
    html = page(client, employee, org)
    assert "Checked: My job will disappear." in html
    assert "Still waiting" not in html
    assert "About one named person" not in html
    assert ">My job will disappear." not in html  # the submitted text itself


def test_it_never_shows_a_help_request(client, org, employee):
    services.item_raise_anonymously(
        org, kind="help", text="Show our team Copilot", category="skills", department_id=None
    )
    assert "Copilot" not in page(client, employee, org)


def test_it_shows_answers_and_actions_with_status_and_due_date(client, org, lead, employee):
    item = published(org, lead, "Will I lose my job?")
    action = services.action_create(
        ctx_for(lead, org),
        kind="training",
        title="AI skills course for all",
        due_on=__import__("datetime").date(2030, 5, 1),
    )
    services.answer_save(
        ctx_for(lead, org), item=item, body="No jobs are cut for AI.", action_ids=[action.pk]
    )
    html = page(client, employee, org)
    assert "No jobs are cut for AI." in html
    assert "AI skills course for all" in html
    assert "Planned" in html and "2030" in html


def test_me_too_counts_but_never_shows_who(client, org, lead, employee):
    item = published(org, lead, "Privacy of our data.", category="privacy")
    others = [make_member(org, Role.MEMBER) for _ in range(2)]
    for person in others:
        services.support_toggle(ctx_for(person, org), item=item)
    html = page(client, employee, org)
    assert "2 people say “me too”" in html
    for person in others:
        assert person.email not in html and person.name not in html
    client.post(
        reverse("voice:support", kwargs={"org_slug": org.slug, "ref": item.ref}), {"next": ""}
    )
    assert Support.objects.filter(item=item).count() == 3
    assert "3 people say “me too”" in page(client, employee, org)


def test_me_too_on_a_theme(client, org, lead, employee):
    item = published(org, lead, "Jobs are at risk.")
    themes.themes_recompute(org)
    item.refresh_from_db()
    client.force_login(employee)
    url = reverse("voice:theme_support", kwargs={"org_slug": org.slug, "pk": item.theme_id})
    assert client.post(url).status_code == 302
    assert Support.objects.filter(theme_id=item.theme_id).count() == 1
    client.post(url)
    assert not Support.objects.filter(theme_id=item.theme_id).exists()


def test_a_theme_without_published_concerns_cannot_be_supported(client, org, employee):
    concern(org, "Not yet published.")
    themes.themes_recompute(org)
    client.force_login(employee)
    theme_id = Item.objects.get().theme_id
    url = reverse("voice:theme_support", kwargs={"org_slug": org.slug, "pk": theme_id})
    assert client.post(url).status_code == 404


def test_it_filters_by_category_and_status(client, org, lead, employee):
    jobs = published(org, lead, "Jobs worry.")
    published(org, lead, "Privacy worry.", category="privacy")
    done = services.action_create(ctx_for(lead, org), kind="policy", title="Job guarantee")
    services.action_set_status(ctx_for(lead, org), action=done, status=Action.ActionStatus.DONE)
    services.answer_save(ctx_for(lead, org), item=jobs, body="Answered.", action_ids=[done.pk])
    assert "Privacy worry" not in page(client, employee, org, category="job_security")
    html = page(client, employee, org, status="open")
    assert "Privacy worry" in html and "Jobs worry" not in html
    html = page(client, employee, org, status="answered")
    assert "Jobs worry" in html and "Privacy worry" not in html
    html = page(client, employee, org, status="done")
    assert "Jobs worry" in html and "Privacy worry" not in html


def test_a_department_with_fewer_than_k_concerns_is_never_named(client, org, lead, employee):
    sales, finance = org.departments.get(name="Sales"), org.departments.get(name="Finance")
    published(org, lead, "A worry from a small team.", department=sales)
    for i in range(5):
        published(org, lead, f"Finance worry {i} about AI.", category="privacy", department=finance)
    html = page(client, employee, org)
    assert "Sales" not in html.split("</header>")[1]
    assert "Finance" in html  # five privacy concerns from Finance: k is 5


def test_it_lists_the_newest_first(client, org, lead, employee):
    import datetime as dt

    old = published(org, lead, "Older worry.")
    Item.objects.filter(pk=old.pk).update(published_on=dt.date(2024, 1, 1))
    published(org, lead, "Newer worry.")
    html = page(client, employee, org)
    assert html.index("Newer worry") < html.index("Older worry")


def test_the_menu_leads_here(client, org, employee):
    html = page(client, employee, org)
    assert reverse("voice:said_did", kwargs={"org_slug": org.slug}) in html


def test_legal_reads_it_too(client, org):
    assert "You said, we did" in page(client, make_member(org, Role.LEGAL), org)
