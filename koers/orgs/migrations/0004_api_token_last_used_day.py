"""API tokens keep the day they were last used, not the moment: existing values are truncated to
the start of their day (in the configured time zone)."""

from django.db import migrations
from django.utils import timezone


def truncate_to_day(apps, schema_editor):
    ApiToken = apps.get_model("orgs", "ApiToken")
    for token in ApiToken.objects.exclude(last_used_at=None).only("pk", "last_used_at"):
        day = timezone.localtime(token.last_used_at).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=day)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_organisation_language")]

    operations = [migrations.RunPython(truncate_to_day, migrations.RunPython.noop)]
