"""Several processes on one PostgreSQL (docs/operations.md, "Several web servers and workers"):
two ``koers run`` web servers and two ``koers worker`` processes, real processes on loopback, on a
throwaway PostgreSQL cluster of the test's own (it restarts that cluster, which other tests must not
notice). It runs in the PostgreSQL pass of ``make test`` only; the SQLite pass skips it.

What it shows, in order:

1. answers (the scan's answer page) and ideas (use cases through the API) sent through both servers
   at once are each stored exactly once, and each answer is counted once in the tallies;
2. a worker killed (SIGKILL) in the middle of a task leaves it to the other worker, which runs it;
3. PostgreSQL restarted (``pg_ctl restart``) while answers and ideas come in loses nothing that was
   acknowledged (a redirect or 201), and the servers and workers carry on by themselves: every
   request sent after the restart succeeds, also the first ones after a restart while all was
   quiet (each process holds on to a connection that the restart broke), and a new task is run;
4. a worker started while PostgreSQL is down waits for it, and then runs tasks.

No timing is asserted: the waits are generous, for a busy machine."""

from __future__ import annotations

import hashlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django_tasks_db.models import DBTaskResult

from koers.cli.bench.loopback import Process, Server, csrf_of_page, request
from koers.testing import postgres

pytestmark = pytest.mark.postgres_only

TASKS_TABLE = DBTaskResult._meta.db_table

START_TIMEOUT_S = 300.0  # the first server collects the static files; the machine may be busy
TASK_TIMEOUT_S = 180.0
CLIENTS = 6
INVITATIONS = 1200  # the load around the restart stops early; these must outlast it
COLLECT_STATIC = (
    "from koers.cli.base import setup_django; setup_django(); "
    "from koers.cli.server import collect_static; collect_static()"
)


@dataclass
class Sent:
    kind: str  # "answer" or "idea"
    key: str  # the invitation token or the idea's title
    status: int  # 0: no answer (connection refused or dropped)
    started: float

    @property
    def acknowledged(self) -> bool:
        return self.status in {201, 302}


