"""Every write of the Academy: typed functions that take the acting ``OrgContext``, check the
permission, run in one transaction and write the ``Change`` row."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from koers.academy.models import (
    AcademySettings,
    Attendance,
    Evangelist,
    Learner,
    Material,
    Module,
    QuizAttempt,
    Rating,
    Registration,
    Review,
    Submission,
    Track,
    TrainingSession,
)
from koers.academy.quiz import (
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    Question,
    quiz_grade,
    quiz_parse,
    quiz_store,
)
from koers.academy.tracks import load_tracks
from koers.core import clock
from koers.core.languages import language_for
from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.core.services import change_by, diff_fields
from koers.diagnostic.selectors.waves import volunteer_memberships
from koers.orgs.models import Department, Membership, Organisation, Role
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.strategy.selectors.skills import skill_list

# Materials: what may be uploaded, and how big.
MATERIAL_TYPES = {
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".txt": "text/plain",
}
MATERIAL_MAX_BYTES = 20 * 1024 * 1024
# The first bytes each type starts with (a renamed file is refused).
MAGIC = {".pdf": b"%PDF", ".pptx": b"PK", ".docx": b"PK", ".xlsx": b"PK", ".png": b"\x89PNG"}
MAGIC[".jpg"] = b"\xff\xd8\xff"


# --- settings and learners ------------------------------------------------------------------


def academy_settings_of(organisation: Organisation) -> AcademySettings:
    found, _created = AcademySettings.objects.get_or_create(organisation=organisation)
    return found


@transaction.atomic
def academy_settings_update(ctx: OrgContext, *, people_per_evangelist: int) -> AcademySettings:
    ctx.require(Perm.MANAGE_ACADEMY)
    if not 1 <= people_per_evangelist <= 1000:
        raise ValidationError({"people_per_evangelist": _("Choose a number from 1 to 1000.")})
    found = academy_settings_of(ctx.organisation)
    before = {"people_per_evangelist": found.people_per_evangelist}
    found.people_per_evangelist = people_per_evangelist
    found.save(update_fields=["people_per_evangelist"])
    change_by(
        ctx,
        found,
        action="updated",
        fields=diff_fields(before, {"people_per_evangelist": people_per_evangelist}),
    )
    return found


def learner_of(membership: Membership) -> Learner:
    """The person's identity in the Academy, made the first time it is needed."""
    found = Learner.objects.filter(membership=membership).first()
    if found is None:
        found = Learner.objects.create(
            organisation_id=membership.organisation_id,
            membership=membership,
            department_id=membership.department_id,
        )
    return found


def _member(ctx: OrgContext, membership: Membership) -> Membership:
    if membership.organisation_id != ctx.organisation.pk or not membership.is_active:
        raise ValidationError({"membership": _("Choose an active member of this organisation.")})
    return membership


# --- evangelists ----------------------------------------------------------------------------


@transaction.atomic
def evangelist_nominate(
    ctx: OrgContext,
    *,
    membership: Membership,
    motivation: str = "",
    hours_per_month: int = 4,
    department: Department | None = None,
) -> Evangelist:
    """Put someone forward: oneself (anyone), or another member (a manager: the leads)."""
    _member(ctx, membership)
    own = membership.pk == ctx.membership.pk
    if not own:
        ctx.require(Perm.MANAGE_ACADEMY)
    if not 0 <= hours_per_month <= 200:
        raise ValidationError({"hours_per_month": _("Choose a number of hours from 0 to 200.")})
    if department is not None and department.organisation_id != ctx.organisation.pk:
        raise ValidationError({"department": _("Choose a department of this organisation.")})
    found = Evangelist.objects.filter(organisation=ctx.organisation, membership=membership).first()
    if found is not None:
        raise ValidationError(_("This person is already on the list of evangelists."))
    evangelist = Evangelist.objects.create(
        organisation=ctx.organisation,
        membership=membership,
        department=department or membership.department,
        source=Evangelist.Source.SELF if own else Evangelist.Source.MANAGER,
        nominated_by=ctx.user,
        motivation=motivation.strip()[:2000],
        hours_per_month=hours_per_month,
    )
    change_by(ctx, evangelist, action="created")
    return evangelist


