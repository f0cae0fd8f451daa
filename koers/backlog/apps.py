from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BacklogConfig(AppConfig):
    name = "koers.backlog"
    label = "backlog"
    verbose_name = _("Use-case backlog")

    def ready(self) -> None:
        from koers.backlog.signals import backlog_changed
        from koers.backlog.tasks import queue_refresh

        backlog_changed.connect(queue_refresh, dispatch_uid="backlog-refresh-themes")
