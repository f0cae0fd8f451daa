from django.db import migrations, models


def imported_ones_are_done(apps, schema_editor):
    Upload = apps.get_model("core", "Upload")
    Upload.objects.filter(imported_at__isnull=False).update(status="done")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_quota_use"),
    ]

    operations = [
        migrations.AddField(
            model_name="upload",
            name="status",
            field=models.CharField(
                choices=[
                    ("new", "Uploaded"),
                    ("queued", "Waiting for the worker"),
                    ("running", "Being checked and imported"),
                    ("done", "Imported"),
                    ("failed", "Not imported"),
                ],
                default="new",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="upload",
            name="rows",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="upload",
            name="language",
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AddField(
            model_name="upload",
            name="options",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="upload",
            name="errors",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="upload",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="upload",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="upload",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(imported_ones_are_done, migrations.RunPython.noop),
    ]
