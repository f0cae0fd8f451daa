"""The readiness scan's written worries ("What worries you about AI at work?") into Voice, after
the scan's anonymity checks: only the answers its results page publishes become anonymous
concerns, new, for moderation like any other. The same answer is one concern with how many people
wrote it (``mentions``, so a theme's size counts people). A concern names a department only when
everyone who wrote it is in one published department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.services import change_by
from koers.diagnostic.selectors import waves
from koers.diagnostic.services.ideas import Idea, backlog_questions, wave_ideas
from koers.orgs.permissions import Perm
from koers.voice import services
from koers.voice.categorise import suggest
from koers.voice.models import Item, Kind, Source
from koers.voice.tasks import queue_recompute

if TYPE_CHECKING:
    from koers.diagnostic.models import Wave
    from koers.orgs.tenancy import OrgContext

DESTINATION = "voice"


def scan_waves(ctx: OrgContext) -> list[tuple[Wave, int, bool]]:
    """The organisation's waves with worries to take: (wave, published answers, taken already)."""
    ctx.require(Perm.MODERATE_VOICE)
    found = []
    for wave in waves.wave_list(organisation=ctx.organisation):
        if not backlog_questions(wave, DESTINATION):
            continue
        answers = sum(idea.mentions for idea in worries(ctx, wave=wave))
        taken = Item.objects.filter(organisation=ctx.organisation, wave=wave).exists()
        found.append((wave, answers, taken))
    return found


def worries(ctx: OrgContext, *, wave: Wave) -> list[Idea]:
    return wave_ideas(ctx, wave=wave, with_similar=False, destination=DESTINATION)


@transaction.atomic
def worries_take(ctx: OrgContext, *, wave: Wave) -> list[Item]:
    """One anonymous concern per distinct published written worry of the wave, with how many
    wrote it; once per wave."""
    ctx.require(Perm.MODERATE_VOICE)
    if wave.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This wave belongs to another organisation."))
    if Item.objects.filter(organisation=ctx.organisation, wave=wave).exists():
        raise ValidationError(_("The worries of this wave are in Voice already."))
    taken = []
    for idea in worries(ctx, wave=wave):
        raised = services.item_raise_anonymously(
            ctx.organisation,
            kind=Kind.CONCERN,
            text=idea.text,
            category=suggest(idea.text),
            department_id=int(idea.department) if idea.department else None,
            source=Source.SCAN,
            wave=wave,
        )
        raised.item.mentions = idea.mentions
        raised.item.save(update_fields=["mentions"])
        taken.append(raised.item)
    if taken:
        change_by(
            ctx,
            wave,
            action="updated",
            fields={"worries_to_voice": [None, sum(i.mentions for i in taken)]},
        )
        queue_recompute(ctx.organisation.pk)
    return taken
