"""Themes of an organisation's backlog: computed, shown, and edited by leads."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from koers.backlog.models.themes import Theme, ThemeMember, ThemeRun
from koers.backlog.services import themes as services
from koers.orgs.models import Department, Role
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase

pytestmark = pytest.mark.django_db


def test_every_use_case_gets_a_theme_with_readable_terms(org, backlog):
    run = services.themes_recompute(org)
    assert run.items == len(backlog)
    assert ThemeMember.objects.filter(theme__organisation=org).count() == len(backlog)
    chat = ThemeMember.objects.get(usecase=backlog[0]).theme
    assert ThemeMember.objects.get(usecase=backlog[1]).theme == chat
    assert ThemeMember.objects.get(usecase=backlog[3]).theme != chat
    assert chat.terms and chat.representative_id in {u.pk for u in backlog[:3]}


def test_the_themes_page_names_themes_and_marks_those_of_three_departments(
    client, org, member, backlog
):
    backlog[1].departments.add(Department.objects.create(organisation=org, name="Legal"))
    client.force_login(member)
    response = client.get(reverse("backlog:themes", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "badge-cross" not in page  # a badge every theme carried said nothing
    spans = sorted(len(t.departments) for t in response.context["themes"])
    assert spans == [2, 3]
    assert page.count("cross-departmental · ") == 1 and "cross-departmental · 3 departments" in page
    assert "<h2>Checking and processing invoices" in page  # a phrase, not "invoices, orders, …"
    assert "Invoice matching" in page
    assert "Rename" not in page  # members see themes, leads edit them


def test_themes_computed_before_they_had_names_are_recomputed_once(org, backlog):
    services.themes_recompute(org)
    assert not services.themes_stale(org)
    Theme.objects.filter(organisation=org).update(names={})
    assert services.themes_stale(org)
    services.themes_recompute(org)
    assert not services.themes_stale(org)


def test_a_new_use_case_joins_the_theme_of_the_ones_like_it(org, backlog):
    services.themes_recompute(org)
    late = make_usecase(org, title="Leave chatbot", problem="Employees ask about leave policies.")
    assert services.themes_place_new(org) == 1
    member = ThemeMember.objects.get(usecase=late)
    assert member.how == ThemeMember.How.ADDED
    assert member.theme == ThemeMember.objects.get(usecase=backlog[0]).theme


def test_a_leads_name_survives_recomputation(org, lead, backlog):
    services.themes_recompute(org)
    theme = ThemeMember.objects.get(usecase=backlog[3]).theme
    services.theme_rename(ctx_for(lead, org), theme=theme, name="Invoices")
    services.themes_recompute(org)
    assert ThemeMember.objects.get(usecase=backlog[3]).theme.name == "Invoices"


def test_merged_and_split_themes_are_kept_as_the_lead_made_them(org, lead, backlog):
    services.themes_recompute(org)
    ctx = ctx_for(lead, org)
    chat = ThemeMember.objects.get(usecase=backlog[0]).theme
    money = ThemeMember.objects.get(usecase=backlog[3]).theme
    merged = services.theme_merge(ctx, theme=money, into=chat)
    assert not Theme.objects.filter(pk=money.pk).exists()
    services.theme_split(ctx, theme=merged, usecase_ids=[backlog[5].pk], name="Reconciliation")
    services.themes_recompute(org)
    assert ThemeMember.objects.get(usecase=backlog[3]).theme == merged
    assert ThemeMember.objects.get(usecase=backlog[5]).theme.name == "Reconciliation"


def test_only_leads_edit_themes_and_bad_edits_change_nothing(org, member, lead, backlog):
    services.themes_recompute(org)
    theme = ThemeMember.objects.get(usecase=backlog[0]).theme
    with pytest.raises(PermissionDenied):
        services.theme_rename(ctx_for(member, org), theme=theme, name="Mine")
    with pytest.raises(ValidationError):
        services.theme_merge(ctx_for(lead, org), theme=theme, into=theme)
    with pytest.raises(ValidationError):
        services.theme_split(ctx_for(lead, org), theme=theme, usecase_ids=[], name="Empty")
    other = make_org()
    outsider = make_member(other, Role.LEAD)
    make_usecase(other, title="Elsewhere")
    services.themes_recompute(other)
    foreign = Theme.objects.get(organisation=other)
    with pytest.raises(ValidationError):
        services.theme_merge(ctx_for(lead, org), theme=theme, into=foreign)
    assert outsider and ThemeMember.objects.filter(theme=theme).count() >= 3


def test_a_lead_renames_through_the_page(client, org, lead, backlog):
    services.themes_recompute(org)
    theme = ThemeMember.objects.get(usecase=backlog[0]).theme
    client.force_login(lead)
    url = reverse("backlog:theme_rename", kwargs={"org_slug": org.slug, "pk": theme.pk})
    response = client.post(url, {"name": "Staff questions"})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Staff questions"
    page = client.get(reverse("backlog:themes", kwargs={"org_slug": org.slug})).content.decode()
    assert "Staff questions" in page


def test_similar_use_cases_come_with_their_shared_terms(org, member, backlog):
    found = services.usecase_similar(
        ctx_for(member, org), text="supplier invoices and purchase orders"
    )
    assert found[0].usecase in backlog[3:]
    assert "invoices" in found[0].terms or "purchase" in found[0].terms


def test_a_new_use_case_is_placed_in_the_background_once_it_is_saved(
    org, backlog, django_capture_on_commit_callbacks
):
    services.themes_recompute(org)
    with django_capture_on_commit_callbacks(execute=True):
        late = make_usecase(org, title="Invoice chatbot", problem="Match supplier invoices.")
    assert ThemeMember.objects.get(usecase=late).how == ThemeMember.How.ADDED


def test_a_large_change_recomputes_the_themes_in_the_background(
    org, backlog, django_capture_on_commit_callbacks
):
    services.themes_recompute(org)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(services.RECOMPUTE_MIN_NEW):
            make_usecase(org, title=f"Invoice check {i}", problem="Supplier invoices by hand.")
    assert ThemeRun.objects.filter(organisation=org).count() >= 2
    assert not ThemeMember.objects.filter(theme__organisation=org, how="added").exists()


@pytest.fixture
def tasks_in_the_database(settings):
    """Tasks wait in the database for `koers worker`, as they do outside the tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_recompute_now_shows_that_it_is_on_its_way_and_then_what_came_out(
    client, org, lead, backlog, tasks_in_the_database, django_capture_on_commit_callbacks
):
    services.themes_recompute(org)
    client.force_login(lead)
    themes_url = reverse("backlog:themes", kwargs={"org_slug": org.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backlog:themes_recompute", kwargs={"org_slug": org.slug}))
        client.post(reverse("backlog:themes_recompute", kwargs={"org_slug": org.slug}))
    assert ThemeRun.objects.filter(organisation=org, finished_at__isnull=True).count() == 1

    waiting = client.get(themes_url).content.decode()
    assert "The themes are being recomputed." in waiting
    assert 'http-equiv="refresh"' in waiting  # the page refreshes itself, no JavaScript needed

    # The worker picks the request up (what `koers worker` does with the queued row; its own
    # command closes the database connection, which a test inside a transaction cannot have).
    from django_tasks_db.models import DBTaskResult

    from koers.backlog.tasks import recompute_themes

    (queued,) = DBTaskResult.objects.filter(task_path__endswith="recompute_themes")
    recompute_themes.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    done = client.get(themes_url).content.decode()
    assert "Recomputed:" in done
    assert "being recomputed" not in done and 'http-equiv="refresh"' not in done
    assert not ThemeRun.objects.filter(organisation=org, finished_at__isnull=True).exists()


def test_a_request_the_worker_does_not_pick_up_says_to_check_the_worker(
    client, org, lead, backlog, tasks_in_the_database, clock
):
    services.themes_recompute(org)
    services.themes_recompute_request(ctx_for(lead, org))
    client.force_login(lead)
    clock.advance(minutes=5)
    page = client.get(reverse("backlog:themes", kwargs={"org_slug": org.slug})).content.decode()
    assert "koers worker" in page


def test_only_leads_may_ask_for_a_recomputation(org, member):
    with pytest.raises(PermissionDenied):
        services.themes_recompute_request(ctx_for(member, org))
