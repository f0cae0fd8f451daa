"""The board report: the summary and charts of a wave, in the organisation's language, as HTML
and PDF, and never a figure the results keep back."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from koers.cli.bench.diagnostic_scenario import random_answers
from koers.diagnostic import services
from koers.diagnostic.instruments.schema import Instrument
from koers.diagnostic.models import Response, Wave
from koers.diagnostic.selectors import report as report_module
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.views import report as report_views
from koers.orgs.models import Department, Role
from koers.strategy.services.vision import vision_compose
from koers.testing.factories import ctx_for, make_member

pytestmark = pytest.mark.django_db

PRIORITIES = "priorities_more_important_now"


def make_wave(ctx: Any, name: str, opens_on: dt.date) -> Wave:
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    return services.wave_create(
        ctx, version=scan.versions.get(), name=name, opens_on=opens_on, closes_on=opens_on
    )


def answer(
    wave: Wave, department: Department | None, role_group: str, n: int, **fixed: Any
) -> None:
    """``n`` complete random responses, with ``fixed`` answers on top."""
    instrument = Instrument.model_validate(wave.version.definition)
    rng = random.Random(f"{wave.pk}-{department}-{role_group}-{n}")
    for _ in range(n):
        response = Response.objects.create(
            wave=wave,
            department=department,
            role_group=role_group,
            submitted_on=wave.opens_on,
            answers={**random_answers(instrument, rng, lean=0.3), **fixed},
        )
        services.tallies_add(response)


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


@pytest.fixture
def tiny(org):
    """A third department with two respondents: below k, so it must not show anywhere."""
    return Department.objects.create(organisation=org, name="Tinyteam")


@pytest.fixture
def waves(org, ctx, tiny):
    """Two waves; in the second, Finance and HR each have leaders and staff, Tinyteam two."""
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    spring = make_wave(ctx, "Spring", dt.date(2025, 3, 1))
    answer(spring, finance, "staff", 8, **{PRIORITIES: 2})
    answer(spring, hr, "staff", 8, **{PRIORITIES: 2})
    autumn = make_wave(ctx, "Autumn", dt.date(2025, 9, 1))
    for department in (finance, hr):
        answer(autumn, department, "staff", 12, **{PRIORITIES: 5})
        answer(autumn, department, "leadership", 6, **{PRIORITIES: 4})
    answer(autumn, tiny, "staff", 2, **{PRIORITIES: 1})
    return spring, autumn


def url(org: Any, wave: Wave, suffix: str = "report/") -> str:
    return f"/o/{org.slug}/scans/waves/{wave.pk}/{suffix}"


def test_it_writes_a_summary_from_the_figures_and_shows_the_charts(client, org, lead, waves):
    client.force_login(lead)
    page = client.get(url(org, waves[1]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Readiness scan: board report" in html
    # 2 x (12 + 6) + Tinyteam's 2, who count in the total; nobody was invited in this test
    assert "38 people answered, through the shared link." in html
    assert "The strongest barriers, on a scale from 1 to 5, are" in html
    assert "Leadership and staff differ most on" in html
    assert "Since Spring," in html and "changed most" in html
    for chart in ("participation", "barriers", "heatmap", "gap", "trend"):
        assert f'id="chart-{chart}"' in html
    assert html.count('role="img"') >= 5
    assert "Method and anonymity" in html


def test_the_first_wave_says_there_is_nothing_to_compare(client, org, lead, waves):
    client.force_login(lead)
    html = client.get(url(org, waves[0])).content.decode()
    assert "This is the first wave" in html
    assert 'id="chart-trend"' not in html


def test_a_department_under_k_never_appears_with_a_figure(client, org, lead, ctx, waves, tiny):
    results = wave_results(ctx, waves[1])
    assert (str(tiny.pk), None) not in results.published
    client.force_login(lead)
    html = client.get(url(org, waves[1])).content.decode()
    # Tinyteam's row in every chart and table says "fewer than 5" and nothing else.
    for chunk in html.split("Tinyteam")[1:]:
        row = chunk[: chunk.find("</tr>") if "</tr>" in chunk[:400] else 400]
        assert "1.0" not in row and "(2/" not in row and ">2<" not in row
    assert "fewer than 5" in html
    # Its two respondents scored 1: no figure of 1.0 for a department shows anywhere.
    heat = dict(results.heat_map())
    assert heat["Tinyteam"] == [None] * len(results.barriers)


def test_the_report_is_in_the_organisations_language(client, org, lead, waves):
    org.language = "nl"
    org.save(update_fields=["language"])
    client.force_login(lead)
    html = client.get(url(org, waves[1])).content.decode()
    assert "Samenvatting" in html
    assert "Summary" not in html
    english = client.get(url(org, waves[1]) + "?lang=en").content.decode()
    assert "Summary" in english


def test_an_unknown_language_falls_back_to_the_organisations(client, org, lead, waves):
    client.force_login(lead)
    page = client.get(url(org, waves[1]) + "?lang=xx")
    assert page.status_code == 200
    assert "Summary" in page.content.decode()


@pytest.mark.skipif(not report_module.pdf_available(), reason="WeasyPrint's libraries missing")
def test_the_pdf_is_a_pdf_with_pages(client, org, lead, waves):
    client.force_login(lead)
    response = client.get(url(org, waves[1], "report.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.skipif(not report_module.pdf_available(), reason="WeasyPrint's libraries missing")
def test_the_pdf_has_a_title_page_the_charts_and_the_appendix(rf, org, lead, ctx, waves):
    request = rf.get("/")
    request.user = lead
    html = report_views._render(request, ctx, waves[1], "diagnostic/report_pdf.html")
    assert "<svg" in html and "http" not in html.replace("http://www.w3.org/2000/svg", "")
    pages = report_module.pdf_document(html).pages
    assert len(pages) >= 3  # the title page, the body, the appendix on a page of its own


def test_the_pdf_fetches_nothing(monkeypatch):
    with pytest.raises(ValueError, match="fetches nothing"):
        report_module._refuse("https://example.org/font.woff")


def test_without_weasyprints_libraries_the_pdf_says_so_and_the_page_still_works(
    client, org, lead, waves, monkeypatch
):
    monkeypatch.setattr(report_module, "pdf_available", lambda: False)
    monkeypatch.setattr("koers.diagnostic.views.report.pdf_available", lambda: False)
    client.force_login(lead)
    response = client.get(url(org, waves[1], "report.pdf"))
    assert response.status_code == 503
    assert "Pango" in response.content.decode()
    page = client.get(url(org, waves[1]))
    assert page.status_code == 200
    assert "PDF not available" in page.content.decode()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST, Role.LEGAL])
@pytest.mark.parametrize("suffix", ["report/", "report.pdf"])
def test_only_leads_and_admins_get_the_report(client, org, waves, role, suffix):
    client.force_login(make_member(org, role))
    assert client.get(url(org, waves[1], suffix)).status_code == 403


@pytest.mark.parametrize("suffix", ["report/", "report.pdf"])
def test_another_organisations_wave_is_not_found(client, other_org, waves, suffix):
    client.force_login(make_member(other_org, Role.ADMIN))
    assert client.get(url(other_org, waves[1], suffix)).status_code == 404


def test_a_wave_without_answers_gives_a_report_and_a_results_page_without_figures(
    client, org, lead, ctx
):
    empty = make_wave(ctx, "Empty", dt.date(2026, 1, 1))
    client.force_login(lead)
    report_page = client.get(url(org, empty)).content.decode()
    assert "cannot show any figures yet" in report_page
    results_page = client.get(url(org, empty, "results/"))
    assert results_page.status_code == 200
    assert "fewer than 5" in results_page.content.decode()


def test_the_underestimation_section_sets_leaders_calibration_beside_the_barrier(
    client, org, lead, waves
):
    from koers.diagnostic.tests.calibration_helpers import leaders_answer, start

    _spring, autumn = waves
    client.force_login(lead)
    before = client.get(url(org, autumn, "results/")).content.decode()
    assert "No leadership calibration with at least 3 leaders" in before
    calibration = start(org)
    leaders_answer(calibration, 3)
    for page in (url(org, autumn, "results/"), url(org, autumn)):
        shown = client.get(page).content.decode()
        assert "Leadership calibration" in shown and "underestimation index" in shown
        assert "Staff score the barrier" in shown  # staff are published in Autumn


@pytest.mark.skipif(not report_module.pdf_available(), reason="WeasyPrint's libraries missing")
def test_a_pdf_is_made_once_and_kept_until_its_figures_change(
    client, org, lead, waves, monkeypatch, settings, tmp_path
):
    """WeasyPrint takes seconds: the second download of the same report is the kept file."""
    settings.DATA_DIR = tmp_path
    made = []
    real = report_module.pdf_document
    monkeypatch.setattr(report_module, "pdf_document", lambda html: made.append(1) or real(html))
    client.force_login(lead)
    first = client.get(url(org, waves[1], "report.pdf")).content
    second = client.get(url(org, waves[1], "report.pdf")).content
    assert first == second and len(made) == 1
    assert len(list((tmp_path / "reports").glob("*.pdf"))) == 1

    finance = org.departments.get(name="Finance")
    answer(waves[1], finance, "staff", 5)  # new answers change the figures: a new report
    client.get(url(org, waves[1], "report.pdf"))
    assert len(made) == 2


def test_the_pdf_button_shows_that_the_pdf_is_being_made_and_then_fetches_it(
    client, org, lead, waves
):
    client.force_login(lead)
    report_page = client.get(url(org, waves[1]) + "?lang=nl").content.decode()
    waiting_url = url(org, waves[1], "report/pdf/") + "?lang=nl"
    assert waiting_url in report_page
    waiting = client.get(waiting_url).content.decode()
    assert "The PDF is being made" in waiting
    assert f'http-equiv="refresh" content="1;url={url(org, waves[1], "report.pdf")}?lang=nl"' in (
        waiting
    )


def test_the_organisations_vision_shows_in_the_report_when_there_is_one(client, org, lead, waves):
    org.language = "nl"
    org.save(update_fields=["language"])
    client.force_login(lead)
    assert "report-vision" not in client.get(url(org, waves[1])).content.decode()
    vision_compose(ctx_for(lead, org), answers={"ambition": "Elk team <b>werkt</b> met GenAI."})
    html = client.get(url(org, waves[1])).content.decode()
    assert "<h2>Visie</h2>" in html
    assert "Elk team &lt;b&gt;werkt&lt;/b&gt; met GenAI." in html
    assert "versie 1" in html
