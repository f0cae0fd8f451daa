"""Changes to organisations, departments, memberships, invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.mail import Mail, mail_queue, mail_retry
from koers.core.models import OutgoingMail
from koers.core.services import change_by, change_record, diff_fields
from koers.orgs.models import ApiToken, Department, Invitation, Membership, Organisation, Role, User
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

TOKEN_PREFIX = "koers_"  # noqa: S105 - a prefix, not a secret


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def organisation_create(*, name: str, slug: str = "", admin: User | None = None) -> Organisation:
    slug = slugify(slug or name)[:60]
    if not name.strip() or not slug:
        raise ValidationError({"name": _("Give the organisation a name.")})
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("An organisation with this short name already exists.")})
    organisation = Organisation.objects.create(name=name.strip(), slug=slug)
    change_record(
        obj=organisation,
        organisation_id=organisation.pk,
        actor=admin,
        action="created",
        fields={"name": [None, organisation.name]},
    )
    if admin is not None:
        Membership.objects.create(organisation=organisation, user=admin, role=Role.ADMIN)
    return organisation


@transaction.atomic
def department_create(ctx: OrgContext, *, name: str) -> Department:
    ctx.require(Perm.MANAGE_DEPARTMENTS)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the department a name.")})
    if Department.objects.filter(organisation=ctx.organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("This department already exists.")})
    department = Department.objects.create(organisation=ctx.organisation, name=name)
    change_by(
        ctx,
        department,
        action="created",
        fields={"name": [None, name]},
    )
    return department


@transaction.atomic
def department_rename(ctx: OrgContext, *, department: Department, name: str) -> Department:
    ctx.require(Perm.MANAGE_DEPARTMENTS)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the department a name.")})
    clash = Department.objects.filter(organisation=ctx.organisation, name__iexact=name)
    if clash.exclude(pk=department.pk).exists():
        raise ValidationError({"name": _("This department already exists.")})
    old = department.name
    department.name = name
    department.save(update_fields=["name"])
    change_by(
        ctx,
        department,
        action="updated",
        fields={"name": [old, name]},
    )
    return department


@transaction.atomic
def department_delete(ctx: OrgContext, *, department: Department) -> None:
    ctx.require(Perm.MANAGE_DEPARTMENTS)
    if department.usecases.exists() or department.memberships.filter(is_active=True).exists():
        raise ValidationError(_("This department still has people or use cases; move them first."))
    change_by(
        ctx,
        department,
        action="deleted",
        fields={"name": [department.name, None]},
    )
    department.delete()


@transaction.atomic
def membership_update(
    ctx: OrgContext, *, membership: Membership, role: str, department: Department | None
) -> Membership:
    ctx.require(Perm.MANAGE_PEOPLE)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if department is not None and department.organisation_id != ctx.organisation.pk:
        raise ValidationError({"department": _("Choose a department of this organisation.")})
    if membership.pk == ctx.membership.pk and role != Role.ADMIN:
        raise ValidationError({"role": _("You cannot remove your own admin role.")})
    before = {"role": membership.role, "department": membership.department}
    membership.role = role
    membership.department = department
    membership.save(update_fields=["role", "department"])
    change_by(
        ctx,
        membership,
        action="updated",
        fields=diff_fields(before, {"role": role, "department": department}),
    )
    return membership


@transaction.atomic
def membership_set_active(ctx: OrgContext, *, membership: Membership, active: bool) -> Membership:
    """Deactivate a person who left (or reactivate them). Nothing they did is deleted."""
    ctx.require(Perm.MANAGE_PEOPLE)
    if membership.pk == ctx.membership.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    if membership.is_active == active:
        return membership
    membership.is_active = active
    membership.deactivated_at = None if active else clock.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    change_by(
        ctx,
        membership,
        action="reactivated" if active else "deactivated",
        fields={"is_active": [not active, active]},
    )
    return membership


def invitation_url(token: str) -> str:
    return settings.BASE_URL + reverse("invitation_accept", args=[token])


@transaction.atomic
def invitation_create(
    ctx: OrgContext, *, email: str, role: str, department: Department | None
) -> tuple[Invitation, str]:
    """Create an invitation and queue the e-mail with its one-time link (it leaves once this
    commits). Returns the invitation and its token."""
    ctx.require(Perm.MANAGE_PEOPLE)
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if department is not None and department.organisation_id != ctx.organisation.pk:
        raise ValidationError({"department": _("Choose a department of this organisation.")})
    if Membership.objects.filter(
        organisation=ctx.organisation, user__email=email, is_active=True
    ).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=ctx.organisation,
        email=email,
        role=role,
        department=department,
        token_hash=_hash(token),
        invited_by=ctx.user,
        expires_at=clock.now() + timedelta(days=settings.KOERS_INVITATION_DAYS),
    )
    change_by(
        ctx,
        invitation,
        action="created",
        fields={"email": [None, email], "role": [None, role]},
    )
    mail_queue(
        messages=[
            Mail(
                kind=OutgoingMail.Kind.ORG_INVITATION,
                organisation_id=ctx.organisation.pk,
                to=email,
                language=translation.get_language() or "",
                subject=_("You are invited to %(org)s on Koers") % {"org": ctx.organisation.name},
                body=_(
                    "%(inviter)s invites you to join %(org)s on Koers, where the organisation "
                    "runs its GenAI programme.\n\nAccept the invitation: %(url)s\n\nThe link "
                    "works once and expires in %(days)d days."
                )
                % {
                    "inviter": ctx.user,
                    "org": ctx.organisation.name,
                    "url": invitation_url(token),
                    "days": settings.KOERS_INVITATION_DAYS,
                },
            )
        ]
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation behind ``token``, or None when unknown, used, revoked or expired."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=_hash(token), accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at < clock.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None, name: str = "", password: str = ""
) -> User:
    """Accept as the logged-in ``user`` or, with ``user=None``, as a new account."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at or invitation.expires_at < clock.now():
        raise ValidationError(_("This invitation is no longer valid."))
    if user is None:
        existing = User.objects.filter(email__iexact=invitation.email).first()
        if existing is not None and existing.has_usable_password():
            raise ValidationError(_("You already have an account: log in first, then accept."))
        user = existing or User(email=invitation.email)
        user.name = name.strip() or user.name
        user.set_password(password)
        user.save()
    elif user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation,
        user=user,
        defaults={"role": invitation.role, "department": invitation.department},
    )
    if not created:
        membership.role = invitation.role
        membership.department = invitation.department
        membership.is_active = True
        membership.deactivated_at = None
        membership.save()
    invitation.accepted_at = clock.now()
    invitation.save(update_fields=["accepted_at"])
    change_record(
        obj=membership,
        organisation_id=invitation.organisation_id,
        actor=user,
        action="joined",
        fields={"role": [None, membership.role]},
    )
    return user


