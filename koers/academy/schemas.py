"""API schemas of the Academy. Names that another app's schema might have too start with
Academy: the OpenAPI document knows a schema by its name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.urls import reverse
from pydantic import Field

from koers.academy import quiz, selectors
from koers.academy.models import Evangelist, Module, TrainingSession
from koers.core.schema_types import Id, Line, Text
from koers.orgs.schemas import BodyIn, FromObject


class EvangelistOut(FromObject):
    id: int
    membership_id: int
    name: str
    department: str | None
    source: str = Field(description="scan, self or manager.")
    motivation: str
    hours_per_month: int
    status: str = Field(description="candidate, accepted or declined.")
    message: str

    @staticmethod
    def resolve_name(obj: Evangelist) -> str:
        return str(obj.membership.user)

    @staticmethod
    def resolve_department(obj: Evangelist) -> str | None:
        return obj.department.name if obj.department else None


class EvangelistIn(BodyIn):
    membership_id: Id | None = Field(
        None, description="Whom to nominate (leads); leave out to put yourself forward."
    )
    motivation: Text = ""
    hours_per_month: Annotated[int, Field(ge=0, le=200)] = 4


class DecisionIn(BodyIn):
    accept: bool
    message: Text = ""


class MaterialOut(FromObject):
    title: str
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        if obj.url:
            return str(obj.url)
        slug = obj.module.organisation.slug
        return reverse("academy:material", kwargs={"org_slug": slug, "pk": obj.pk})


class AcademyModuleOut(FromObject):
    id: int
    key: str
    track: str
    title: str
    goals: str
    hours: Decimal
    assessment: str = Field(description="attendance, assignment or quiz.")
    level: str = Field(description="foundation, practitioner, trainer, champions, or empty.")
    calibration: list[str] = Field(description="The calibration-quiz statements it covers.")
    skills: list[str] = Field(description="Keys of the Strategy skills it trains.")
    questions: int = Field(description="How many quiz questions it has.")
    materials: list[MaterialOut]

    @staticmethod
    def resolve_questions(obj: Module) -> int:
        return len(obj.quiz or [])

    @staticmethod
    def resolve_track(obj: Module) -> str:
        return obj.track.key

    @staticmethod
    def resolve_materials(obj: Module) -> list[Any]:
        return list(obj.materials.all())


class ModuleIn(BodyIn):
    title: Annotated[Line, Field(min_length=1, max_length=200)]
    goals: Text = ""
    hours: Annotated[Decimal, Field(ge=0, le=200, decimal_places=1)]
    assessment: Literal["attendance", "assignment", "quiz"]


class TrackOut(FromObject):
    id: int
    key: str
    kind: str
    title: str
    description: str
    modules: list[AcademyModuleOut]

    @staticmethod
    def resolve_modules(obj: Any) -> list[Any]:
        return list(obj.modules.all())


class TrainingSessionOut(FromObject):
    id: int
    module_id: int
    module: str
    code: str
    trainer: str
    starts_at: dt.datetime
    minutes: int
    place: str
    online_link: str
    capacity: int
    registered: int

    @staticmethod
    def resolve_module(obj: TrainingSession) -> str:
        return obj.module.title

    @staticmethod
    def resolve_trainer(obj: TrainingSession) -> str:
        return selectors.trainer_name(obj)

    @staticmethod
    def resolve_registered(obj: Any) -> int:
        return int(getattr(obj, "registered", 0))


class TrainingSessionIn(BodyIn):
    module_id: Id
    starts_at: dt.datetime
    trainer_membership_id: Id | None = Field(
        None, description="The trainer (leads; an evangelist is the trainer of their sessions)."
    )
    trainer_label: Line = Field("", description="Or the name of a trainer from outside.")
    minutes: Annotated[int, Field(ge=15, le=1440)] = 90
    place: Line = ""
    online_link: Line = ""
    capacity: Annotated[int, Field(ge=1, le=1000)] = 20


class MarkIn(BodyIn):
    membership_id: Id
    completed: bool


class AttendanceIn(BodyIn):
    marks: Annotated[list[MarkIn], Field(max_length=1000)]


class AttendanceOut(FromObject):
    membership_id: int | None = Field(description="None once the person was erased.")
    completed: bool
    recorded_by: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_membership_id(obj: Any) -> int | None:
        return obj.learner.membership_id

    @staticmethod
    def resolve_recorded_by(obj: Any) -> str:
        return str(obj.recorded_by) if obj.recorded_by else obj.recorded_by_label


class AttendanceAdded(FromObject):
    added: int


class RegistrationOut(FromObject):
    session_id: int
    registered: bool


class DepartmentReachOut(FromObject):
    headcount: int
    trained: int
    evangelists: int
    by_generation: dict[str, int]


class ReachOut(FromObject):
    headcount: int
    trained: int = Field(description="People with at least one completed session.")
    by_generation: dict[str, int]
    by_department: dict[str, DepartmentReachOut]


class EvidenceOut(FromObject):
    department: str
    name: str
    email: str
    module: str
    completed_on: dt.date


class DepartmentLiteracyOut(FromObject):
    department: str
    headcount: int
    covered: int
    share: float


class LiteracyOut(FromObject):
    modules: list[str]
    departments: list[DepartmentLiteracyOut]
    rows: list[EvidenceOut]


# --- quiz and skills (programme leads) ---------------------------------------------------------

Option = Annotated[Line, Field(min_length=1, max_length=quiz.MAX_OPTION_CHARS)]


class QuizQuestionIn(BodyIn):
    question: Annotated[Line, Field(min_length=1, max_length=quiz.MAX_QUESTION_CHARS)] = Field(
        description="The question."
    )
    options: Annotated[
        list[Option], Field(min_length=quiz.MIN_OPTIONS, max_length=quiz.MAX_OPTIONS)
    ]
    correct: Annotated[
        list[Annotated[int, Field(ge=0, lt=quiz.MAX_OPTIONS)]],
        Field(min_length=1, max_length=quiz.MAX_OPTIONS),
    ] = Field(description="The indexes (from 0) of the right options: one or more.")


class QuizIn(BodyIn):
    questions: Annotated[list[QuizQuestionIn], Field(max_length=quiz.MAX_QUESTIONS)] = Field(
        description="Every question of the quiz, in order: the list replaces the quiz."
    )


class QuizQuestionOut(FromObject):
    question: str
    options: list[str]
    correct: list[int]


class QuizKeyOut(FromObject):
    module_id: int
    questions: list[QuizQuestionOut]


class SkillsIn(BodyIn):
    skills: Annotated[list[Annotated[Line, Field(max_length=64)]], Field(max_length=50)] = Field(
        description="Keys of the organisation's Strategy skills; the list replaces the module's."
    )


# --- taking a quiz --------------------------------------------------------------------------------


class QuizQuestionPublicOut(FromObject):
    index: int
    question: str
    options: list[str]
    multiple: bool = Field(description="More than one option is right: choose all that are.")


class QuizOut(FromObject):
    module_id: int
    available: bool = Field(
        description="Whether the module is assessed by a quiz that has questions."
    )
    pass_mark: float = Field(description="The share of questions to answer right, 0.7.")
    questions: list[QuizQuestionPublicOut] = Field(description="Without the right options.")


class QuizAnswerIn(BodyIn):
    question: Annotated[int, Field(ge=0, lt=quiz.MAX_QUESTIONS)] = Field(
        description="The question's index."
    )
    chosen: Annotated[
        list[Annotated[int, Field(ge=0, lt=quiz.MAX_OPTIONS)]],
        Field(min_length=1, max_length=quiz.MAX_OPTIONS),
    ] = Field(description="The indexes of the options chosen (one, unless several are right).")


class QuizAttemptIn(BodyIn):
    answers: Annotated[list[QuizAnswerIn], Field(max_length=quiz.MAX_QUESTIONS)]


class QuizAttemptOut(FromObject):
    id: int
    module_id: int
    right: int
    total: int
    passed: bool
    created_at: dt.datetime


# --- assignments ----------------------------------------------------------------------------------


class SubmissionIn(BodyIn):
    text: Annotated[Text, Field(min_length=1, max_length=4000)] = Field(
        description="The assignment: a short text or a link."
    )


class AcademyReviewOut(FromObject):
    approved: bool
    comment: str
    reviewed_by: str
    reviewed_at: dt.datetime

    @staticmethod
    def resolve_reviewed_by(obj: Any) -> str:
        return str(obj.reviewed_by) if obj.reviewed_by else ""


class SubmissionOut(FromObject):
    id: int
    module_id: int
    membership_id: int | None = Field(description="The author; None once they were erased.")
    name: str = Field(description="The author's name.")
    text: str
    created_at: dt.datetime
    reviews: list[AcademyReviewOut] = Field(description="Oldest first; the latest counts.")

    @staticmethod
    def resolve_membership_id(obj: Any) -> int | None:
        return obj.learner.membership_id

    @staticmethod
    def resolve_name(obj: Any) -> str:
        membership = obj.learner.membership
        return str(membership.user) if membership is not None else ""

    @staticmethod
    def resolve_reviews(obj: Any) -> list[Any]:
        return list(obj.reviews.all())


class ReviewIn(BodyIn):
    approve: bool
    comment: Annotated[Text, Field(max_length=2000)] = Field(
        "", description="Required when sending the assignment back."
    )
