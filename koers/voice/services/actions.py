"""Actions: what the organisation does about the concerns, with an owner and a due date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.backlog.selectors.usecases import usecase_get
from koers.core.services import change_by, diff_fields
from koers.orgs.models import Membership
from koers.orgs.permissions import Perm
from koers.voice.models import Action
from koers.voice.services.common import _own

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext


def action_create(
    ctx: OrgContext,
    *,
    kind: str,
    title: str,
    usecase_id: int | None = None,
    owner_id: int | None = None,
    due_on: date | None = None,
) -> Action:
    """A new action: a policy section, a training, a use case of the backlog, a sprint or a
    commitment, with an owner and a due date."""
    ctx.require(Perm.MODERATE_VOICE)
    errors: dict[str, list[str]] = {}
    if kind not in Action.ActionKind.values:
        errors["kind"] = [_("Choose what kind of action it is.")]
    usecase = None
    if usecase_id not in (None, ""):
        try:
            usecase = usecase_get(organisation=ctx.organisation, pk=int(usecase_id))  # type: ignore[arg-type]
        except (ObjectDoesNotExist, TypeError, ValueError):
            errors["usecase"] = [_("Choose a use case of the backlog.")]
    elif kind == Action.ActionKind.USECASE:
        errors["usecase"] = [_("Choose a use case of the backlog.")]
    owner = None
    if owner_id not in (None, ""):
        try:
            owner = Membership.objects.get(
                organisation=ctx.organisation,
                pk=int(owner_id),  # type: ignore[arg-type]
                is_active=True,
            )
        except (Membership.DoesNotExist, TypeError, ValueError):
            errors["owner"] = [_("Choose a member of the organisation.")]
    if due_on is not None and not isinstance(due_on, date):
        errors["due_on"] = [_("Enter a valid date.")]
    clean_title = str(title or "").strip() or (usecase.title[:200] if usecase else "")
    if not clean_title:
        errors["title"] = [_("Say what will be done.")]
    elif len(clean_title) > 200:
        errors["title"] = [_("Keep it under %(most)s characters, please.") % {"most": 200}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = Action.objects.create(
            organisation=ctx.organisation,
            kind=kind,
            title=clean_title,
            usecase=usecase,
            owner=owner,
            due_on=due_on,
        )
        change_by(
            ctx,
            action,
            action="created",
            fields=diff_fields(
                {},
                {"kind": kind, "title": clean_title, "owner": owner, "due_on": due_on},
            ),
        )
    return action


def action_set_status(ctx: OrgContext, *, action: Action, status: str) -> Action:
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, action)
    if status not in Action.ActionStatus.values:
        raise ValidationError({"status": [_("Choose one of the statuses.")]})
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if action.status == status:
            return action
        before = action.status
        action.status = status
        action.save(update_fields=["status"])
        change_by(
            ctx,
            action,
            action="status_changed",
            fields={"status": [before, status]},
        )
    return action
