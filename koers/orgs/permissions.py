"""Who may do what in an organisation: one table, used by views, the API and services alike."""

from __future__ import annotations

from enum import StrEnum

from koers.orgs.models import Membership, Role


class Perm(StrEnum):
    VIEW = "view"
    SUBMIT_USECASE = "submit_usecase"
    VOTE = "vote"
    COMMENT = "comment"
    EDIT_ANY_USECASE = "edit_any_usecase"
    ASSESS_USECASE = "assess_usecase"
    DECIDE_USECASE = "decide_usecase"
    IMPORT_USECASES = "import_usecases"
    EXPORT_USECASES = "export_usecases"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_DEPARTMENTS = "manage_departments"
    VIEW_PEOPLE = "view_people"
    MANAGE_SCORING = "manage_scoring"
    TRIAGE = "triage"
    SIGN_OFF_TRIAGE = "sign_off_triage"
    MANAGE_SCANS = "manage_scans"
    RAISE_CONCERN = "raise_concern"
    HELP_COLLEAGUES = "help_colleagues"
    MODERATE_VOICE = "moderate_voice"
    MANAGE_STRATEGY = "manage_strategy"
    APPROVE_POLICY = "approve_policy"
    JUDGE_SKILLS = "judge_skills"
    VIEW_SCENARIOS = "view_scenarios"
    PLAN_SPRINTS = "plan_sprints"
    WRITE_STORIES = "write_stories"
    REACT_TO_STORIES = "react_to_stories"
    MANAGE_ACADEMY = "manage_academy"
    TEACH = "teach"


_ALL = {Role.ADMIN, Role.LEAD, Role.EVANGELIST, Role.MEMBER}
_LEADS = {Role.ADMIN, Role.LEAD}
# Legal and privacy reads everything a member reads, triages and signs triages off; it does not
# take part in submitting, voting or deciding.
_READERS = {*_ALL, Role.LEGAL}

PERMISSIONS: dict[Perm, set[Role]] = {
    Perm.VIEW: _READERS,
    Perm.SUBMIT_USECASE: _ALL,
    Perm.VOTE: _ALL,
    Perm.COMMENT: _ALL,
    Perm.EXPORT_USECASES: _READERS,
    Perm.EDIT_ANY_USECASE: {Role.ADMIN, Role.LEAD, Role.EVANGELIST},
    Perm.ASSESS_USECASE: {Role.ADMIN, Role.LEAD, Role.EVANGELIST},
    Perm.DECIDE_USECASE: _LEADS,
    Perm.IMPORT_USECASES: _LEADS,
    Perm.VIEW_PEOPLE: _LEADS,
    Perm.MANAGE_SCORING: _LEADS,
    Perm.MANAGE_SCANS: _LEADS,
    Perm.MANAGE_PEOPLE: {Role.ADMIN},
    Perm.MANAGE_DEPARTMENTS: {Role.ADMIN},
    Perm.TRIAGE: {Role.ADMIN, Role.LEAD, Role.EVANGELIST, Role.LEGAL},
    Perm.SIGN_OFF_TRIAGE: {Role.ADMIN, Role.LEGAL},
    # Voice: everyone may raise a concern or ask for help; evangelists pick up help requests;
    # admins and programme leads moderate, answer and act.
    Perm.RAISE_CONCERN: _READERS,
    Perm.HELP_COLLEAGUES: {Role.ADMIN, Role.LEAD, Role.EVANGELIST},
    Perm.MODERATE_VOICE: _LEADS,
    # Strategy: the leadership team writes the vision, the policy, scenarios and skill targets;
    # admins, programme leads and legal and privacy approve a policy version (not its own author:
    # ``koers.strategy.services``); everyone reads and acknowledges the published policy.
    Perm.MANAGE_STRATEGY: _LEADS,
    Perm.APPROVE_POLICY: {Role.ADMIN, Role.LEAD, Role.LEGAL},
    # AI ambassadors (and the leaders) judge a department's skill level, with their name on it.
    Perm.JUDGE_SKILLS: {Role.ADMIN, Role.LEAD, Role.EVANGELIST},
    # Market scenarios show departments' cost bases: the leadership team and the AI ambassadors
    # who help shape the backlog read them, not every member.
    Perm.VIEW_SCENARIOS: {Role.ADMIN, Role.LEAD, Role.EVANGELIST},
    # AI sprints: the programme lead (and admins) plan, accept, close and measure them; everyone
    # reads the board; the sprint's team moves its cards and writes check-ins
    # (``koers.sprints.services.sprints``).
    Perm.PLAN_SPRINTS: _LEADS,
    # The wall of wins: the leadership team writes and publishes any story and sends the
    # newsletter (a use case's owner writes the story of their own: koers.sprints.services);
    # everyone reads the wall and reacts.
    Perm.WRITE_STORIES: _LEADS,
    Perm.REACT_TO_STORIES: _READERS,
    # Academy: the programme leads accept evangelists, edit tracks and see every session;
    # evangelists schedule and record their own sessions (the cascade).
    Perm.MANAGE_ACADEMY: _LEADS,
    Perm.TEACH: {Role.ADMIN, Role.LEAD, Role.EVANGELIST},
}


def has_perm(membership: Membership | None, perm: Perm) -> bool:
    if membership is None or not membership.is_active:
        return False
    return Role(membership.role) in PERMISSIONS[perm]


def roles_with(perm: Perm) -> frozenset[Role]:
    """The roles that have ``perm`` (to find who to ask, e.g. the approvers to e-mail)."""
    return frozenset(PERMISSIONS[perm])
