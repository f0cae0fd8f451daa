"""The AI policy's workflow: start from a template, edit a draft (sections, data classes, tools,
the matrix), submit it, approve it or send it back (never by one of its own authors), publish it
(everyone is told by e-mail), acknowledge it, and remind those who have not.

Only a draft changes. Each write locks the version, builds the new content, validates the whole
of it with ``PolicyContent`` and records a ``Change`` row, in one transaction; bad input raises
``ValidationError`` with a message for people and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pydantic
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.models import OutgoingMail
from koers.core.services import change_by
from koers.orgs.models import Membership
from koers.orgs.permissions import Perm, roles_with
from koers.strategy.models import Acknowledgement, Policy, PolicyApproval, PolicyVersion
from koers.strategy.policy.content import MAX_SECTION_HTML, Answer, PolicyContent
from koers.strategy.policy.sanitise import MAX_INPUT, sanitise_html
from koers.strategy.policy.template import TEMPLATE_LANGUAGES, policy_template
from koers.strategy.selectors.policy import version_authors
from koers.strategy.services.mails import members_mail, page_url

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext

Status = PolicyVersion.Status
OPEN = (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED)
MAX_COMMENT = 2000
MAX_SUMMARY = 2000
SECTION_NUMBER = re.compile(r"\d{1,2}(\.\d{1,2}){0,2}")


def policy_start(ctx: OrgContext, *, language: str) -> PolicyVersion:
    """Version 1 of the organisation's policy, a draft copied from the template in
    ``language``. Only once: an organisation that has a policy edits or renews it."""
    ctx.require(Perm.MANAGE_STRATEGY)
    if language not in TEMPLATE_LANGUAGES:
        raise ValidationError({"language": [_("Choose Dutch or English.")]})
    with transaction.atomic():
        policy, _created = Policy.objects.select_for_update().get_or_create(
            organisation=ctx.organisation
        )
        if policy.versions.exists():
            raise ValidationError(_("This organisation's AI policy has already been started."))
        version = PolicyVersion.objects.create(
            policy=policy,
            number=1,
            content=policy_template(language).model_dump(mode="json"),
            created_by=ctx.user,
        )
        change_by(ctx, version, action="created", fields={"language": [None, language]})
    return version


def draft_start(ctx: OrgContext) -> PolicyVersion:
    """A new draft, copied from the published version, to work on the next version."""
    ctx.require(Perm.MANAGE_STRATEGY)
    with transaction.atomic():
        policy = Policy.objects.select_for_update().filter(organisation=ctx.organisation).first()
        published = policy.versions.filter(status=Status.PUBLISHED).first() if policy else None
        if policy is None or published is None:
            raise ValidationError(_("There is no published version to start from."))
        if policy.versions.filter(status__in=OPEN).exists():
            raise ValidationError(_("There is already a version being worked on."))
        version = _next_version(ctx, policy, published.content)
        change_by(ctx, version, action="created", note=f"from v{published.number}")
    return version


def _next_version(ctx: OrgContext, policy: Policy, content: Any) -> PolicyVersion:
    last = policy.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PolicyVersion.objects.create(
        policy=policy, number=last + 1, content=content, created_by=ctx.user
    )


# --- editing a draft ---------------------------------------------------------------------------


def _edit(
    ctx: OrgContext,
    *,
    version: PolicyVersion,
    action: str,
    change: Callable[[dict[str, Any]], dict[str, Any] | None],
) -> PolicyVersion:
    """Apply ``change`` to a copy of the draft's content (it returns a summary of what changed
    for the history, or None), validate the whole and save it."""
    ctx.require(Perm.MANAGE_STRATEGY)
    with transaction.atomic():
        version = _locked(ctx, version)
        if version.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be changed. Start a new draft to change it."))
        content = PolicyContent.model_validate(version.content).model_dump(mode="json")
        summary = change(content)
        try:
            checked = PolicyContent.model_validate(content)
        except pydantic.ValidationError as error:
            raise ValidationError(
                _("The policy cannot be saved like this: %(reason)s")
                % {"reason": "; ".join(str(e["msg"]) for e in error.errors())}
            ) from None
        version.content = checked.model_dump(mode="json")
        version.save(update_fields=["content", "updated_at"])
        change_by(ctx, version, action=action, fields=_history(summary))
    return version


def _history(summary: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    return {name: [None, value] for name, value in (summary or {}).items()}


def _locked(ctx: OrgContext, version: PolicyVersion) -> PolicyVersion:
    found = (
        PolicyVersion.objects.select_for_update()
        .filter(pk=version.pk, policy__organisation=ctx.organisation)
        .first()
    )
    if found is None:
        raise ValidationError(_("This version does not belong to this organisation."))
    return found


def _label(value: Any, *, field: str, missing: str, most: int = 120) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError({field: [missing]})
    if len(text) > most:
        raise ValidationError(
            {field: [_("Keep it under %(most)s characters, please.") % {"most": most}]}
        )
    return text


def _rich_text(value: Any) -> str:
    raw = str(value or "")
    if len(raw) > MAX_INPUT:
        raise ValidationError({"html": [_("This text is too long.")]})
    clean = sanitise_html(raw)
    if len(clean) > MAX_SECTION_HTML:
        raise ValidationError({"html": [_("This text is too long.")]})
    return clean


def _new_key(label: str, taken: set[str]) -> str:
    base = (slugify(label)[:32].strip("-_") or "item").lower()
    if not base[0].isalnum():
        base = f"k{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _find(items: list[dict[str, Any]], key: str, *, missing: str) -> dict[str, Any]:
    for item in items:
        if item["key"] == key:
            return item
    raise ValidationError(missing)


@dataclass(frozen=True)
class SectionInput:
    key: str
    number: str
    title: str
    html: str


def sections_save(
    ctx: OrgContext, *, version: PolicyVersion, sections: list[SectionInput]
) -> PolicyVersion:
    """Save the section editor: each section's number, title and text (sanitised). A cell that
    cites a renumbered section cites its new number."""

    def change(content: dict[str, Any]) -> dict[str, Any]:
        given = {s.key: s for s in sections}
        unknown = set(given) - {section["key"] for section in content["sections"]}
        if unknown:
            raise ValidationError(
                _("There is no such section: %(keys)s.")
                % {"keys": ", ".join(sorted(unknown))[:200]}
            )
        renumbered: dict[str, str] = {}
        changed = []
        for section in content["sections"]:
            new = given.get(section["key"])
            if new is None:
                continue
            number = str(new.number or "").strip()
            if not SECTION_NUMBER.fullmatch(number):
                raise ValidationError(
                    {
                        "number": [
                            _("Number a section like 4, 4.2 or 4.2.1, not %(number)s.")
                            % {"number": number[:20]}
                        ]
                    }
                )
            title = _label(new.title, field="title", missing=_("Give every section a title."))
            html = _rich_text(new.html)
            if number != section["number"]:
                renumbered[section["number"]] = number
            if (number, title, html) != (section["number"], section["title"], section["html"]):
                changed.append(section["key"])
            section.update(number=number, title=title, html=html)
        numbers = [section["number"] for section in content["sections"]]
        if len(numbers) != len(set(numbers)):
            raise ValidationError({"number": [_("Give each section its own number.")]})
        _recite(content, renumbered)
        return {"sections": changed}

    return _edit(ctx, version=version, action="sections_edited", change=change)


def section_add(ctx: OrgContext, *, version: PolicyVersion, title: str) -> PolicyVersion:
    """A new, empty section at the end, numbered after the last chapter."""

    def change(content: dict[str, Any]) -> dict[str, Any]:
        clean = _label(title, field="title", missing=_("Give the section a title."))
        chapters = [int(s["number"].split(".")[0]) for s in content["sections"]]
        key = _new_key(clean, {s["key"] for s in content["sections"]})
        number = str(max(chapters, default=0) + 1)
        content["sections"].append({"key": key, "number": number, "title": clean, "html": ""})
        return {"section": key}

    return _edit(ctx, version=version, action="section_added", change=change)


def section_remove(ctx: OrgContext, *, version: PolicyVersion, key: str) -> PolicyVersion:
    def change(content: dict[str, Any]) -> dict[str, Any]:
        section = _find(content["sections"], key, missing=_("There is no such section."))
        citing = [c for c in content["cells"] if c.get("section") == section["number"]]
        if citing:
            raise ValidationError(
                _(
                    "The matrix refers to section %(number)s in %(count)s cells. "
                    "Change those cells first."
                )
                % {"number": section["number"], "count": len(citing)}
            )
        content["sections"].remove(section)
        return {"section": key}

    return _edit(ctx, version=version, action="section_removed", change=change)


def sections_renumber(ctx: OrgContext, *, version: PolicyVersion) -> PolicyVersion:
    """Number the sections 1, 2, 3, ... in their order; cells follow their section."""

    def change(content: dict[str, Any]) -> dict[str, Any]:
        renumbered = {}
        for n, section in enumerate(content["sections"], start=1):
            if section["number"] != str(n):
                renumbered[section["number"]] = str(n)
            section["number"] = str(n)
        _recite(content, renumbered)
        return {"renumbered": sorted(renumbered.items())}

    return _edit(ctx, version=version, action="sections_renumbered", change=change)


def _recite(content: dict[str, Any], renumbered: Mapping[str, str]) -> None:
    for cell in content["cells"]:
        if cell.get("section") in renumbered:
            cell["section"] = renumbered[cell["section"]]


@dataclass(frozen=True)
class _Axis:
    """The matrix's rows (tools) or columns (data classes): the same edits on either."""

    items: str  # the list in the content
    label: str  # its items' name field
    cell: str  # the cells' field that points at an item
    missing: str  # what to say when the name is empty
    unknown: str  # ... when the key is not in the list


