"""``koers bench diagnostic``: a small run end to end, in its own throwaway database."""

from __future__ import annotations

import json

from koers.cli import main

KEYS = {
    "respondents",
    "results_compute_s",
    "results_render_s",
    "raw_sql_s",
    "raw_sql_ratio",
    "submit_per_s",
    "database",
}


def test_it_times_results_and_answering_and_ends_with_one_line_of_json(capfd):
    argv = ["bench", "diagnostic", "--respondents", "300", "--departments", "6"]
    assert main([*argv, "--submissions", "16"]) == 0
    out = capfd.readouterr().out
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures.keys() >= KEYS
    assert figures["respondents"] == 300
    assert figures["database"] == "sqlite"
    assert figures["results_compute_s"] > 0
    assert figures["raw_sql_s"] > 0
    assert figures["submissions_stored"] == 16
    assert figures["submit_per_s"] > 0
    assert "target" in out
