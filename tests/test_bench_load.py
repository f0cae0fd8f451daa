"""``koers bench load``: a short run end to end, on its own throwaway SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from koers.cli import main
from koers.cli.bench.load import KINDS, cpu_seconds, percentile


def test_it_loads_a_real_server_and_ends_with_one_line_of_json(capfd):
    argv = ["bench", "load", "--users", "3", "--duration", "3", "--think", "0.2"]
    assert main([*argv, "--web-workers", "2"]) == 0
    out = capfd.readouterr().out
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["benchmark"] == "load"
    assert figures["database"] == "sqlite"
    assert figures["users"] == 3
    assert figures["errors"] == 0
    assert figures["requests"] == sum(kind["n"] for kind in figures["kinds"].values()) > 0
    assert set(figures["kinds"]) <= set(KINDS)
    assert all(kind["p95_ms"] >= kind["p50_ms"] > 0 for kind in figures["kinds"].values())
    assert "p95" in out and "Targets" in out
    # What each kind of request costs in one process, measured before the load.
    assert set(figures["in_process_ms"]) == set(KINDS)
    assert all(ms > 0 for ms in figures["in_process_ms"].values())
    assert "In process, CPU ms per request" in out
    # What the server's processes worked, from /proc (Linux, as the test machines are).
    assert figures["server_cpu_ms_per_request"] > 0


@pytest.mark.parametrize(
    "option", [["--users", "0"], ["--duration", "0"], ["--think", "-1"], ["--users", "5000"]]
)
def test_it_refuses_unbounded_or_empty_loads(option, capsys):
    assert main(["bench", "load", *option]) == 1
    assert "must be" in capsys.readouterr().err


def test_the_95th_percentile_is_a_measured_time():
    assert percentile([0.3, 0.1, 0.2], 0.95) == 0.3
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert percentile([0.5], 0.5) == 0.5


def test_it_counts_the_cpu_time_of_a_process_and_its_living_children():
    before = cpu_seconds(os.getpid())
    work = "sum(range(3 * 10**7)); print('done', flush=True); input()"
    child = subprocess.Popen(
        [sys.executable, "-c", work], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # waits, without working, until the child has worked
        after = cpu_seconds(os.getpid())
        childs = cpu_seconds(child.pid)
    finally:
        child.communicate(b"\n")
    assert before is not None and after is not None and childs is not None
    assert childs > 0.1
    assert after - before >= childs - 0.02  # clock ticks of 10 ms
