"""The board report of a scan wave: the results as a printable document and a PDF.

The report is built from ``wave_results`` only, so it shows exactly what the results page may show;
its summary is written from those figures. It is rendered in the organisation's language (or the
one asked for), and the PDF is made by WeasyPrint without fetching anything: the stylesheet is
inlined and every other URL is refused.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.charts import decimal, percent, signed
from koers.core.languages import available_language
from koers.diagnostic.models import Wave
from koers.diagnostic.selectors import charts
from koers.diagnostic.selectors.calibration import TeamSummary, team_summary
from koers.diagnostic.selectors.result_shapes import (
    ROLE_GROUPS,
    BarrierResult,
    Figures,
    Participation,
    WaveResults,
)
from koers.diagnostic.selectors.results import wave_results
from koers.orgs.models import Organisation
from koers.orgs.tenancy import OrgContext
from koers.strategy.selectors.vision import vision_current

if TYPE_CHECKING:
    from koers.strategy.models import VisionVersion

STYLESHEET = "diagnostic/report.css"
# The module a recommended action points to, and its page where that page exists yet.
MODULES: dict[str, tuple[Promise, str | None]] = {
    "backlog": (gettext_lazy("Use case backlog"), "backlog:list"),
    "quickwins": (gettext_lazy("Quick wins"), "backlog:quadrant"),
    "voice": (gettext_lazy("Voice"), "voice:said_did"),
    "academy": (gettext_lazy("Academy"), "academy:dashboard"),
    "policy": (gettext_lazy("Policy"), "strategy:policy"),
    "strategy": (gettext_lazy("Strategy"), "strategy:home"),
    "sprints": (gettext_lazy("Sprints"), None),
}


@dataclass(frozen=True)
class Action:
    text: str
    module: str
    url: str | None  # None: the module has no page yet


def actions(barrier: BarrierResult, organisation: Organisation) -> list[Action]:
    found = []
    for text, module in barrier.actions:
        name, url_name = MODULES.get(module, (module, None))
        url = reverse(url_name, kwargs={"org_slug": organisation.slug}) if url_name else None
        found.append(Action(text, str(name), url))
    return found


def result_charts(results: WaveResults) -> dict[str, SafeString]:
    """The charts both the results page and the report show."""
    return {
        "participation": charts.participation(results),
        "barriers": charts.barrier_scores(results),
        "heat_map": charts.heat_map(results),
        "gap": charts.gap(results),
        "trend": charts.trend(results),
    }


@dataclass(frozen=True)
class Underestimation:
    """How the leaders' picture of GenAI compares with the workforce's "not good enough yet"
    barrier: the barrier's published staff figures (the organisation's when staff alone are not
    published) and the latest leadership calibration with enough answers."""

    barrier: BarrierResult | None
    workforce: Figures | None
    staff_only: bool
    calibration: TeamSummary | None


UNDERESTIMATION_BARRIER = "not_good_enough"


def underestimation(results: WaveResults, organisation: Organisation) -> Underestimation:
    barrier = next((b for b in results.barriers if b.id == UNDERESTIMATION_BARRIER), None)
    staff = barrier.cells.get((None, "staff")) if barrier else None
    workforce = staff or (barrier.organisation if barrier else None)
    return Underestimation(barrier, workforce, staff is not None, team_summary(organisation))


@dataclass
class BoardReport:
    organisation: Organisation
    results: WaveResults
    language: str
    summary: list[str]
    charts: dict[str, SafeString]
    top: list[tuple[BarrierResult, list[Action]]]
    underestimation: Underestimation
    vision: VisionVersion | None = None  # the organisation's current AI vision, if it has one

    @property
    def wave(self) -> Wave | None:
        return self.results.wave

    @property
    def participation(self) -> list[tuple[str, Participation]]:
        return [(self.results.department_name(p.department), p) for p in self.results.participation]

    @property
    def gaps(self) -> list[tuple[BarrierResult, Figures | None, Figures | None]]:
        """Each barrier with its leadership and staff figures, both only where the gap is shown."""
        leaders, staff = ROLE_GROUPS
        return [
            (b, b.cells.get((None, leaders)), b.cells.get((None, staff)))
            if b.gap
            else (b, None, None)
            for b in self.results.barriers
        ]


def report_language(organisation: Organisation, requested: str | None) -> str:
    """The language asked for if we have it, else the organisation's."""
    return available_language(requested, organisation.language)


def board_report(ctx: OrgContext, wave: Wave, language: str) -> BoardReport:
    """The wave's report; call it with ``language`` active, so names and figures read in it."""
    results = wave_results(ctx, wave)
    return BoardReport(
        organisation=ctx.organisation,
        results=results,
        language=language,
        summary=summary(results),
        charts=result_charts(results),
        top=[(b, actions(b, ctx.organisation)) for b in results.top],
        underestimation=underestimation(results, ctx.organisation),
        vision=vision_current(ctx.organisation),
    )


