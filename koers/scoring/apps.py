from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "koers.scoring"
    verbose_name = _("Quick-win scoring")
