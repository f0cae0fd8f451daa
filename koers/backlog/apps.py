from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BacklogConfig(AppConfig):
    name = "koers.backlog"
    label = "backlog"
    verbose_name = _("Use-case backlog")
