"""Themes: the backlog's clusters, as last computed, with the leads' edits on top."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="themes"
    )
    number = models.PositiveIntegerField(_("number"))
    terms = models.JSONField(_("key terms"), default=list)
    # A lead's name for the theme; it is carried over when the themes are recomputed.
    name = models.CharField(_("name"), max_length=120, blank=True)
    # Its computed name per language, {"nl": …, "en": …, "phrase": catalogue key or ""}
    # (koers.textmine.naming), for the label while no lead named it.
    names = models.JSONField(_("computed names"), default=dict, blank=True)
    # A lead made this theme (split or merge): recomputation keeps its members in it.
    manual = models.BooleanField(_("kept by hand"), default=False)
    representative = models.ForeignKey(
        "backlog.UseCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="theme_unique_number")
        ]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A lead's name, else its computed name in the active language, else its key terms."""
        return self.label_in(translation.get_language())

    def label_in(self, language: str | None) -> str:
        lang = "nl" if (language or "").lower().startswith("nl") else "en"
        return (
            self.name
            or str((self.names or {}).get(lang) or "")
            or ", ".join(self.terms[:4])
            or f"#{self.number}"
        )


class ThemeMember(models.Model):
    class How(models.TextChoices):
        CLUSTERED = "clustered", _("clustered")
        ADDED = "added", _("added since the last computation")
        LEAD = "lead", _("placed by a lead")

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="members")
    usecase = models.OneToOneField(
        "backlog.UseCase", on_delete=models.CASCADE, related_name="theme_member"
    )
    weak = models.BooleanField(_("fits weakly"), default=False)
    how = models.CharField(max_length=10, choices=How.choices, default=How.CLUSTERED)

    class Meta:
        verbose_name = _("theme member")
        verbose_name_plural = _("theme members")

    def __str__(self) -> str:
        return f"{self.usecase_id} in {self.theme_id}"


class ThemeRun(models.Model):
    """One computation of an organisation's themes."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="theme_runs"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    themes = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    notes = models.JSONField(default=list, blank=True)
    # The lead's step from the data's granularity this computation used (ThemeSettings).
    granularity = models.SmallIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"themes of {self.organisation_id} at {self.started_at:%Y-%m-%d %H:%M}"


class Granularity(models.IntegerChoices):
    """A lead's step from the granularity the data choose (``koers.textmine.cluster``)."""

    MUCH_COARSER = -2, _("much coarser")
    COARSER = -1, _("coarser")
    DATA = 0, _("as the data suggest")
    FINER = 1, _("finer")
    MUCH_FINER = 2, _("much finer")


class ThemeSettings(models.Model):
    """One row per organisation, made the first time a lead changes it."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="theme_settings"
    )
    granularity = models.SmallIntegerField(
        _("granularity"), choices=Granularity.choices, default=Granularity.DATA
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("theme settings")
        verbose_name_plural = _("theme settings")

    def __str__(self) -> str:
        return str(_("Theme settings"))
