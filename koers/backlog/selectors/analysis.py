"""The batch analysis of an organisation's backlog: the document of ``koers analyze usecases``.

Its clusters are the organisation's themes as stored (computed in the background, with the leads'
edits), so the API and the themes page agree and no request waits for a clustering; only a backlog
whose themes were never computed is clustered on the spot.

``koers.textmine.analyze`` does the work; here the organisation's open use cases become its items
(text, departments, the declared personal data and the quick-win estimates) and its quick-win
weights are applied, so a script gets the same JSON from the API as from a file on the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from django.conf import settings
from django.urls import reverse

from koers.backlog.models.themes import Theme, ThemeMember
from koers.backlog.models.usecases import PersonalData, UseCase
from koers.backlog.selectors.scoring import DECLARED_PERSONAL_DATA, _inputs, weights_for
from koers.backlog.services.themes import open_usecases, themes_place_new, usecase_text
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.textmine.analyze import Item, analyze
from koers.textmine.cluster import Cluster, Clustering


def _site_url(path: str) -> str:
    return settings.BASE_URL + path


def usecase_item(usecase: UseCase) -> Item:
    """A use case as the text core sees it: the risk of its signed-off triage, or else left to
    the pre-screen of its text."""
    return Item(
        id=usecase.reference,
        text=usecase_text(usecase),
        departments=tuple(d.name for d in usecase.departments.all()),
        declared_personal_data=DECLARED_PERSONAL_DATA.get(PersonalData(usecase.personal_data)),
        inputs=_inputs(usecase, risk=usecase.assessed_risk or "unknown"),  # type: ignore[arg-type]
    )


def stored_themes(usecases: list[UseCase]) -> Clustering | None:
    """The organisation's themes (as the themes page shows them, leads' edits included) as the
    core's clustering of ``usecases``; None when some use case has no theme yet (never computed),
    so that the analysis clusters by itself."""
    members = {
        m.usecase_id: m
        for m in ThemeMember.objects.filter(usecase__in=usecases).select_related("theme")
    }
    if not usecases or len(members) < len(usecases):
        return None
    rows: dict[int, list[int]] = {}
    for row, usecase in enumerate(usecases):
        rows.setdefault(members[usecase.pk].theme.number, []).append(row)
    row_of = {u.pk: row for row, u in enumerate(usecases)}
    clusters = []
    for number, member_rows in sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        theme = members[usecases[member_rows[0]].pk].theme
        clusters.append(
            Cluster(
                number=number,
                members=member_rows,
                terms=list(theme.terms),
                representative=row_of.get(theme.representative_id or 0, member_rows[0]),
                weak=[r for r in member_rows if members[usecases[r].pk].weak],
                name=theme.name,
            )
        )
    labels = np.array([members[u.pk].theme.number for u in usecases], dtype=np.int64)
    weak = np.array([members[u.pk].weak for u in usecases], dtype=bool)
    return Clustering(labels, weak, np.where(weak, 0.0, 1.0), clusters)


def backlog_analysis(
    ctx: OrgContext, *, absolute_url: Callable[[str], str] = _site_url
) -> dict[str, Any]:
    """Themes, similar items, duplicates, pre-screen flags and quick-win scores of the open
    backlog (not merged), in the CLI's JSON document; each item also has its ``usecase_id`` and
    the ``url`` of its page (``absolute_url`` turns a path into an address)."""
    ctx.require(Perm.VIEW)
    themes_place_new(ctx.organisation)
    usecases = list(open_usecases(ctx.organisation).prefetch_related("departments"))
    weights = weights_for(organisation=ctx.organisation).as_weights()
    stored = stored_themes(usecases)
    document = analyze([usecase_item(u) for u in usecases], weights, clustering=stored).document
    themes = (
        {t.number: t for t in Theme.objects.filter(organisation=ctx.organisation)}
        if stored is not None
        else {}
    )
    for found in document["clusters"]:
        theme = themes.get(found["cluster"])
        if theme is not None:
            found["name_nl"], found["name_en"] = theme.label_in("nl"), theme.label_in("en")
    slug = ctx.organisation.slug
    for item, usecase in zip(document["items"], usecases, strict=True):
        path = reverse("backlog:detail", kwargs={"org_slug": slug, "pk": usecase.pk})
        item["usecase_id"] = usecase.pk
        item["url"] = absolute_url(path)
    return document
