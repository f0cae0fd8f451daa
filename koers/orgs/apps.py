from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "koers.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        # Connects the login throttle's and the session limits' signal receivers.
        from koers.orgs import middleware, throttle  # noqa: F401
