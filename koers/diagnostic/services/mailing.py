"""Inviting and reminding: one-time links by e-mail, queued through the outbox (koers.core.mail)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.languages import language_for
from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.core.services import change_by
from koers.diagnostic.models import (
    Invitation,
    Wave,
)
from koers.diagnostic.services.common import (
    _own_wave,
    definition_of,
    role_group,
    token_hash,
)
from koers.orgs.models import Membership
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext


def reminders_due(wave: Wave) -> list[Invitation]:
    """The invitations to remind: only those not used yet."""
    return list(wave.invitations.filter(used=False).select_related("membership__user"))


@dataclass(frozen=True)
class Mailing:
    """What a round of e-mails did: how many were queued for sending (the worker sends them; one
    that cannot be delivered is listed in the outbox), and who could not be mailed for want of an
    address (named only for invitations: for reminders a name would tell who has not answered)."""

    queued: int
    not_sent: int
    not_sent_names: tuple[str, ...] = ()


def _mail_link(
    template: str, wave: Wave, membership: Membership, token: str, link_for: LinkFor
) -> Mail | None:
    """One person's e-mail with their link, in their own language; None without an address."""
    user = membership.user
    if not user.email:
        return None
    language = language_for(user.language, wave.organisation.language)
    low, high = definition_of(wave.version).minutes()
    context = {
        "organisation": wave.organisation.name,
        "wave": wave,
        "min_minutes": low,
        "max_minutes": high,
        "name": user.name,
        "url": f"{link_for(token)}?lang={language}",
    }
    with translation.override(language):
        subject = render_to_string(f"diagnostic/email/{template}_subject.txt", context)
        body = render_to_string(f"diagnostic/email/{template}_body.txt", context)
    return Mail(
        kind=MAIL_KINDS[template],
        organisation_id=wave.organisation_id,
        to=user.email,
        subject=subject,
        body=body,
        language=language,
    )


MAIL_KINDS = {
    "invitation": OutgoingMail.Kind.SCAN_INVITATION,
    "reminder": OutgoingMail.Kind.SCAN_REMINDER,
}


def _open_for_mailing(ctx: OrgContext, wave: Wave) -> Wave:
    _own_wave(ctx, wave)
    wave = Wave.objects.select_related("organisation").get(pk=wave.pk)
    if wave.status != Wave.Status.OPEN or wave.closes_on < clock.today():
        raise ValidationError(_("Open the wave first: links are only sent while it is open."))
    return wave


def _new_token(invitation: Invitation) -> str:
    """A fresh link for an invitation: the only way to mail a link again, as only hashes are
    kept. The earlier link stops working; a saved draft stays with the invitation."""
    token = secrets.token_urlsafe(24)
    invitation.token_hash = token_hash(token)
    invitation.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def invitations_send(ctx: OrgContext, *, wave: Wave, link_for: LinkFor) -> Mailing:
    """Queue a personal link for everyone in the audience who has not been sent one: new people
    since the last round, and anyone who had no e-mail address then. The e-mails leave once this
    commits."""
    wave = _open_for_mailing(ctx, wave)
    unsent = list(
        wave.invitations.filter(sent_on__isnull=True, used=False, membership__is_active=True)
        .select_for_update()
        .select_related("membership__user")
    )
    links = [(inv, _new_token(inv)) for inv in unsent] + invitations_issue(ctx, wave=wave)
    mails, queued, without_address = [], [], []
    for invitation, token in links:
        assert invitation.membership is not None  # issued just now or filtered on it
        found = _mail_link("invitation", wave, invitation.membership, token, link_for)
        if found is None:
            without_address.append(invitation)
        else:
            mails.append(found)
            queued.append(invitation.pk)
    mail_queue(messages=mails)
    Invitation.objects.filter(pk__in=queued).update(sent_on=clock.today())
    Invitation.objects.filter(pk__in=[i.pk for i in without_address]).update(sent_on=None)
    if links:
        change_by(
            ctx,
            wave,
            action="invitations queued",
            fields={
                "invitations_queued": [None, len(queued)],
                "not_sent": [None, len(without_address)],
            },
        )
    names = sorted(str(i.membership.user) for i in without_address if i.membership is not None)
    return Mailing(queued=len(queued), not_sent=len(without_address), not_sent_names=tuple(names))


def reminded_today(wave: Wave) -> bool:
    return wave.invitations.filter(reminded_on=clock.today()).exists()


@transaction.atomic
def reminders_send(
    ctx: OrgContext, *, wave: Wave, link_for: LinkFor, again_today: bool = False
) -> Mailing:
    """Remind everyone whose link is unused, with a fresh link (only hashes are kept, so the old
    one cannot be mailed again). Sending twice on one day needs ``again_today``. The e-mails
    leave once this commits."""
    wave = _open_for_mailing(ctx, wave)
    if reminded_today(wave) and not again_today:
        raise ValidationError(
            _("Reminders were sent today already. Confirm to send them again today.")
        )
    due = [
        invitation
        for invitation in reminders_due(wave)
        if invitation.membership is not None and invitation.membership.is_active
    ]
    mails, queued, without_address = [], [], 0
    for invitation in due:
        assert invitation.membership is not None
        token = _new_token(invitation)
        found = _mail_link("reminder", wave, invitation.membership, token, link_for)
        if found is None:
            without_address += 1
        else:
            mails.append(found)
            queued.append(invitation.pk)
    mail_queue(messages=mails)
    Invitation.objects.filter(pk__in=queued).update(reminded_on=clock.today())
    change_by(
        ctx,
        wave,
        action="reminders queued",
        fields={"reminders_queued": [None, len(queued)], "not_sent": [None, without_address]},
    )
    return Mailing(queued=len(queued), not_sent=without_address)


def wave_audience(wave: Wave) -> list[Membership]:
    members = Membership.objects.filter(organisation=wave.organisation, is_active=True)
    chosen = list(wave.departments.values_list("pk", flat=True))
    if chosen:
        members = members.filter(department_id__in=chosen)
    return list(members.select_related("user", "department").order_by("pk"))


@transaction.atomic
def invitations_issue(ctx: OrgContext, *, wave: Wave) -> list[tuple[Invitation, str]]:
    """A one-time link for everyone in the audience who has none yet: (invitation, token). The
    token is shown or mailed once; only its hash is kept."""
    ctx.require(Perm.MANAGE_SCANS)
    if wave.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This wave belongs to another organisation."))
    invited = set(wave.invitations.values_list("membership_id", flat=True))
    issued = []
    today = clock.today()
    for membership in wave_audience(wave):
        if membership.pk in invited:
            continue
        token = secrets.token_urlsafe(24)
        invitation = Invitation.objects.create(
            wave=wave,
            membership=membership,
            token_hash=token_hash(token),
            department=membership.department,
            role_group=role_group(membership.role),
            sent_on=today,
        )
        issued.append((invitation, token))
    return issued


LinkFor = Callable[[str], str]  # token -> the absolute URL of the answering page
