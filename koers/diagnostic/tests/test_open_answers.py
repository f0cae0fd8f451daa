"""Open answers on the results page: the same answer once with how many wrote it, the most
written first, and every answer on a page of its own — behind the same threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from koers.diagnostic import services
from koers.diagnostic.models import Response
from koers.diagnostic.selectors.open_answers import answer_groups
from koers.diagnostic.tests.test_report import make_wave
from koers.orgs.models import Department
from koers.testing.factories import ctx_for

pytestmark = pytest.mark.django_db

WORRIES = "open_worries"


def _answer(wave, department, text: str) -> None:
    response = Response.objects.create(
        wave=wave, department=department, role_group="staff", submitted_on=wave.opens_on,
        answers={WORRIES: text},
    )  # fmt: skip
    services.tallies_add(response)


@pytest.fixture
def wave(org, lead):
    wave = make_wave(ctx_for(lead, org), "Spring", dt.date(2025, 3, 1))
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    for index in range(30):
        _answer(wave, finance, f"Zorg nummer {index:02d}")
    for _ in range(6):
        _answer(wave, hr, "Mijn baan verdwijnt.")
    tiny = Department.objects.create(organisation=org, name="Tinyteam")
    _answer(wave, tiny, "Alleen ik schrijf dit")
    return wave


def test_the_same_answers_are_grouped_with_how_many_wrote_them():
    assert answer_groups(["Mijn baan.", "mijn  baan", "Privacy", "Mijn baan!"]) == [
        ("Mijn baan!", 3),
        ("Privacy", 1),
    ]


def test_the_results_page_shows_the_most_written_answers_and_links_to_all(client, org, lead, wave):
    client.force_login(lead)
    html = client.get(f"/o/{org.slug}/scans/waves/{wave.pk}/results/").content.decode()
    assert "Mijn baan verdwijnt. <span" in html and "\u00d76" in html
    # 20 answers: the most written first, then alphabetically ("Alleen…", then 18 "Zorg…").
    assert "Alleen ik schrijf dit" in html and html.count("Zorg nummer") == 18
    assert f"/scans/waves/{wave.pk}/answers/?question={WORRIES}" in html


def test_the_answers_page_lists_every_answer_and_offers_only_published_departments(
    client, org, lead, wave
):
    client.force_login(lead)
    url = f"/o/{org.slug}/scans/waves/{wave.pk}/answers/?question={WORRIES}"
    html = client.get(url).content.decode()
    assert html.count("Zorg nummer") == 30 and "Alleen ik schrijf dit" in html
    tiny = Department.objects.get(name="Tinyteam")
    assert f'value="{tiny.pk}"' not in html  # one person: never offered
    # Asking for it anyway shows the organisation's list, not the department's.
    assert "Zorg nummer" in client.get(f"{url}&department={tiny.pk}").content.decode()


def test_an_unknown_question_is_not_found_and_staff_may_not_look(client, org, lead, member, wave):
    client.force_login(lead)
    url = f"/o/{org.slug}/scans/waves/{wave.pk}/answers/"
    assert client.get(f"{url}?question=nope").status_code == 404
    client.force_login(member)
    url = f"{url}?question={WORRIES}"
    assert client.get(url).status_code == 403
