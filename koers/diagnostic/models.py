"""The readiness scan: instruments (versioned), waves, one-time invitations and anonymous responses.

Anonymity by construction: a ``Response`` has no link to a person or to the invitation it came
through — only the wave, the department and the role group, and the day it came in (no time, so
the order of answers cannot point at anyone). An ``Invitation`` knows its person (for e-mail and
reminders) and whether it was used, never what was answered. A respondent's draft lives on the
invitation until it is submitted; submitting moves the answers to a new ``Response`` and clears the
draft in one transaction. An evangelist opt-in becomes a ``Nomination`` with the person's name and
nothing of their answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RoleGroup(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    STAFF = "staff", _("Staff")


class ScanSettings(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="scan_settings"
    )
    # No result is shown for fewer respondents than this; never below 3.
    min_respondents = models.PositiveSmallIntegerField(
        _("minimum respondents per figure"), default=5, validators=[MinValueValidator(3)]
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_respondents__gte=3), name="scan_min_respondents_at_least_3"
            )
        ]

    def __str__(self) -> str:
        return f"scan settings of {self.organisation_id}"


class Instrument(models.Model):
    class Kind(models.TextChoices):
        SCAN = "scan", _("Readiness scan")
        CALIBRATION = "calibration", _("Leadership calibration quiz")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="instruments"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SCAN)
    name = models.CharField(_("name"), max_length=200)
    # Which shipped instrument it was copied from ("default_scan"), if any.
    copied_from = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name to show in ``language``: a copy of Koers's own scan or quiz that kept the
        shipped title shows that title in the reader's language (the copy was named in the
        language of whoever made it); a name the organisation chose stays as they wrote it."""
        from koers.diagnostic.instruments.loader import load_calibration, load_default_scan

        for shipped in (load_default_scan(), load_calibration()):
            if self.copied_from == shipped.id and self.name in (shipped.title.nl, shipped.title.en):
                return str(shipped.title.nl if language.startswith("nl") else shipped.title.en)
        return self.name

    @property
    def display_name(self) -> str:
        """``name_in`` the active language."""
        return self.name_in(get_language() or "en")


class InstrumentVersion(models.Model):
    """One version of an instrument's questions. A version used by a wave is frozen: editing the
    instrument makes a new version, so a running wave never changes under its respondents."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()  # koers.diagnostic.instruments.schema.Instrument as JSON
    frozen = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="instrument_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Wave(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="waves"
    )
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="waves")
    name = models.CharField(_("name"), max_length=200)
    # Empty: the whole organisation.
    departments = models.ManyToManyField("orgs.Department", blank=True, related_name="waves")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    # Live results: the figures are shown while the wave is open, moving in steps of at least k
    # respondents per base cell (``ReleasedTally``). Once on, never off again.
    live_results = models.BooleanField(default=False)
    # The final figures (all answers) were shown once the wave was no longer open: it may not be
    # opened again, as answers added after that could be read by subtraction.
    final_published = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="wave_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A one-time personal link. It proves "may answer once"; it never holds the answers once they
    are submitted."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey(
        "orgs.Membership", null=True, on_delete=models.SET_NULL, related_name="scan_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    sent_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    used = models.BooleanField(default=False)
    # Answers saved to continue later; emptied when submitted.
    draft = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "membership"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} to {self.wave_id}"


# A shared link takes the department's known people times this factor, and at least the minimum
# (people without an account answer through it too); the lead may set another cap per link.
SHARED_LINK_CAP_FACTOR = 1.5
SHARED_LINK_MIN_CAP = 20
SHARED_LINK_DEFAULT_CAP = 50
SHARED_LINK_MAX_CAP = 100_000


class SharedLink(models.Model):
    """A link that anyone in one department may open to answer (printed on a poster, say). It
    cannot prove "once per person" as a personal invitation does; only its hash is kept, so the
    link itself is shown once, when it is made."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="shared_links")
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.CASCADE, related_name="scan_shared_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField()
    revoked = models.BooleanField(default=False)
    # At most this many answers come in through the link (a script cannot fill a department);
    # ``answered`` counts them, and nothing else about them is kept here.
    cap = models.PositiveIntegerField(default=SHARED_LINK_DEFAULT_CAP)
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["department__name", "-id"]

    def __str__(self) -> str:
        return f"shared link {self.pk} to {self.wave_id}"


class Response(models.Model):
    """Anonymous answers: no person, no invitation, no time of day."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    submitted_on = models.DateField()
    language = models.CharField(max_length=5, default="en")
    answers = models.JSONField()

    class Meta:
        # Not by id: insertion order must not be observable through the default ordering.
        ordering = ["submitted_on", "department_id", "role_group"]

    def __str__(self) -> str:
        return f"response to {self.wave_id}"


class Nomination(models.Model):
    """Someone who ticked "I'd like to help colleagues with AI": their name, not their answers."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="nominations")
    membership = models.ForeignKey("orgs.Membership", on_delete=models.CASCADE, related_name="+")
    created_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "membership"], name="one_nomination_per_wave")
        ]

    def __str__(self) -> str:
        return f"nomination in {self.wave_id}"


class Tally(models.Model):
    """Running sums of a wave's responses per base cell (department x role group), kept up to date
    as answers come in so the results never read the answers themselves.

    ``key`` names what is counted: ``respondents``, ``item:<question>`` (``value``: the option),
    ``barrier:<barrier>`` (``value``: the rounded score 1-5; ``total`` and ``squares``: the sum and
    the sum of squares of the respondents' scores) or ``text:<question>`` (written answers). A
    deleted department leaves its rows with no department, as its responses; rows that then share a
    cell are added up when read.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tallies")
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    key = models.CharField(max_length=120)
    value = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0.0)
    squares = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "department", "role_group", "key", "value"],
                name="one_tally_per_cell_and_value",
            )
        ]

    def __str__(self) -> str:
        return f"tally {self.key}={self.value} of {self.wave_id}"


class ReleasedTally(models.Model):
    """The sums of a live-results wave as last published: per base cell and key a copy of its
    ``Tally`` rows, renewed only when at least k responses came in since
    (``koers.diagnostic.services.tallies.released``)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="released_tallies")
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    key = models.CharField(max_length=120)
    value = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0.0)
    squares = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return f"released tally {self.key}={self.value} of {self.wave_id}"


class CalibrationRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="calibration_rounds"
    )
    version = models.ForeignKey(
        "diagnostic.InstrumentVersion", on_delete=models.PROTECT, related_name="calibration_rounds"
    )
    name = models.CharField(_("name"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    # The answers the team's figures rest on (their ids): renewed only once at least
    # ``MIN_ANSWERS`` more came in, so two states of the team page never show one leader's answers.
    released_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opened_on")),
                name="calibration_round_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CalibrationAnswer(models.Model):
    """One leader's answers in one round: ``{statement_id: "true" | "false" | "unsure"}``."""

    round = models.ForeignKey(CalibrationRound, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey(
        "orgs.Membership", on_delete=models.CASCADE, related_name="calibration_answers"
    )
    answers = models.JSONField()
    submitted_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "membership"], name="one_calibration_answer_per_leader"
            )
        ]

    def __str__(self) -> str:
        return f"calibration answers in {self.round_id}"
