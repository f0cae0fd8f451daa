"""``koers bench interactive``: every figure, with small sizes, in the test database (the command
itself runs the same in a child process with a throwaway database)."""

from __future__ import annotations

import argparse

import pytest

from koers.cli import main
from koers.cli.bench import interactive


@pytest.mark.django_db
def test_it_times_screening_triage_the_triage_flow_and_voice_themes(capsys):
    figures = interactive.run(argparse.Namespace(texts=24, cases=10, concerns=6))
    assert figures["screen_texts"] == 24
    assert 0 < figures["screen_flagged"] < 24 and figures["baseline_screen_flagged"] > 0
    assert figures["screen_ms"] > 0 and figures["baseline_screen_ms"] > 0
    assert figures["triage_cases"] == 10 and figures["triage_s"] > 0
    # The use case, the page, a relevance check per answer, the preview, saving, the result.
    assert figures["triage_flow_requests"] == 2 + len(interactive.CV_SCREENING) + 3
    assert figures["triage_flow_s"] > 0
    assert figures["voice_concerns"] == 6 and figures["voice_themes"] >= 1
    assert figures["voice_themes_s"] > 0
    interactive.report(figures)
    out = capsys.readouterr().out
    assert "keyword rule" in out and "target" in out


def test_it_refuses_sizes_below_one(capsys):
    assert main(["bench", "interactive", "--cases", "0"]) != 0
    assert "must be positive" in capsys.readouterr().err