@transaction.atomic
def invitation_revoke(ctx: OrgContext, *, invitation: Invitation) -> None:
    ctx.require(Perm.MANAGE_PEOPLE)
    invitation.revoked_at = clock.now()
    invitation.save(update_fields=["revoked_at"])
    change_record(
        obj=invitation, organisation_id=ctx.organisation.pk, actor=ctx.user, action="revoked"
    )


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; the returned secret is shown once and never stored.

    The history records it as a change of the user's account (no organisation), with its name;
    neither the secret nor its prefix is written there."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. what it is for.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], key_hash=_hash(secret)
    )
    change_record(
        obj=token,
        organisation_id=None,
        actor=user,
        action="created",
        fields={"name": [None, token.name]},
        note=token.name,
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens; ``ApiToken.DoesNotExist`` for anyone else's."""
    token = ApiToken.objects.select_for_update().get(
        user=user, pk=token_id, revoked_at__isnull=True
    )
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    change_record(
        obj=token,
        organisation_id=None,
        actor=user,
        action="revoked",
        fields={"revoked_at": [None, token.revoked_at.isoformat()]},
        note=token.name,
    )


def api_token_authenticate(secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    _note_token_use(token)
    return token.user


def _note_token_use(token: ApiToken) -> None:
    """Keep the day a token was last used, not the moment: a call's time to the second could
    date an anonymous action (a concern raised over the API). Written at most once a day."""
    day = timezone.localtime(clock.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    if token.last_used_at is None or token.last_used_at < day:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=day)


def outbox_retry(ctx: OrgContext, *, ids: Sequence[str] | None = None) -> int:
    """An organisation admin puts the organisation's failed e-mails back in the queue."""
    ctx.require(Perm.MANAGE_PEOPLE)
    return mail_retry(organisation=ctx.organisation, actor=ctx.user, ids=ids)
