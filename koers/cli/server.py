"""``koers run``, ``worker``, ``demo``, ``createadmin`` and ``manage``: serving and administering
an installation."""

from __future__ import annotations

import argparse
import atexit
import fcntl
import os
import subprocess
import sys
from typing import Any

from koers.cli.base import CommandFailed, migrate


def add_commands(sub: Any) -> None:
    run = sub.add_parser("run", help="migrate the database and serve Koers")
    run.add_argument(
        "--host",
        default=os.environ.get("KOERS_HOST", "127.0.0.1"),
        help="address to listen on (default: $KOERS_HOST or 127.0.0.1)",
    )
    run.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("KOERS_PORT", "8000")),
        help="port to listen on (default: $KOERS_PORT or 8000)",
    )
    run.set_defaults(handler=cmd_run)

    worker = sub.add_parser(
        "worker",
        help="run background tasks (e-mail, themes, large imports, the daily help e-mail); "
        "`koers run` starts one",
    )
    worker.add_argument(
        "--batch", action="store_true", help="run the tasks that are queued now, then stop"
    )
    worker.set_defaults(handler=cmd_worker)

    demo = sub.add_parser("demo", help="migrate and create the demo organisation if missing")
    demo.set_defaults(handler=cmd_demo)

    admin = sub.add_parser(
        "createadmin",
        help="create (or reset) a site superuser; the password comes from "
        "$KOERS_ADMIN_PASSWORD or is asked for",
    )
    admin.add_argument("--email", help="the superuser's e-mail address (asked when left out)")
    admin.add_argument("--name", help="the superuser's name")
    admin.set_defaults(handler=cmd_createadmin)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument(
        "arguments", nargs=argparse.REMAINDER, help="the command and its options, e.g. 'check'"
    )
    manage.set_defaults(handler=cmd_manage)


def cmd_run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    migrate()
    _start_worker()
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        where = settings.EMAIL_FILE_PATH
        print(f"No mail server set (KOERS_EMAIL_HOST): e-mails go to files in {where}/", flush=True)
    if settings.DEBUG:
        print(f"Koers (development mode) on http://{args.host}:{args.port}/", flush=True)
        call_command(
            "runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True
        )
        return 0
    collect_static()
    workers = os.environ.get("KOERS_WEB_WORKERS", str(max(2, (os.cpu_count() or 1) + 1)))
    print(f"Koers on http://{args.host}:{args.port}/ ({workers} gunicorn workers)", flush=True)
    # A new process, so that the settings see the freshly collected static files.
    os.execv(  # noqa: S606 - replaces this process with gunicorn, no shell involved
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "koers.wsgi:application",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            workers,
            # Load the application once, before the workers are forked (``koers.wsgi``).
            "--preload",
            "--access-logfile",
            os.environ.get("KOERS_ACCESS_LOG", "-"),
            # No line for the anonymous ways in (the scan's answers, Voice's anonymous items).
            "--logger-class",
            "koers.cli.access_log.AccessLogger",
        ],
    )


STATIC_FINGERPRINT = ".koers-static-fingerprint"


def collect_static() -> bool:
    """Collect, compress and fingerprint the static files into STATIC_ROOT — only when they
    changed since the last collection (an install, an upgrade, an edited file), so a restart
    answers within seconds. Returns whether it collected."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    root = settings.STATIC_ROOT
    marker = root / STATIC_FINGERPRINT
    fingerprint = static_fingerprint()
    # One collection at a time: processes that start together (several installs sharing
    # KOERS_STATIC_ROOT) wait for the first and then find the files collected.
    with open(root / ".koers-static-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (
            (root / "staticfiles.json").exists()
            and marker.exists()
            and marker.read_text() == fingerprint
        ):
            return False
        print("Collecting static files (once per install or change) …", flush=True)
        with override_settings(
            STORAGES={**settings.STORAGES, "staticfiles": settings.MANIFEST_STATIC_STORAGE}
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
        marker.write_text(fingerprint)
    return True


def static_fingerprint() -> str:
    """A digest of every static file the finders see (its path, size and modification time)
    and of Koers's version: it changes when any of them does."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    from django.contrib.staticfiles import finders

    try:
        koers_version = version("koers")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        koers_version = "source"
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    digest = hashlib.sha256(koers_version.encode())
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def _start_worker() -> None:
    """Start ``koers worker`` beside the web server, unless tasks run in the request or
    ``KOERS_RUN_WORKER=0`` says a separate worker runs elsewhere. It stops when Koers stops."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if "Immediate" in backend or os.environ.get("KOERS_RUN_WORKER", "1") == "0":
        return
    worker = subprocess.Popen(
        [sys.executable, "-m", "koers.cli", "worker"], preexec_fn=_die_with_parent
    )
    print(f"Background worker started (process {worker.pid}).", flush=True)
    atexit.register(worker.terminate)


def _die_with_parent() -> None:
    """In the worker, before it starts: ask Linux for SIGTERM when its parent (the web server,
    which may replace this process with gunicorn) ends."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the atexit hook still stops it in development mode
        pass


def cmd_worker(args: argparse.Namespace) -> int:
    from koers.cli.worker import worker_run
    from koers.core.uploads import uploads_delete_stale
    from koers.voice.tasks import help_digest_schedule

    def startup() -> None:
        uploads_delete_stale()  # in case a queued deletion was lost (koers.core.uploads)
        help_digest_schedule()  # the helpers' daily e-mail of anonymous help requests

    worker_run(stop_when_idle=args.batch, startup=startup)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from koers.demo import demo_load

    migrate()
    result = demo_load()
    print(result.message)
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    import getpass

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from koers.orgs.models import User

    migrate()
    email = (args.email or input("E-mail address: ")).strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise CommandFailed(f"'{email}' is not a valid e-mail address.") from error
    password = os.environ.get("KOERS_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    if len(password) < 8:
        raise CommandFailed("The password must be at least 8 characters.")
    user = User.objects.filter(email=email).first()
    if user is None:
        User.objects.create_superuser(email, password, name=args.name or "")
        print(f"Created site superuser {email}.")
    else:
        user.is_superuser = user.is_staff = True
        user.set_password(password)
        user.save()
        print(f"{email} is now a site superuser with the new password.")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["koers", *args.arguments])
    return 0
