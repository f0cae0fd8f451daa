"""``koers plan sprint``: the sprint plan the planner proposes over an organisation's backlog,
beside the naive pick by quick-win score."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from koers.cli.base import CommandFailed

RISKS = ("low", "medium", "high")
TITLE_WIDTH = 40
WHY = {
    "chosen": "chosen: most value within capacity",
    "must_include": "must-include",
    "required_by": "needed by {related}",
    "must_exclude": "must-exclude",
    "risk_above_max": "risk {risk}, above the maximum",
    "data_not_ready": "data not ready",
    "dependency_excluded": "depends on {related}, which is out",
    "over_capacity": "over capacity",
    "department_limit": "department limit",
    "lower_value_per_day": "lower value per day than what was chosen",
}


def add_commands(sub: Any) -> None:
    """Add ``plan`` to the ``koers`` command."""
    plan = sub.add_parser("plan", help="propose a plan")
    what = plan.add_subparsers(dest="what", required=True, metavar="WHAT")
    sprint = what.add_parser(
        "sprint",
        help="propose the use cases for an AI dev sprint",
        description="Proposes the open use cases (not yet in a sprint, piloted or live) with an "
        "effort estimate that together bring "
        "the most value within the capacity: the quick-win value weighted by confidence, effort "
        "days 3, weeks 10, months 40, quarters 120 person-days, risk from the signed-off triage "
        "or else the pre-screen, and the dependencies recorded between use cases: one that needs "
        "another first stays out unless that one is delivered or planned too (docs/sprints.md). "
        "The plan is proven optimal (an integer "
        "programme on HiGHS) and shown beside the naive pick by quick-win score. Unknown "
        "organisation, a capacity that is not a number of 0 or more, or an unknown risk level "
        "exit 1.",
    )
    sprint.add_argument("--org", required=True, metavar="SLUG", help="organisation short name")
    sprint.add_argument(
        "--capacity", required=True, metavar="DAYS", help="the team's capacity in person-days"
    )
    sprint.add_argument(
        "--max-risk",
        metavar="LEVEL",
        help="leave out use cases above this risk (low, medium, high)",
    )
    sprint.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    sprint.set_defaults(handler=cmd_plan_sprint)


def _capacity(text: str) -> float:
    from koers.sprints.planner.problem import MAX_CAPACITY_DAYS

    try:
        days = float(text)
    except ValueError:
        days = math.nan
    if not math.isfinite(days) or not 0 <= days <= MAX_CAPACITY_DAYS:
        raise CommandFailed(
            f"--capacity takes a number of person-days from 0 to {MAX_CAPACITY_DAYS:,.0f}: "
            f"{text!r}."
        )
    return days


def _max_risk(text: str | None) -> str | None:
    if text is not None and text not in RISKS:
        raise CommandFailed(f"Unknown risk level {text!r}; use one of {', '.join(RISKS)}.")
    return text


def cmd_plan_sprint(args: argparse.Namespace) -> int:
    from koers.orgs.models import Organisation
    from koers.sprints.planner import Constraints, Infeasible, plan
    from koers.sprints.selectors.sprints import organisation_problem

    capacity, max_risk = _capacity(args.capacity), _max_risk(args.max_risk)
    organisation = Organisation.objects.filter(slug=args.org).first()
    if organisation is None:
        raise CommandFailed(f"There is no organisation with the short name '{args.org}'.")
    planning = organisation_problem(
        organisation=organisation,
        capacity_days=capacity,
        constraints=lambda known: Constraints(max_risk=max_risk),  # type: ignore[arg-type]
    )
    problem = planning.problem
    rows = list(planning.candidates.values())
    try:
        result = plan(problem)
    except Infeasible as error:
        raise CommandFailed(str(error)) from error
    if args.format == "json":
        document = {
            "capacity": capacity,
            "candidates": [
                {"id": row.id, "value": row.value, "effort_days": row.effort_days} for row in rows
            ],
            "selected": list(result.selected),
            "value": round(result.value, 4),
            "effort_days": result.effort_days,
            "greedy_value": round(result.greedy_value, 4),
            "proven_optimal": result.proven_optimal,
        }
        print(json.dumps(document))
        return 0
    _print_table(organisation, rows, result, max_risk)
    return 0


def _print_table(organisation: Any, rows: list[Any], result: Any, max_risk: str | None) -> None:
    by_id = {row.id: row for row in rows}

    def references(ids: tuple[int, ...]) -> str:
        return ", ".join(by_id[i].reference if i in by_id else str(i) for i in ids)

    limit = f", maximum risk {max_risk}" if max_risk else ""
    print(
        f"Sprint plan for {organisation.name}: capacity {result.capacity_days:g} "
        f"person-days{limit}."
    )
    if not rows:
        print("No open use case has an effort estimate yet: there is nothing to plan.")
        return
    print(
        f"{'ref':<8} {'title':<{TITLE_WIDTH}} {'value':>6} {'days':>5} {'per day':>8}  "
        f"{'plan':<4}  why"
    )
    verdicts = sorted(
        result.verdicts,
        key=lambda v: (not v.selected, -v.value / v.effort_days, by_id[v.id].number),
    )
    for verdict in verdicts:
        row = by_id[verdict.id]
        title = row.title if len(row.title) <= TITLE_WIDTH else row.title[: TITLE_WIDTH - 1] + "…"
        why = WHY[verdict.reason.value].format(related=references(verdict.related), risk=row.risk)
        print(
            f"{row.reference:<8} {title:<{TITLE_WIDTH}} {verdict.value:>6.3f} "
            f"{verdict.effort_days:>5g} {verdict.value / verdict.effort_days:>8.4f}  "
            f"{'in' if verdict.selected else 'out':<4}  {why}"
        )
    proven = "proven optimal" if result.proven_optimal else "best found, not proven optimal"
    print(
        f"\nPlan: {len(result.selected)} use cases, value {result.value:.3f}, "
        f"{result.effort_days:g} of {result.capacity_days:g} person-days ({proven})."
    )
    print(
        f"Naive pick by quick-win score: {references(result.greedy) or 'nothing'}, value "
        f"{result.greedy_value:.3f}; it leaves {result.left_on_table:.3f} "
        f"({result.greedy_gap:.0%}) on the table."
    )
