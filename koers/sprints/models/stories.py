"""Success stories on the wall of wins: a story of a delivered use case, the people it names with
their consent, employees' reactions and the departments that asked for the same ("can we have
this too?")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Story(models.Model):
    """A story told with the guided template. The four longer parts are stored as sanitised HTML
    (``koers.sprints.services.stories``); the title, the quote and who said it are plain text."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="stories"
    )
    usecase = models.ForeignKey("backlog.UseCase", on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), blank=True)
    built = models.TextField(_("what the team built"), blank=True)
    result = models.TextField(_("the result in numbers"), blank=True)
    quote = models.TextField(_("quote"), blank=True)
    quote_by = models.CharField(_("who said it"), max_length=200, blank=True)
    next_steps = models.TextField(_("what's next"), blank=True)
    # Re-encoded by the service (a JPEG without metadata, bounded pixels); kept in the database
    # like the other uploads, so every web process serves it.
    image = models.BinaryField(null=True, blank=True)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # When a newsletter first carried it: a newsletter of only such stories is not sent again.
    in_newsletter_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["organisation", "state", "published_at"])]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title


class NamedPerson(models.Model):
    """Someone the story names, and their consent: who recorded it and when; withdrawn later,
    it takes the story off the wall."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    consented_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_how = models.CharField(_("how consent was given"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["story", "name"], name="story_person_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def consents(self) -> bool:
        return self.consented_at is not None and self.withdrawn_at is None


class Reaction(models.Model):
    """One employee's reaction of one kind to a story."""

    class Kind(models.TextChoices):
        APPLAUSE = "applause", _("Well done")
        INSPIRING = "inspiring", _("Inspiring")
        USEFUL = "useful", _("I could use this")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "user", "kind"], name="reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.story_id}: {self.kind}"


class StoryRequest(models.Model):
    """ "Can we have this too?": a department asked for what the story tells, and the use case
    that request became on the backlog."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="requests")
    department = models.ForeignKey("orgs.Department", on_delete=models.CASCADE, related_name="+")
    usecase = models.ForeignKey("backlog.UseCase", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "department"], name="story_request_once_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.story_id} → {self.usecase_id}"
