"""The AI policy's versions over the API: read them (with the approvers' permission, as the
versions page), compare two, start the policy or a new draft, edit a draft (sections, the matrix,
tools and data classes), submit it, approve it or send it back (never one's own version), publish
it; every member confirms the published version; the leadership team reads the confirmations per
department (small departments merged, counts only) and sends reminders. Every write goes through
``koers.strategy.services.policy``, which checks the permission again and records the history."""

from __future__ import annotations

from typing import Annotated

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import P, PathEx, Router

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
from koers.strategy.api.published import published_or_404
from koers.strategy.models import PolicyApproval, PolicyVersion
from koers.strategy.policy.content import Cell
from koers.strategy.policy.diff import html_text
from koers.strategy.schemas.policy import (
    PolicyAcknowledgeIn,
    PolicyAcknowledgementGroupOut,
    PolicyAcknowledgementOut,
    PolicyAcknowledgementsOut,
    PolicyApprovalOut,
    PolicyDataClassIn,
    PolicyDataClassOut,
    PolicyDataClassRenameIn,
    PolicyDecisionIn,
    PolicyDiffCellOut,
    PolicyDiffNameOut,
    PolicyDiffOut,
    PolicyDiffSectionOut,
    PolicyDiffTitleOut,
    PolicyKeyIn,
    PolicyMatrixIn,
    PolicyRemindersOut,
    PolicySectionsIn,
    PolicyStartIn,
    PolicySubmitIn,
    PolicyToolIn,
    PolicyToolOut,
    PolicyToolRenameIn,
    PolicyVersionCellOut,
    PolicyVersionContentOut,
    PolicyVersionOut,
    PolicyVersionSectionOut,
)
from koers.strategy.selectors import policy as selectors
from koers.strategy.selectors.small_groups import min_group_of
from koers.strategy.services import policy as services

router = Router(tags=["strategy"])

VersionId = PathEx[
    Annotated[int, of_organisation(PolicyVersion, organisation="policy__organisation")],
    P(description="The policy version's id."),
]
SinceId = PathEx[
    Annotated[int, of_organisation(PolicyVersion, organisation="policy__organisation")],
    P(description="The id of the earlier version to compare with."),
]
Manager = OrgSlugWith[str, Perm.MANAGE_STRATEGY]
Approver = OrgSlugWith[str, Perm.APPROVE_POLICY]


def _version(ctx: OrgContext, pk: int) -> PolicyVersion:
    try:
        return selectors.version_get(ctx.organisation, pk=pk)
    except PolicyVersion.DoesNotExist as error:
        raise Http404 from error


def _content(ctx: OrgContext, version: PolicyVersion) -> PolicyVersionContentOut:
    content = selectors.version_content(version)
    return PolicyVersionContentOut(
        version=PolicyVersionOut.model_validate(version),
        language=content.language,  # type: ignore[arg-type]
        title=content.title,
        sections=[
            PolicyVersionSectionOut(
                key=s.key, number=s.number, title=s.title, html=s.html, text=html_text(s.html)
            )
            for s in content.sections
        ],
        data_classes=[PolicyDataClassOut(**d.model_dump()) for d in content.data_classes],
        tools=[PolicyToolOut(**t.model_dump()) for t in content.tools],
        cells=[PolicyVersionCellOut(**c.model_dump(mode="json")) for c in content.cells],
        authored=ctx.user.pk in selectors.version_authors(version),
    )


@router.get(
    "/orgs/{org}/strategy/policy/versions",
    response={200: list[PolicyVersionOut], **ERRORS},
    summary="The policy's versions, newest first",
    description="Number, status, dates and summary (approvers: admins, programme leads, legal "
    "and privacy, as the versions page).",
    operation_id="strategy_policy_versions",
)
def version_list(request: HttpRequest, org: Approver) -> QuerySet[PolicyVersion]:
    ctx = api_org_context(request, org)
    return selectors.versions_list(ctx.organisation)


@router.get(
    "/orgs/{org}/strategy/policy/versions/{id}",
    response={200: PolicyVersionContentOut, **ERRORS},
    summary="One version's content: sections, data classes, tools and the matrix",
    operation_id="strategy_policy_version",
)
def version_read(request: HttpRequest, org: Approver, id: VersionId) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    return _content(ctx, _version(ctx, id))


