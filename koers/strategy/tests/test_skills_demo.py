"""The demo's skills matrix: last quarter's self-assessments give figures today, a department
with too few answers shows an AI ambassador's judgement, and the gaps are sensible."""

from __future__ import annotations

import pytest

from koers.demo.skills import skills_load
from koers.orgs.models import Role
from koers.strategy.models import SelfAssessmentTaken
from koers.strategy.selectors.skills import skills_board
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_the_demo_shows_gaps_from_self_assessments_and_a_judgement():
    org = make_org(
        "Demo", departments=("IT", "HR", "Financiën", "Klantenservice", "Juridische zaken")
    )
    org.language = "nl"
    org.save()
    lead = make_member(org, Role.LEAD, department=org.departments.get(name="IT"))
    make_member(org, Role.EVANGELIST, department=org.departments.get(name="Klantenservice"))
    for name, n in (("IT", 6), ("Financiën", 7), ("HR", 3), ("Klantenservice", 6)):
        for _ in range(n):
            make_member(org, Role.MEMBER, department=org.departments.get(name=name))
    skills_load(org, ctx_for(lead, org), seed=1)

    board = skills_board(organisation=org)
    assert board.quarter is not None and board.quarter < board.open_quarter
    rows = {row.label: row for row in board.rows}
    assert all(c.source == "ambassador" for c in rows["HR"].cells)  # three answers: too few
    assert all(c.source == "self" for c in rows["Financiën"].cells)
    it_data = next(c for c in rows["IT"].cells if c.skill.key == "working_with_data")
    assert it_data.needed == 3
    gaps = [c.gap for row in board.rows for c in row.cells if c.gap is not None]
    assert gaps and all(-4 <= g <= 4 for g in gaps) and any(g > 0 for g in gaps)
    assert SelfAssessmentTaken.objects.filter(quarter=board.open_quarter).exists()
