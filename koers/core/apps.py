from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koers.core"
    label = "core"
    verbose_name = "Koers core"