def summary(results: WaveResults) -> list[str]:
    """A paragraph for the board, sentence by sentence, from the published figures only."""
    if results.withheld:
        return [
            _(
                "The wave is still open: its figures follow when it closes, so that no one "
                "answer can be read by comparing two moments."
            )
        ]
    if results.respondents is None:
        return [
            _(
                "Fewer than %(k)s people have answered so far, so this report cannot show "
                "any figures yet."
            )
            % {"k": results.k}
        ]
    sentences = [_participation(results)]
    if results.top:
        named = [
            _("%(barrier)s (%(score)s)")
            % {"barrier": b.name, "score": decimal(b.organisation.mean.mean)}
            for b in results.top
            if b.organisation
        ]
        sentences.append(
            _("The strongest barriers, on a scale from 1 to 5, are %(barriers)s.")
            % {"barriers": get_text_list(named, _("and"))}
        )
    gaps = [b for b in results.barriers if b.gap is not None]
    if gaps:
        widest = max(gaps, key=lambda b: abs(b.gap.estimate) if b.gap else 0.0)
        assert widest.gap is not None
        sentences.append(
            _(
                "Leadership and staff differ most on %(barrier)s: leadership minus staff is "
                "%(gap)s points (95%% interval %(low)s to %(high)s)."
            )
            % {
                "barrier": widest.name,
                "gap": signed(widest.gap.estimate),
                "low": signed(widest.gap.interval.low),
                "high": signed(widest.gap.interval.high),
            }
        )
    changes = [b for b in results.barriers if b.trend is not None]
    if results.previous_wave is None:
        sentences.append(_("This is the first wave, so there is no change to report yet."))
    elif not results.comparable:
        sentences.append(
            _(
                "%(previous)s asked other departments and there is no like group to compare, "
                "so no change is reported."
            )
            % {"previous": results.previous_wave.name}
        )
    elif changes:
        biggest = max(changes, key=lambda b: abs(b.trend.estimate) if b.trend else 0.0)
        trend = biggest.trend
        assert trend is not None
        clear = trend.interval.low > 0 or trend.interval.high < 0
        sentences.append(
            _(
                "Since %(previous)s, %(barrier)s changed most: %(change)s points (95%% "
                "interval %(low)s to %(high)s)."
            )
            % {
                "previous": results.previous_wave.name
                if results.same_audience
                else _("%(previous)s (in %(departments)s)")
                % {
                    "previous": results.previous_wave.name,
                    "departments": ", ".join(results.compared_names()),
                },
                "barrier": biggest.name,
                "change": signed(trend.estimate),
                "low": signed(trend.interval.low),
                "high": signed(trend.interval.high),
            }
        )
        sentences.append(
            _("The interval does not include zero, so this change is unlikely to be chance.")
            if clear
            else _("The interval includes zero, so this change may be chance.")
        )
    return sentences


def _participation(results: WaveResults) -> str:
    """Who answered, the invitations and the shared links apart: an answer through a shared
    link is not an answer by an invitee."""
    if not results.invited:
        return _("%(n)s people answered, through the shared link.") % {"n": results.respondents}
    if results.by_invitation is None:
        return _(
            "%(n)s people answered; %(invited)s were invited, and some answered through the "
            "shared link (the split is held back to protect small groups)."
        ) % {"n": results.respondents, "invited": results.invited}
    sentence = _("%(n)s of the %(invited)s people invited answered (%(rate)s).") % {
        "n": results.by_invitation,
        "invited": results.invited,
        "rate": percent(results.by_invitation / results.invited),
    }
    by_link = (results.respondents or 0) - results.by_invitation
    if by_link:
        sentence += " " + _("%(n)s more answered through the shared link.") % {"n": by_link}
    return sentence


@functools.cache
def pdf_available() -> bool:
    """Whether WeasyPrint and its system libraries (Pango) can be loaded."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def stylesheet() -> str:
    """The report's CSS, inlined so the PDF needs no request."""
    path = finders.find(STYLESHEET)
    if not path or isinstance(path, list):
        return ""
    with open(path, encoding="utf-8") as css:
        return css.read()


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"the board report fetches nothing: {url}")


def pdf_document(html: str) -> Any:
    """The report's HTML laid out in pages; nothing is fetched over the network or from disk."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=_refuse).render()


# PDFs made before, kept under KOERS_DATA_DIR/reports by the digest of their HTML: the HTML holds
# every figure (and the day it was made), so the same HTML is the same report. The newest
# REPORTS_KEPT are kept.
REPORTS_KEPT = 50


def pdf_from_html(html: str) -> bytes:
    """The PDF of ``html``; made once (WeasyPrint takes seconds) and kept until the figures, the
    texts or the day change."""
    import hashlib

    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "reports"
    path = folder / (hashlib.sha256(html.encode()).hexdigest() + ".pdf")
    if path.exists():
        path.touch()  # recently used: kept longest
        return path.read_bytes()
    content = bytes(pdf_document(html).write_pdf())
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(content)
    partial.replace(path)  # atomic: another process never reads half a file
    for old in sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)[:-REPORTS_KEPT]:
        old.unlink(missing_ok=True)
    return content
