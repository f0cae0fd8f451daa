from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koers.core"
    label = "core"
    verbose_name = "Koers core"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from koers.core.tasks import forget_private_run

        task_finished.connect(forget_private_run, dispatch_uid="koers-forget-private-mail-run")