@transaction.atomic
def evangelists_from_scan(ctx: OrgContext) -> int:
    """The scan's volunteers become candidates (once each); returns how many were added."""
    ctx.require(Perm.MANAGE_ACADEMY)
    known = set(
        Evangelist.objects.filter(organisation=ctx.organisation).values_list(
            "membership_id", flat=True
        )
    )
    added = 0
    for membership in volunteer_memberships(organisation=ctx.organisation):
        if membership.pk in known or not membership.is_active:
            continue
        evangelist = Evangelist.objects.create(
            organisation=ctx.organisation,
            membership=membership,
            department=membership.department,
            source=Evangelist.Source.SCAN,
        )
        change_by(ctx, evangelist, action="created", note="from the readiness scan")
        added += 1
    return added


@transaction.atomic
def evangelist_decide(
    ctx: OrgContext, *, evangelist: Evangelist, accept: bool, message: str = ""
) -> Evangelist:
    """Accept or decline, with a message the person reads on their page. An accepted member
    becomes an AI evangelist (a lead or admin keeps their role)."""
    ctx.require(Perm.MANAGE_ACADEMY)
    if evangelist.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    before = {"status": evangelist.status, "message": evangelist.message}
    evangelist.status = Evangelist.Status.ACCEPTED if accept else Evangelist.Status.DECLINED
    evangelist.message = message.strip()[:2000] or _default_message(accept)
    evangelist.decided_by = ctx.user
    evangelist.decided_at = clock.now()
    evangelist.save(update_fields=["status", "message", "decided_by", "decided_at"])
    change_by(
        ctx,
        evangelist,
        action="updated",
        fields=diff_fields(before, {"status": evangelist.status, "message": evangelist.message}),
    )
    membership = evangelist.membership
    mail = _decision_mail(ctx, evangelist, default=not message.strip())
    if mail is not None:
        mail_queue(messages=[mail])
    if accept and membership.role == Role.MEMBER:
        membership.role = Role.EVANGELIST
        membership.save(update_fields=["role"])
        change_by(
            ctx, membership, action="updated", fields={"role": [Role.MEMBER, Role.EVANGELIST]}
        )
    return evangelist


def _default_message(accept: bool) -> str:
    if accept:
        return _("Welcome among the AI evangelists! We will invite you to the first session soon.")
    return _(
        "Thank you for putting yourself forward. We cannot take you on as an evangelist "
        "right now; you are most welcome at the sessions."
    )


def _decision_mail(ctx: OrgContext, evangelist: Evangelist, *, default: bool) -> Mail | None:
    """The decision and its kind message by e-mail, in the candidate's language (a default
    message too); None when they have no address."""
    user = evangelist.membership.user
    if not user.email:
        return None
    language = language_for(user.language, ctx.organisation.language)
    accepted = evangelist.status == Evangelist.Status.ACCEPTED
    base = str(getattr(settings, "BASE_URL", "")).rstrip("/")
    path = reverse("academy:evangelists", kwargs={"org_slug": ctx.organisation.slug})
    with translation.override(language):
        context = {
            "accepted": accepted,
            "organisation": ctx.organisation,
            "name": str(user),
            "message": _default_message(accepted) if default else evangelist.message,
            "link": base + path,
            "sender": str(ctx.user),
        }
        subject = render_to_string("academy/email/decision_subject.txt", context)
        body = render_to_string("academy/email/decision_body.txt", context)
    return Mail(
        kind=OutgoingMail.Kind.ACADEMY_DECISION,
        organisation_id=ctx.organisation.pk,
        to=user.email,
        subject=subject,
        body=body,
        language=language,
    )


# --- tracks and modules ---------------------------------------------------------------------


@transaction.atomic
def tracks_install(ctx: OrgContext, *, language: str | None = None) -> int:
    """Copy the shipped tracks into the organisation (those it does not have yet), in its
    language; returns how many tracks were added."""
    ctx.require(Perm.MANAGE_ACADEMY)
    return tracks_copy(ctx.organisation, language=language, ctx=ctx)