def _tools() -> _Axis:
    return _Axis("tools", "name", "tool", _("Name the tool."), _("There is no such tool."))


def _data_classes() -> _Axis:
    return _Axis(
        "data_classes",
        "label",
        "data_class",
        _("Name the data class."),
        _("There is no such data class."),
    )


def _add(axis: _Axis, label: str, description: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(content: dict[str, Any]) -> dict[str, Any]:
        items = content[axis.items]
        clean = _label(label, field=axis.label, missing=axis.missing)
        _unique_label(clean, [item[axis.label] for item in items])
        key = _new_key(clean, {item["key"] for item in items})
        items.append({"key": key, axis.label: clean, "description": _description(description)})
        return {axis.cell: clean}

    return change


def _rename(
    axis: _Axis, key: str, label: str, description: str
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(content: dict[str, Any]) -> dict[str, Any]:
        items = content[axis.items]
        found = _find(items, key, missing=axis.unknown)
        clean = _label(label, field=axis.label, missing=axis.missing)
        _unique_label(clean, [item[axis.label] for item in items if item["key"] != key])
        before = found[axis.label]
        found.update({axis.label: clean, "description": _description(description)})
        return {axis.cell: [before, clean]}

    return change


def _remove(
    axis: _Axis, key: str, *, keep_one: str = ""
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Remove an item and its row or column of the matrix; ``keep_one``: the error when it is
    the last."""

    def change(content: dict[str, Any]) -> dict[str, Any]:
        items = content[axis.items]
        found = _find(items, key, missing=axis.unknown)
        if keep_one and len(items) == 1:
            raise ValidationError(keep_one)
        items.remove(found)
        content["cells"] = [c for c in content["cells"] if c[axis.cell] != key]
        return {axis.cell: found[axis.label]}

    return change


def data_class_add(
    ctx: OrgContext, *, version: PolicyVersion, label: str, description: str = ""
) -> PolicyVersion:
    change = _add(_data_classes(), label, description)
    return _edit(ctx, version=version, action="data_class_added", change=change)


def data_class_rename(
    ctx: OrgContext, *, version: PolicyVersion, key: str, label: str, description: str = ""
) -> PolicyVersion:
    change = _rename(_data_classes(), key, label, description)
    return _edit(ctx, version=version, action="data_class_renamed", change=change)


def data_class_remove(ctx: OrgContext, *, version: PolicyVersion, key: str) -> PolicyVersion:
    """Remove a data class and its column of the matrix (not the last one)."""
    last = _("The policy needs at least one data class.")
    change = _remove(_data_classes(), key, keep_one=last)
    return _edit(ctx, version=version, action="data_class_removed", change=change)


def tool_add(
    ctx: OrgContext, *, version: PolicyVersion, name: str, description: str = ""
) -> PolicyVersion:
    return _edit(
        ctx, version=version, action="tool_added", change=_add(_tools(), name, description)
    )


def tool_rename(
    ctx: OrgContext, *, version: PolicyVersion, key: str, name: str, description: str = ""
) -> PolicyVersion:
    change = _rename(_tools(), key, name, description)
    return _edit(ctx, version=version, action="tool_renamed", change=change)


def tool_remove(ctx: OrgContext, *, version: PolicyVersion, key: str) -> PolicyVersion:
    """Remove a tool and its row of the matrix."""
    return _edit(ctx, version=version, action="tool_removed", change=_remove(_tools(), key))


def _unique_label(label: str, others: list[str]) -> None:
    if label.casefold() in {o.casefold() for o in others}:
        raise ValidationError(_("%(label)s is already in the matrix.") % {"label": label})


def _description(value: Any) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > 500:
        raise ValidationError(
            {"description": [_("Keep it under %(most)s characters, please.") % {"most": 500}]}
        )
    return text


@dataclass(frozen=True)
class CellInput:
    """One cell of the matrix editor. ``answer`` "" empties the cell."""

    tool: str
    data_class: str
    answer: str
    condition: str = ""
    section: str = ""


def matrix_save(
    ctx: OrgContext, *, version: PolicyVersion, cells: list[CellInput]
) -> PolicyVersion:
    """Set the given cells (the whole table form, or one cell); the others stay as they are."""

    def change(content: dict[str, Any]) -> dict[str, Any]:
        tools = {t["key"]: t["name"] for t in content["tools"]}
        classes = {d["key"]: d["label"] for d in content["data_classes"]}
        numbers = {s["number"] for s in content["sections"]}
        existing = {(c["tool"], c["data_class"]): c for c in content["cells"]}
        changed = []
        for given in cells:
            if given.tool not in tools or given.data_class not in classes:
                raise ValidationError(_("That tool or data class is not in the matrix."))
            where = f"{tools[given.tool]} \N{MULTIPLICATION SIGN} {classes[given.data_class]}"
            key = (given.tool, given.data_class)
            if not given.answer:
                if existing.pop(key, None) is not None:
                    changed.append(where)
                continue
            if given.answer not in Answer.__members__.values():
                raise ValidationError(
                    _("%(cell)s: choose yes, no or conditional.") % {"cell": where}
                )
            condition = " ".join(str(given.condition or "").split())
            if given.answer == Answer.CONDITIONAL and not condition:
                raise ValidationError(
                    _("%(cell)s: a conditional answer needs its condition.") % {"cell": where}
                )
            if len(condition) > 500:
                raise ValidationError(
                    _("%(cell)s: keep the condition under 500 characters.") % {"cell": where}
                )
            section = str(given.section or "").strip() or None
            if section is not None and section not in numbers:
                raise ValidationError(
                    _("%(cell)s: there is no section %(number)s.")
                    % {"cell": where, "number": section}
                )
            cell = {
                "tool": given.tool,
                "data_class": given.data_class,
                "answer": given.answer,
                "condition": condition,
                "section": section,
            }
            if existing.get(key) != cell:
                changed.append(where)
            existing[key] = cell
        order = {(t, d): i for i, (t, d) in enumerate((t, d) for t in tools for d in classes)}
        content["cells"] = sorted(
            existing.values(), key=lambda c: order[(c["tool"], c["data_class"])]
        )
        return {"cells": changed}

    return _edit(ctx, version=version, action="matrix_edited", change=change)


# --- approval and publication -----------------------------------------------------------------


def version_submit(ctx: OrgContext, *, version: PolicyVersion, summary: str = "") -> PolicyVersion:
    """Send a draft for approval; from here on its content is kept as it is."""
    ctx.require(Perm.MANAGE_STRATEGY)
    clean = str(summary or "").strip()
    if len(clean) > MAX_SUMMARY:
        raise ValidationError(
            {"summary": [_("Keep it under %(most)s characters, please.") % {"most": MAX_SUMMARY}]}
        )
    with transaction.atomic():
        version = _locked(ctx, version)
        if version.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for approval."))
        PolicyContent.model_validate(version.content)
        version.status = Status.IN_REVIEW
        version.summary = clean
        version.submitted_at = clock.now()
        version.save(update_fields=["status", "summary", "submitted_at", "updated_at"])
        change_by(
            ctx, version, action="submitted", fields={"status": [Status.DRAFT, Status.IN_REVIEW]}
        )
        approvers = _active(ctx).filter(role__in=roles_with(Perm.APPROVE_POLICY))
        approvers = approvers.exclude(user_id__in=version_authors(version))
        _mail(ctx, version, approvers, template="review", page="strategy:policy_review")
    return version


def version_decide(
    ctx: OrgContext, *, version: PolicyVersion, approve: bool, comment: str = ""
) -> PolicyVersion:
    """Approve a version in review, or send it back with a comment. Never by one of its authors
    (whoever started or edited it): four eyes see every version. A version sent back stays as it
    was; a new draft with the same content takes its place, so the work goes on."""
    ctx.require(Perm.APPROVE_POLICY)
    clean = str(comment or "").strip()
    if len(clean) > MAX_COMMENT:
        raise ValidationError(
            {"comment": [_("Keep it under %(most)s characters, please.") % {"most": MAX_COMMENT}]}
        )
    if not approve and not clean:
        raise ValidationError(
            {"comment": [_("Say what needs to change before it can be approved.")]}
        )
    with transaction.atomic():
        version = _locked(ctx, version)
        if version.status != Status.IN_REVIEW:
            raise ValidationError(_("This version is not waiting for approval."))
        if ctx.user.pk in version_authors(version):
            raise ValidationError(
                _(
                    "You worked on this version, so someone else has to approve it. "
                    "Ask another approver (an admin, programme lead or legal and privacy)."
                )
            )
        decision = PolicyApproval.Decision.APPROVE if approve else PolicyApproval.Decision.SEND_BACK
        PolicyApproval.objects.create(
            version=version, approver=ctx.user, decision=decision, comment=clean
        )
        status = Status.APPROVED if approve else Status.REJECTED
        version.status = status
        if approve:
            version.approved_at = clock.now()
        version.save(update_fields=["status", "approved_at", "updated_at"])
        change_by(
            ctx,
            version,
            action=str(decision),
            fields={"status": [Status.IN_REVIEW, status]},
            note=clean,
        )
        authors = _active(ctx).filter(user_id__in=version_authors(version))
        if approve:
            _mail(ctx, version, authors, template="approved", page="strategy:policy")
        else:
            author = version.created_by
            draft = _next_version(ctx, version.policy, version.content)
            draft.created_by = author
            draft.save(update_fields=["created_by"])
            # Not "created": that would make the approver an author of the draft, and then
            # unable to approve it when it comes back (four eyes).
            change_by(ctx, draft, action="reopened", note=f"v{version.number} sent back")
            _mail(ctx, draft, authors, template="sent_back", page="strategy:policy", comment=clean)
    return version


def _active(ctx: OrgContext) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=ctx.organisation, is_active=True)


def version_publish(ctx: OrgContext, *, version: PolicyVersion) -> PolicyVersion:
    """Publish an approved version: the one published before is superseded, and every active
    member gets an e-mail, in their own language, asking them to read and confirm it."""
    ctx.require(Perm.MANAGE_STRATEGY)
    with transaction.atomic():
        version = _locked(ctx, version)
        if version.status != Status.APPROVED:
            raise ValidationError(_("Only an approved version can be published."))
        previous = (
            PolicyVersion.objects.select_for_update()
            .filter(policy_id=version.policy_id, status=Status.PUBLISHED)
            .first()
        )
        if previous is not None:
            previous.status = Status.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
            change_by(
                ctx,
                previous,
                action="superseded",
                fields={"status": [Status.PUBLISHED, Status.SUPERSEDED]},
            )
        version.status = Status.PUBLISHED
        version.published_at = clock.now()
        version.published_by = ctx.user
        version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        change_by(
            ctx, version, action="published", fields={"status": [Status.APPROVED, Status.PUBLISHED]}
        )
        _mail(ctx, version, _active(ctx), template="published")
    return version


def acknowledgement_create(
    ctx: OrgContext, *, version: PolicyVersion, read: int | None = None
) -> Acknowledgement:
    """The member read the published version and confirms it; once (a second time returns the
    first confirmation). ``read``: the number of the version the member read, when known — a
    newer one published meanwhile is not confirmed unread."""
    ctx.require(Perm.VIEW)
    if ctx.membership.pk is None:
        raise ValidationError(_("Only members of the organisation confirm its policy."))
    with transaction.atomic():
        version = _locked(ctx, version)
        if version.status != Status.PUBLISHED:
            raise ValidationError(_("Only the published policy can be confirmed."))
        if read is not None and read != version.number:
            raise ValidationError(
                _(
                    "Version %(number)s was published since you opened the policy. Please read "
                    "it, then confirm."
                )
                % {"number": version.number}
            )
        found = Acknowledgement.objects.filter(version=version, membership=ctx.membership).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                acknowledgement = Acknowledgement.objects.create(
                    version=version, membership=ctx.membership
                )
        except IntegrityError:  # the same person, twice at once
            return Acknowledgement.objects.get(version=version, membership=ctx.membership)
        change_by(ctx, acknowledgement, action="created", note=f"v{version.number}")
    return acknowledgement


def reminders_send(ctx: OrgContext) -> int:
    """E-mail every active member who has not confirmed the published version; how many."""
    ctx.require(Perm.MANAGE_STRATEGY)
    with transaction.atomic():
        version = PolicyVersion.objects.filter(
            policy__organisation=ctx.organisation, status=Status.PUBLISHED
        ).first()
        if version is None:
            raise ValidationError(_("There is no published policy to remind people of."))
        waiting = (
            _active(ctx)
            .exclude(policy_acknowledgements__version=version)
            .exclude(pk=ctx.membership.pk)  # not the one who sends them
        )
        count = _mail(ctx, version, waiting, template="reminder")
        change_by(ctx, version, action="reminders_sent", fields={"reminders": [None, count]})
    return count


PAGES_OF_A_VERSION = {"strategy:policy_review", "strategy:policy_version"}


def _mail(
    ctx: OrgContext,
    version: PolicyVersion,
    members: Any,
    *,
    template: str,
    page: str = "strategy:policy_read",
    **context: Any,
) -> int:
    """E-mail ``members`` about ``version``, each in their own language, with a link to
    ``page`` (given the version's pk when it takes one)."""
    by_version = {"pk": version.pk} if page in PAGES_OF_A_VERSION else {}
    url = page_url(ctx.organisation.slug, page, **by_version)
    return members_mail(
        members.select_related("user", "organisation"),
        kind=OutgoingMail.Kind.POLICY,
        template=f"policy_{template}",
        context={
            "number": version.number,
            "url": url,
            "sender": ctx.user.name or ctx.user.email,
            **context,
        },
    )
