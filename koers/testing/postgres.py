"""Run a command against a throwaway PostgreSQL cluster.

    python -m koers.testing.postgres -- pytest -n auto -q

starts a private PostgreSQL server in a temporary directory (initdb + pg_ctl, listening only on
127.0.0.1 on a free port, fsync off), creates an empty database, exports ``DATABASE_URL`` for the
command, runs it and always stops and deletes the cluster afterwards, also on Ctrl-C or SIGTERM.
The exit code is the command's. pytest-django creates its ``test_*`` database (one per xdist worker)
next to the empty one.

When no PostgreSQL binaries are found this prints a loud "SKIPPED" line and exits 0, unless
``KOERS_REQUIRE_POSTGRES=1`` (as in CI), then it exits 3. initdb refuses to run as root, so as root
the server runs as the ``postgres`` system user (or ``nobody``) through ``runuser``.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
EXIT_UNAVAILABLE = 3
DATABASE_NAME = "koers"
SUPERUSER = "postgres"


class PostgresUnavailable(Exception):
    """No usable PostgreSQL installation on this machine."""


def find_bin_dir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: PATH first, then Debian's layout."""
    on_path = shutil.which("initdb")
    candidates: list[Path] = []
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(Path(p) for p in debian)
    for directory in candidates:
        if all(os.access(directory / name, os.X_OK) for name in SERVER_BINARIES):
            return directory
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged account the server runs as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise PostgresUnavailable("running as root and neither a 'postgres' nor a 'nobody' user exists")


class Cluster:
    """One temporary PostgreSQL cluster; use as a context manager."""

    def __init__(self, bin_dir: Path, *, verbose: bool = False) -> None:
        self.bin_dir = bin_dir
        self.verbose = verbose
        self.user = _server_user()
        # Under /tmp when possible: the server user must be able to reach it, and a unix socket
        # path may not be longer than about 100 bytes, which a deep $TMPDIR can exceed.
        base = "/tmp" if os.path.isdir("/tmp") else None  # noqa: S108
        self.root = Path(tempfile.mkdtemp(prefix="koers-pg-", dir=base))
        self.data_dir = self.root / "data"
        self.log_file = self.root / "server.log"
        self.port = 0
        self._options = ""
        self.started = False

    @property
    def url(self) -> str:
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE_NAME}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        result = subprocess.run(
            command,
            cwd=self.root,  # the server user may not be allowed into the caller's directory
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}{log}"
            )
        return result

    def start(self) -> None:
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._run(
            "initdb",
            "--pgdata",
            str(self.data_dir),
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        )
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
                "-c shared_buffers=64MB",
            ]
        )
        # A free port can be taken between probing and binding; a second try settles it.
        for attempt in range(3):
            self.port = free_port()
            self._options = f"{options} -p {self.port}"
            try:
                self._pg_ctl_start()
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        self.started = True
        self._create_database()

    def _pg_ctl_start(self) -> None:
        self._run(
            "pg_ctl",
            "start",
            "--pgdata",
            str(self.data_dir),
            "--log",
            str(self.log_file),
            "--wait",
            "--timeout",
            "60",
            "-o",
            self._options,
        )

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
            version = connection.execute("SHOW server_version").fetchone()
        if self.verbose and version:
            print(f"PostgreSQL {version[0]} ready on 127.0.0.1:{self.port}", flush=True)

    def restart(self) -> None:
        """Stop the server as an operator would (``pg_ctl restart``: fast mode, which aborts open
        transactions and drops every connection) and start it again on the same port."""
        self._run(
            "pg_ctl",
            "restart",
            "--pgdata",
            str(self.data_dir),
            "--log",
            str(self.log_file),
            "--mode",
            "fast",
            "--wait",
            "--timeout",
            "60",
        )

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """The server stopped (fast mode, as an operator would) for the block, then started again
        on the same port with the same data."""
        self._run("pg_ctl", "stop", "--pgdata", str(self.data_dir), "--mode", "fast", "--wait")
        try:
            yield
        finally:
            self._pg_ctl_start()

    def stop(self) -> None:
        try:
            if self.started:
                self._run(
                    "pg_ctl",
                    "stop",
                    "--pgdata",
                    str(self.data_dir),
                    "--mode",
                    "immediate",
                    "--wait",
                )
                self.started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C so the cluster is cleaned up either way."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_with_postgres(command: Sequence[str], *, required: bool) -> int:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = "no initdb/pg_ctl/postgres on PATH or in /usr/lib/postgresql/*/bin"
        return _unavailable(reason, required=required)
    started_at = time.monotonic()
    with _terminate_as_interrupt():
        try:
            cluster = Cluster(bin_dir, verbose=True)
            with cluster:
                print(
                    f"== {' '.join(command)} on PostgreSQL "
                    f"(cluster ready in {time.monotonic() - started_at:.1f}s) ==",
                    flush=True,
                )
                env = {**os.environ, "DATABASE_URL": cluster.url}
                child = subprocess.Popen(list(command), env=env)
                try:
                    return child.wait()
                except KeyboardInterrupt:
                    # Its databases vanish with the cluster, so the child needs no graceful exit.
                    child.terminate()
                    try:
                        child.wait(timeout=10)
                    except (subprocess.TimeoutExpired, KeyboardInterrupt):
                        child.kill()
                        child.wait()
                    return 130
        except PostgresUnavailable as error:
            return _unavailable(str(error), required=required)
        except RuntimeError as error:
            print(f"Could not start PostgreSQL: {error}", file=sys.stderr, flush=True)
            return EXIT_UNAVAILABLE
        except KeyboardInterrupt:
            return 130


def _unavailable(reason: str, *, required: bool) -> int:
    bar = "!" * 78
    if required:
        print(
            f"{bar}\nPostgreSQL tests FAILED: {reason}.\n"
            "KOERS_REQUIRE_POSTGRES=1 makes them mandatory; install PostgreSQL "
            f"(apt-get install postgresql).\n{bar}",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_UNAVAILABLE
    print(
        f"{bar}\nPostgreSQL tests SKIPPED: {reason}.\n"
        f"Install PostgreSQL (apt-get install postgresql) to run the suite on it.\n{bar}",
        flush=True,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m koers.testing.postgres",
        description="Run COMMAND with DATABASE_URL pointing at a throwaway PostgreSQL cluster.",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = list(args.command)
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        parser.error("give a command to run, e.g. -- pytest -q")
    required = os.environ.get("KOERS_REQUIRE_POSTGRES", "") in {"1", "true", "yes", "on"}
    return run_with_postgres(command, required=required)


if __name__ == "__main__":
    sys.exit(main())
