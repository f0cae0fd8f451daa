"""The leadership calibration quiz (formerly the app ``calibration``) becomes part of the scan's
app, with all its rows: the tables are renamed in place on an existing database
(``koers.core.adopt``), created on a new one.
"""

import django.db.models.deletion
from django.db import migrations, models

from koers.core.adopt import adopt_tables


def move_in(apps, schema_editor):
    adopt_tables(
        apps,
        schema_editor,
        app_label="diagnostic",
        models={
            "CalibrationRound": "calibration.calibrationround",
            "CalibrationAnswer": "calibration.calibrationanswer",
        },
    )


class Migration(migrations.Migration):

    dependencies = [
        ('diagnostic', '0003_shared_link'),
        ('orgs', '0003_organisation_language'),
        ('core', '0002_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CalibrationRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('opened_on', models.DateField(verbose_name='opened on')),
                        ('closes_on', models.DateField(verbose_name='closes on')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=8)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='calibration_rounds', to='orgs.organisation')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='calibration_rounds', to='diagnostic.instrumentversion')),
                    ],
                    options={
                        'constraints': [models.CheckConstraint(condition=models.Q(('closes_on__gte', models.F('opened_on'))), name='calibration_round_closes_after_opening')],
                        'ordering': ['-opened_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CalibrationAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('answers', models.JSONField()),
                        ('submitted_on', models.DateField()),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='calibration_answers', to='orgs.membership')),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='diagnostic.calibrationround')),
                    ],
                    options={'constraints': [models.UniqueConstraint(fields=('round', 'membership'), name='one_calibration_answer_per_leader')]},
                ),
            ],
        ),
        migrations.RunPython(move_in, elidable=False),
    ]
