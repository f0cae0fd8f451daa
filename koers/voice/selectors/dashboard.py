"""The leaders' dashboard of Voice: open against answered, the median time to a first answer,
themes rising or falling, and job-security worry beside the scan's job-displacement barrier.

Figures only, from concerns (never their text): withheld concerns and help requests are left
out. The scan's score is shown only where its results publish it (the organisation's figure, at
least *k* respondents)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Min
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.core import charts
from koers.core.charts import Bar, Scale, decimal, percent
from koers.diagnostic.selectors import waves
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.stats import measures as stats
from koers.orgs.permissions import Perm
from koers.voice.models import Answer, Category, Item, Kind, Status
from koers.voice.services import themes

if TYPE_CHECKING:
    from koers.diagnostic.models import Wave
    from koers.orgs.tenancy import OrgContext

JOB_BARRIER = "job_displacement"
DASH = "\N{EN DASH}"


@dataclass(frozen=True)
class Trend:
    label: str
    this_month: int
    last_month: int

    @property
    def change(self) -> int:
        return self.this_month - self.last_month


@dataclass(frozen=True)
class ScanFigure:
    wave: Wave
    barrier: str
    mean: stats.Mean


@dataclass
class Dashboard:
    new: int  # waiting for moderation
    open: int  # published, not answered
    answered: int  # published, answered (itself or its theme)
    median_days: float | None  # from raised to the first answer
    rising: list[Trend]
    falling: list[Trend]
    jobs: stats.Share  # concerns about job security among all concerns
    scan: ScanFigure | None
    charts: dict[str, SafeString]


def _first_answers(organisation_id: int) -> tuple[dict[int, dt.date], dict[int, dt.date]]:
    answers = Answer.objects.filter(organisation_id=organisation_id)
    by_item = {
        pk: timezone.localdate(at)
        for pk, at in answers.exclude(item=None)
        .values("item_id")
        .annotate(at=Min("created_at"))
        .values_list("item_id", "at")
    }
    by_theme = {
        pk: timezone.localdate(at)
        for pk, at in answers.exclude(theme=None)
        .values("theme_id")
        .annotate(at=Min("created_at"))
        .values_list("theme_id", "at")
    }
    return by_item, by_theme


def _scan_figure(ctx: OrgContext) -> ScanFigure | None:
    """The job-displacement barrier of the latest scan wave that shows figures (closed, or open
    with live results) and asked the whole organisation, as Voice's concerns come from everyone
    (a wave of one department would set unlike groups side by side), where published."""
    if not ctx.can(Perm.MANAGE_SCANS):
        return None
    wave = waves.wave_latest_opened(
        organisation=ctx.organisation, whole_organisation=True, with_figures=True
    )
    if wave is None:
        return None
    results = wave_results(ctx, wave)
    for barrier in results.barriers:
        figures = barrier.organisation
        if barrier.id == JOB_BARRIER and figures is not None and figures.mean.mean is not None:
            return ScanFigure(wave, barrier.name, figures.mean)
    return None


def dashboard_build(ctx: OrgContext, *, today: dt.date | None = None) -> Dashboard:
    ctx.require(Perm.MODERATE_VOICE)
    organisation = ctx.organisation
    concerns = list(
        Item.objects.filter(organisation=organisation, kind=Kind.CONCERN)
        .exclude(status=Status.WITHHELD)
        .only("pk", "status", "theme_id", "created_on", "category")
    )
    by_item, by_theme = _first_answers(organisation.pk)
    waits, answered, open_ = [], 0, 0
    for item in concerns:
        firsts = [d for d in (by_item.get(item.pk), by_theme.get(item.theme_id or 0)) if d]
        if item.status != Status.PUBLISHED:
            continue
        if firsts:
            answered += 1
            waits.append(max(0, (min(firsts) - item.created_on).days))
        else:
            open_ += 1
    overview = themes.theme_overview(organisation, published_only=False, today=today)
    trends = [Trend(s.label, s.this_month, s.last_month) for s in overview.themes]
    jobs = stats.Share(
        sum(i.mentions for i in concerns if i.category == Category.JOB_SECURITY),
        sum(i.mentions for i in concerns),
    )
    scan = _scan_figure(ctx)
    board = Dashboard(
        new=sum(1 for i in concerns if i.status == Status.NEW),
        open=open_,
        answered=answered,
        median_days=statistics.median(waits) if waits else None,
        rising=sorted((t for t in trends if t.change > 0), key=lambda t: (-t.change, t.label)),
        falling=sorted((t for t in trends if t.change < 0), key=lambda t: (t.change, t.label)),
        jobs=jobs,
        scan=scan,
        charts={},
    )
    board.charts = _charts(board)
    return board


def _charts(board: Dashboard) -> dict[str, SafeString]:
    most = max(board.new, board.open, board.answered, 1)
    found = {
        "status": charts.bar_chart(
            "chart-voice-status",
            _("Concerns by status"),
            [
                Bar(_("Waiting for moderation"), board.new, str(board.new)),
                Bar(_("Published, not answered"), board.open, str(board.open)),
                Bar(_("Published and answered"), board.answered, str(board.answered)),
            ],
            Scale(0, most, _ticks(most)),
        )
    }
    interval = board.jobs.interval()
    if interval is not None:
        found["jobs"] = charts.bar_chart(
            "chart-voice-jobs",
            _("Share of concerns about job security"),
            [
                Bar(
                    _("Job security"),
                    100 * (board.jobs.value or 0),
                    f"{percent(board.jobs.value)} "
                    f"({percent(interval.low)}{DASH}{percent(interval.high)})",
                    100 * interval.low,
                    100 * interval.high,
                )
            ],
            Scale(0, 100, (0, 25, 50, 75, 100), "%"),
        )
    if board.scan is not None:
        ci = board.scan.mean.interval()
        found["scan"] = charts.bar_chart(
            "chart-voice-scan",
            _("The scan's barrier score (1 to 5)"),
            [
                Bar(
                    board.scan.barrier,
                    board.scan.mean.mean,
                    decimal(board.scan.mean.mean),
                    ci.low if ci else None,
                    ci.high if ci else None,
                )
            ],
            Scale(1, 5, (1, 2, 3, 4, 5)),
        )
    return found


def _ticks(most: int) -> tuple[float, ...]:
    step = max(1, -(-most // 4))
    return tuple(float(t) for t in range(0, most + step, step))
