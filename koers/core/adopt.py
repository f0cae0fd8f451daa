"""Moving models from one app to another without losing a row: used by migrations only.

When an app is folded into another (``insights`` and ``scoring`` into ``backlog``, ``calibration``
into ``diagnostic``), the receiving app's migration creates the models in the migration *state*
only and then calls :func:`adopt_tables`: a database made by an earlier version keeps its tables,
renamed to the new app's names; a new database gets them created. The audit history, content
types and queued background tasks follow the new names, and the old apps' migration records are
removed so that their names are free for new apps. Kept stable on purpose: migrations call it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.recorder import MigrationRecorder


def adopt_tables(
    apps: Any,
    schema_editor: BaseDatabaseSchemaEditor,
    *,
    app_label: str,
    models: Mapping[str, str],
    old_task_modules: Mapping[str, str] | None = None,
) -> None:
    """Give ``app_label`` the models ``{ModelName: "oldapp.modelname"}``, in that order (a model
    before the models that refer to it); ``old_task_modules`` maps old task module paths to new."""
    connection = schema_editor.connection
    alias = connection.alias
    existing = set(connection.introspection.table_names())
    for name, old_label in models.items():
        model = apps.get_model(app_label, name)
        old_table = old_label.replace(".", "_")
        if old_table in existing:
            schema_editor.alter_db_table(model, old_table, model._meta.db_table)
        else:
            schema_editor.create_model(model)

    change = apps.get_model("core", "Change")
    content_type = apps.get_model("contenttypes", "ContentType")
    for name, old_label in models.items():
        old_app, model_name = old_label.split(".")
        new_label = f"{app_label}.{name.lower()}"
        change.objects.using(alias).filter(subject=old_label).update(subject=new_label)
        types = content_type.objects.using(alias)
        if not types.filter(app_label=app_label, model=model_name).exists():
            types.filter(app_label=old_app, model=model_name).update(app_label=app_label)

    task = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in (old_task_modules or {}).items():
        for queued in task.objects.using(alias).filter(task_path__startswith=old + "."):
            queued.task_path = new + queued.task_path.removeprefix(old)
            queued.save(update_fields=["task_path"])

    recorder = MigrationRecorder(connection)
    if recorder.has_table():
        old_apps = {label.split(".")[0] for label in models.values()}
        recorder.migration_qs.filter(app__in=old_apps).delete()
