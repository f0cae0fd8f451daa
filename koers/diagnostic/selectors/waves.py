"""Reading the scan's waves, links and settings: always within one organisation (the public
answering pages go by the link's secret token instead)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from koers.diagnostic.models import Invitation, Nomination, ScanSettings, SharedLink, Wave
from koers.diagnostic.services import token_hash
from koers.orgs.models import Membership

if TYPE_CHECKING:
    from koers.orgs.models import Organisation


def wave_list(*, organisation: Organisation) -> QuerySet[Wave]:
    return Wave.objects.filter(organisation=organisation).select_related("version")


def wave_get(*, organisation: Organisation, pk: int | str) -> Wave:
    """The organisation's wave; ``Wave.DoesNotExist`` (or ValueError for a pk that is no number)
    for any other."""
    return Wave.objects.select_related("version__instrument", "organisation").get(
        organisation=organisation, pk=int(pk)
    )


def wave_latest_opened(
    *, organisation: Organisation, whole_organisation: bool = False, with_figures: bool = False
) -> Wave | None:
    """The newest wave that has opened (open or closed), if any; with ``whole_organisation``,
    the newest that asked every department (to set beside figures of the whole organisation);
    ``with_figures``: the newest that shows figures (closed, or open with live results)."""
    opened = (
        Wave.objects.filter(organisation=organisation)
        .exclude(status=Wave.Status.DRAFT)
        .order_by("-opens_on", "-pk")
    )
    if with_figures:
        opened = opened.exclude(status=Wave.Status.OPEN, live_results=False)
    if not whole_organisation:
        return opened.first()
    everyone = set(organisation.departments.values_list("pk", flat=True))
    for wave in opened.prefetch_related("departments"):
        asked = {d.pk for d in wave.departments.all()}
        if not asked or asked >= everyone:
            return wave
    return None


def shared_link_get(*, wave: Wave, pk: int) -> SharedLink:
    return SharedLink.objects.select_related("department", "wave").get(wave=wave, pk=pk)


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation behind a token, whatever its state (used, closed), for explaining why it
    cannot be answered."""
    return (
        Invitation.objects.select_related("wave__organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )


def shared_link_by_token(token: str) -> SharedLink | None:
    """The live (not replaced) shared link behind a token, whatever its wave's state."""
    return (
        SharedLink.objects.select_related("wave__organisation")
        .filter(token_hash=token_hash(token), revoked=False)
        .first()
    )


def min_respondents_of(organisation_id: int) -> int:
    """The organisation's k, read without creating its settings (a public page writes nothing)."""
    found = ScanSettings.objects.filter(organisation_id=organisation_id).first()
    default = ScanSettings._meta.get_field("min_respondents").get_default()
    return found.min_respondents if found else int(default)


def wave_waiting_for(*, membership_id: int) -> Wave | None:
    """The open wave this member was invited to and has not answered yet (their own invitation:
    the link is in their e-mail; nobody else sees this)."""
    return (
        Wave.objects.filter(
            status=Wave.Status.OPEN,
            invitations__membership_id=membership_id,
            invitations__used=False,
        )
        .order_by("closes_on", "pk")
        .first()
    )


def volunteers_count(*, organisation: Organisation) -> int:
    """How many people offered in a scan to help as AI ambassador (each counted once)."""
    return (
        Nomination.objects.filter(wave__organisation=organisation)
        .values("membership_id")
        .distinct()
        .count()
    )


def volunteer_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    """The members who offered in a scan to help colleagues (the Academy's candidates)."""
    ids = Nomination.objects.filter(wave__organisation=organisation).values("membership_id")
    return Membership.objects.filter(organisation=organisation, pk__in=ids).select_related(
        "department", "user"
    )
