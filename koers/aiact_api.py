"""``POST /api/v1/triage``: the EU AI Act and DPIA triage of facts, the same as ``koers triage``.

Not tied to an organisation: it reads no stored data and stores nothing, so any authenticated
caller may use it.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Body, Router

from koers.aiact.engine import triage as triage_facts
from koers.aiact.schema import Facts, Result
from koers.orgs.schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["triage"])


@router.post(
    "/triage",
    response={200: Result | list[Result], 401: ErrorOut, 422: ValidationErrorOut},
    summary="EU AI Act classification, duties and DPIA outcome of use-case facts",
    description=(
        "Send the facts of one use case (an object) or of several (a list); the answer is one "
        "result or a list in the same order. A missing or null fact means 'unknown' and makes "
        "every outcome it could change `needs_review`. See docs/triage.md."
    ),
    operation_id="triage",
)
def triage(request: HttpRequest, facts: Body[Facts | list[Facts]]) -> Result | list[Result]:
    if isinstance(facts, list):
        return [triage_facts(item) for item in facts]
    return triage_facts(facts)
