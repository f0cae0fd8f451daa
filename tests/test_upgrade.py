"""An installation made by an earlier main upgrades with ``koers run`` (its migrations) and keeps
every row.

Each ``tests/upgrade/<commit>.sql.gz`` is the SQLite database that commit's own code left behind
(``scripts/make_upgrade_fixture.py``): the demo organisation (for the oldest, 9504b68, plus the
rows its demo left empty). The test migrates a copy with today's code in a separate process,
compares it table by table and reads every row with today's models. Add the previous main's
database whenever a change migrates data or renames what holds it.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = sorted((Path(__file__).parent / "upgrade").glob("*.sql.gz"))
OLDEST = "9504b68.sql.gz"

# Tables that moved to another app keep their rows under the new name.
RENAMED = {
    "insights_theme": "backlog_theme",
    "insights_thememember": "backlog_thememember",
    "insights_themerun": "backlog_themerun",
    "scoring_scoringweights": "backlog_scoringweights",
    "calibration_calibrationround": "diagnostic_calibrationround",
    "calibration_calibrationanswer": "diagnostic_calibrationanswer",
}
# What changes on every migrate: the migration records and Django's own bookkeeping.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
# Tables a data migration adds rows to: diagnostic 0007 gives unedited copies of Koers's own scan
# and quiz their version 2 (a new version beside the one their rounds keep) and records it.
GROWN = {"core_change", "diagnostic_instrumentversion"}

NOTHING_PENDING = """
from django.core.management import call_command
call_command("migrate", check=True, verbosity=0)  # exits non-zero when a migration is left
print("ok")
"""
# Every row of every table reads with today's models (a column they expect that the upgrade did
# not add would fail here).
READ_EVERY_ROW = """
from django.apps import apps
for model in apps.get_models():
    for row in model._default_manager.all().iterator():
        pass
print("ok")
"""
# What the oldest fixture (9504b68) held that later apps renamed or replaced.
CHECK_WITH_TODAYS_MODELS = """
from koers.backlog.models import ScoringWeights, Theme, ThemeMember
from koers.core.models import Change
from django.contrib.contenttypes.models import ContentType
theme = Theme.objects.get(name="Documenten en dossiers")
assert theme.manual and theme.members.exists()
assert ThemeMember.objects.select_related("theme", "usecase").count() > 0
assert ScoringWeights.objects.get().weight_value == 50
assert Change.objects.filter(subject="backlog.theme", subject_id=theme.pk).exists()
assert Change.objects.filter(subject="backlog.scoringweights").exists()
assert not Change.objects.filter(subject__startswith="insights.").exists()
assert ContentType.objects.get_for_model(Theme).app_label == "backlog"
from koers.diagnostic.models import CalibrationRound
assert CalibrationRound.objects.filter(answers__isnull=False).exists()
from koers.diagnostic.models import Instrument, Wave
waves = list(Wave.objects.select_related("version"))
assert waves and all(w.version.definition["version"] == 1 for w in waves)  # rounds keep theirs
assert all(r.version.definition["version"] == 1 for r in CalibrationRound.objects.all())
shipped_ids = ["genai_readiness_scan", "leadership_calibration"]
copies = Instrument.objects.filter(copied_from__in=shipped_ids)
assert copies.count() == 2
for copy in copies:
    assert copy.versions.order_by("-number").first().definition["version"] == 2, copy
from koers.voice.models import Item
refs = list(Item.objects.values_list("ref", flat=True))
assert refs and len(set(refs)) == len(refs) and all(len(ref) == 8 for ref in refs), refs
from koers.orgs.models import Organisation
from koers.triage.models import Triage
from koers.triage.selectors import reconfirm_list, result_of
triages = list(Triage.objects.all())  # made with the first rules; kept as they were
assert triages and all(t.rules_version == "2024-08-01" for t in triages)
assert all(result_of(t).law.version == "2024-08-01" for t in triages)
listed = [i for o in Organisation.objects.all() for i in reconfirm_list(organisation=o)]
assert len(listed) == len(triages), listed
print("ok")
"""


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608 - table names from the database itself
    finally:
        connection.close()


def _koers(database: Path, data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        KOERS_DATA_DIR=str(data_dir),
        KOERS_SECRET_KEY="upgrade-test-secret",
        KOERS_DEBUG="0",
    )
    return subprocess.run(
        [sys.executable, "-m", "koers.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_there_is_a_database_of_an_earlier_main_to_upgrade() -> None:
    assert FIXTURES, "tests/upgrade/ holds no database of an earlier main"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name.split(".")[0] for f in FIXTURES])
def test_it_upgrades_a_database_of_an_earlier_main_and_loses_no_row(
    fixture: Path, tmp_path: Path
) -> None:
    database = tmp_path / "koers.sqlite3"
    connection = sqlite3.connect(database)
    connection.executescript(gzip.decompress(fixture.read_bytes()).decode("utf-8"))
    connection.close()
    before = _counts(database)

    migrated = _koers(database, tmp_path, "manage", "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr

    after = _counts(database)
    for table, rows in before.items():
        if table in BOOKKEEPING:
            continue
        if table in GROWN:
            assert after[table] >= rows, table
            continue
        assert after.get(RENAMED.get(table, table)) == rows, table
    assert not set(RENAMED) & set(after)

    # One process for the checks: none pending, every row readable, the fixture's own checks.
    checks = NOTHING_PENDING + READ_EVERY_ROW
    if fixture.name == OLDEST:
        checks += CHECK_WITH_TODAYS_MODELS
    checked = _koers(database, tmp_path, "manage", "shell", "--no-imports", "-c", checks)
    assert checked.stdout.split() == ["ok"] * checks.count('print("ok")'), checked.stderr

    connection = sqlite3.connect(database)
    try:
        left = connection.execute(
            "SELECT count(*) FROM django_migrations "
            "WHERE app IN ('insights', 'scoring', 'calibration')"
        ).fetchone()[0]
    finally:
        connection.close()
    assert left == 0, "the old apps' migration records would block new apps of the same name"
