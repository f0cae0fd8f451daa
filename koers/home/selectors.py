"""What the home pages show: where the programme stands on the seven actions of the method, what
waits for the reader, what changed since their last visit, and what is new for a member. Every
figure is read through the other apps' selectors, so each app's rules (who may see what, the
anonymity threshold) hold here too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.backlog.selectors.usecases import (
    usecase_ids_voted_by,
    usecase_stage_counts,
    usecases_since,
    usecases_submitted_by,
)
from koers.backlog.services.themes import usecase_duplicate_ids
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.selectors.waves import (
    volunteers_count,
    wave_latest_opened,
    wave_waiting_for,
)
from koers.orgs.models import Role
from koers.orgs.permissions import Perm
from koers.orgs.selectors import membership_list
from koers.strategy.selectors.policy import has_acknowledged, open_version, published_version
from koers.strategy.selectors.vision import vision_current
from koers.triage.selectors import flagged_untriaged, portfolio, reconfirm_count
from koers.voice import selectors as voice

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase
    from koers.diagnostic.models import Wave
    from koers.orgs.tenancy import OrgContext
    from koers.strategy.models import PolicyVersion, VisionVersion
    from koers.voice.models import Answer

# At most this many new ideas are checked for likely duplicates (each is a search of the index).
DUPLICATES_CHECKED = 10

NOT_STARTED, UNDER_WAY, DONE, NOT_IN_KOERS = "todo", "going", "done", "later"


@dataclass(frozen=True)
class Step:
    """One action of the method, where the programme stands on it and what to do next. ``url``
    is empty when the next step is not a page the reader may open (or not in Koers yet)."""

    number: int
    title: str
    status: str
    summary: str
    next_step: str = ""
    url: str = ""

    @property
    def status_label(self) -> str:
        return {
            NOT_STARTED: _("To do"),
            UNDER_WAY: _("Under way"),
            DONE: _("Done"),
            NOT_IN_KOERS: _("Not in Koers yet"),
        }[self.status]


@dataclass(frozen=True)
class Waiting:
    """Work that waits for the reader: how much, and the page where it is done."""

    label: str
    count: int
    url: str


@dataclass
class Since:
    """What changed since the reader's previous visit (``at`` is None on a first visit)."""

    at: datetime | None
    lines: list[str] = field(default_factory=list)


class Reads:
    """What several parts of the home page need, read once per page."""

    def __init__(self, ctx: OrgContext) -> None:
        self.ctx = ctx

    @cached_property
    def policy(self) -> PolicyVersion | None:
        return published_version(self.ctx.organisation)

    @cached_property
    def vision(self) -> VisionVersion | None:
        return vision_current(self.ctx.organisation)

    @cached_property
    def wave(self) -> Wave | None:
        return wave_latest_opened(organisation=self.ctx.organisation)

    @cached_property
    def in_moderation(self) -> int:
        """Concerns waiting for the reader's moderation (0 for who may not moderate)."""
        if not self.ctx.can(Perm.MODERATE_VOICE):
            return 0
        return len(voice.moderation_queue(self.ctx)["new"])


