"""Every change to a triage goes through these functions.

Each takes the acting ``OrgContext``, checks the permission, works in one transaction and writes
the history: who answered what and when, sign-offs and re-openings. The outcome always comes from
the AI Act engine (``koers.triage.rules.engine.triage``), so the pages, the API and the command line
agree on the same facts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from koers.backlog.services.usecases import usecase_assess_risk
from koers.core import clock
from koers.core.services import change_by, diff_fields
from koers.orgs.permissions import Perm
from koers.triage.models import Dpia, RiskGroup, Status, Transparency, Triage
from koers.triage.rules import engine
from koers.triage.rules.law import CURRENT as LAW
from koers.triage.rules.law import VERSIONS
from koers.triage.rules.schema import Facts, Result

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase
    from koers.orgs.tenancy import OrgContext

NEEDS_REVIEW = "needs_review"
# The outcome columns, kept beside the whole result so the register can filter on them.
OUTCOME_FIELDS = ("risk_group", "transparency", "dpia", "role")


def facts_dump(facts: Facts) -> dict[str, Any]:
    """The facts as stored and compared: every key, ``None`` for "don't know"."""
    return facts.model_dump(mode="json")


def facts_load(data: dict[str, Any] | None) -> Facts:
    return Facts.model_validate(data or {})


def transparency_value(result: Result) -> str:
    if result.transparency == NEEDS_REVIEW:
        return Transparency.NEEDS_REVIEW
    return Transparency.YES if result.transparency else Transparency.NO


def triage_status(facts: Facts, result: Result) -> str:
    """Draft until something is answered; needs review while any outcome is open; else complete."""
    if all(value is None for value in facts_dump(facts).values()):
        return Status.DRAFT
    outcomes = (result.type, result.risk_group, result.transparency, result.systemic_risk)
    if NEEDS_REVIEW in outcomes or result.dpia == NEEDS_REVIEW:
        return Status.NEEDS_REVIEW
    return Status.COMPLETE


def _outcome(result: Result) -> dict[str, str]:
    return {
        "risk_group": result.risk_group,
        "transparency": transparency_value(result),
        "dpia": result.dpia,
        "role": result.role or "",
    }


def assessed_risk(*, risk_group: str, transparency: str, dpia: str) -> str:
    """The risk level a signed-off triage gives its use case for the quick-win score: high for
    a prohibited practice or a high-risk system; medium with a DPIA (required or recommended) or
    a transparency duty; low otherwise."""
    if risk_group in {RiskGroup.PROHIBITED, RiskGroup.HIGH_RISK}:
        return "high"
    if risk_group == RiskGroup.NEEDS_REVIEW:
        return "medium"
    if dpia in {Dpia.REQUIRED, Dpia.RECOMMENDED, Dpia.NEEDS_REVIEW}:
        return "medium"
    if transparency != Transparency.NO:
        return "medium"
    return "low"


def _assess(ctx: OrgContext, usecase: UseCase, triage: Triage) -> None:
    """Hand the backlog the risk of a signed-off triage, or take it back."""
    risk = ""
    if triage.status == Status.SIGNED_OFF:
        risk = assessed_risk(
            risk_group=triage.risk_group, transparency=triage.transparency, dpia=triage.dpia
        )
    usecase_assess_risk(ctx, usecase=usecase, risk=risk)


def _require_own(ctx: OrgContext, usecase: UseCase) -> None:
    if usecase.organisation_id != ctx.organisation.pk:
        raise PermissionDenied


def _locked(usecase: UseCase) -> Triage | None:
    return Triage.objects.select_for_update().filter(usecase=usecase).first()


def _sign_off_clear(triage: Triage, result: Result, facts: Facts) -> None:
    triage.status = triage_status(facts, result)
    triage.signed_off_by = None
    triage.signed_off_at = None


@transaction.atomic
def triage_save(ctx: OrgContext, *, usecase: UseCase, facts: Facts) -> Triage:
    """Store the answers and the engine's outcome. Changing the answers of a signed-off triage
    re-opens it: the sign-off is cleared and that is recorded too. Unchanged answers change
    nothing and record nothing."""
    ctx.require(Perm.TRIAGE)
    _require_own(ctx, usecase)
    triage = _locked(usecase)
    before_facts = triage.facts if triage else {}
    after_facts = facts_dump(facts)
    changes = diff_fields(before_facts, after_facts)
    if triage is not None and not changes:
        return triage
    result = engine.triage(facts)
    if triage is None:
        triage = Triage(organisation=ctx.organisation, usecase=usecase)
        before_outcome: dict[str, str] = {}
    else:
        before_outcome = {name: getattr(triage, name) for name in OUTCOME_FIELDS}
    was_signed_off = triage.status == Status.SIGNED_OFF
    before_version = triage.rules_version
    triage.facts = after_facts
    _store(triage, result)
    _sign_off_clear(triage, result, facts)
    triage.updated_by = ctx.user
    triage.updated_at = clock.now()
    triage.save()
    if was_signed_off:
        _assess(ctx, usecase, triage)
        change_by(
            ctx,
            triage,
            action="reopened",
            fields={"status": [Status.SIGNED_OFF, triage.status]},
            note=_("Changed answers clear the sign-off."),
        )
    after_outcome = {name: getattr(triage, name) for name in OUTCOME_FIELDS}
    fields = {**changes, **diff_fields(before_outcome, after_outcome)}
    if before_outcome and before_version != triage.rules_version:
        fields["rules_version"] = [before_version, triage.rules_version]
    change_by(ctx, triage, action="triaged", fields=fields)
    return triage


def _store(triage: Triage, result: Result) -> None:
    """The engine's result, its outcome columns and the version of the rules that made it."""
    triage.result = result.model_dump(mode="json")
    for name, value in _outcome(result).items():
        setattr(triage, name, value)
    triage.rules_version = result.law.version