@router.get(
    "/orgs/{org}/strategy/policy/versions/{id}/changes-since/{since}",
    response={200: PolicyDiffOut, **ERRORS},
    summary="What changed in a version since another: text and matrix",
    description="Section by section (a renumbered or renamed section is the same section) a "
    "word-level comparison, and the data classes, tools and cells added, changed or removed.",
    operation_id="strategy_policy_version_diff",
)
def version_diff(
    request: HttpRequest, org: Approver, id: VersionId, since: SinceId
) -> PolicyDiffOut:
    ctx = api_org_context(request, org)
    new, old = _version(ctx, id), _version(ctx, since)
    diff = selectors.versions_diff(old, new)

    def cell(found: Cell | None) -> PolicyVersionCellOut | None:
        return None if found is None else PolicyVersionCellOut(**found.model_dump(mode="json"))

    return PolicyDiffOut(
        old=PolicyVersionOut.model_validate(old),
        new=PolicyVersionOut.model_validate(new),
        changed=diff.changed,
        title=PolicyDiffTitleOut(old=diff.title[0], new=diff.title[1]) if diff.title else None,
        sections=[
            PolicyDiffSectionOut(
                key=s.key,
                change=s.change.value,
                old_number=s.old_number,
                new_number=s.new_number,
                old_title=s.old_title,
                new_title=s.new_title,
                text=s.text,
            )
            for s in diff.sections
        ],
        data_classes=[
            PolicyDiffNameOut(key=n.key, change=n.change.value, old=n.old, new=n.new)
            for n in diff.data_classes
        ],
        tools=[
            PolicyDiffNameOut(key=n.key, change=n.change.value, old=n.old, new=n.new)
            for n in diff.tools
        ],
        cells=[
            PolicyDiffCellOut(
                tool=c.tool,
                data_class=c.data_class,
                change=c.change.value,
                old=cell(c.old),
                new=cell(c.new),
            )
            for c in diff.cells
        ],
    )


@router.get(
    "/orgs/{org}/strategy/policy/versions/{id}/approvals",
    response={200: list[PolicyApprovalOut], **ERRORS},
    summary="A version's approvals and send-backs, oldest first",
    operation_id="strategy_policy_approvals",
)
def approval_list(request: HttpRequest, org: Approver, id: VersionId) -> QuerySet[PolicyApproval]:
    ctx = api_org_context(request, org)
    return selectors.version_approvals(_version(ctx, id))


@router.post(
    "/orgs/{org}/strategy/policy/start",
    response={201: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Start the AI policy from the template in Dutch or English",
    description="Version 1, a draft; only once (422 when the organisation has a policy).",
    operation_id="strategy_policy_start",
)
def policy_start(
    request: HttpRequest, org: Manager, payload: PolicyStartIn
) -> tuple[int, PolicyVersionContentOut]:
    ctx = api_org_context(request, org)
    return 201, _content(ctx, services.policy_start(ctx, language=payload.language))


@router.post(
    "/orgs/{org}/strategy/policy/draft",
    response={201: PolicyVersionContentOut, **ERRORS},
    summary="Start a new draft from the published version",
    description="422 when nothing is published or a version is being worked on.",
    operation_id="strategy_policy_draft",
)
def draft_start(request: HttpRequest, org: Manager) -> tuple[int, PolicyVersionContentOut]:
    ctx = api_org_context(request, org)
    return 201, _content(ctx, services.draft_start(ctx))


@router.put(
    "/orgs/{org}/strategy/policy/versions/{id}/sections",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Save sections of a draft: number, title and text",
    description="The text is sanitised; a cell that cites a renumbered section follows it. An "
    "unknown section key is a 422.",
    operation_id="strategy_policy_sections",
)
def sections_save(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicySectionsIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    sections = [services.SectionInput(**s.model_dump()) for s in payload.sections]
    return _content(ctx, services.sections_save(ctx, version=_version(ctx, id), sections=sections))


@router.put(
    "/orgs/{org}/strategy/policy/versions/{id}/matrix",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Set cells of a draft's tool x data-class matrix",
    description="Each cell yes, no or conditional (with its condition) and the section to read; "
    'answer "" empties a cell. The cells not given stay as they are.',
    operation_id="strategy_policy_matrix",
)
def matrix_save(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicyMatrixIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    cells = [services.CellInput(**c.model_dump()) for c in payload.cells]
    return _content(ctx, services.matrix_save(ctx, version=_version(ctx, id), cells=cells))


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/tools",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Add a tool to a draft's matrix",
    operation_id="strategy_policy_tool_add",
)
def tool_add(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicyToolIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    version = services.tool_add(
        ctx, version=_version(ctx, id), name=payload.name, description=payload.description
    )
    return _content(ctx, version)


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/tools/rename",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Rename a tool of a draft (its cells stay)",
    operation_id="strategy_policy_tool_rename",
)
def tool_rename(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicyToolRenameIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    version = services.tool_rename(
        ctx,
        version=_version(ctx, id),
        key=payload.key,
        name=payload.name,
        description=payload.description,
    )
    return _content(ctx, version)


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/tools/remove",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Remove a tool and its row of the matrix from a draft",
    operation_id="strategy_policy_tool_remove",
)
def tool_remove(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicyKeyIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    return _content(ctx, services.tool_remove(ctx, version=_version(ctx, id), key=payload.key))


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/data-classes",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Add a data class to a draft's matrix",
    operation_id="strategy_policy_data_class_add",
)
def data_class_add(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicyDataClassIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    version = services.data_class_add(
        ctx, version=_version(ctx, id), label=payload.label, description=payload.description
    )
    return _content(ctx, version)


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/data-classes/rename",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Rename a data class of a draft (its cells stay)",
    operation_id="strategy_policy_data_class_rename",
)
def data_class_rename(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicyDataClassRenameIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    version = services.data_class_rename(
        ctx,
        version=_version(ctx, id),
        key=payload.key,
        label=payload.label,
        description=payload.description,
    )
    return _content(ctx, version)


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/data-classes/remove",
    response={200: PolicyVersionContentOut, **BODY_ERRORS},
    summary="Remove a data class and its column of the matrix from a draft",
    description="422 for the last data class: a policy needs at least one.",
    operation_id="strategy_policy_data_class_remove",
)
def data_class_remove(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicyKeyIn
) -> PolicyVersionContentOut:
    ctx = api_org_context(request, org)
    version = services.data_class_remove(ctx, version=_version(ctx, id), key=payload.key)
    return _content(ctx, version)


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/submit",
    response={200: PolicyVersionOut, **BODY_ERRORS},
    summary="Submit a draft for approval",
    description="From here on its content is kept as it is.",
    operation_id="strategy_policy_submit",
)
def submit(
    request: HttpRequest, org: Manager, id: VersionId, payload: PolicySubmitIn
) -> PolicyVersion:
    ctx = api_org_context(request, org)
    return services.version_submit(ctx, version=_version(ctx, id), summary=payload.summary)


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/decision",
    response={200: PolicyVersionOut, **BODY_ERRORS},
    summary="Approve a version awaiting approval, or send it back with a comment",
    description="Four eyes: never by someone who started, edited or submitted the version "
    "(422). A version sent back is replaced by a new draft with the same content.",
    operation_id="strategy_policy_decide",
)
def decide(
    request: HttpRequest, org: Approver, id: VersionId, payload: PolicyDecisionIn
) -> PolicyVersion:
    ctx = api_org_context(request, org)
    return services.version_decide(
        ctx, version=_version(ctx, id), approve=payload.approve, comment=payload.comment
    )


