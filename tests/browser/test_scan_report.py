"""A lead reads a wave's results and its board report in the browser: the charts draw, the item
filter offers only published cuts, the report reads in the organisation's language and its PDF
downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from koers.diagnostic.selectors import report
from koers.diagnostic.tests.test_report import PRIORITIES, answer, make_wave
from koers.orgs.models import Department, Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scan() -> tuple[Any, Any, Any]:
    acme = make_org("Gemeente Acme", departments=("Burgerzaken", "Financiën"))
    tiny = Department.objects.create(organisation=acme, name="Tinyteam")
    lead = make_member(acme, Role.LEAD)
    ctx = ctx_for(lead, acme)
    spring = make_wave(ctx, "Voorjaar", dt.date(2025, 3, 1))
    autumn = make_wave(ctx, "Najaar", dt.date(2025, 9, 1))
    for department in acme.departments.exclude(pk=tiny.pk):
        answer(spring, department, "staff", 7, **{PRIORITIES: 2})
        answer(autumn, department, "staff", 9, **{PRIORITIES: 5})
        answer(autumn, department, "leadership", 5)
    answer(autumn, tiny, "staff", 2)
    return acme, lead, autumn


def test_a_lead_reads_the_results_and_downloads_the_board_report(
    page: Any, log_in: Any, scan: tuple[Any, Any, Any], screenshot_dir: Path
) -> None:
    acme, lead, wave = scan
    log_in(page, email=lead.email, password=PASSWORD)
    base = f"/o/{acme.slug}/scans/waves/{wave.pk}/"
    page.goto(base + "results/")
    for chart in ("participation", "barriers", "heatmap", "gap", "trend"):
        assert page.locator(f"svg#chart-{chart}").is_visible()
    department = page.locator("#id_department")
    offered = department.locator("option").all_inner_texts()
    # Tinyteam (2 people) is kept back, and so is one other department, or Tinyteam would be
    # the organisation minus the rest; the filter offers only what is left.
    assert "Tinyteam" not in offered and len(offered) == 2
    department.select_option(label=offered[1])
    page.locator("#items").get_by_role("button").click()
    page.wait_for_url(lambda url: "department=" in url)
    assert page.locator("#items svg.chart").count() >= 7
    page.screenshot(path=str(screenshot_dir / "scan-results.png"), full_page=True)

    acme.language = "nl"
    acme.save(update_fields=["language"])
    page.goto(base + "report/")
    assert page.get_by_role("heading", name="Samenvatting").is_visible()
    page.screenshot(path=str(screenshot_dir / "scan-report-nl.png"), full_page=True)
    page.goto(base + "report/?lang=en")
    assert page.get_by_role("heading", name="Summary").is_visible()
    page.screenshot(path=str(screenshot_dir / "scan-report-en.png"), full_page=True)

    if report.pdf_available():
        with page.expect_download() as download:
            page.get_by_role("link", name="Download PDF").click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