def tracks_copy(
    organisation: Organisation, *, language: str | None = None, ctx: OrgContext | None = None
) -> int:
    language = language or organisation.language
    have = set(Track.objects.filter(organisation=organisation).values_list("key", flat=True))
    added = 0
    for position, spec in enumerate(load_tracks()):
        if spec.key in have:
            continue
        track = Track.objects.create(
            organisation=organisation,
            key=spec.key,
            kind=spec.kind,
            title=spec.title.get(language),
            description=spec.description.get(language),
            position=position,
        )
        for index, module_spec in enumerate(spec.modules):
            module = Module.objects.create(
                organisation=organisation,
                track=track,
                key=module_spec.key,
                title=module_spec.title.get(language),
                goals=module_spec.goals.get(language),
                hours=Decimal(str(module_spec.hours)),
                assessment=module_spec.assessment,
                level=module_spec.level,
                barrier=module_spec.barrier,
                calibration=list(module_spec.calibration),
                quiz=[q.get(language) for q in module_spec.quiz],
                skills=list(module_spec.skills),
                position=index,
            )
            Material.objects.bulk_create(
                Material(module=module, title=m.title.get(language), url=str(m.url))
                for m in module_spec.materials
            )
        if ctx is not None:
            change_by(ctx, track, action="created", note="shipped track")
        added += 1
    return added


@transaction.atomic
def module_update(
    ctx: OrgContext,
    *,
    module: Module,
    title: str,
    goals: str,
    hours: Decimal,
    assessment: str,
) -> Module:
    ctx.require(Perm.MANAGE_ACADEMY)
    if module.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the module a title.")})
    if assessment not in Module.Assessment.values:
        raise ValidationError({"assessment": _("Unknown kind of assessment.")})
    if not Decimal(0) <= hours <= Decimal(200):
        raise ValidationError({"hours": _("Choose a number of hours from 0 to 200.")})
    fields = ["title", "goals", "hours", "assessment"]
    before = {name: getattr(module, name) for name in fields}
    after = {"title": title.strip()[:200], "goals": goals.strip(), "hours": hours}
    after["assessment"] = assessment
    for name, value in after.items():
        setattr(module, name, value)
    module.save(update_fields=fields)
    change_by(ctx, module, action="updated", fields=diff_fields(before, after))
    return module


@transaction.atomic
def module_quiz_set(ctx: OrgContext, *, module: Module, questions: Sequence[Any]) -> Module:
    """Replace the module's quiz questions (a programme lead). Each question has a text, 2 to 6
    options and at least one right option (``koers.academy.quiz``). Attempts already made keep
    the questions they were graded against."""
    ctx.require(Perm.MANAGE_ACADEMY)
    if module.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    raw = [q.stored() if isinstance(q, Question) else q for q in questions]
    try:
        parsed = quiz_parse(raw)
    except (PydanticValidationError, ValueError) as error:
        raise ValidationError({"quiz": _quiz_problem(error)}) from error
    before = module.quiz
    after = quiz_store(parsed)
    if before == after:
        return module
    module.quiz = after
    module.save(update_fields=["quiz"])
    change_by(
        ctx,
        module,
        action="updated",
        fields={"quiz": [_quiz_lines(before), _quiz_lines(after)]},
        note="quiz questions edited",
    )
    return module


def _quiz_lines(data: Any) -> list[str]:
    """A quiz as the history shows it: a line per question, its right options ticked."""
    try:
        questions = quiz_parse(data)
    except (PydanticValidationError, ValueError):
        return []
    return [
        q.question
        + " ("
        + " / ".join(o + (" ✓" if i in q.correct else "") for i, o in enumerate(q.options))
        + ")"
        for q in questions
    ]


