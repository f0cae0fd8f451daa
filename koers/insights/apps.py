from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "koers.insights"
    verbose_name = _("Backlog insights")

    def ready(self) -> None:
        from koers.backlog.signals import backlog_changed
        from koers.insights.tasks import queue_refresh

        backlog_changed.connect(queue_refresh, dispatch_uid="insights-refresh-themes")
