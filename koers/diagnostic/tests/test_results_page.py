"""The results page's views: items per published cut, barriers per department x role group, and
recommended actions that link only to pages that exist."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from koers.diagnostic.instruments.schema import Instrument
from koers.diagnostic.selectors.report import MODULES
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.tests.test_report import answer, make_wave
from koers.orgs.models import Department
from koers.testing.factories import ctx_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave(org, ctx):
    """Finance and HR with leaders (6) and staff (12); Tinyteam has two people."""
    wave = make_wave(ctx, "Spring", dt.date(2025, 3, 1))
    for department in org.departments.all():
        answer(wave, department, "staff", 12)
        answer(wave, department, "leadership", 6)
    tiny = Department.objects.create(organisation=org, name="Tinyteam")
    answer(wave, tiny, "staff", 2)
    return wave


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


@pytest.fixture
def page(client, org, lead, wave):
    client.force_login(lead)

    def get(query: str = "") -> str:
        response = client.get(f"/o/{org.slug}/scans/waves/{wave.pk}/results/{query}")
        assert response.status_code == 200
        return response.content.decode()

    return get


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def test_the_item_filter_offers_only_published_departments(page, ctx, wave):
    results = wave_results(ctx, wave)
    html = page()
    offered = [o for o in _options(html, "department") if o]
    published = {d for d, _r in results.published if d}
    assert offered and set(offered) == published
    tiny = Department.objects.get(name="Tinyteam")
    assert str(tiny.pk) not in offered
    assert set(_options(html, "role_group")) == {"", "leadership", "staff"}


def test_a_published_cut_shows_each_items_distribution(page, ctx, wave):
    results = wave_results(ctx, wave)
    department, role = next((d, r) for d, r in sorted(results.published, key=str) if d and r)
    html = page(f"?department={department}&role_group={role}")
    assert html.count('id="chart-items-') >= len(results.barriers)
    assert "fewer than 5 people in this combination" not in html.lower()


def test_a_cut_that_is_not_published_shows_nothing_but_fewer_than_k(client, org, lead, ctx):
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    autumn = make_wave(ctx, "Autumn", dt.date(2025, 9, 1))
    answer(autumn, finance, "staff", 12)
    answer(autumn, finance, "leadership", 2)  # too few: Finance's leaders are kept back
    answer(autumn, hr, "staff", 12)
    answer(autumn, hr, "leadership", 6)
    results = wave_results(ctx, autumn)
    assert (str(finance.pk), None) in results.published
    assert (str(finance.pk), "leadership") not in results.published
    client.force_login(lead)
    html = client.get(
        f"/o/{org.slug}/scans/waves/{autumn.pk}/results/"
        f"?department={finance.pk}&role_group=leadership"
    ).content.decode()
    assert "Fewer than 5 people in this combination: nothing can be shown." in html
    assert 'id="chart-items-' not in html


def test_a_department_that_is_not_offered_is_refused_with_a_clear_error(page):
    tiny = Department.objects.get(name="Tinyteam")
    html = page(f"?department={tiny.pk}")
    assert "Select a valid choice" in html
    assert 'id="chart-items-' in html  # the organisation's items instead


def test_the_department_by_role_group_table_holds_only_published_cells(page, ctx, wave):
    results = wave_results(ctx, wave)
    html = page()
    section = html[html.index('id="crossed"') : html.index('id="gap"')]
    assert "Tinyteam" not in section
    crossed = {(d, r) for d, r in results.published if d and r}
    assert crossed
    names = {results.department_name(d) for d, _r in crossed}
    for name in names:
        assert name in section


def test_recommended_actions_link_to_pages_that_exist_and_name_the_others(client, org, lead, ctx):
    """Lack of talent is the top barrier here: its actions go to the Academy (a page) and
    AI-sprints (no page yet)."""
    wave = make_wave(ctx, "Talent", dt.date(2025, 3, 1))
    scan = Instrument.model_validate(wave.version.definition)
    strongest = {q.id: 1 if q.reverse else 5 for q in scan.items_for("talent_shortage")}
    for department in org.departments.all():
        answer(wave, department, "staff", 12, **strongest)
    client.force_login(lead)
    html = client.get(f"/o/{org.slug}/scans/waves/{wave.pk}/results/").content.decode()
    top = html[html.index('id="top"') : html.index('id="participation"')]
    links = re.findall(r'<a class="tag" href="([^"]+)"', top)
    pages = {
        reverse(url_name, kwargs={"org_slug": org.slug})
        for _name, url_name in MODULES.values()
        if url_name
    }
    assert links and set(links) <= pages
    assert f"/o/{org.slug}/academy/" in links
    assert '<span class="tag">' in top  # a module without a page yet: its name, no link
