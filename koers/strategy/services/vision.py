"""Writing the AI vision: answering the guided questions composes a one-page text; the text can
then be edited. Every save that changes something is a new numbered version with its author."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.services import change_by, diff_fields
from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.strategy.models import VisionVersion

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from koers.orgs.tenancy import OrgContext

MAX_ANSWER = 2000
MAX_TEXT = 12000  # about two printed pages: the vision is meant to fit on one
HEADING = "## "


@dataclass(frozen=True)
class Question:
    key: str  # the VisionVersion field
    heading: _StrPromise  # the heading in the composed vision
    question: _StrPromise
    explanation: _StrPromise
    example: _StrPromise


QUESTIONS = (
    Question(
        "ambition",
        gettext_lazy("Our ambition"),
        gettext_lazy("What do we want to achieve with AI in the next one to three years?"),
        gettext_lazy(
            "One or two sentences that someone in any team understands: where we want to be, "
            "not which tools we buy."
        ),
        gettext_lazy(
            "In two years every team uses GenAI every day for routine work, so that we answer "
            "customers twice as fast and have more time for advice."
        ),
    ),
    Question(
        "value",
        gettext_lazy("Where AI creates value"),
        gettext_lazy("Where should AI create value for us first?"),
        gettext_lazy(
            "Name the processes, customers or products where the gain is largest. Choosing "
            "keeps the small initiatives from scattering."
        ),
        gettext_lazy(
            "Customer service (answers and summaries), proposals and tenders, and reporting in "
            "finance."
        ),
    ),
    Question(
        "not_doing",
        gettext_lazy("What we will not do"),
        gettext_lazy("What will we not do with AI?"),
        gettext_lazy(
            "The limits make the vision credible: uses you rule out, data that never goes in, "
            "decisions that stay with people."
        ),
        gettext_lazy(
            "No decisions about people (hiring, assessment) by AI; no customer data in public "
            "chatbots; no AI-generated text to customers without a person checking it."
        ),
    ),
    Question(
        "people",
        gettext_lazy("How we treat our people"),
        gettext_lazy("How do we treat our people, and what happens to jobs?"),
        gettext_lazy(
            "Be honest about jobs: people ask this first. Say what time that is freed goes to, "
            "how you train everyone and who they can go to with concerns."
        ),
        gettext_lazy(
            "Nobody loses their job because of AI in this period; time that is freed goes to "
            "customers and improvement. Everyone gets training, and AI ambassadors help in "
            "every team."
        ),
    ),
    Question(
        "measures",
        gettext_lazy("How we will know it works"),
        gettext_lazy("How will we know it works?"),
        gettext_lazy(
            "A few measurable signs, with a moment to look at them again. Include how people "
            "experience it, not only time and money."
        ),
        gettext_lazy(
            "Hours saved per month in the backlog, customer response time, the readiness scan "
            "every half year, and how many colleagues use AI weekly."
        ),
    ),
)
ANSWER_KEYS = tuple(q.key for q in QUESTIONS)


def _clean_answers(answers: dict[str, object]) -> dict[str, str]:
    clean = {key: str(answers.get(key) or "").strip() for key in ANSWER_KEYS}
    errors: dict[str, list[str]] = {}
    for key, value in clean.items():
        if len(value) > MAX_ANSWER:
            errors[key] = [_("Keep it under %(most)s characters, please.") % {"most": MAX_ANSWER}]
    if not clean["ambition"]:
        errors["ambition"] = [_("Write down the ambition: the vision starts there.")]
    if errors:
        raise ValidationError(errors)
    return clean


def vision_compose_text(organisation: Organisation, answers: dict[str, str]) -> str:
    """The one-page vision from the answers, in the organisation's language: a heading per
    answered question under a short opening."""
    with translation.override(organisation.language):
        parts = [
            HEADING + _("AI vision of %(organisation)s") % {"organisation": organisation.name},
            _(
                "This vision says what we want to achieve with AI, where it should create value, "
                "what we will not do, what it means for our people and how we will know it works. "
                "The leadership team sets it; everyone in the organisation can read it."
            ),
        ]
        for question in QUESTIONS:
            answer = answers.get(question.key, "")
            if answer:
                parts += [HEADING + str(question.heading), answer]
    return "\n\n".join(parts)


def _next_version(
    ctx: OrgContext, *, answers: dict[str, str] | None, text: str, composed: bool
) -> VisionVersion:
    """A new version after the current one; ``answers`` None keeps the current answers."""
    with transaction.atomic():
        # One writer at a time per organisation, so version numbers never collide.
        Organisation.objects.select_for_update().filter(pk=ctx.organisation.pk).first()
        current = VisionVersion.objects.filter(organisation=ctx.organisation).first()
        if answers is None:
            if current is None:
                raise ValidationError(_("Answer the questions first; then you can edit the text."))
            answers = {key: getattr(current, key) for key in ANSWER_KEYS}
        before = {key: getattr(current, key) for key in (*ANSWER_KEYS, "text")} if current else {}
        after = {**answers, "text": text}
        if current is not None and before == after:
            return current
        version = VisionVersion.objects.create(
            organisation=ctx.organisation,
            number=(current.number + 1) if current else 1,
            text=text,
            composed=composed,
            created_by=ctx.user,
            created_at=clock.now(),
            **answers,
        )
        change_by(ctx, version, action="created", fields=diff_fields(before, after))
    return version


def vision_compose(ctx: OrgContext, *, answers: dict[str, object]) -> VisionVersion:
    """A new version from the answers; its text is composed again (replacing an edited text)."""
    ctx.require(Perm.MANAGE_STRATEGY)
    clean = _clean_answers(answers)
    text = vision_compose_text(ctx.organisation, clean)
    return _next_version(ctx, answers=clean, text=text, composed=True)


def vision_edit(ctx: OrgContext, *, text: str) -> VisionVersion:
    """A new version with the text as the leadership team wrote it; the answers stay."""
    ctx.require(Perm.MANAGE_STRATEGY)
    clean = str(text or "").replace("\r\n", "\n").strip()
    if not clean:
        raise ValidationError({"text": [_("The vision cannot be empty.")]})
    if len(clean) > MAX_TEXT:
        raise ValidationError(
            {"text": [_("Keep it under %(most)s characters, please.") % {"most": MAX_TEXT}]}
        )
    return _next_version(ctx, answers=None, text=clean, composed=False)
