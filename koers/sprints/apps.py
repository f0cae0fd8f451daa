from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SprintsConfig(AppConfig):
    name = "koers.sprints"
    verbose_name = _("AI dev sprints")
