"""The readiness scan over the API: instruments, waves and a wave's results, with the same
services, permissions and anonymity rules as the pages (results come from ``results.py``; a
suppressed cell is absent, never zero)."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Router

from koers.diagnostic import services
from koers.diagnostic.models import Instrument, InstrumentVersion, Wave
from koers.diagnostic.schemas.scans import (
    ActionOut,
    BarrierOut,
    DifferenceOut,
    FiguresOut,
    InstrumentDetailOut,
    InstrumentOut,
    IntervalOut,
    ItemCellOut,
    ItemOut,
    ParticipationOut,
    ResultsOut,
    TextCellOut,
    TextOut,
    WaveIn,
    WaveOut,
)
from koers.diagnostic.selectors.result_shapes import Figures, WaveResults
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.stats import measures as stats
from koers.orgs.api import BODY_ERRORS, ERRORS, OrgSlugWith, api_org_context, of_organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

router = Router(tags=["scans"])

WaveId = PathEx[Annotated[int, of_organisation(Wave)], P(description="The wave's id.")]
InstrumentId = PathEx[
    Annotated[int, of_organisation(Instrument)], P(description="The instrument's id.")
]


def _wave(ctx: OrgContext, pk: int) -> Wave:
    found = (
        Wave.objects.filter(organisation=ctx.organisation, pk=pk)
        .select_related("organisation", "version")
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.get(
    "/orgs/{org}/scans/instruments",
    response={200: list[InstrumentOut], **ERRORS},
    summary="The organisation's scan instruments and calibration quizzes",
    description="Admins and programme leads.",
    operation_id="scan_instruments",
)
def instruments(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCANS]
) -> QuerySet[Instrument]:
    return Instrument.objects.filter(organisation=api_org_context(request, org).organisation)


@router.get(
    "/orgs/{org}/scans/instruments/{id}",
    response={200: InstrumentDetailOut, **ERRORS},
    summary="One instrument with the questions of its newest version",
    operation_id="scan_instrument",
)
def instrument(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCANS], id: InstrumentId
) -> Instrument:
    ctx = api_org_context(request, org)
    found = Instrument.objects.filter(organisation=ctx.organisation, pk=id).first()
    if found is None:
        raise Http404
    return found


@router.get(
    "/orgs/{org}/scans/waves",
    response={200: list[WaveOut], **ERRORS},
    summary="The organisation's scan waves, newest first",
    operation_id="scan_waves",
)
def waves(request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCANS]) -> QuerySet[Wave]:
    ctx = api_org_context(request, org)
    return Wave.objects.filter(organisation=ctx.organisation).select_related(
        "organisation", "version"
    )


@router.post(
    "/orgs/{org}/scans/waves",
    response={201: WaveOut, **BODY_ERRORS},
    summary="Create a wave (draft) from an instrument version",
    description="The version is frozen: later edits of the instrument make a new version. "
    "departments empty: the whole organisation.",
    operation_id="scan_wave_create",
)
def wave_create(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCANS], payload: WaveIn
) -> tuple[int, Wave]:
    ctx = api_org_context(request, org)
    version = (
        InstrumentVersion.objects.filter(
            pk=payload.version_id,
            instrument__organisation=ctx.organisation,
            instrument__kind=Instrument.Kind.SCAN,
        )
        .select_related("instrument")
        .first()
    )
    if version is None:
        raise Http404
    departments = list(ctx.organisation.departments.filter(pk__in=payload.departments))
    if len(departments) != len(set(payload.departments)):
        raise ValidationError({"departments": [_("Choose departments of this organisation.")]})
    wave = services.wave_create(
        ctx,
        version=version,
        name=payload.name,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        departments=departments,
    )
    return 201, _wave(ctx, wave.pk)


@router.get(
    "/orgs/{org}/scans/waves/{id}",
    response={200: WaveOut, **ERRORS},
    summary="One scan wave",
    operation_id="scan_wave",
)
def wave(request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCANS], id: WaveId) -> Wave:
    ctx = api_org_context(request, org)
    return _wave(ctx, id)


@router.get(
    "/orgs/{org}/scans/waves/{id}/results",
    response={200: ResultsOut, **ERRORS},
    summary="A wave's results behind the anonymity threshold",
    description="The figures of the results page. A cell (department x role group, with null "
    "for all) that is not listed is suppressed: fewer than k respondents, or derivable from "
    "the published ones. Free text only for the organisation and published departments.",
    operation_id="scan_wave_results",
)
def results(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCANS], id: WaveId
) -> ResultsOut:
    ctx = api_org_context(request, org)
    return _results_out(wave_results(ctx, _wave(ctx, id)))


def _interval(interval: stats.Interval | None) -> IntervalOut | None:
    return None if interval is None else IntervalOut(low=interval.low, high=interval.high)


def _difference(difference: stats.Difference | None) -> DifferenceOut | None:
    if difference is None:
        return None
    return DifferenceOut(
        estimate=difference.estimate, interval=IntervalOut(**vars(difference.interval))
    )


def _figures(cell: tuple[str | None, str | None], figures: Figures) -> FiguresOut:
    return FiguresOut(
        department=cell[0],
        role_group=cell[1],
        n=figures.n,
        mean=figures.mean.mean,
        interval=_interval(figures.interval),
        agree=figures.agree.value,
        distribution=list(figures.distribution.counts),
    )


def _results_out(found: WaveResults) -> ResultsOut:
    assert found.wave is not None
    return ResultsOut(
        wave_id=found.wave.pk,
        k=found.k,
        respondents=found.respondents,
        invited=found.invited,
        withheld=found.withheld,
        live=found.live,
        in_figures=found.in_figures,
        previous_wave_id=found.previous_wave.pk if found.previous_wave else None,
        compared_on=list(found.compared_on) if found.previous_wave else [],
        participation=[
            ParticipationOut(
                department=p.department,
                department_name=found.department_name(p.department),
                invited=p.invited,
                answered=p.answered,
                by_invitation=p.by_invitation,
                by_link=p.by_link,
            )
            for p in found.participation
        ],
        barriers=[
            BarrierOut(
                id=b.id,
                name=b.name,
                actions=[ActionOut(text=text, module=module) for text, module in b.actions],
                cells=[_figures(cell, figures) for cell, figures in b.cells.items()],
                gap=_difference(b.gap),
                trend=_difference(b.trend),
            )
            for b in found.barriers
        ],
        items=[
            ItemOut(
                id=item.id,
                text=item.text,
                barrier=item.barrier,
                cells=[
                    ItemCellOut(
                        department=cell[0],
                        role_group=cell[1],
                        counts=list(likert.counts),
                        dont_know=likert.dont_know,
                        agree=likert.agree.value,
                    )
                    for cell, likert in item.cells.items()
                ],
            )
            for item in found.items
        ],
        texts=[
            TextOut(
                id=text.id,
                text=text.text,
                cells=[
                    TextCellOut(department=cell[0], answers=answers)
                    for cell, answers in text.cells.items()
                ],
            )
            for text in found.texts
        ],
    )