def _codes(result: dict[str, Any]) -> list[str]:
    return [obligation["code"] for obligation in result.get("obligations", [])]


@transaction.atomic
def triage_reconfirm(ctx: OrgContext, *, usecase: UseCase) -> Triage:
    """Move a triage made with older rules to the current ones, as someone who may sign off
    triages: the stored answers are judged again, and what changes (outcomes, obligations, the
    version) is recorded. A signed-off triage whose answers still settle every outcome stays
    signed off, now by the one who re-confirmed it; otherwise the sign-off is cleared."""
    ctx.require(Perm.SIGN_OFF_TRIAGE)
    _require_own(ctx, usecase)
    triage = _locked(usecase)
    if triage is None:
        raise ValidationError(_("This AI application has no triage yet."))
    if triage.rules_version == LAW.version:
        raise ValidationError(_("This triage already follows the current rules."))
    facts = facts_load(triage.facts)
    result = engine.triage(facts)
    before = {name: getattr(triage, name) for name in (*OUTCOME_FIELDS, "rules_version")}
    before_codes = _codes(triage.result)
    was_signed_off = triage.status == Status.SIGNED_OFF
    _store(triage, result)
    status = triage_status(facts, result)
    if was_signed_off and status == Status.COMPLETE:
        triage.status = Status.SIGNED_OFF
        triage.signed_off_by = ctx.user
        triage.signed_off_at = clock.now()
    else:
        _sign_off_clear(triage, result, facts)
    triage.save()
    after = {name: getattr(triage, name) for name in (*OUTCOME_FIELDS, "rules_version")}
    fields = diff_fields(before, after)
    if before_codes != _codes(triage.result):
        fields["obligations"] = [before_codes, _codes(triage.result)]
    if was_signed_off != (triage.status == Status.SIGNED_OFF):
        fields["status"] = [Status.SIGNED_OFF, triage.status]
    _assess(ctx, usecase, triage)
    change_by(ctx, triage, action="reconfirmed", fields=fields)
    return triage


@transaction.atomic
def triage_restore(
    ctx: OrgContext,
    *,
    usecase: UseCase,
    facts: dict[str, Any],
    result: dict[str, Any],
    rules_version: str,
) -> Triage:
    """Store a triage as an earlier version of the rules left it (for the demo and for data
    brought over from an earlier Koers): the answers and that version's result as they were,
    listed for re-confirming. A result of the current rules always comes from the engine, so
    only an older version is accepted; the use case must have no triage yet."""
    ctx.require(Perm.TRIAGE)
    _require_own(ctx, usecase)
    if rules_version not in VERSIONS or rules_version == LAW.version:
        raise ValidationError(_("Only a triage made with older rules can be restored."))
    if _locked(usecase) is not None:
        raise ValidationError(_("This AI application has a triage already."))
    try:
        stored = Result.model_validate(result)
        known = {key: value for key, value in facts.items() if key in Facts.model_fields}
        answers = Facts.model_validate(known)
    except PydanticValidationError as error:
        raise ValidationError(str(error)) from error
    if stored.law.version != rules_version:
        raise ValidationError(_("The result was made with other rules than it says."))
    triage = Triage(organisation=ctx.organisation, usecase=usecase, facts=facts_dump(answers))
    _store(triage, stored)
    triage.result = result  # word for word, as those rules stored it
    triage.status = triage_status(answers, stored)
    triage.updated_by = ctx.user
    triage.updated_at = clock.now()
    triage.save()
    change_by(
        ctx,
        triage,
        action="triaged",
        fields={**diff_fields({}, triage.facts), "rules_version": [None, rules_version]},
    )
    return triage


@transaction.atomic
def triage_sign_off(ctx: OrgContext, *, usecase: UseCase) -> Triage:
    """A lawyer confirms a complete triage. Open questions must be answered first."""
    ctx.require(Perm.SIGN_OFF_TRIAGE)
    _require_own(ctx, usecase)
    triage = _locked(usecase)
    if triage is None or triage.status != Status.COMPLETE:
        if triage is not None and triage.status == Status.SIGNED_OFF:
            raise ValidationError(_("This triage is already signed off."))
        raise ValidationError(
            _("Only a complete triage can be signed off: answer the open questions first.")
        )
    triage.status = Status.SIGNED_OFF
    triage.signed_off_by = ctx.user
    triage.signed_off_at = clock.now()
    triage.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    _assess(ctx, usecase, triage)
    change_by(
        ctx,
        triage,
        action="signed_off",
        fields={"status": [Status.COMPLETE, Status.SIGNED_OFF]},
    )
    return triage


@transaction.atomic
def triage_reopen(ctx: OrgContext, *, usecase: UseCase, note: str = "") -> Triage:
    """Clear the sign-off so the answers can be reviewed again; recorded with an optional note."""
    ctx.require(Perm.TRIAGE)
    _require_own(ctx, usecase)
    triage = _locked(usecase)
    if triage is None or triage.status != Status.SIGNED_OFF:
        raise ValidationError(_("Only a signed-off triage can be re-opened."))
    facts = facts_load(triage.facts)
    _sign_off_clear(triage, Result.model_validate(triage.result), facts)
    triage.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    _assess(ctx, usecase, triage)
    change_by(
        ctx,
        triage,
        action="reopened",
        fields=diff_fields({"status": Status.SIGNED_OFF}, {"status": triage.status}),
        note=note.strip(),
    )
    return triage
