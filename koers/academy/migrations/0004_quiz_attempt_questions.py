from django.db import migrations, models


def snapshot(apps, schema_editor):
    """Until now a quiz could not be edited, so the module's quiz is what every earlier attempt
    was graded against: keep it with the attempt."""
    QuizAttempt = apps.get_model("academy", "QuizAttempt")
    for attempt in QuizAttempt.objects.select_related("module").iterator():
        attempt.questions = attempt.module.quiz or []
        attempt.save(update_fields=["questions"])


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0003_module_skills"),
    ]

    operations = [
        migrations.AddField(
            model_name="quizattempt",
            name="questions",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(snapshot, migrations.RunPython.noop),
        # Names for the module's history.
        migrations.AlterField(
            model_name="module",
            name="quiz",
            field=models.JSONField(blank=True, default=list, verbose_name="quiz questions"),
        ),
        migrations.AlterField(
            model_name="module",
            name="skills",
            field=models.JSONField(blank=True, default=list, verbose_name="skills"),
        ),
    ]
