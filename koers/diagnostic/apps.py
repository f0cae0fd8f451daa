from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "koers.diagnostic"
    verbose_name = _("Readiness scan")

    def ready(self) -> None:
        # The strategy app (below the scan) counts people per group with the scan's k.
        from koers.diagnostic.selectors.waves import min_respondents_of
        from koers.strategy.selectors.small_groups import min_group_reader_set

        min_group_reader_set(min_respondents_of)
