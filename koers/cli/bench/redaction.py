"""``koers bench redaction``: how many names the redaction removes whole, and how many look-alike
words it leaves alone, on the two labelled sets in ``koers/redact/data/`` (or ``--set``), beside
the directory's names alone as the baseline; and how long a concern takes with a large directory.
Needs no database."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from koers.cli.base import CommandFailed

SETS = {"dev": "names.txt", "second": "names-heldout.txt", "final": "names-final.txt"}


def add_command(benchmarks: Any) -> None:
    bench = benchmarks.add_parser(
        "redaction",
        help="names removed and look-alike words kept, on labelled sets",
        description="Scores the name redaction on hand-written Dutch and English concerns: the "
        "share of names removed whole (target ≥ 0.97) and of look-alike words touched (target "
        "≤ 0.03), per language, on the set the rules were written against (dev), one written "
        "later and then used to improve them (second) and one seen once, at the end (final), "
        "beside the directory's names alone; and the time per "
        "600-character concern with a directory of 2,000 people. Ends with one line of JSON.",
    )
    bench.add_argument("--set", type=Path, metavar="FILE", help="score this labelled set only")
    bench.add_argument(
        "--show", action="store_true", help="list the names missed and the words touched"
    )
    bench.set_defaults(handler=cmd_bench_redaction, django=False)


def cmd_bench_redaction(args: argparse.Namespace) -> int:
    from koers.redact.evaluation import LABELLED, evaluate, read_labelled

    sets = {"set": args.set} if args.set else {k: LABELLED.with_name(v) for k, v in SETS.items()}
    figures: dict[str, Any] = {}
    for key, path in sets.items():
        try:
            labelled = read_labelled(path)
        except (OSError, ValueError) as error:
            raise CommandFailed(str(error)) from error
        koers, baseline = evaluate(labelled), evaluate(labelled, by_shape=False)
        print(f"\n{key}: {path.name}, {len(labelled.examples)} texts, "
              f"{len(labelled.members)} people in the directory")  # fmt: skip
        print(f"{'figure':<52} {'Koers':>9} {'baseline':>9}")
        for language in ("all", "nl", "en"):
            names, traps = koers.names.get(language, 0), koers.traps.get(language, 0)
            rows = [
                (f"names_removed_{language}", f"names removed whole, {language} (n={names})",
                 koers.recall(language), baseline.recall(language)),
                (f"traps_touched_{language}", f"look-alikes touched, {language} (n={traps})",
                 koers.trap_rate(language), baseline.trap_rate(language)),
            ]  # fmt: skip
            for name, label, ours, theirs in rows:
                figures[f"{key}_{name}"] = round(ours, 4)
                figures[f"{key}_baseline_{name}"] = round(theirs, 4)
                print(f"{label:<52} {ours:>9.3f} {theirs:>9.3f}")
        if args.show:
            print("\nMissed:", *koers.missed, sep="\n  ")
            print("\nTouched:", *koers.wrongly, sep="\n  ")
    figures.update(_speed())
    print(f"\n{'directory of 2,000 people built, s':<52} {figures['directory_build_s']:>9}")
    print(f"{'600-character concern, median ms':<52} {figures['ms_per_concern']:>9}")
    print(json.dumps(figures, sort_keys=True))
    return 0


def _speed() -> dict[str, float]:
    """A directory of 2,000 made-up people and 200 concerns of about 600 characters, cut from
    the labelled set's texts."""
    from koers.redact import Directory, redact
    from koers.redact.evaluation import LABELLED, read_labelled
    from koers.redact.name_lists import first_names, surnames

    rng = random.Random(2025)  # noqa: S311 - test data, not security
    given, family = sorted(first_names()), sorted(surnames())
    people = [
        f"{rng.choice(given).title()} {rng.choice(['', 'de ', 'van ', 'van der '])}"
        f"{rng.choice(family).title()}"
        for _ in range(2000)
    ]
    started = time.perf_counter()
    directory = Directory.from_names(people)
    build = time.perf_counter() - started
    texts = [example.text for example in read_labelled(LABELLED).examples]
    concerns = []
    for _ in range(200):
        concern = ""
        while len(concern) < 600:
            concern += rng.choice(texts) + " "
        concerns.append(concern[:600])
    redact(concerns[0], directory)  # load the name lists first
    times = []
    for concern in concerns:
        started = time.perf_counter()
        redact(concern, directory, language="nl")
        times.append(time.perf_counter() - started)
    return {
        "directory_build_s": round(build, 3),
        "ms_per_concern": round(1000 * statistics.median(times), 2),
    }
