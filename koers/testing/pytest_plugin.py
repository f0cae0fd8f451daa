"""Loaded by pytest through ``-p koers.testing.pytest_plugin`` (see pyproject.toml).

pytest-django reads the Django settings before any conftest.py is imported, so the test
environment defaults must be in place earlier than that: this module sets them on import.
Values already in the environment win, so ``make test`` and CI can pass their own.
"""

from __future__ import annotations

import os

TEST_ENVIRONMENT = {
    "KOERS_DEBUG": "0",
    "KOERS_SECRET_KEY": "test-only-secret-not-for-production",
    "KOERS_FAST_PASSWORD_HASHER": "1",
}

for _name, _value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)


def pytest_report_header() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = str(database["ENGINE"]).rsplit(".", 1)[-1]
    where = f" on {database['HOST']}:{database['PORT']}" if database.get("HOST") else ""
    return f"koers: database {engine}{where}, DEBUG={settings.DEBUG}"
