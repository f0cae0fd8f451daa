"""The organisation sets its anonymity threshold (never below 3) and its reports' language."""

from __future__ import annotations

import pytest

from koers.core.models import Change
from koers.diagnostic.services import scan_settings

pytestmark = pytest.mark.django_db


def url(org) -> str:
    return f"/o/{org.slug}/scans/settings/"


def test_a_lead_sets_the_threshold_and_the_report_language(client, org, lead):
    client.force_login(lead)
    response = client.post(url(org), {"min_respondents": 7, "language": "nl"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert scan_settings(org).min_respondents == 7 and org.language == "nl"
    change = Change.objects.get(subject="orgs.organisation", subject_id=org.pk)
    assert change.actor == lead and change.fields["min_respondents"] == [5, 7]
    assert 'value="7"' in client.get(f"/o/{org.slug}/scans/").content.decode()


@pytest.mark.parametrize("wrong", [{"min_respondents": 2}, {"min_respondents": "x"}, {}])
def test_a_threshold_below_3_or_not_a_number_is_refused_and_nothing_changes(
    client, org, lead, wrong
):
    client.force_login(lead)
    response = client.post(url(org), {"language": "en", **wrong}, follow=True)
    assert "Nothing was saved" in response.content.decode()
    assert scan_settings(org).min_respondents == 5
    assert not Change.objects.filter(subject="orgs.organisation").exists()


def test_staff_cannot_change_the_settings(client, org, member):
    client.force_login(member)
    assert client.post(url(org), {"min_respondents": 3, "language": "en"}).status_code == 403
    assert scan_settings(org).min_respondents == 5