@router.post(
    "/orgs/{org}/strategy/policy/versions/{id}/publish",
    response={200: PolicyVersionOut, **ERRORS},
    summary="Publish an approved version",
    description="The version published before is superseded; every active member gets an "
    "e-mail asking them to read and confirm it.",
    operation_id="strategy_policy_publish",
)
def publish(request: HttpRequest, org: Manager, id: VersionId) -> PolicyVersion:
    ctx = api_org_context(request, org)
    return services.version_publish(ctx, version=_version(ctx, id))


@router.post(
    "/orgs/{org}/strategy/policy/acknowledgement",
    response={201: PolicyAcknowledgementOut, **BODY_ERRORS},
    summary="Confirm that you read the published policy",
    description="Once per version: a second call answers the first confirmation. 404 when "
    "nothing is published.",
    operation_id="strategy_policy_acknowledge",
)
def acknowledge(
    request: HttpRequest, org: OrgSlug, payload: PolicyAcknowledgeIn
) -> tuple[int, PolicyAcknowledgementOut]:
    ctx = api_org_context(request, org)
    published = published_or_404(ctx)
    acknowledgement = services.acknowledgement_create(ctx, version=published, read=payload.version)
    return 201, PolicyAcknowledgementOut(
        version=published.number, acknowledged_at=acknowledgement.acknowledged_at
    )


@router.get(
    "/orgs/{org}/strategy/policy/acknowledgements",
    response={200: PolicyAcknowledgementsOut, **ERRORS},
    summary="How many confirmed the published policy, per department",
    description="Departments under the organisation's small-group rule (k) are counted "
    "together, so no figure singles anyone out; never who confirmed. 404 when nothing is "
    "published.",
    operation_id="strategy_policy_acknowledgements",
)
def acknowledgements(request: HttpRequest, org: Manager) -> PolicyAcknowledgementsOut:
    ctx = api_org_context(request, org)
    published = published_or_404(ctx)
    groups = selectors.acknowledgements_by_department(ctx.organisation, published)
    return PolicyAcknowledgementsOut(
        version=published.number,
        k=min_group_of(ctx.organisation),
        groups=[
            PolicyAcknowledgementGroupOut(
                label=g.label, members=g.members, acknowledged=g.acknowledged, merged=g.merged
            )
            for g in groups
        ],
    )


@router.post(
    "/orgs/{org}/strategy/policy/reminders",
    response={200: PolicyRemindersOut, **ERRORS},
    summary="Remind by e-mail every member who has not confirmed the published policy",
    description="422 when nothing is published.",
    operation_id="strategy_policy_remind",
)
def remind(request: HttpRequest, org: Manager) -> PolicyRemindersOut:
    ctx = api_org_context(request, org)
    return PolicyRemindersOut(sent=services.reminders_send(ctx))
