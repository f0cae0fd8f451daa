"""Voice's items over the API: the published concerns as every member reads them, raising one,
"me too", and the moderators' items (publish, withhold, answer)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Schema

from koers.core.schema_types import Id, Line
from koers.orgs.api import (
    BODY_ERRORS,
    ERRORS,
    OrgSlug,
    OrgSlugWith,
    api_org_context,
    of_organisation,
)
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.voice import selectors, services
from koers.voice.categorise import suggest
from koers.voice.models import Answer, Item
from koers.voice.schemas import (
    AnswerIn,
    AnswerOut,
    ItemIn,
    PublishedItemOut,
    PublishIn,
    RaisedOut,
    SupportOut,
    VoiceItemOut,
    WithholdIn,
)
from koers.voice.services import themes

router = Router()

ItemRef = PathEx[
    Annotated[str, of_organisation(Item, field="ref")], P(description="The item's reference.")
]


def _item(ctx: OrgContext, ref: str) -> Item:
    """The item, for anyone but a moderator it names (another moderator handles that one)."""
    try:
        item = selectors.item_get(ctx.organisation, ref)
    except Item.DoesNotExist as error:
        raise Http404 from error
    if ctx.can(Perm.MODERATE_VOICE) and selectors.names_reader(ctx, item):
        raise PermissionDenied(
            _("This item names you, so another moderator (or an admin) handles it.")
        )
    return item


def _published_item(ctx: OrgContext, ref: str) -> Item:
    found = selectors.published_items(ctx.organisation).filter(ref=ref).first()
    if found is None:
        raise Http404
    return found


def _published_out(ctx: OrgContext, items: Iterable[Item]) -> list[PublishedItemOut]:
    found = list(items)
    counts = selectors.support_counts(found)
    mine = selectors.supported_by(ctx, found)
    departments = themes.quote_departments(found, selectors.k_of(ctx.organisation))
    names = {item.department_id: item.department.name for item in found if item.department}
    return [
        PublishedItemOut(
            ref=item.ref,
            category=item.category,
            public_text=item.public_text,
            department=names.get(departments.get(item.pk)),
            theme_id=item.theme_id,
            published_on=item.published_on,
            support=counts.get(item.pk, 0),
            supported=item.pk in mine,
            answers=[AnswerOut.model_validate(a) for a in selectors.answers_for(item)],
        )
        for item in found
    ]


class PublishedFilter(Schema):
    category: Line = ""
    status: Line = ""


class ItemFilter(Schema):
    kind: Line = ""
    status: Line = ""
    category: Line = ""
    department_id: Id | None = None


@router.get(
    "/orgs/{org}/voice/items",
    response={200: list[PublishedItemOut], **ERRORS},
    summary="The published concerns, as every member reads them",
    description="Newest first, with the published (redacted) text only. Filters: category, and "
    "status answered or open.",
    operation_id="voice_published_items",
)
def published_items(
    request: HttpRequest, org: OrgSlug, filters: Query[PublishedFilter]
) -> list[PublishedItemOut]:
    ctx = api_org_context(request, org)
    found = selectors.published_items(
        ctx.organisation, category=filters.category or None, status=filters.status or None
    )
    return _published_out(ctx, found)


@router.get(
    "/orgs/{org}/voice/items/{ref}",
    response={200: PublishedItemOut, **ERRORS},
    summary="One published concern",
    operation_id="voice_published_item",
)
def published_item(request: HttpRequest, org: OrgSlug, ref: ItemRef) -> PublishedItemOut:
    ctx = api_org_context(request, org)
    return _published_out(ctx, [_published_item(ctx, ref)])[0]


@router.post(
    "/orgs/{org}/voice/items",
    response={201: RaisedOut, **BODY_ERRORS},
    summary="Raise a concern or ask for help",
    description="Anonymous by default: no name is stored and the case code, in this answer only, "
    "reads the answer. An empty category is suggested from the text.",
    operation_id="voice_item_raise",
)
def item_raise(
    request: HttpRequest, org: OrgSlugWith[str, Perm.RAISE_CONCERN], payload: ItemIn
) -> tuple[int, RaisedOut]:
    ctx = api_org_context(request, org)
    raised = services.item_raise(
        ctx,
        kind=payload.kind,
        text=payload.text,
        category=payload.category or suggest(payload.text),
        department_id=payload.department_id,
        anonymous=payload.anonymous,
    )
    item = raised.item
    return 201, RaisedOut(
        ref=None if item.anonymous else item.ref,
        kind=item.kind,
        category=item.category,
        status=item.status,
        case_code=raised.case_code,
    )


@router.get(
    "/orgs/{org}/voice/moderation/items",
    response={200: list[VoiceItemOut], **ERRORS},
    summary="Every item, with the text as submitted (moderators)",
    description="Admins and programme leads. Filters: kind, status, category, department_id. "
    "Newest day first; within a day never in the order they came in.",
    operation_id="voice_items",
)
def items(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MODERATE_VOICE], filters: Query[ItemFilter]
) -> QuerySet[Item]:
    ctx = api_org_context(request, org)
    found = Item.objects.filter(organisation=ctx.organisation).select_related(
        "organisation", "department", "author", "helper__user"
    )
    for name in ("kind", "status", "category"):
        if getattr(filters, name):
            found = found.filter(**{name: getattr(filters, name)})
    if filters.department_id is not None:
        found = found.filter(department_id=filters.department_id)
    named = [item.pk for item in found if selectors.names_reader(ctx, item)]
    return found.exclude(pk__in=named)  # those another moderator handles


@router.get(
    "/orgs/{org}/voice/moderation/items/{ref}",
    response={200: VoiceItemOut, **ERRORS},
    summary="One item with its text, proposed public text, conversation and answers",
    description="Admins and programme leads.",
    operation_id="voice_item",
)
def item(request: HttpRequest, org: OrgSlugWith[str, Perm.MODERATE_VOICE], ref: ItemRef) -> Item:
    ctx = api_org_context(request, org)
    return _item(ctx, ref)


@router.post(
    "/orgs/{org}/voice/moderation/items/{ref}/publish",
    response={200: VoiceItemOut, **BODY_ERRORS},
    summary="Publish a concern with the moderator's public text",
    description="Refused (422) while the redaction still finds personal data or a colleague's "
    "name in public_text, unless allow_found.",
    operation_id="voice_item_publish",
)
def item_publish(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MODERATE_VOICE],
    ref: ItemRef,
    payload: PublishIn,
) -> Item:
    ctx = api_org_context(request, org)
    found = _item(ctx, ref)
    services.item_publish(
        ctx,
        item=found,
        public_text=payload.public_text,
        category=payload.category,
        department_id=payload.department_id,
        allow_found=payload.allow_found,
    )
    return _item(ctx, ref)


@router.post(
    "/orgs/{org}/voice/moderation/items/{ref}/withhold",
    response={200: VoiceItemOut, **BODY_ERRORS},
    summary="Keep a concern off the public page (or take it off)",
    operation_id="voice_item_withhold",
)
def item_withhold(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MODERATE_VOICE],
    ref: ItemRef,
    payload: WithholdIn,
) -> Item:
    ctx = api_org_context(request, org)
    found = _item(ctx, ref)
    services.item_withhold(ctx, item=found, reason=payload.reason)
    return _item(ctx, ref)


@router.post(
    "/orgs/{org}/voice/moderation/items/{ref}/answer",
    response={200: AnswerOut, **BODY_ERRORS},
    summary="Answer an item (or rewrite its answer), linking actions",
    operation_id="voice_item_answer",
)
def item_answer(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MODERATE_VOICE],
    ref: ItemRef,
    payload: AnswerIn,
) -> Answer:
    ctx = api_org_context(request, org)
    found = _item(ctx, ref)
    return services.answer_save(ctx, item=found, body=payload.body, action_ids=payload.action_ids)


@router.post(
    "/orgs/{org}/voice/items/{ref}/support",
    response={200: SupportOut, **ERRORS},
    summary='Say "me too" to a published concern, or take it back',
    description="One per person; who supports what is never shown, only the count.",
    operation_id="voice_item_support",
)
def item_support(
    request: HttpRequest, org: OrgSlugWith[str, Perm.RAISE_CONCERN], ref: ItemRef
) -> SupportOut:
    ctx = api_org_context(request, org)
    found = _published_item(ctx, ref)
    supporting = services.support_toggle(ctx, item=found)
    return SupportOut(
        supporting=supporting, support=selectors.support_counts([found]).get(found.pk, 0)
    )
