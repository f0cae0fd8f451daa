"""What the sprint pages say in words and charts: why the planner put a use case in or out, and
the realised value per sprint, per department and for the programme, and the estimates' honesty
(the SVG charts of ``koers.core.charts``, the same numbers in tables beside them)."""

from __future__ import annotations

import math

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.core.charts import BLUE, ORANGE, Bar, Scale, bar_chart, decimal, paired_bar_chart
from koers.sprints.selectors.sprints import Outcomes, ProposalRow

TIMES = "\u00d7"  # the multiplication sign, after a ratio


def reason_text(row: ProposalRow, departments: dict[int, str]) -> str:
    """Why the planner put the use case in or out, in words."""
    related = ", ".join(row.related)
    department = departments.get(row.department or 0, "")
    texts = {
        "chosen": _("Part of the most valuable plan within the capacity."),
        "must_include": _("You asked for it (must include)."),
        "required_by": _("%(refs)s needs it first.") % {"refs": related},
        "must_exclude": _("You left it out (must leave out)."),
        "risk_above_max": _("Its risk is above the maximum (binding: maximum risk)."),
        "data_not_ready": _("Its data is not ready enough (binding: data readiness)."),
        "dependency_excluded": _("It needs %(refs)s first, which cannot be in the plan.")
        % {"refs": related},
        "over_capacity": _(
            "With what it needs first, it takes more days than the whole capacity (binding: "
            "capacity)."
        ),
        "department_limit": _(
            "%(department)s already has the most allowed (binding: at most per department)."
        )
        % {"department": department},
        "lower_value_per_day": _(
            "It would fit only instead of work that is worth more (binding: capacity)."
        ),
    }
    return texts.get(row.reason, row.reason)


def _ratio_scale(highest: float) -> Scale:
    top = max(2.0, math.ceil(highest * 2) / 2)
    step = 0.5 if top <= 3 else 1.0
    ticks = tuple(step * i for i in range(int(top / step) + 1))
    return Scale(0, top, ticks, TIMES)


def outcome_charts(outcomes: Outcomes) -> dict[str, SafeString]:
    """The outcome page's charts; none when there is nothing measured to show."""
    found: dict[str, SafeString] = {}
    estimated, realised = _("Estimated (EUR per year)"), _("Realised (EUR per year)")
    if outcomes.by_sprint:
        found["sprints"] = paired_bar_chart(
            "chart-sprint-value",
            _("Estimated and realised value per AI sprint"),
            [(sprint.name, est, real) for sprint, est, real in outcomes.by_sprint],
            first=(estimated, ORANGE),
            second=(realised, BLUE),
        )
    if outcomes.by_department:
        found["departments"] = paired_bar_chart(
            "chart-department-value",
            _("Estimated and realised value per department"),
            outcomes.by_department,
            first=(estimated, ORANGE),
            second=(realised, BLUE),
        )
    measured = [d for d in outcomes.delivered if d.ratio is not None]
    if measured:
        found["honesty"] = bar_chart(
            "chart-estimate-honesty",
            _("Measured hours saved as a multiple of the estimate (1 is spot on)"),
            [
                Bar(
                    f"{d.item.usecase.reference} {d.item.usecase.title}",
                    d.ratio,
                    f"{decimal(d.ratio, 2)}{TIMES}",
                )
                for d in measured
            ],
            _ratio_scale(max(d.ratio or 0 for d in measured)),
        )
    return found
