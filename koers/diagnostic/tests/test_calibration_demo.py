"""The demo round: closed, answered by every leader, leaning towards underestimation."""

from __future__ import annotations

import pytest

from koers.demo import calibration as demo
from koers.diagnostic.models import CalibrationRound
from koers.diagnostic.selectors import calibration as selectors
from koers.orgs.models import Role
from koers.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def test_it_loads_one_closed_round_answered_by_every_leader():
    org = make_org("Demo")
    for role in (Role.ADMIN, Role.LEAD, Role.LEAD, Role.MEMBER, Role.EVANGELIST):
        make_member(org, role)
    loaded = demo.load(org)
    assert loaded is not None and loaded.status == CalibrationRound.Status.CLOSED
    assert loaded.answers.count() == 3
    team = selectors.team_result(loaded)
    assert team.shown
    overestimation = [
        selectors.personal_result(selectors.quiz_of(loaded.version), a.answers).overestimation
        for a in loaded.answers.all()
    ]
    assert team.underestimation is not None
    assert team.underestimation.value > sum(o or 0 for o in overestimation) / 3
    assert selectors.team_summary(org) is not None


def test_it_loads_nothing_without_leaders():
    org = make_org("Empty")
    make_member(org, Role.MEMBER)
    assert demo.load(org) is None
    assert not CalibrationRound.objects.exists()
