"""Demo data: one closed calibration round answered by the demo organisation's leaders.

The answers are drawn with a fixed seed and lean the way leadership teams usually do: more
things GenAI can do taken for impossible (or "not sure") than the other way round.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from koers.core import clock
from koers.diagnostic.models import CalibrationAnswer, CalibrationRound
from koers.diagnostic.selectors import calibration as selectors
from koers.diagnostic.services import calibration as services
from koers.orgs.models import Organisation, Role
from koers.orgs.tenancy import org_context_for

# (true, false, unsure) weights of a leader's answer to a true and to a false statement.
ON_TRUE = (0.55, 0.2, 0.25)
ON_FALSE = (0.12, 0.63, 0.25)


@transaction.atomic
def load(organisation: Organisation, *, seed: int = 2025) -> CalibrationRound | None:
    """One closed round, six weeks ago, answered by every leader; None without a leader."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    leaders = list(selectors.leaders(organisation).select_related("user").order_by("pk"))
    if not leaders:
        return None
    facilitator = next((m for m in leaders if m.role == Role.ADMIN), leaders[0])
    ctx = org_context_for(user=facilitator.user, slug=organisation.slug)
    today = clock.today()
    opened_on = today - dt.timedelta(days=42)
    closes_on = opened_on + dt.timedelta(days=services.DEFAULT_DAYS_OPEN)
    calibration_round = services.round_start(
        ctx, name="Managementteam najaar", opened_on=opened_on, closes_on=closes_on
    )
    quiz = selectors.quiz_of(calibration_round.version)
    instrument = calibration_round.version.instrument
    instrument.name = quiz.title.nl if organisation.language == "nl" else quiz.title.en
    instrument.save(update_fields=["name"])
    for index, leader in enumerate(leaders):
        answers = {
            s.id: rng.choices(selectors.ANSWERS, weights=ON_TRUE if s.answer else ON_FALSE)[0]
            for s in quiz.statements
        }
        CalibrationAnswer.objects.create(
            round=calibration_round,
            membership=leader,
            answers=services.answers_check(calibration_round, answers),
            submitted_on=opened_on + dt.timedelta(days=1 + index % services.DEFAULT_DAYS_OPEN),
        )
    return services.round_close(ctx, calibration_round=calibration_round)
