"""The backlog's themes (formerly the app ``insights``) and its quick-win weights (formerly the app
``scoring``) become part of the backlog app, with all their rows.

The models move in the migration state only; the database keeps the data: an existing table is
renamed (``insights_theme`` -> ``backlog_theme``, ...), a new database gets the tables created. The
history (``core.Change.subject``), content types and queued background tasks follow the new names,
and the two old apps' migration records are removed so that their names are free for new apps.
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models

from koers.core.adopt import adopt_tables

def move_in(apps, schema_editor):
    adopt_tables(
        apps,
        schema_editor,
        app_label="backlog",
        models={
            "ScoringWeights": "scoring.scoringweights",
            "Theme": "insights.theme",
            "ThemeMember": "insights.thememember",
            "ThemeRun": "insights.themerun",
        },
        old_task_modules={"koers.insights.tasks": "koers.backlog.tasks"},
    )


class Migration(migrations.Migration):

    dependencies = [
        ('backlog', '0003_readiness_and_merge'),
        ('orgs', '0003_organisation_language'),
        ('core', '0002_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ScoringWeights',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('hourly_cost_eur', models.DecimalField(decimal_places=2, default=Decimal('60.00'), max_digits=7, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('10000'))], verbose_name='hourly cost (EUR)')),
                        ('weight_value', models.PositiveSmallIntegerField(default=40, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of value')),
                        ('weight_effort', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of low effort')),
                        ('weight_risk', models.PositiveSmallIntegerField(default=15, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of low risk')),
                        ('weight_data_readiness', models.PositiveSmallIntegerField(default=15, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of data readiness')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='scoring_weights', to='orgs.organisation')),
                    ],
                    options={
                        'verbose_name': 'scoring weights',
                        'verbose_name_plural': 'scoring weights',
                    },
                ),
                migrations.CreateModel(
                    name='Theme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='number')),
                        ('terms', models.JSONField(default=list, verbose_name='key terms')),
                        ('name', models.CharField(blank=True, max_length=120, verbose_name='name')),
                        ('manual', models.BooleanField(default=False, verbose_name='kept by hand')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='themes', to='orgs.organisation')),
                        ('representative', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='backlog.usecase')),
                    ],
                    options={
                        'verbose_name': 'theme',
                        'verbose_name_plural': 'themes',
                        'ordering': ['number'],
                        'constraints': [models.UniqueConstraint(fields=('organisation', 'number'), name='theme_unique_number')],
                    },
                ),
                migrations.CreateModel(
                    name='ThemeMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('weak', models.BooleanField(default=False, verbose_name='fits weakly')),
                        ('how', models.CharField(choices=[('clustered', 'clustered'), ('added', 'added since the last computation'), ('lead', 'placed by a lead')], default='clustered', max_length=10)),
                        ('theme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='backlog.theme')),
                        ('usecase', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='theme_member', to='backlog.usecase')),
                    ],
                    options={
                        'verbose_name': 'theme member',
                        'verbose_name_plural': 'theme members',
                    },
                ),
                migrations.CreateModel(
                    name='ThemeRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('items', models.PositiveIntegerField(default=0)),
                        ('themes', models.PositiveIntegerField(default=0)),
                        ('seconds', models.FloatField(default=0)),
                        ('notes', models.JSONField(blank=True, default=list)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='theme_runs', to='orgs.organisation')),
                    ],
                    options={
                        'ordering': ['-started_at', '-id'],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_in, elidable=False),
    ]
