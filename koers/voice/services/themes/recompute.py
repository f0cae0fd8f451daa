"""Computing the themes: the open concerns grouped by text clustering, or by category when they
are few, keeping the themes moderators made, answered or supported."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.textmine import cluster as clustering
from koers.textmine import naming
from koers.textmine.index import TextIndex
from koers.voice.models import Category, Item, Kind, Status, Theme

# From this many concerns on, themes come from text clustering; below, from the categories: a
# few dozen short texts are too few for clusters that stay put (the demo's 20 made two or three
# themes that moved with every small change), while the categories people chose do.
CLUSTER_FROM = 30
TERMS = 6


def theme_candidates(organisation: Organisation) -> QuerySet[Item]:
    """The concerns themes are made of: open ones, from the form and from the scan."""
    return Item.objects.filter(
        organisation=organisation,
        kind=Kind.CONCERN,
        status__in=(Status.NEW, Status.PUBLISHED),
    )


def clean_text(item: Item) -> str:
    """What may be read out of an item beyond its moderators: the published text, or before
    publication the text with the pre-redaction's spans taken out."""
    if item.public_text:
        return item.public_text
    text, kept, at = item.text, [], 0
    for span in sorted(item.redactions or [], key=lambda r: int(r["start"])):
        start, end = int(span["start"]), int(span["end"])
        if start >= at:
            kept.append(text[at:start])
            at = max(at, end)
    kept.append(text[at:])
    return " ".join(kept)


def _kept_themes(organisation: Organisation) -> QuerySet[Theme]:
    """Themes recomputation leaves alone: made by a moderator, answered or supported."""
    return Theme.objects.filter(organisation=organisation).filter(
        Q(manual=True) | Q(answers__isnull=False) | Q(supports__isnull=False)
    )


@dataclass(frozen=True)
class Recomputed:
    themes: int
    concerns: int
    clustered: bool
    seconds: float


def _groups(
    organisation: Organisation, items: Sequence[Item]
) -> list[tuple[set[int], list[str], dict[str, str]]]:
    """The concerns' groups (item ids) with their key terms and computed names
    (``koers.textmine.naming``; a category's group is named after the category's concern)."""
    texts = [clean_text(item) for item in items]
    taken = Theme.objects.filter(organisation=organisation).exclude(name="")
    lead_names = list(taken.values_list("name", flat=True))
    if len(items) >= CLUSTER_FROM:
        index = TextIndex(texts, language=organisation.language)
        found = clustering.cluster(index).clusters
        names = naming.name_themes(
            texts,
            [group.members for group in found],
            [group.terms for group in found],
            kind="concerns",
            taken=lead_names,
        )
        return [
            ({items[i].pk for i in group.members}, group.terms, name.as_dict())
            for group, name in zip(found, names, strict=True)
        ]
    index = TextIndex(texts, embeddings=False, language=organisation.language)
    rows: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        rows[item.category].append(i)
    with translation.override(organisation.language):
        labels = {value: str(label) for value, label in Category.choices}
    ordered = sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    terms = [index.key_terms(members, TERMS - 1) for _category, members in ordered]
    fixed = {}
    for g, (category, _members) in enumerate(ordered):
        phrase = naming.phrase_for_category(category)
        if phrase is not None:
            fixed[g] = phrase.key
    names = naming.name_themes(
        texts,
        [members for _category, members in ordered],
        terms,
        kind="concerns",
        fixed=fixed,
        taken=lead_names,
    )
    # Concerns of no category that no phrase fits are a mixed bag; say so rather than string
    # their words together.
    other = {}
    for language in naming.LANGUAGES:
        with translation.override(language):
            other[language] = _("Other concerns")
    return [
        (
            {items[i].pk for i in members},
            [labels[category], *found],
            {**other, "phrase": ""}
            if category == Category.OTHER and not name.phrase
            else name.as_dict(),
        )
        for (category, members), found, name in zip(ordered, terms, names, strict=True)
    ]


def themes_recompute(organisation: Organisation) -> Recomputed:
    """Group the open concerns anew, keeping the themes moderators made, answered or supported."""
    started = time.perf_counter()
    with transaction.atomic():
        Item.objects.filter(organisation=organisation, theme__isnull=False).exclude(
            pk__in=theme_candidates(organisation).values("pk")
        ).update(theme=None)
        kept = set(_kept_themes(organisation).values_list("pk", flat=True))
        items = list(
            theme_candidates(organisation)
            .exclude(theme_id__in=kept)
            .only("pk", "text", "public_text", "redactions", "category")
            .order_by("pk")
        )
        earlier: dict[Theme, set[int]] = defaultdict(set)
        for theme_id, item_id in (
            Item.objects.filter(organisation=organisation, theme__isnull=False)
            .exclude(theme_id__in=kept)
            .values_list("theme_id", "pk")
        ):
            earlier[Theme(pk=theme_id, organisation=organisation)].add(item_id)
        continued: list[int] = []
        for members, terms, names in _groups(organisation, items) if items else []:
            free = {t: old for t, old in earlier.items() if t.pk not in continued}
            theme = clustering.continuing(members, free)
            if theme is None:
                theme = Theme.objects.create(organisation=organisation, terms=terms, names=names)
            else:
                Theme.objects.filter(pk=theme.pk).update(terms=terms, names=names)
            continued.append(theme.pk)
            Item.objects.filter(organisation=organisation, pk__in=members).update(theme_id=theme.pk)
        Theme.objects.filter(organisation=organisation).exclude(pk__in=[*kept, *continued]).delete()
        # A moderator's theme whose concerns have all gone (withheld) goes too, unless answered
        # or supported.
        Theme.objects.filter(
            organisation=organisation,
            manual=True,
            items__isnull=True,
            answers__isnull=True,
            supports__isnull=True,
        ).delete()
        count = Theme.objects.filter(organisation=organisation).count()
    return Recomputed(
        themes=count,
        concerns=len(items),
        clustered=len(items) >= CLUSTER_FROM,
        seconds=round(time.perf_counter() - started, 3),
    )


def themes_recompute_now(ctx: OrgContext) -> Recomputed:
    """A moderator's "recompute" button."""
    ctx.require(Perm.MODERATE_VOICE)
    return themes_recompute(ctx.organisation)
