from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "koers.diagnostic"
    verbose_name = _("Readiness scan")
