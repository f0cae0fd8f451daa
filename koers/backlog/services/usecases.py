"""Every change to the use-case register goes through these functions.

Each one takes the acting ``OrgContext``, checks the permission, does its work in one transaction
and writes the audit record. Views, the API, the CLI and imports all call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from koers.backlog.models.usecases import (
    AssessedRisk,
    Comment,
    DataReadiness,
    Effort,
    PersonalData,
    Stage,
    Technique,
    UseCase,
    Vote,
)
from koers.backlog.signals import backlog_changed
from koers.core.services import change_by, change_record, diff_fields
from koers.orgs.models import Department, Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

# The fields a person edits; also the fields compared for the change history.
EDITABLE_FIELDS = (
    "title",
    "problem",
    "solution",
    "benefits",
    "hours_saved_per_month",
    "other_value_eur_per_year",
    "outputs",
    "data_used",
    "data_readiness",
    "personal_data",
    "technique",
    "effort",
)

# Allowed moves along the lifecycle: forward one step, back one step, retire, reject, reopen.
LIFECYCLE = [
    Stage.IDEA,
    Stage.ASSESSED,
    Stage.SELECTED,
    Stage.IN_SPRINT,
    Stage.PILOT,
    Stage.LIVE,
    Stage.RETIRED,
]


def stage_transitions(stage: str) -> list[Stage]:
    """The stages a use case in ``stage`` may move to."""
    if stage in (Stage.REJECTED, Stage.RETIRED):
        return [Stage.IDEA]
    index = LIFECYCLE.index(Stage(stage))
    targets: list[Stage] = []
    if index > 0:
        targets.append(LIFECYCLE[index - 1])
    targets.append(LIFECYCLE[index + 1])
    if stage in (Stage.PILOT, Stage.IN_SPRINT) and Stage.RETIRED not in targets:
        targets.append(Stage.RETIRED)
    if stage not in (Stage.LIVE,):
        targets.append(Stage.REJECTED)
    return targets


def stage_permission(*, current: str, target: str) -> Perm:
    """Moving an idea to assessed (or back) is an evangelist's job; every other move a lead's."""
    if {current, target} == {Stage.IDEA, Stage.ASSESSED}:
        return Perm.ASSESS_USECASE
    return Perm.DECIDE_USECASE


@dataclass
class UseCaseData:
    """Validated input for creating or editing a use case (from a form, the API or an import)."""

    title: str
    problem: str = ""
    solution: str = ""
    benefits: str = ""
    hours_saved_per_month: Decimal | None = None
    other_value_eur_per_year: Decimal | None = None
    outputs: str = ""
    data_used: str = ""
    data_readiness: str = DataReadiness.UNKNOWN
    personal_data: str = PersonalData.UNKNOWN
    technique: str = Technique.OTHER
    effort: str = Effort.UNKNOWN
    department_ids: tuple[int, ...] = ()


def _snapshot(usecase: UseCase) -> dict[str, Any]:
    data = {name: getattr(usecase, name) for name in EDITABLE_FIELDS}
    data["departments"] = sorted(d.name for d in usecase.departments.all())
    return data


def _departments(organisation: Organisation, ids: tuple[int, ...]) -> list[Department]:
    departments = list(Department.objects.filter(organisation=organisation, id__in=ids))
    if len(departments) != len(set(ids)):
        raise ValidationError({"departments": _("Choose departments of this organisation.")})
    return departments


def next_number(organisation: Organisation) -> int:
    current = UseCase.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"]
    return (current or 0) + 1


def usecase_can_edit(ctx: OrgContext, *, usecase: UseCase) -> bool:
    if ctx.can(Perm.EDIT_ANY_USECASE):
        return True
    return (
        usecase.submitted_by_id == ctx.user.pk
        and not usecase.anonymous
        and usecase.stage == Stage.IDEA
    )


def _require_not_merged(usecase: UseCase) -> None:
    """A merged use case lives on in the one it was merged into: support and decide there."""
    if usecase.merged_into_id is not None:
        keep = UseCase.objects.get(pk=usecase.merged_into_id)
        raise ValidationError(
            _("%(duplicate)s was merged into %(keep)s; continue there.")
            % {"duplicate": usecase.reference, "keep": keep.reference}
        )


@transaction.atomic
def usecase_create(ctx: OrgContext, *, data: UseCaseData, anonymous: bool = False) -> UseCase:
    ctx.require(Perm.SUBMIT_USECASE)
    organisation = Organisation.objects.select_for_update().get(pk=ctx.organisation.pk)
    departments = _departments(organisation, data.department_ids)
    usecase = UseCase(
        organisation=organisation,
        number=next_number(organisation),
        anonymous=anonymous,
        # An anonymous submission is not stored with the person, not even in the history.
        submitted_by=None if anonymous else ctx.user,
        **{name: getattr(data, name) for name in EDITABLE_FIELDS},
    )
    usecase.full_clean(exclude=["organisation", "departments"])
    usecase.save()
    usecase.departments.set(departments)
    change_record(
        obj=usecase,
        organisation_id=organisation.pk,
        actor=None if anonymous else ctx.user,
        actor_label=_("Anonymous") if anonymous else "",
        action="created",
        fields=diff_fields({}, _snapshot(usecase)),
    )
    backlog_changed.send(sender=UseCase, organisation_id=organisation.pk)
    return usecase


@transaction.atomic
def usecase_update(ctx: OrgContext, *, usecase: UseCase, changes: Mapping[str, Any]) -> UseCase:
    """Set the fields in ``changes`` (names of ``EDITABLE_FIELDS`` and ``department_ids``); every
    other field keeps its stored value. Only a field the model allows to be empty may be None."""
    if not usecase_can_edit(ctx, usecase=usecase):
        raise PermissionDenied
    unknown = set(changes) - {*EDITABLE_FIELDS, "department_ids"}
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    nullable = {field.name for field in UseCase._meta.fields if field.null}
    missing = sorted(
        name for name, value in changes.items() if value is None and name not in nullable
    )
    if missing:
        raise ValidationError({name: _("This field needs a value.") for name in missing})
    before = _snapshot(usecase)
    departments = None
    if "department_ids" in changes:
        departments = _departments(ctx.organisation, tuple(changes["department_ids"]))
    for name in EDITABLE_FIELDS:
        if name in changes:
            setattr(usecase, name, changes[name])
    usecase.full_clean(exclude=["organisation", "departments"])
    usecase.save()
    if departments is not None:
        usecase.departments.set(departments)
    fields = diff_fields(before, _snapshot(usecase))
    if fields:
        change_by(
            ctx,
            usecase,
            action="updated",
            fields=fields,
        )
    return usecase


@transaction.atomic
def usecase_change_stage(
    ctx: OrgContext, *, usecase: UseCase, stage: str, reason: str = ""
) -> UseCase:
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    if stage not in stage_transitions(usecase.stage):
        raise ValidationError(
            {
                "stage": _("A use case cannot move from %(current)s to %(target)s.")
                % {"current": Stage(usecase.stage).label, "target": Stage(stage).label}
            }
        )
    ctx.require(stage_permission(current=usecase.stage, target=stage))
    _require_not_merged(usecase)
    reason = reason.strip()
    if stage == Stage.REJECTED and not reason:
        raise ValidationError({"reason": _("Give a reason when you reject a use case.")})
    before = {"stage": usecase.stage, "rejection_reason": usecase.rejection_reason}
    usecase.stage = stage
    usecase.rejection_reason = reason if stage == Stage.REJECTED else ""
    usecase.save(update_fields=["stage", "rejection_reason", "updated_at"])
    change_by(
        ctx,
        usecase,
        action="stage_changed",
        fields=diff_fields(
            before, {"stage": usecase.stage, "rejection_reason": usecase.rejection_reason}
        ),
        note=reason,
    )
    return usecase


@transaction.atomic
def usecase_vote(ctx: OrgContext, *, usecase: UseCase, vote: bool = True) -> bool:
    """Cast (``vote=True``) or withdraw a vote. Returns whether the user now votes for it."""
    ctx.require(Perm.VOTE)
    existing = Vote.objects.filter(usecase=usecase, user=ctx.user)
    if vote:
        _require_not_merged(usecase)
    if vote and not existing.exists():
        try:
            with transaction.atomic():
                Vote.objects.create(usecase=usecase, user=ctx.user)
        except IntegrityError:
            return True
        UseCase.objects.filter(pk=usecase.pk).update(vote_count=F("vote_count") + 1)
        change_record(
            obj=usecase, organisation_id=ctx.organisation.pk, actor=ctx.user, action="voted"
        )
    elif not vote and existing.exists():
        existing.delete()
        UseCase.objects.filter(pk=usecase.pk).update(vote_count=F("vote_count") - 1)
        change_record(
            obj=usecase, organisation_id=ctx.organisation.pk, actor=ctx.user, action="unvoted"
        )
    usecase.refresh_from_db(fields=["vote_count"])
    return vote


@transaction.atomic
def usecase_assess_risk(ctx: OrgContext, *, usecase: UseCase, risk: str) -> None:
    """Give ``usecase`` the risk of its signed-off triage ("" when the sign-off is withdrawn),
    which outranks the pre-screen's guess in the score, the quadrant, the lists, the exports and
    the API. Called by ``koers.triage`` in the transaction that signs off or re-opens."""
    ctx.require(Perm.TRIAGE)
    if usecase.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    if risk not in AssessedRisk.values:
        raise ValueError(f"not a risk level: {risk!r}")
    before = usecase.assessed_risk
    if before == risk:
        return
    UseCase.objects.filter(pk=usecase.pk).update(assessed_risk=risk)
    usecase.assessed_risk = risk
    change_by(ctx, usecase, action="risk_assessed", fields={"assessed_risk": [before, risk]})


def comment_create(ctx: OrgContext, *, usecase: UseCase, body: str) -> Comment:
    ctx.require(Perm.COMMENT)
    _require_not_merged(usecase)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    comment = Comment.objects.create(usecase=usecase, author=ctx.user, body=body)
    UseCase.objects.filter(pk=usecase.pk).update(comment_count=F("comment_count") + 1)
    change_by(
        ctx,
        usecase,
        action="commented",
        note=body[:500],
    )
    return comment


@transaction.atomic
def usecase_merge(ctx: OrgContext, *, duplicate: UseCase, keep: UseCase, note: str = "") -> UseCase:
    """Fold ``duplicate`` into ``keep``: its votes (one per person), comments and departments move
    to ``keep``; the duplicate is rejected as "Merged into UC-n" and leaves the register's lists.

    Both histories record the merge; ``keep``'s history page also shows the duplicate's. Returns
    ``keep`` with fresh counters."""
    ctx.require(Perm.DECIDE_USECASE)
    organisation_id = ctx.organisation.pk
    if organisation_id != duplicate.organisation_id or organisation_id != keep.organisation_id:
        raise ValidationError(_("Only use cases of this organisation can be merged."))
    if duplicate.pk == keep.pk:
        raise ValidationError(_("A use case cannot be merged into itself."))
    # Lock both rows and decide on their current state, so two leads cannot merge crosswise.
    locked = UseCase.objects.select_for_update().in_bulk([duplicate.pk, keep.pk])
    duplicate, keep = locked[duplicate.pk], locked[keep.pk]
    for usecase in (duplicate, keep):
        _require_not_merged(usecase)

    departments_before = sorted(d.name for d in keep.departments.all())
    keep.departments.add(*duplicate.departments.all())
    already_voted = Vote.objects.filter(usecase=keep).values("user_id")
    Vote.objects.filter(usecase=duplicate, user_id__in=already_voted).delete()
    Vote.objects.filter(usecase=duplicate).update(usecase=keep)
    Comment.objects.filter(usecase=duplicate).update(usecase=keep)
    _recount(keep)
    _recount(duplicate)

    note = note.strip()
    reason = _("Merged into %(keep)s") % {"keep": keep.reference}
    before = {
        "stage": duplicate.stage,
        "rejection_reason": duplicate.rejection_reason,
        "merged_into": None,
    }
    duplicate.merged_into = keep
    duplicate.stage = Stage.REJECTED
    duplicate.rejection_reason = reason
    duplicate.save(update_fields=["merged_into", "stage", "rejection_reason", "updated_at"])
    change_record(
        obj=duplicate,
        organisation_id=organisation_id,
        actor=ctx.user,
        action="merged_into",
        fields=diff_fields(
            before, {"stage": duplicate.stage, "rejection_reason": reason, "merged_into": str(keep)}
        ),
        note=note,
    )
    merged_in = _("%(duplicate)s was merged into this one.") % {"duplicate": duplicate}
    change_record(
        obj=keep,
        organisation_id=organisation_id,
        actor=ctx.user,
        action="duplicate_merged",
        fields=diff_fields(
            {"departments": departments_before},
            {"departments": sorted(d.name for d in keep.departments.all())},
        ),
        note=f"{merged_in} {note}".strip(),
    )
    keep.refresh_from_db()
    backlog_changed.send(sender=UseCase, organisation_id=keep.organisation_id)
    return keep


def _recount(usecase: UseCase) -> None:
    UseCase.objects.filter(pk=usecase.pk).update(
        vote_count=Vote.objects.filter(usecase=usecase).count(),
        comment_count=Comment.objects.filter(usecase=usecase).count(),
    )
