"""What the Academy hands out as files and charts: a session's calendar entry (.ics), the
AI-literacy evidence as XLSX (formula-safe) and PDF (WeasyPrint, nothing fetched), and the
chart of reach over time."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.academy.models import TrainingSession
from koers.academy.selectors import Literacy, Point, trainer_name
from koers.core import charts
from koers.core.tabular import write_xlsx


def session_ics(session: TrainingSession, *, url: str) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Koers//Academy//NL")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"academy-session-{session.pk}@koers")
    event.add("summary", session.module.title)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.minutes))
    event.add("dtstamp", session.created_at)
    event.add("location", session.place or session.online_link)
    description = [_("Trainer: %(name)s") % {"name": trainer_name(session)}, url]
    if session.online_link:
        description.insert(1, session.online_link)
    event.add("description", "\n".join(description))
    event.add("url", url)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def literacy_xlsx(evidence: Literacy) -> bytes:
    headers = [_("Department"), _("Name"), _("E-mail address"), _("Module"), _("Completed on")]
    rows: list[list[Any]] = [
        [r.department, r.name, r.email, r.module, r.completed_on] for r in evidence.rows
    ]
    return write_xlsx(_("AI literacy"), headers, rows)


@functools.cache
def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"the evidence fetches nothing: {url}")


def pdf_from_html(html: str) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=_refuse)
    return bytes(document.write_pdf())


def reach_chart(points: Sequence[Point]) -> SafeString:
    rows = [
        charts.Bar(
            label=formats.date_format(p.day, "YEAR_MONTH_FORMAT"),
            value=100 * p.share,
            note=_("%(share)s (%(trained)d/%(headcount)d)")
            % {"share": charts.percent(p.share), "trained": p.trained, "headcount": p.headcount},
        )
        for p in points
    ]
    scale = charts.Scale(0, 100, (0, 25, 50, 75, 100), "%")
    return charts.bar_chart("academy-reach", _("Share of the headcount trained"), rows, scale)