@dataclass
class Deployment:
    cluster: postgres.Cluster
    directory: Path
    env: dict[str, str]
    servers: list[Server] = field(default_factory=list)
    workers: list[Process] = field(default_factory=list)
    scenario: dict[str, Any] = field(default_factory=dict)

    def start_worker(self) -> Process:
        worker = Process(["worker"], self.env)
        self.workers.append(worker)
        return worker

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.cluster.url) as connection:
            return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def enqueue_waiting_task(self, directory: Path) -> str:
        directory.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "koers.testing.tasks", str(directory)],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1]

    def task(self, task_id: str) -> tuple[str, list[str], Any]:
        ((status, worker_ids, value),) = self.query(
            f"SELECT status, worker_ids, return_value FROM {TASKS_TABLE} WHERE id = %s",  # noqa: S608
            (task_id,),
        )
        return status, worker_ids, value

    def wait_for_task(self, task_id: str) -> tuple[str, list[str], Any]:
        deadline = time.monotonic() + TASK_TIMEOUT_S
        while time.monotonic() < deadline:
            found = self.task(task_id)
            if found[0] in {"SUCCESSFUL", "FAILED"}:
                return found
            time.sleep(0.5)
        logs = "\n".join(worker.log_tail() for worker in self.workers)
        raise AssertionError(f"task {task_id} is still {found[0]}; the workers said:\n{logs}")


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs in the PostgreSQL pass (make test-postgres), on a cluster of its own")
    bin_dir = postgres.find_bin_dir()
    assert bin_dir is not None, "the PostgreSQL pass runs where PostgreSQL is installed"
    with postgres.Cluster(bin_dir) as cluster:
        env = {
            "DATABASE_URL": cluster.url,
            "KOERS_DATA_DIR": str(tmp_path / "data"),
            "KOERS_TASKS_BACKEND": "database",
            "KOERS_DEBUG": "0",
            "KOERS_SECRET_KEY": "test-only-several-processes",
            "KOERS_FAST_PASSWORD_HASHER": "1",
        }
        koers = Deployment(cluster, tmp_path, env)
        # Meanwhile, the static files the first server would otherwise collect while starting.
        static = subprocess.Popen(
            [sys.executable, "-c", COLLECT_STATIC],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
        )
        seeded = subprocess.run(
            [
                sys.executable,
                "-m",
                "koers.cli.bench.load_scenario",
                f"--invitations={INVITATIONS}",
                "--respondents=20",
                "--usecases=2",
                "--sessions=0",
            ],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        assert seeded.returncode == 0, seeded.stderr
        assert static.wait(timeout=START_TIMEOUT_S) == 0
        koers.scenario = json.loads(seeded.stdout.strip().splitlines()[-1])
        try:
            # One after the other: the first collects the static files the second then finds.
            for _ in range(2):
                server = Server(env, web_workers=2)
                koers.servers.append(server)
                server.wait_until_serving(START_TIMEOUT_S)
            for _ in range(2):
                koers.start_worker()
            yield koers
        finally:
            processes = [*koers.servers, *koers.workers]
            for process in processes:
                process.terminate()
            for process in processes:
                process.stop()


class Load:
    """Client threads sending answers and ideas, in turn through each server, until the items run
    out or ``stop`` is set; ``sent`` records every request."""

    def __init__(self, koers: Deployment, tokens: list[str], ideas: list[str]) -> None:
        self.koers = koers
        self.scenario = koers.scenario
        bodies = dict(zip(self.scenario["tokens"], self.scenario["answer_bodies"], strict=True))
        self.items: queue.Queue[tuple[str, str, str]] = queue.Queue()
        for i in range(max(len(tokens), len(ideas))):
            if i < len(tokens):
                self.items.put(("answer", tokens[i], bodies[tokens[i]]))
            if i < len(ideas):
                self.items.put(("idea", ideas[i], ""))
        self.sent: list[Sent] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        # The CSRF cookie and token of an answer page: any server accepts them (one secret key).
        self.csrf = csrf_of_page(koers.servers[0].port, f"/s/{tokens[0]}/")

    def run(self) -> None:
        threads = [threading.Thread(target=self._client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        self.threads = threads

    def join(self) -> list[Sent]:
        for thread in self.threads:
            thread.join(timeout=TASK_TIMEOUT_S)
        return self.sent

    def acknowledged(self) -> int:
        with self.lock:
            return sum(1 for sent in self.sent if sent.acknowledged)

    def _client(self, number: int) -> None:
        cookie, csrf = self.csrf
        turn = number
        while not self.stop.is_set():
            try:
                kind, key, body = self.items.get_nowait()
            except queue.Empty:
                return
            port = self.koers.servers[turn % len(self.koers.servers)].port
            turn += 1
            started = time.monotonic()
            try:
                if kind == "answer":
                    status = request(
                        port,
                        "POST",
                        f"/s/{key}/",
                        f"csrfmiddlewaretoken={csrf}&{body}",
                        {
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": f"csrftoken={cookie}",
                        },
                    )[0]
                else:
                    status = request(
                        port,
                        "POST",
                        f"/api/v1/orgs/{self.scenario['slug']}/usecases",
                        json.dumps(
                            {
                                "title": key,
                                "problem": "Typing the same answers into three systems.",
                                "solution": "One form that fills all three.",
                                "department_ids": self.scenario["department_ids"][:1],
                            }
                        ),
                        {
                            "Content-Type": "application/json",
                            "Authorization": f"Bearer {self.scenario['api_token']}",
                        },
                    )[0]
            except OSError:
                status = 0
            with self.lock:
                self.sent.append(Sent(kind, key, status, started))


def assert_each_stored_once(koers: Deployment, sent: list[Sent]) -> None:
    """Every acknowledged answer and idea is stored once, every unacknowledged one at most once,
    and the wave's tallies count exactly its stored answers."""
    wave = koers.scenario["wave_id"]
    tokens = [s.key for s in sent if s.kind == "answer"]
    acknowledged = {s.key for s in sent if s.acknowledged}
    used = {
        digest
        for (digest,) in koers.query(
            "SELECT token_hash FROM diagnostic_invitation WHERE used AND token_hash = ANY(%s)",
            ([hashlib.sha256(t.encode()).hexdigest() for t in tokens],),
        )
    }
    for token in tokens:
        if token in acknowledged:
            assert hashlib.sha256(token.encode()).hexdigest() in used
    all_used = koers.query(
        "SELECT count(*) FROM diagnostic_invitation WHERE wave_id = %s AND used", (wave,)
    )[0][0]
    responses = koers.query("SELECT count(*) FROM diagnostic_response WHERE wave_id = %s", (wave,))[
        0
    ][0]
    tallied = koers.query(
        "SELECT sum(count) FROM diagnostic_tally WHERE wave_id = %s AND key = 'respondents'",
        (wave,),
    )[0][0]
    assert responses == all_used == tallied  # one response per used link, each counted once

    titles = [s.key for s in sent if s.kind == "idea"]
    stored = dict(
        koers.query(
            "SELECT title, count(*) FROM backlog_usecase WHERE title = ANY(%s) GROUP BY title",
            (titles,),
        )
    )
    assert all(stored.get(title) == 1 for title in titles if title in acknowledged)
    assert all(stored.get(title, 0) <= 1 for title in titles)


def test_two_servers_and_two_workers_share_one_postgresql(deployment: Deployment) -> None:
    koers = deployment
    tokens: list[str] = koers.scenario["tokens"]

    # 1. Answers and ideas through both servers at once: each stored once.
    load = Load(koers, tokens[:60], [f"Idea {i} sent during the first load" for i in range(30)])
    load.run()
    sent = load.join()
    assert [s for s in sent if not s.acknowledged] == []
    assert len(sent) == 90
    assert_each_stored_once(koers, sent)

    # 2. A worker killed in the middle of a task: the other one runs it.
    steps = koers.directory / "killed-worker"
    task_id = koers.enqueue_waiting_task(steps)
    deadline = time.monotonic() + TASK_TIMEOUT_S
    while not list(steps.glob("started-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    (started,) = steps.glob("started-*")
    pid = int(started.name.removeprefix("started-"))
    (victim,) = [w for w in koers.workers if w.pid == pid]
    (survivor,) = [w for w in koers.workers if w.pid != pid]
    victim.kill()
    assert koers.task(task_id)[0] == "RUNNING"  # what django-tasks-db alone would leave for ever
    (steps / "release").touch()
    status, worker_ids, finished_by = koers.wait_for_task(task_id)
    assert status == "SUCCESSFUL"
    assert finished_by == survivor.pid
    assert len(worker_ids) == 2  # claimed by the killed worker, then by the survivor
    koers.workers.remove(victim)
    koers.start_worker()

    # 3. PostgreSQL restarted under load: nothing acknowledged is lost, everyone carries on.
    load = Load(koers, tokens[60:], [f"Idea {i} sent around the restart" for i in range(600)])
    load.run()
    while load.acknowledged() < 20 and load.threads[0].is_alive():
        time.sleep(0.05)
    koers.cluster.restart()
    restarted = time.monotonic()
    while sum(1 for s in load.sent if s.started >= restarted and s.acknowledged) < 40 and any(
        thread.is_alive() for thread in load.threads
    ):
        time.sleep(0.05)
    load.stop.set()
    sent = load.join()
    after = [s for s in sent if s.started >= restarted]
    assert len(after) >= 40
    assert [s for s in after if not s.acknowledged] == []  # the servers reconnected by themselves
    assert_each_stored_once(koers, sent)

    # ... and after a restart while nobody used it, the first requests to every process succeed.
    koers.cluster.restart()
    for server in koers.servers:
        assert [request(server.port, "GET", "/healthz")[0] for _ in range(6)] == [200] * 6

    steps = koers.directory / "after-restart"
    steps.mkdir()
    (steps / "release").touch()
    status, _worker_ids, finished_by = koers.wait_for_task(koers.enqueue_waiting_task(steps))
    assert status == "SUCCESSFUL"
    assert finished_by in {w.pid for w in koers.workers}  # the workers outlived the restart
    stopped = [worker.log_tail() for worker in koers.workers if not worker.running()]
    assert stopped == []  # the workers outlived the restart; otherwise their last words

    # 4. A worker started while PostgreSQL is down waits for it (systemd may start it first).
    with koers.cluster.down():
        late = koers.start_worker()
        deadline = time.monotonic() + TASK_TIMEOUT_S
        while "Database unreachable" not in late.log_tail() and late.running():
            assert time.monotonic() < deadline, late.log_tail()
            time.sleep(0.2)
    assert late.running(), late.log_tail()
    for worker in koers.workers[:-1]:
        worker.stop()  # so that the late worker runs the next task
    steps = koers.directory / "late"
    steps.mkdir()
    (steps / "release").touch()
    status, _worker_ids, finished_by = koers.wait_for_task(koers.enqueue_waiting_task(steps))
    assert (status, finished_by) == ("SUCCESSFUL", late.pid)
