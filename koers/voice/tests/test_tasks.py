"""Publishing or withholding a concern regroups the themes in the background."""

from __future__ import annotations

import pytest

from koers.testing.factories import ctx_for
from koers.voice import services
from koers.voice.models import Theme

pytestmark = pytest.mark.django_db


def test_publishing_a_concern_regroups_the_themes_once_committed(
    org, lead, django_capture_on_commit_callbacks
):
    ctx = ctx_for(lead, org)
    raised = services.item_raise_anonymously(
        org, kind="concern", text="Ik ben bang voor mijn baan.", category="job_security",
        department_id=None,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.item_publish(
            ctx, item=raised.item, public_text="Ik ben bang voor mijn baan.",
            category="job_security", department_id=None,
        )  # fmt: skip
    raised.item.refresh_from_db()
    assert raised.item.theme is not None
    assert Theme.objects.filter(organisation=org).exists()
