"""The Academy: evangelists, tracks and modules, sessions, registrations, the append-only
attendance history and ratings.

A ``Learner`` is a person's identity in the Academy. Attendance and ratings point to it, not to
the membership, so erasing a person (``learner_erase``) cuts the link and the name while the
counts stay: the learner keeps the department they were counted in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AcademySettings(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    people_per_evangelist = models.PositiveSmallIntegerField(
        _("people per evangelist"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("The target: one evangelist for this many people in a department."),
    )

    def __str__(self) -> str:
        return f"academy settings of {self.organisation_id}"


class Learner(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    membership = models.OneToOneField(
        "orgs.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where an erased person was counted; members are counted in their current department.
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"learner {self.pk}"


class Evangelist(models.Model):
    class Source(models.TextChoices):
        SCAN = "scan", _("volunteered in the readiness scan")
        SELF = "self", _("put themselves forward")
        MANAGER = "manager", _("nominated by a manager")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("candidate")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    membership = models.ForeignKey("orgs.Membership", on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(
        _("hours available per month"), default=4, validators=[MaxValueValidator(200)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CANDIDATE
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "membership"], name="academy_one_evangelist_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"evangelist {self.pk}"


class Track(models.Model):
    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("leadership")
        EVANGELIST = "evangelist", _("evangelist (train the trainer)")
        EMPLOYEE = "employee", _("basics for everyone")
        LITERACY = "literacy", _("AI literacy")
        IMPORTED = "imported", _("imported")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.SlugField(max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="academy_track_key")
        ]

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    class Assessment(models.TextChoices):
        ATTENDANCE = "attendance", _("attendance")
        ASSIGNMENT = "assignment", _("assignment approved by a trainer")
        QUIZ = "quiz", _("short quiz")

    class Level(models.TextChoices):
        NONE = "", _("no level")
        FOUNDATION = "foundation", _("foundation")
        PRACTITIONER = "practitioner", _("practitioner")
        TRAINER = "trainer", _("trainer")
        CHAMPIONS = "champions", _("champions league")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="modules")
    key = models.SlugField(max_length=60)
    title = models.CharField(_("title"), max_length=200)
    goals = models.TextField(_("goals"), max_length=4000, blank=True)
    hours = models.DecimalField(
        _("expected hours"),
        max_digits=5,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )
    assessment = models.CharField(
        _("assessment"), max_length=12, choices=Assessment.choices, default=Assessment.ATTENDANCE
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True)
    barrier = models.CharField(max_length=60, blank=True)
    calibration = models.JSONField(default=list, blank=True)
    # The keys of the Strategy app's skills this module trains (its heat map links here).
    skills = models.JSONField(_("skills"), default=list, blank=True)
    # The short quiz of a module assessed by one (validated by ``koers.academy.quiz``).
    quiz = models.JSONField(_("quiz questions"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["track__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="academy_module_key")
        ]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    # An uploaded file lives in the database, as import uploads do, so web processes stay
    # stateless; it is served only through the Academy, to members of the organisation.
    filename = models.CharField(_("file"), max_length=255, blank=True)
    content = models.BinaryField(blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="sessions"
    )
    code = models.CharField(_("code"), max_length=60, blank=True)
    # A trainer in the organisation is a learner; one from outside is only a name or address.
    trainer = models.ForeignKey(
        Learner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trainer_label = models.CharField(_("outside trainer"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), default=90, validators=[MaxValueValidator(24 * 60)]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=20, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=~models.Q(code=""),
                name="academy_session_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} {self.starts_at:%Y-%m-%d}"


class Registration(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="registrations"
    )
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="academy_one_registration")
        ]

    def __str__(self) -> str:
        return f"registration {self.pk}"


class Attendance(models.Model):
    """Append-only: never changed or deleted; a correction is a later record (see reach.py)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="+")
    completed = models.BooleanField(_("completed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"attendance {self.pk}"


class Rating(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="academy_one_rating")
        ]

    def __str__(self) -> str:
        return f"rating {self.pk}"


class Submission(models.Model):
    """An attendee's assignment for a module: a short text or a link. Append-only: handing in
    again is a new submission."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("your assignment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"submission {self.pk}"


class Review(models.Model):
    """A trainer's verdict on a submission: approved, or sent back with a comment. Append-only:
    the latest review of a submission counts."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    approved = models.BooleanField()
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"review {self.pk}"


class QuizAttempt(models.Model):
    """One go at a module's quiz, with the answers given and the grade. Append-only."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    # The quiz as it was when taken (its questions, options and right options): editing the
    # module's quiz later changes neither this attempt's grade nor what its answers meant.
    questions = models.JSONField(default=list, blank=True)
    right = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"quiz attempt {self.pk}"
