"""Loaded by pytest through ``-p koers.testing.pytest_plugin`` (see pyproject.toml).

pytest-django reads the Django settings before any conftest.py is imported, so the test
environment defaults must be in place earlier than that: this module sets them on import.
Values already in the environment win, so ``make test`` and CI can pass their own.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from _pytest.terminal import TerminalReporter

TEST_ENVIRONMENT = {
    "KOERS_DEBUG": "0",
    "KOERS_SECRET_KEY": "test-only-secret-not-for-production",
    "KOERS_FAST_PASSWORD_HASHER": "1",
    "KOERS_TASKS_BACKEND": "immediate",
}

for _name, _value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)

# Tests never touch the developer's own data directory (demo password, static files, SQLite).
if "KOERS_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="koers-test-data-")
    os.environ["KOERS_DATA_DIR"] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)

# The migrated SQLite database that tests starting Koers in a child process copy
# (koers/testing/migrated.py): shared by the xdist workers like the static files below.
if "KOERS_TEST_MIGRATED_DIR" not in os.environ:
    _migrated = tempfile.mkdtemp(prefix="koers-test-migrated-")
    os.environ["KOERS_TEST_MIGRATED_DIR"] = _migrated
    atexit.register(shutil.rmtree, _migrated, ignore_errors=True)

# The servers that tests start (``koers run`` in production mode, the benchmarks) share one
# collection of the static files: set here, before pytest-xdist starts its workers, so all of
# them inherit it; the first server collects (under a lock), the others find it done.
if "KOERS_STATIC_ROOT" not in os.environ:
    _static_root = tempfile.mkdtemp(prefix="koers-test-static-")
    os.environ["KOERS_STATIC_ROOT"] = _static_root
    atexit.register(shutil.rmtree, _static_root, ignore_errors=True)


def pytest_report_header() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = str(database["ENGINE"]).rsplit(".", 1)[-1]
    where = f" on {database['HOST']}:{database['PORT']}" if database.get("HOST") else ""
    return f"koers: database {engine}{where}, DEBUG={settings.DEBUG}"


class BrowserTestsRequired:
    """With KOERS_REQUIRE_BROWSER=1 (CI) a run in which no browser test passed is a failed run,
    so the browser tests cannot vanish by being deselected, skipped or left uncollected."""

    def __init__(self) -> None:
        self.passed = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.passed and "browser" in report.keywords:
            self.passed += 1

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.passed == 0 and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: TerminalReporter) -> None:
        if self.passed == 0:
            terminalreporter.write_line(
                "FAILED: KOERS_REQUIRE_BROWSER=1 but no browser test passed.", red=True, bold=True
            )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that touch the database under test (the PostgreSQL pass of "
        "`make test`: the others ran in the SQLite pass).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("database_tests_only"):
        return
    kept = [item for item in items if uses_the_database(item)]
    deselected = [item for item in items if not uses_the_database(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def _static_files_listed_once() -> None:
    """Each test ``Client`` builds the middleware anew, and WhiteNoise (serving from the finders,
    as in tests) lists and stats every static file each time: about 80 ms a client, a fifth of a
    page test. The static files do not change during a run, so the list is made once per process
    and per static settings."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    listed: dict[tuple[object, ...], dict[str, object]] = {}
    list_files = WhiteNoiseMiddleware.add_files_from_finders

    def add_files_from_finders(self: WhiteNoiseMiddleware) -> None:
        key = (
            self.static_prefix,
            tuple(settings.INSTALLED_APPS),
            tuple(map(str, getattr(settings, "STATICFILES_DIRS", ()))),
        )
        if key not in listed:
            list_files(self)
            listed[key] = dict(self.files)
        self.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders


def pytest_configure(config: pytest.Config) -> None:
    _static_files_listed_once()
    is_xdist_worker = hasattr(config, "workerinput")
    if _required("KOERS_REQUIRE_BROWSER") and not is_xdist_worker:
        config.pluginmanager.register(BrowserTestsRequired(), "koers-browser-tests-required")


def _required(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(autouse=True)
def _language_of_the_test() -> Iterator[None]:
    """A request in Dutch leaves Dutch active in the thread; every test starts from the default
    language, so no test depends on the one before it."""
    from django.utils import translation

    yield
    translation.deactivate()


class SetClock:
    """What the ``clock`` fixture gives a test: the time ``koers.core.clock`` reports, standing
    still until the test moves it."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def set(self, moment: dt.datetime) -> None:
        """Stop the clock at ``moment``; a naive one is read in settings.TIME_ZONE (Amsterdam)."""
        from django.utils import timezone

        self.moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def advance(self, **delta: float) -> None:
        """Move the clock on, e.g. ``clock.advance(days=1)``."""
        self.moment += dt.timedelta(**delta)

    def now(self) -> dt.datetime:
        return self.moment

    def today(self) -> dt.date:
        """The date the code sees: in settings.TIME_ZONE (Amsterdam), not UTC's."""
        from django.utils import timezone

        return timezone.localdate(self.moment)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SetClock:
    """Stops ``koers.core.clock`` (the only place Koers reads the time) at the moment the test
    starts; ``clock.set(datetime(...))`` or ``clock.advance(hours=1)`` move it. Undone after the
    test. ``auto_now`` fields keep the real time."""
    from koers.core import clock as the_clock

    stopped = SetClock(the_clock.now())
    monkeypatch.setattr(the_clock, "now", stopped.now)
    return stopped


# pytest-django's fixtures that open the test database; a test's fixture closure names them.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def uses_the_database(item: pytest.Item) -> bool:
    """Whether a test belongs in the PostgreSQL pass: it touches the database under test (directly
    or through any of its fixtures), or runs on PostgreSQL only (``postgres_only``).

    A browser test checks what the browser shows, which the database does not change: browser
    tests run in the SQLite pass, and only those marked ``postgres_too`` (a smoke test of the live
    server on PostgreSQL) in both. What PostgreSQL does differently, the other tests cover. So do
    tests marked ``database_neutral``: generated suites that check what the code allows (the
    tenant-isolation matrix), which the database under it does not change. And so do the tests of
    pages (modules named ``test_*views*``): what a page shows and allows; the services and
    selectors behind it, whose tests run in both passes, are what touch the database."""
    names = set(getattr(item, "fixturenames", ()))
    if item.get_closest_marker("database_neutral") is not None:
        return False
    if "views" in item.path.stem and item.get_closest_marker("postgres_too") is None:
        return False
    if item.get_closest_marker("browser") is not None:
        return item.get_closest_marker("postgres_too") is not None
    return (
        bool(names & DATABASE_FIXTURES)
        or item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("postgres_only") is not None
    )
