"""The batch analysis of an organisation's backlog: the document of ``koers analyze usecases``.

``koers.textmine.analyze`` does the work; here the organisation's open use cases become its items
(text, departments, the declared personal data and the quick-win estimates) and its quick-win
weights are applied, so a script gets the same JSON from the API as from a file on the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse

from koers.backlog.models import PersonalData, UseCase
from koers.insights.services import open_usecases, usecase_text
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.scoring.selectors import DECLARED_PERSONAL_DATA, _inputs, weights_for
from koers.textmine.analyze import Item, analyze


def _site_url(path: str) -> str:
    return settings.BASE_URL + path


def usecase_item(usecase: UseCase) -> Item:
    """A use case as the text core sees it; the risk is left to the pre-screen of its text."""
    return Item(
        id=usecase.reference,
        text=usecase_text(usecase),
        departments=tuple(d.name for d in usecase.departments.all()),
        declared_personal_data=DECLARED_PERSONAL_DATA.get(PersonalData(usecase.personal_data)),
        inputs=_inputs(usecase, risk="unknown"),
    )


def backlog_analysis(
    ctx: OrgContext, *, absolute_url: Callable[[str], str] = _site_url
) -> dict[str, Any]:
    """Themes, similar items, duplicates, pre-screen flags and quick-win scores of the open
    backlog (not merged), in the CLI's JSON document; each item also has its ``usecase_id`` and
    the ``url`` of its page (``absolute_url`` turns a path into an address)."""
    ctx.require(Perm.VIEW)
    usecases = list(open_usecases(ctx.organisation).prefetch_related("departments"))
    weights = weights_for(organisation=ctx.organisation).as_weights()
    document = analyze([usecase_item(u) for u in usecases], weights).document
    slug = ctx.organisation.slug
    for item, usecase in zip(document["items"], usecases, strict=True):
        path = reverse("backlog:detail", kwargs={"org_slug": slug, "pk": usecase.pk})
        item["usecase_id"] = usecase.pk
        item["url"] = absolute_url(path)
    return document
