"""Raising a concern or a request for help (by name or anonymously), and helping with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.languages import language_for
from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.core.services import change_by, diff_fields
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.permissions import Perm
from koers.voice.models import (
    Category,
    Item,
    Kind,
    Source,
    Status,
)
from koers.voice.selectors import k_of
from koers.voice.services.common import (
    MAX_TEXT,
    Raised,
    _clean_text,
    _department,
    _own,
    case_code_hash,
    case_code_new,
    redact_text,
)

if TYPE_CHECKING:
    from koers.diagnostic.models import Wave
    from koers.orgs.tenancy import OrgContext


def _clean_raise(
    organisation: Organisation, *, kind: Any, text: Any, category: Any, department_id: Any
) -> tuple[str, str, str, Department | None]:
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a concern or a request for help.")]
    if category not in Category.values:
        errors["category"] = [_("Choose one of the categories.")]
    try:
        clean = _clean_text(text, field="text", most=MAX_TEXT, missing=_("Write what it is about."))
    except ValidationError as error:
        errors.update(error.message_dict)
        clean = ""
    department = None
    try:
        department = _department(organisation, department_id)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return str(kind), clean, str(category), department


def _new_item(
    organisation: Organisation,
    *,
    kind: str,
    text: str,
    category: str,
    department: Department | None,
    author: User | None,
    source: str = Source.FORM,
    wave: Wave | None = None,
) -> Raised:
    code = None if author is not None else case_code_new()
    anonymous = author is None
    try:
        redactions = redact_text(organisation, text)[1]
    except ImportError:  # pragma: no cover - the redaction module ships with Koers
        redactions = []
    item = Item.objects.create(
        organisation=organisation,
        kind=kind,
        category=category,
        department=department,
        text=text,
        redactions=redactions,
        anonymous=anonymous,
        author=author,
        case_code_hash=case_code_hash(code) if code else "",
        source=source,
        wave=wave,
        created_on=clock.today(),
        awaiting_digest=anonymous and kind == Kind.HELP,
    )
    return Raised(item=item, case_code=code)


def item_raise(
    ctx: OrgContext,
    *,
    kind: str,
    text: str,
    category: str,
    department_id: int | None,
    anonymous: bool,
) -> Raised:
    """Raise a concern or ask for help, anonymously (a case code, no author, the day only) or
    by name. A help request by name is e-mailed to the helpers of its department at once; an
    anonymous one goes in their daily e-mail (``help_digest_send``)."""
    ctx.require(Perm.RAISE_CONCERN)
    kind, text, category, department = _clean_raise(
        ctx.organisation, kind=kind, text=text, category=category, department_id=department_id
    )
    with transaction.atomic():
        raised = _new_item(
            ctx.organisation,
            kind=kind,
            text=text,
            category=category,
            department=department,
            author=None if anonymous else ctx.user,
        )
        if not anonymous:
            change_by(
                ctx,
                raised.item,
                action="created",
            )
    if raised.item.kind == Kind.HELP and not raised.item.anonymous:
        help_notify(raised.item)
    return raised


def item_raise_anonymously(
    organisation: Organisation,
    *,
    kind: str,
    text: str,
    category: str,
    department_id: int | None,
    source: str = Source.FORM,
    wave: Wave | None = None,
) -> Raised:
    """Raise an item without any person: from the public link or the readiness scan."""
    if source not in Source.values:
        raise ValidationError({"source": [_("Unknown source.")]})
    if wave is not None and wave.organisation_id != organisation.pk:
        raise PermissionDenied
    kind, text, category, department = _clean_raise(
        organisation, kind=kind, text=text, category=category, department_id=department_id
    )
    with transaction.atomic():
        raised = _new_item(
            organisation,
            kind=kind,
            text=text,
            category=category,
            department=department,
            author=None,
            source=source,
            wave=wave,
        )
    return raised


def helpers_for(item: Item) -> list[Membership]:
    """Who a help request goes to: the active evangelists of its department; when there are
    none, or when the request is anonymous and its department too small to be named
    (``department_named``), the programme leads; when there are none either, the organisation's
    admins."""
    active = Membership.objects.filter(
        organisation_id=item.organisation_id, is_active=True
    ).select_related("user")
    if item.department_id is not None and department_named(item):
        evangelists = list(active.filter(role=Role.EVANGELIST, department_id=item.department_id))
        if evangelists:
            return evangelists
    leads = list(active.filter(role=Role.LEAD))
    return leads or list(active.filter(role=Role.ADMIN))


def department_named(item: Item) -> bool:
    """Whether a help request's department may be named to its helpers (or decide who they are):
    always for a request by name; for an anonymous one only when the department has at least
    *k* active members (the organisation's anonymity threshold), so that it does not narrow the
    writer down to a handful of colleagues."""
    department_id = item.department_id
    if department_id is None:
        return False
    if not item.anonymous:
        return True
    members = Membership.objects.filter(
        organisation_id=item.organisation_id, department_id=department_id, is_active=True
    ).count()
    return members >= k_of(item.organisation)


def help_notify(item: Item) -> int:
    """Queue an e-mail to each helper of a help request raised by name, in their own language.
    Returns how many were queued. (Anonymous requests go in the daily ``help_digest_send``.) The
    outbox keeps these e-mails as private ones: the day only, and deleted once sent
    (``koers.core.mail``)."""
    item = Item.objects.select_related("organisation", "department", "author").get(pk=item.pk)
    if item.anonymous:
        return 0
    organisation = item.organisation
    try:
        text = redact_text(organisation, item.text)[0]
    except ImportError:  # pragma: no cover
        text = item.text
    base = str(getattr(settings, "BASE_URL", "")).rstrip("/")
    mails = []
    for membership in helpers_for(item):
        user = membership.user
        if not user.email:
            continue
        language = language_for(user.language, organisation.language)
        with translation.override(language):
            context = {
                "organisation": organisation.name,
                "name": user.name,
                "department": item.department.name if item.department else "",
                "text": text,
                "by": "" if item.anonymous or item.author is None else str(item.author),
                "url": f"{base}/o/{organisation.slug}/voice/help/",
            }
            subject = render_to_string("voice/email/help_subject.txt", context)
            body = render_to_string("voice/email/help_body.txt", context)
        mails.append(
            Mail(
                kind=OutgoingMail.Kind.VOICE_ROUTING,
                organisation_id=organisation.pk,
                to=user.email,
                subject=subject,
                body=body,
                language=language,
            )
        )
    return len(mail_queue(messages=mails))


def _require_helper(ctx: OrgContext, item: Item) -> None:
    ctx.require(Perm.HELP_COLLEAGUES)
    _own(ctx, item)
    if item.kind != Kind.HELP:
        raise ValidationError(_("Only a request for help can be picked up."))


def _set_status(ctx: OrgContext, item: Item, status: str, action: str, **extra: Any) -> Item:
    before = {"status": item.status, **{name: getattr(item, name) for name in extra}}
    item.status = status
    for name, value in extra.items():
        setattr(item, name, value)
    item.save(update_fields=["status", *extra])
    change_by(
        ctx,
        item,
        action=action,
        fields=diff_fields(before, {"status": status, **extra}),
    )
    return item


@transaction.atomic
def help_pick_up(ctx: OrgContext, *, item: Item) -> Item:
    """Take a help request on: it shows who is helping."""
    _require_helper(ctx, item)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.HELPED:
        raise ValidationError(_("This request has already been helped."))
    helper = ctx.membership if ctx.membership.pk else None
    return _set_status(ctx, item, Status.PICKED_UP, "picked_up", helper=helper)


@transaction.atomic
def help_done(ctx: OrgContext, *, item: Item) -> Item:
    _require_helper(ctx, item)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.HELPED:
        return item
    extra: dict[str, Any] = {}
    if item.helper_id is None and ctx.membership.pk:
        extra["helper"] = ctx.membership
    return _set_status(ctx, item, Status.HELPED, "helped", **extra)