def _url(ctx: OrgContext, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org_slug": ctx.organisation.slug, **kwargs})


def is_programme_lead(ctx: OrgContext) -> bool:
    """Whoever runs the programme lands on the programme's home: admins and programme leads."""
    return ctx.membership.role in {Role.ADMIN, Role.LEAD}


# --- the programme lead's home -----------------------------------------------------------------


def programme_steps(ctx: OrgContext, reads: Reads) -> list[Step]:
    """The seven actions of the method, in order, each with its status and the next step."""
    stages = usecase_stage_counts(organisation=ctx.organisation)
    return [
        _diagnose(ctx, reads.wave),
        _vision_and_policy(ctx, reads),
        _ambassadors(ctx),
        Step(
            4,
            _("Train leaders, ambassadors and employees"),
            NOT_IN_KOERS,
            _(
                "Training tracks and sessions are not in Koers yet: "
                "plan them outside Koers for now."
            ),
        ),
        _backlog(ctx, stages),
        _quick_wins(ctx, stages),
        _concerns(ctx, reads.in_moderation),
    ]


def _diagnose(ctx: OrgContext, wave: Wave | None) -> Step:
    title = _("Map the barriers with the GenAI-scan")
    may = ctx.can(Perm.MANAGE_SCANS)
    if wave is None:
        return Step(
            1,
            title,
            NOT_STARTED,
            _("No round of the GenAI-scan has been held yet."),
            _("Start a round") if may else "",
            _url(ctx, "diagnostic:scans") if may else "",
        )
    if wave.status == wave.Status.OPEN:
        summary = _("Round “%(name)s” is open until %(day)s.") % {
            "name": wave.name,
            "day": _day(wave.closes_on),
        }
        if may:
            found = wave_results(ctx, wave, figures=False)
            if found.invited:
                summary += " " + _("%(answered)s of %(invited)s invited have answered.") % {
                    "answered": found.respondents,
                    "invited": found.invited,
                }
        return Step(
            1,
            title,
            UNDER_WAY,
            summary,
            _("Follow the round") if may else "",
            _url(ctx, "diagnostic:wave", pk=wave.pk) if may else "",
        )
    return Step(
        1,
        title,
        DONE,
        _("Round “%(name)s” closed on %(day)s.") % {"name": wave.name, "day": _day(wave.closes_on)},
        _("Read the results") if may else "",
        _url(ctx, "diagnostic:results", pk=wave.pk) if may else "",
    )


def _vision_and_policy(ctx: OrgContext, reads: Reads) -> Step:
    title = _("Set the AI vision and the AI policy")
    vision, policy = reads.vision, reads.policy
    draft = open_version(ctx.organisation)
    url = _url(ctx, "strategy:home")
    if vision is None:
        return Step(
            2, title, NOT_STARTED, _("There is no AI vision yet."), _("Write the vision"), url
        )
    if policy is None:
        summary = (
            _("The vision is written; the AI policy is being drafted.")
            if draft
            else _("The vision is written; there is no AI policy yet.")
        )
        return Step(
            2,
            title,
            UNDER_WAY,
            summary,
            _("Continue the policy") if draft else _("Draft the policy"),
            _url(ctx, "strategy:policy"),
        )
    return Step(
        2,
        title,
        DONE,
        _("The vision is written and version %(number)s of the AI policy is published.")
        % {"number": policy.number},
        _("See who confirmed the policy") if ctx.can(Perm.MANAGE_STRATEGY) else "",
        _url(ctx, "strategy:policy_acknowledgements") if ctx.can(Perm.MANAGE_STRATEGY) else "",
    )


def _ambassadors(ctx: OrgContext) -> Step:
    title = _("Find and involve AI ambassadors")
    ambassadors = membership_list(organisation=ctx.organisation, active=True).filter(
        role=Role.EVANGELIST
    )
    count = ambassadors.count()
    volunteers = volunteers_count(organisation=ctx.organisation)
    summary = ngettext("%(count)s AI ambassador.", "%(count)s AI ambassadors.", count) % {
        "count": count
    }
    if volunteers:
        summary += " " + ngettext(
            "%(count)s colleague offered to help in the GenAI-scan.",
            "%(count)s colleagues offered to help in the GenAI-scan.",
            volunteers,
        ) % {"count": volunteers}
    may = ctx.can(Perm.VIEW_PEOPLE)
    return Step(
        3,
        title,
        UNDER_WAY if count else NOT_STARTED,
        summary,
        _("Give colleagues the ambassador role") if may else "",
        _url(ctx, "people") if may else "",
    )


def _backlog(ctx: OrgContext, stages: dict[str, int]) -> Step:
    title = _("Collect AI applications and choose what to build")
    total = sum(stages.values())
    if not total:
        return Step(
            5,
            title,
            NOT_STARTED,
            _("Nobody has submitted an idea yet."),
            _("Submit the first idea"),
            _url(ctx, "backlog:new"),
        )
    chosen = stages["selected"] + stages["in_sprint"]
    summary = ngettext(
        "%(count)s AI application in the backlog", "%(count)s AI applications in the backlog", total
    ) % {"count": total}
    summary += ", " + ngettext(
        "%(count)s chosen to build.", "%(count)s chosen to build.", chosen
    ) % {"count": chosen}
    return Step(
        5,
        title,
        UNDER_WAY,
        summary,
        _("Compare value and effort"),
        _url(ctx, "backlog:quadrant"),
    )


def _quick_wins(ctx: OrgContext, stages: dict[str, int]) -> Step:
    title = _("Deliver quick wins and share them")
    delivered = stages["pilot"] + stages["live"]
    summary = (
        ngettext(
            "%(count)s AI application is in pilot or live.",
            "%(count)s AI applications are in pilot or live.",
            delivered,
        )
        % {"count": delivered}
        if delivered
        else _("No AI application is in pilot or live yet.")
    )
    return Step(
        6,
        title,
        UNDER_WAY if delivered else NOT_STARTED,
        summary,
        _("Plan an AI sprint") if ctx.can(Perm.PLAN_SPRINTS) else _("See the AI sprints"),
        _url(ctx, "sprints:list"),
    )


def _concerns(ctx: OrgContext, waiting: int) -> Step:
    title = _("Answer employees' concerns")
    may = ctx.can(Perm.MODERATE_VOICE)
    published = voice.published_items(ctx.organisation).count()
    if not published and not waiting:
        return Step(
            7,
            title,
            NOT_STARTED,
            _("Nobody has shared a concern yet. Tell colleagues where they can, also anonymously."),
            _("Make a poster with the link") if may else "",
            _url(ctx, "voice:links") if may else "",
        )
    summary = ngettext(
        "%(count)s concern published.", "%(count)s concerns published.", published
    ) % {"count": published}
    if waiting:
        summary += " " + ngettext(
            "%(count)s waits for moderation.", "%(count)s wait for moderation.", waiting
        ) % {"count": waiting}
        return Step(7, title, UNDER_WAY, summary, _("Moderate"), _url(ctx, "voice:moderate"))
    return Step(
        7,
        title,
        UNDER_WAY,
        summary,
        _("Answer on “You asked, we did”"),
        _url(ctx, "voice:said_did"),
    )


def waiting_for(ctx: OrgContext, reads: Reads, *, new_ideas: list[UseCase]) -> list[Waiting]:
    """The work that waits for the reader, only what they may do and only where there is some."""
    found: list[Waiting] = []
    if ctx.can(Perm.MANAGE_SCANS):
        wave = reads.wave
        if wave is not None and wave.status == wave.Status.OPEN:
            found.append(
                Waiting(
                    _("Open round: %(name)s") % {"name": wave.name},
                    1,
                    _url(ctx, "diagnostic:wave", pk=wave.pk),
                )
            )
    if ctx.can(Perm.TRIAGE):
        todo = flagged_untriaged(organisation=ctx.organisation)
        if todo:
            found.append(
                Waiting(
                    _("AI applications the first risk check flags, without a risk triage"),
                    len(todo),
                    _url(ctx, "triage:portfolio"),
                )
            )
    if ctx.can(Perm.SIGN_OFF_TRIAGE):
        counts = portfolio(organisation=ctx.organisation)
        if counts.open_reviews:
            found.append(
                Waiting(
                    _("Risk triages to review or sign off"),
                    counts.open_reviews,
                    _url(ctx, "triage:portfolio"),
                )
            )
        older = reconfirm_count(organisation=ctx.organisation)
        if older:
            found.append(
                Waiting(
                    _("Risk triages made with older rules, to re-confirm"),
                    older,
                    _url(ctx, "triage:reconfirm_list"),
                )
            )
    if ctx.can(Perm.MODERATE_VOICE):
        new = reads.in_moderation
        if new:
            found.append(
                Waiting(_("Concerns waiting for moderation"), new, _url(ctx, "voice:moderate"))
            )
    if ctx.can(Perm.HELP_COLLEAGUES):
        open_requests = len(voice.help_queue(ctx.organisation)["open"])
        if open_requests:
            found.append(Waiting(_("Open help requests"), open_requests, _url(ctx, "voice:help")))
    if ctx.can(Perm.DECIDE_USECASE):
        pairs = _likely_duplicates(ctx, new_ideas)
        if pairs:
            found.append(
                Waiting(
                    _("New ideas that look like another one: merge them?"),
                    len(pairs),
                    _url(ctx, "backlog:detail", pk=pairs[0][0]),
                )
            )
    return found


def _likely_duplicates(ctx: OrgContext, ideas: list[UseCase]) -> list[tuple[int, int]]:
    """Pairs (new idea, the one it resembles) among the newest ideas, each pair once."""
    pairs: dict[frozenset[int], tuple[int, int]] = {}
    twins = usecase_duplicate_ids(ctx, usecases=ideas[:DUPLICATES_CHECKED])
    for idea, found in twins.items():
        for twin in found:
            pairs.setdefault(frozenset((idea, twin)), (idea, twin))
    return list(pairs.values())


def changes_since(
    ctx: OrgContext, reads: Reads, at: datetime | None, new_ideas: list[UseCase]
) -> Since:
    """What happened since ``at``: new ideas, answers to concerns, newly published concerns, a
    newly published policy, a round that opened or closed."""
    since = Since(at)
    if at is None:
        return since
    if new_ideas:
        since.lines.append(
            ngettext("%(count)s new idea.", "%(count)s new ideas.", len(new_ideas))
            % {"count": len(new_ideas)}
        )
    published = voice.published_since(ctx.organisation, at.date())
    if published:
        since.lines.append(
            ngettext("%(count)s concern published.", "%(count)s concerns published.", published)
            % {"count": published}
        )
    answered = voice.answers_since(ctx.organisation, at)
    if answered:
        since.lines.append(
            ngettext("%(count)s answer to a concern.", "%(count)s answers to concerns.", answered)
            % {"count": answered}
        )
    policy = reads.policy
    if policy is not None and policy.published_at and policy.published_at > at:
        since.lines.append(
            _("Version %(number)s of the AI policy was published.") % {"number": policy.number}
        )
    return since


def new_ideas_since(ctx: OrgContext, at: datetime | None) -> list[UseCase]:
    if at is None:
        return []
    return list(usecases_since(organisation=ctx.organisation, since=at)[:50])


# --- a member's home ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberNews:
    """What is new for a member: a round to answer, the policy to confirm, their ideas and votes,
    and the newest answers to colleagues' concerns."""

    round_to_answer: object | None
    policy_to_confirm: object | None
    my_ideas: list[UseCase]
    votes: int
    answers: list[Answer]


def member_news(ctx: OrgContext, reads: Reads) -> MemberNews:
    policy = reads.policy
    return MemberNews(
        round_to_answer=wave_waiting_for(membership_id=ctx.membership.pk),
        policy_to_confirm=(
            policy if policy is not None and not has_acknowledged(ctx.membership, policy) else None
        ),
        my_ideas=list(
            usecases_submitted_by(organisation=ctx.organisation, user_id=ctx.user.pk)[:5]
        ),
        votes=len(usecase_ids_voted_by(organisation=ctx.organisation, user_id=ctx.user.pk)),
        answers=voice.answers_latest(ctx.organisation),
    )


def _day(value: date) -> str:
    return date_format(value, "j F Y")
