"""Every triage keeps the version of the rules it was made with. The triages stored before this
release were made with the rules of the AI Act as published (version 2024-08-01)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0002_assessed_risk_of_signed_off_triages"),
    ]

    operations = [
        migrations.AddField(
            model_name="triage",
            name="rules_version",
            field=models.CharField(
                db_index=True, default="2024-08-01", max_length=20, verbose_name="rules version"
            ),
            preserve_default=False,
        ),
    ]
