"""What every ``koers`` command shares: the error an operator can fix, Django set-up, and the
shared federal data file the benchmarks read."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

FEDERAL_FILE = "federal-ai-use-cases-2025-dev.csv"


class CommandFailed(Exception):
    """An error the operator can fix; printed without a traceback."""


def setup_django(*, stateless: bool = False) -> None:
    """Set Django up for a command. A ``stateless`` command (a pure computation on a file) needs
    neither a secret key nor a database: it gets a throwaway key and an in-memory SQLite database,
    so it runs on a machine where Koers was never configured and can touch no data."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    if stateless:
        os.environ.setdefault("KOERS_SECRET_KEY", secrets.token_urlsafe(50))
        os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def federal_file(explicit: Path | None = None) -> Path | None:
    """The shared federal inventory: the given path, or ../shared/data seen from the current
    directory or from the repository."""
    if explicit is not None:
        return explicit if explicit.is_file() else None
    repository = Path(__file__).resolve().parents[2]
    for base in (Path.cwd(), repository):
        candidate = base / ".." / "shared" / "data" / FEDERAL_FILE
        if candidate.is_file():
            return candidate.resolve()
    return None
