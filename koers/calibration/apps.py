from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalibrationConfig(AppConfig):
    name = "koers.calibration"
    verbose_name = _("Leadership calibration")