def _quiz_problem(error: Exception) -> str:
    """A reader's account of what is wrong with a quiz, in the user's language."""
    if isinstance(error, PydanticValidationError):
        for problem in error.errors():
            where = [p for p in problem.get("loc", ()) if isinstance(p, int)]
            number = where[0] + 1 if where else None
            field = next((p for p in problem.get("loc", ()) if isinstance(p, str)), "")
            text = {
                "question": _("Give the question a text of at most %(n)d characters.")
                % {"n": MAX_QUESTION_CHARS},
                "options": _("Give from %(min)d to %(max)d options, each with a text.")
                % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
                "correct": _("Mark at least one option as right."),
            }.get(field)
            if text is None:
                message = str(problem.get("msg", ""))
                if "option" in message and "right" in message:
                    text = _("Mark at least one option as right.")
                else:
                    text = _("Give every option a text of at most %(n)d characters.") % {
                        "n": MAX_OPTION_CHARS
                    }
            if number is not None:
                return _("Question %(n)d: %(problem)s") % {"n": number, "problem": text}
            return text
    return _("A quiz has at most %(n)d questions.") % {"n": MAX_QUESTIONS}


@transaction.atomic
def module_skills_set(ctx: OrgContext, *, module: Module, skills: Sequence[str]) -> Module:
    """Set the Strategy skills the module trains (a programme lead), by the keys of the
    organisation's skills catalogue."""
    ctx.require(Perm.MANAGE_ACADEMY)
    if module.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    names = {s.key: s.name for s in skill_list(organisation=ctx.organisation)}
    known = list(names)
    known += [key for key in module.skills or [] if key not in known]  # kept, if not in it
    unknown = sorted(set(skills) - set(known))
    if unknown:
        raise ValidationError(
            {"skills": _("Unknown skill: %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    after = [key for key in known if key in set(skills)]  # the catalogue's order, once each
    before = list(module.skills or [])
    if before == after:
        return module
    module.skills = after
    module.save(update_fields=["skills"])
    # The history shows the skills by their names.
    shown = [[names.get(key, key) for key in keys] for keys in (before, after)]
    change_by(ctx, module, action="updated", fields={"skills": shown})
    return module


@transaction.atomic
def material_add(
    ctx: OrgContext,
    *,
    module: Module,
    title: str,
    url: str = "",
    upload: UploadedFile | None = None,
) -> Material:
    """A link or a file. A file must be of a known type (by name and by its first bytes) and
    at most 20 MB."""
    ctx.require(Perm.MANAGE_ACADEMY)
    if module.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the material a title.")})
    if bool(url) == bool(upload):
        raise ValidationError(_("Give either a link or a file."))
    material = Material(module=module, title=title.strip()[:200], url=url)
    if upload is not None:
        suffix = "." + (upload.name or "").rsplit(".", 1)[-1].lower()
        if suffix not in MATERIAL_TYPES:
            allowed = ", ".join(sorted(MATERIAL_TYPES))
            raise ValidationError(
                {
                    "file": _("Files of this type are not accepted; use one of: %(types)s.")
                    % {"types": allowed}
                }
            )
        if (upload.size or 0) > MATERIAL_MAX_BYTES:
            raise ValidationError({"file": _("The file is larger than 20 MB.")})
        head = upload.read(8)
        upload.seek(0)
        if suffix in MAGIC and not head.startswith(MAGIC[suffix]):
            raise ValidationError({"file": _("The file's content does not match its type.")})
        # A name safe in a download's header: letters, digits, dots, dashes and underscores.
        name = re.sub(r"[^\w.-]", "_", (upload.name or "material").rsplit("/", 1)[-1])
        material.filename = name[-255:]
        material.content = upload.read()
        material.content_type = MATERIAL_TYPES[suffix]
        material.size = upload.size or 0
    material.full_clean(exclude=["content"])
    material.save()
    change_by(ctx, material, action="created")
    return material


# --- sessions -------------------------------------------------------------------------------


def attendance_check(ctx: OrgContext, *, session: TrainingSession) -> None:
    """PermissionDenied unless the acting person may see and record the session's attendance."""
    _may_run(ctx, session)


def _may_run(ctx: OrgContext, session: TrainingSession) -> None:
    """Leads run every session; an evangelist only the ones they give."""
    if session.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    if ctx.can(Perm.MANAGE_ACADEMY):
        return
    ctx.require(Perm.TEACH)
    if session.trainer is None or session.trainer.membership_id != ctx.membership.pk:
        raise PermissionDenied


@transaction.atomic
def session_schedule(
    ctx: OrgContext,
    *,
    module: Module,
    starts_at: datetime,
    trainer: Membership | None = None,
    trainer_label: str = "",
    minutes: int = 90,
    place: str = "",
    online_link: str = "",
    capacity: int = 20,
    code: str = "",
) -> TrainingSession:
    """A session of a module. A lead chooses any trainer (or one from outside, by name); an
    evangelist schedules sessions they give themselves."""
    ctx.require(Perm.TEACH)
    if module.organisation_id != ctx.organisation.pk:
        raise ValidationError({"module": _("Choose a module of this organisation.")})
    if not ctx.can(Perm.MANAGE_ACADEMY):
        trainer, trainer_label = ctx.membership, ""
    if trainer is not None:
        _member(ctx, trainer)
    elif not trainer_label.strip():
        raise ValidationError({"trainer": _("Choose a trainer, or name one from outside.")})
    if not place.strip() and not online_link.strip():
        raise ValidationError({"place": _("Give a place or an online link.")})
    session = TrainingSession(
        organisation=ctx.organisation,
        module=module,
        code=code.strip()[:60],
        trainer=learner_of(trainer) if trainer is not None else None,
        trainer_label="" if trainer is not None else trainer_label.strip()[:200],
        starts_at=starts_at,
        minutes=minutes,
        place=place.strip()[:200],
        online_link=online_link.strip(),
        capacity=capacity,
        created_by=ctx.user,
    )
    session.full_clean(exclude=["organisation", "module", "trainer", "created_by"])
    session.save()
    change_by(ctx, session, action="created")
    return session


@transaction.atomic
def session_register(ctx: OrgContext, *, session: TrainingSession) -> Registration:
    if session.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    learner = learner_of(ctx.membership)
    registration = Registration.objects.filter(session=session, learner=learner).first()
    if registration is not None and registration.cancelled_at is None:
        return registration
    taken = Registration.objects.filter(session=session, cancelled_at__isnull=True).count()
    if taken >= session.capacity:
        raise ValidationError(_("This session is full."))
    if session.starts_at < clock.now():
        raise ValidationError(_("This session has already started."))
    if registration is None:
        registration = Registration.objects.create(session=session, learner=learner)
    else:
        registration.cancelled_at = None
        registration.save(update_fields=["cancelled_at"])
    change_by(ctx, registration, action="created")
    return registration


@transaction.atomic
def session_invite(
    ctx: OrgContext,
    *,
    session: TrainingSession,
    department: Department | None = None,
    memberships: list[Membership] | None = None,
) -> int:
    """Invite a department or some people: they are registered (each can cancel), as far as the
    capacity allows. Returns how many were added."""
    _may_run(ctx, session)
    if session.starts_at < clock.now():
        raise ValidationError(_("This session has already started."))
    people = list(memberships or [])
    if department is not None:
        if department.organisation_id != ctx.organisation.pk:
            raise ValidationError({"department": _("Choose a department of this organisation.")})
        people += list(
            Membership.objects.filter(
                organisation=ctx.organisation, department=department, is_active=True
            )
        )
    taken = Registration.objects.filter(session=session, cancelled_at__isnull=True)
    registered = set(taken.values_list("learner__membership_id", flat=True))
    room = session.capacity - len(registered)
    added = 0
    for membership in people:
        _member(ctx, membership)
        if membership.pk in registered:
            continue
        if added >= room:
            raise ValidationError(_("This session is full."))
        learner = learner_of(membership)
        Registration.objects.update_or_create(
            session=session, learner=learner, defaults={"cancelled_at": None}
        )
        registered.add(membership.pk)
        added += 1
    if added:
        change_by(ctx, session, action="invited", note=f"{added} registered")
    return added


@transaction.atomic
def session_cancel_registration(ctx: OrgContext, *, session: TrainingSession) -> None:
    learner = learner_of(ctx.membership)
    registration = Registration.objects.filter(
        session=session, learner=learner, cancelled_at__isnull=True
    ).first()
    if registration is None:
        return
    registration.cancelled_at = clock.now()
    registration.save(update_fields=["cancelled_at"])
    change_by(ctx, registration, action="cancelled")


@transaction.atomic
def attendance_record(
    ctx: OrgContext, *, session: TrainingSession, marks: Mapping[Membership, bool]
) -> int:
    """Record who completed the session. History is append-only: a mark that differs from the
    current one is a new record naming who recorded it; returns how many records were added."""
    _may_run(ctx, session)
    if session.starts_at > clock.now():
        raise ValidationError(_("Attendance can be recorded once the session has started."))
    current: dict[int, bool] = {}
    for learner_id, completed in Attendance.objects.filter(session=session).values_list(
        "learner_id", "completed"
    ):
        current[learner_id] = completed
    added = []
    for membership, completed in marks.items():
        _member(ctx, membership)
        learner = learner_of(membership)
        if current.get(learner.pk) == completed:
            continue
        added.append(
            Attendance(session=session, learner=learner, completed=completed, recorded_by=ctx.user)
        )
    Attendance.objects.bulk_create(added)
    if added:
        change_by(ctx, session, action="attendance", note=f"{len(added)} record(s)")
    return len(added)


@transaction.atomic
def rating_give(
    ctx: OrgContext, *, session: TrainingSession, score: int, comment: str = ""
) -> Rating:
    """Someone who completed the session rates it once (a later rating replaces theirs)."""
    if session.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Give a rating from 1 to 5.")})
    learner = learner_of(ctx.membership)
    last = Attendance.objects.filter(session=session, learner=learner).order_by("-pk").first()
    if last is None or not last.completed:
        raise ValidationError(_("Only people who completed the session can rate it."))
    rating, _created = Rating.objects.update_or_create(
        session=session, learner=learner, defaults={"score": score, "comment": comment[:1000]}
    )
    change_by(ctx, rating, action="rated")
    return rating


# --- assessments: assignments and quizzes ------------------------------------------------------


def _own_module(ctx: OrgContext, module: Module, assessment: str) -> None:
    if module.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    if module.assessment != assessment:
        raise ValidationError(_("This module is not assessed that way."))


@transaction.atomic
def assignment_hand_in(ctx: OrgContext, *, module: Module, text: str) -> Submission:
    """Hand in the assignment of a module: a short text or a link. Handing in again adds a new
    submission; the trainers review the latest."""
    _own_module(ctx, module, Module.Assessment.ASSIGNMENT)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your assignment or give a link to it.")})
    if len(text) > 4000:
        raise ValidationError({"text": _("Keep your assignment under 4000 characters.")})
    submission = Submission.objects.create(
        organisation=ctx.organisation, module=module, learner=learner_of(ctx.membership), text=text
    )
    change_by(ctx, submission, action="created")
    return submission


@transaction.atomic
def assignment_review(
    ctx: OrgContext, *, submission: Submission, approve: bool, comment: str = ""
) -> Review:
    """A trainer approves a submission or sends it back with a comment (append-only: a later
    review of the same submission counts). Nobody reviews their own."""
    if not (ctx.can(Perm.TEACH) or ctx.can(Perm.MANAGE_ACADEMY)):
        raise PermissionDenied
    if submission.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    if submission.learner.membership_id == ctx.membership.pk:
        raise ValidationError(_("Someone else reviews your own assignment."))
    comment = comment.strip()[:2000]
    if not approve and not comment:
        raise ValidationError({"comment": _("Say what to improve when you send it back.")})
    review = Review.objects.create(
        submission=submission, approved=approve, comment=comment, reviewed_by=ctx.user
    )
    change_by(ctx, review, action="approved" if approve else "sent back")
    return review


@transaction.atomic
def quiz_take(
    ctx: OrgContext, *, module: Module, answers: Mapping[int, int | Collection[int]]
) -> QuizAttempt:
    """Grade a go at the module's quiz and record it with the questions as they are now;
    passing (70% right) completes the module, with or without a session. ``answers``: question
    index → the option (or, for a question with several right options, the options) chosen."""
    _own_module(ctx, module, Module.Assessment.QUIZ)
    questions = quiz_parse(module.quiz)
    if not questions:
        raise ValidationError(_("This module has no quiz yet."))
    clean: dict[int, list[int]] = {}
    for index, given in answers.items():
        chosen = sorted({given} if isinstance(given, int) else set(given))
        if not 0 <= index < len(questions) or not chosen:
            raise ValidationError(_("Choose one of the options for each question."))
        if any(not 0 <= option < len(questions[index].options) for option in chosen):
            raise ValidationError(_("Choose one of the options for each question."))
        if len(chosen) > 1 and not questions[index].multiple:
            raise ValidationError(_("Choose one option for this question."))
        clean[index] = chosen
    grade = quiz_grade(questions, clean)
    attempt = QuizAttempt.objects.create(
        organisation=ctx.organisation,
        module=module,
        learner=learner_of(ctx.membership),
        answers={str(i): o for i, o in sorted(clean.items())},
        questions=quiz_store(questions),
        right=grade.right,
        total=grade.total,
        passed=grade.passed,
    )
    change_by(ctx, attempt, action="created", note=f"{grade.right}/{grade.total}")
    return attempt


# --- a person's record (GDPR) ---------------------------------------------------------------


def learner_record(learner: Learner) -> dict[str, Any]:
    """Everything the Academy holds on one person, as JSON."""
    attendance = Attendance.objects.filter(learner=learner).select_related("session__module")
    ratings = Rating.objects.filter(learner=learner).select_related("session__module")
    evangelist = (
        Evangelist.objects.filter(membership=learner.membership).first()
        if learner.membership_id
        else None
    )
    return {
        "evangelist": None
        if evangelist is None
        else {
            "status": evangelist.status,
            "motivation": evangelist.motivation,
            "hours_per_month": evangelist.hours_per_month,
            "message": evangelist.message,
        },
        "attendance": [
            {
                "session": a.session_id,
                "module": a.session.module.title,
                "date": a.session.starts_at.date().isoformat(),
                "completed": a.completed,
                "recorded_at": a.recorded_at.isoformat(),
            }
            for a in attendance
        ],
        "registrations": list(
            Registration.objects.filter(learner=learner).values_list("session_id", flat=True)
        ),
        "ratings": [
            {"session": r.session_id, "score": r.score, "comment": r.comment} for r in ratings
        ],
        "assignments": [
            {
                "module": sub.module.title,
                "text": sub.text,
                "handed_in_at": sub.created_at.isoformat(),
                "reviews": [
                    {"approved": r.approved, "comment": r.comment} for r in sub.reviews.all()
                ],
            }
            for sub in Submission.objects.filter(learner=learner)
            .select_related("module")
            .prefetch_related("reviews")
        ],
        "quiz_attempts": [
            {"module": a.module.title, "right": a.right, "total": a.total, "passed": a.passed}
            for a in QuizAttempt.objects.filter(learner=learner).select_related("module")
        ],
        "sessions_given": list(
            TrainingSession.objects.filter(trainer=learner).values_list("pk", flat=True)
        ),
    }


def learner_export(ctx: OrgContext, *, membership: Membership) -> dict[str, Any]:
    """A person's training record: their own, or anyone's for the admins."""
    if membership.pk != ctx.membership.pk:
        ctx.require(Perm.MANAGE_PEOPLE)
    _member(ctx, membership)
    return learner_record(learner_of(membership))


@transaction.atomic
def learner_erase(ctx: OrgContext, *, membership: Membership) -> None:
    """Erase a person from the Academy: their nomination, registrations and rating comments go,
    the link to their name is cut. Their completed sessions still count, anonymously, in the
    department they were in."""
    ctx.require(Perm.MANAGE_PEOPLE)
    if membership.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    Evangelist.objects.filter(organisation=ctx.organisation, membership=membership).delete()
    learner = Learner.objects.filter(membership=membership).first()
    if learner is None:
        return
    Registration.objects.filter(learner=learner).delete()
    Rating.objects.filter(learner=learner).update(comment="")
    Submission.objects.filter(learner=learner).update(text="")
    learner.department_id = membership.department_id
    learner.membership = None
    learner.erased_at = clock.now()
    learner.save(update_fields=["department", "membership", "erased_at"])
    change_by(ctx, learner, action="erased")
