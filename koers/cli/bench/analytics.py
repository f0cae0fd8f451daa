"""``koers bench analytics``: how good and fast the backlog analysis is next to simple baselines.

Koers and the baselines each run in a child process (``_side_main`` of this module), so
each peak memory is its own."""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from koers.cli.base import FEDERAL_FILE, CommandFailed, federal_file
from koers.cli.bench.throwaway import child_command
from koers.textmine.text import join_text


def add_command(benchmarks: Any) -> None:
    bench = benchmarks.add_parser(
        "analytics",
        help="quality and speed of the backlog analysis next to simple baselines",
        description="Measures on the shared federal dev file: clustering AMI against topic_area, "
        "duplicate recall@5 and @1 (two views pooled, and the intake case), high-impact "
        "recall/precision, the analysis time for 3,000 use cases, the time to find similar items "
        "in a backlog of 10,000, and peak memory; and on the Dutch evaluation set: AMI, "
        "re-submission first and @5, high-impact recall/precision. Each next to a baseline "
        "(TF-IDF + k-means, TF-IDF cosine, character n-grams, a keyword rule) run in the same "
        "run. Ends with one line of JSON.",
    )
    bench.add_argument("--federal", type=Path, metavar="FILE", help="the federal dev file")
    bench.set_defaults(handler=cmd_bench_analytics)


FIELDS = ("use_case_name", "problem_solved", "benefits", "system_outputs", "data_description")


def cmd_bench_analytics(args: argparse.Namespace) -> int:
    """Koers and the baselines each run in a child process, so each peak memory is its own."""
    path = federal_file(args.federal)
    if path is None:
        raise CommandFailed(f"{FEDERAL_FILE} not found; pass --federal FILE.")
    figures: dict[str, Any] = {}
    for side in ("koers", "baseline"):
        print(f"running the {side} side …", file=sys.stderr, flush=True)
        completed = subprocess.run(
            child_command("koers.cli.bench.analytics", "_side_main", side, str(path)),
            check=False,
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            sys.stderr.write(completed.stderr)
            raise CommandFailed(f"the {side} side of the benchmark failed.")
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        prefix = "" if side == "koers" else "baseline_"
        figures.update({f"{prefix}{k}": v for k, v in result.items()})
    rows = [
        ("ami", "clustering AMI vs topic_area (higher is better; target ≥ 0.30)"),
        ("clusters", "clusters found (baseline is given the true number)"),
        ("outliers", "items left out as noise"),
        ("dup_recall_at_5", "typed description finds its use case in top 5"),
        ("dup_recall_at_1", "same, first"),
        ("dup_two_view_recall_at_5", "two views pooled: other view in top 5 (target ≥ 0.86)"),
        ("dup_two_view_recall_at_1", "two views pooled: other view first"),
        ("hi_recall", "high-impact recall (target ≥ 0.80)"),
        ("hi_precision", "high-impact precision (target ≥ 0.30)"),
        ("analyze_s", "analysis of 3,000 use cases, s (target ≤ 15)"),
        ("similar_ms_p95", "similar items in a backlog of 10,000, p95 ms (target ≤ 50)"),
        ("peak_rss_mb", "peak memory, MB (target ≤ 1024)"),
        ("nl_ami", "Dutch set: AMI vs theme (target ≥ 0.40)"),
        ("nl_clusters", "Dutch set: clusters found (baseline is given the true number)"),
        ("nl_resubmission_first", "Dutch set: original first among earlier items (≥ 0.92)"),
        ("nl_resubmission_at_5", "Dutch set: original among earlier items' top 5"),
        ("nl_resubmission_first_all", "Dutch set: same idea first among all other items"),
        ("nl_hi_recall", "Dutch set: high-impact recall"),
        ("nl_hi_precision", "Dutch set: high-impact precision"),
    ]
    print(f"{'figure':<62} {'Koers':>10} {'baseline':>10}")
    for key, label in rows:
        print(f"{label:<62} {figures.get(key)!s:>10} {figures.get('baseline_' + key)!s:>10}")
    print(json.dumps(figures, sort_keys=True))
    return 0


def _federal_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _text(row: dict[str, str], fields: Sequence[str] = FIELDS) -> str:
    return join_text(row.get(f) for f in fields)


def _twins(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Each use case described twice: its name and benefits, and its problem statement."""
    return [
        (_text(r, ("use_case_name", "benefits")), r["problem_solved"].strip())
        for r in rows
        if r["problem_solved"].strip() and r["benefits"].strip()
    ]


def _backlog_recall(
    rank: Callable[[list[str], list[str]], Any], pairs: list[tuple[str, str]]
) -> tuple[float, float]:
    """The intake case: the backlog holds one description of every use case and the other
    description is typed in; is its use case among the 5 most similar, and first? Both ways,
    averaged: (recall@5, recall@1)."""
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    at_5 = at_1 = 0
    for backlog, queries in ((b, a), (a, b)):
        top = rank(backlog, queries)
        at_5 += sum(i in top[i][:5] for i in range(len(pairs)))
        at_1 += sum(i == top[i][0] for i in range(len(pairs)))
    return round(at_5 / (2 * len(pairs)), 4), round(at_1 / (2 * len(pairs)), 4)


def _two_view_recall(neighbours: Any, pairs: int) -> tuple[float, float]:
    """Both descriptions of every use case in one pool (rows i and i + pairs): how often is the
    other description among a description's 5 most similar, and first? (recall@5, recall@1)"""
    at_5 = at_1 = 0
    for i in range(2 * pairs):
        twin = i + pairs if i < pairs else i - pairs
        at_5 += twin in neighbours[i][:5]
        at_1 += twin == neighbours[i][0]
    return round(at_5 / (2 * pairs), 4), round(at_1 / (2 * pairs), 4)


def resubmissions_found(ranked: Any, pairs: Sequence[tuple[int, int]]) -> dict[str, float]:
    """How well a ranking (items x items, higher first) finds the original of a re-submitted
    idea. ``first`` and ``at_5``: the intake case, the re-submission typed in when the backlog
    holds the items before it; is the idea among them first, among the top 5? ``first_all``: the
    same among all other items. The idea is its original or another re-submission of it."""
    first = at_5 = first_all = 0
    for i, o in pairs:
        same = {o} | {j for j, oj in pairs if oj == o and j != i}
        row = np.asarray(ranked[i], dtype=float).copy()
        row[i] = -np.inf
        first_all += int(np.argmax(row)) in same
        row[i:] = -np.inf
        top = _top_5(row)
        first += top[0] in same
        at_5 += bool(same & set(top))
    n = max(1, len(pairs))
    return {
        "first": round(first / n, 4),
        "at_5": round(at_5 / n, 4),
        "first_all": round(first_all / n, 4),
    }


def _top_5(row: Any) -> list[int]:
    """The 5 best positions of a row, ties by position."""
    order = np.lexsort((np.arange(len(row)), -row))
    return [int(j) for j in order[:5] if row[j] > -np.inf]


def _bench_file(rows: list[dict[str, str]], directory: Path) -> Path:
    """3,000 use cases in Koers's import format: the dev file's rows, topped up with COTS uses."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "problem", "benefits", "outputs", "data_used", "departments"])
    for r in rows:
        writer.writerow(
            [
                r["use_case_name"] or r["problem_solved"][:80],
                r["problem_solved"],
                r["benefits"],
                r["system_outputs"],
                r["data_description"],
                r["agency_name"],
            ]
        )
    extra = 3000 - len(rows)
    for i in range(max(0, extra)):
        r = rows[(i * 7) % len(rows)]
        # A rephrased copy: the problem statement as the title, outputs and benefits swapped.
        writer.writerow(
            [
                r["problem_solved"][:80] or r["use_case_name"],
                r["benefits"],
                r["system_outputs"],
                "",
                "",
                r["agency_name"],
            ]
        )
    path = directory / "bench-3000.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _backlog_10k(rows: list[dict[str, str]]) -> tuple[list[str], list[str]]:
    """10,000 backlog texts built from the dev rows with varying fields, and 200 queries."""
    variants = [
        FIELDS,
        ("use_case_name", "problem_solved"),
        ("use_case_name", "benefits", "system_outputs"),
        ("problem_solved", "system_outputs"),
        ("use_case_name", "system_outputs", "data_description"),
    ]
    texts = [_text(r, variants[(i // len(rows)) % 5]) for i, r in enumerate(rows * 5)][:10_000]
    queries = [_text(r, ("use_case_name", "problem_solved")) for r in rows[::10][:200]]
    return texts, queries


def _p95(samples: list[float]) -> float:
    samples = sorted(samples)
    return round(samples[int(0.95 * (len(samples) - 1))] * 1000, 2)


def _peak_mb() -> float:
    """The largest resident memory of this process or any child it waited for (the analysis
    runs as a child), in MB."""
    peaks = (
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return round(max(peaks) / 1024, 1)


def bench_side(side: str, path: Path) -> dict[str, Any]:
    import tempfile

    from sklearn.metrics import adjusted_mutual_info_score

    rows = _federal_rows(path)
    topics = np.array([r["topic_area"] for r in rows])
    has_topic = topics != ""
    texts = [_text(r) for r in rows]
    pairs = _twins(rows)
    twin_texts = [a for a, _ in pairs] + [b for _, b in pairs]
    labelled = [
        (r["is_high_impact"] == "High-impact", _text(r)) for r in rows if r["is_high_impact"]
    ]
    backlog, queries = _backlog_10k(rows)
    figures: dict[str, Any] = {}
    if side == "koers":
        from koers.textmine.cluster import cluster
        from koers.textmine.index import TextIndex
        from koers.textmine.prescreen_quality import evaluate

        labels = cluster(TextIndex(texts)).labels
        figures["clusters"] = len(set(labels.tolist()))
        figures["outliers"] = 0
        two_view = _two_view_recall(TextIndex(twin_texts).neighbours(5)[0], len(pairs))

        def koers_rank(backlog: list[str], queries: list[str]) -> Any:
            index = TextIndex(backlog)
            ranked = index.ranking(index.scores(*index.encode(queries)))
            return np.argsort(-ranked, axis=1, kind="stable")[:, :5]

        in_backlog = _backlog_recall(koers_rank, pairs)
        quality = evaluate([t for _, t in labelled], [y for y, _ in labelled])
        figures.update(_dutch_koers())
        with tempfile.TemporaryDirectory() as directory:
            bench_file = _bench_file(rows, Path(directory))
            started = time.perf_counter()
            completed = subprocess.run(
                [sys.executable, "-m", "koers.cli", "analyze", "usecases", str(bench_file)],
                check=True,
                capture_output=True,
            )
            figures["analyze_s"] = round(time.perf_counter() - started, 2)
            document = json.loads(completed.stdout)
            assert len(document["items"]) == 3000
        index = TextIndex(backlog)
        index.similar(queries[0])
        timings = []
        for q in queries:
            started = time.perf_counter()
            index.similar(q, 5)
            timings.append(time.perf_counter() - started)
    else:
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer

        from koers.textmine.prescreen_quality import keyword_baseline

        matrix = TfidfVectorizer(stop_words="english", min_df=2, sublinear_tf=True).fit_transform(
            texts
        )
        k = len(set(topics[has_topic].tolist()))
        labels = KMeans(k, n_init=4, random_state=0).fit_predict(matrix)
        figures["clusters"] = k
        figures["outliers"] = 0
        twin_matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            twin_texts
        )
        s = (twin_matrix @ twin_matrix.T).toarray()
        np.fill_diagonal(s, -1)
        two_view = _two_view_recall(np.argsort(-s, axis=1)[:, :5], len(pairs))

        def tfidf_rank(backlog: list[str], queries: list[str]) -> Any:
            vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
            matrix = vectorizer.fit_transform(backlog)
            scores = (vectorizer.transform(queries) @ matrix.T).toarray()
            return np.argsort(-scores, axis=1, kind="stable")[:, :5]

        in_backlog = _backlog_recall(tfidf_rank, pairs)
        figures.update(_dutch_baseline())
        predicted = [keyword_baseline(t) for _, t in labelled]
        truth = [y for y, _ in labelled]
        tp = sum(p and y for p, y in zip(predicted, truth, strict=True))
        quality = {
            "recall": tp / max(1, sum(truth)),
            "precision": tp / max(1, sum(predicted)),
        }
        started = time.perf_counter()
        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        matrix = vectorizer.fit_transform(
            [". ".join(v for v in line.split(",")) for line in _bench_file_lines(rows)]
        )
        KMeans(20, n_init=1, random_state=0).fit_predict(matrix)
        figures["analyze_s"] = round(time.perf_counter() - started, 2)
        backlog_matrix = vectorizer.fit_transform(backlog)
        timings = []
        for q in queries:
            started = time.perf_counter()
            scores = (vectorizer.transform([q]) @ backlog_matrix.T).toarray()[0]
            np.argsort(-scores)[:5]
            timings.append(time.perf_counter() - started)
    figures["ami"] = round(
        float(adjusted_mutual_info_score(topics[has_topic], labels[has_topic])), 4
    )
    figures["dup_recall_at_5"], figures["dup_recall_at_1"] = in_backlog
    figures["dup_two_view_recall_at_5"], figures["dup_two_view_recall_at_1"] = two_view
    figures["dup_recall_at_5_pooled"] = two_view[0]  # the same figure, under its earlier key
    figures["hi_recall"] = round(quality["recall"], 4)
    figures["hi_precision"] = round(quality["precision"], 4)
    figures["similar_ms_p95"] = _p95(timings)
    figures["peak_rss_mb"] = _peak_mb()
    return figures


def _dutch_koers() -> dict[str, Any]:
    """Koers on the Dutch evaluation set: themes, re-submissions, the high-impact pre-screen."""
    from koers.cli.bench.dutch_set import load
    from koers.textmine.cluster import cluster
    from koers.textmine.index import TextIndex
    from koers.textmine.prescreen_quality import evaluate

    dutch = load()
    texts = dutch.texts()
    index = TextIndex(texts, language="nl")
    labels = cluster(index).labels
    found = resubmissions_found(
        index.ranking(index.scores(index.words, index.dense)), dutch.resubmission_pairs()
    )
    quality = evaluate(texts, dutch.high_impact_labels())
    return _dutch_figures(dutch.theme_labels(), labels.tolist(), found, quality)


def _dutch_baseline() -> dict[str, Any]:
    """The plain baselines on the Dutch set: character n-gram TF-IDF with k-means (told the
    number of themes) and cosine, and the keyword rule."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    from koers.cli.bench.dutch_set import load
    from koers.textmine.prescreen_quality import keyword_baseline, score

    dutch = load()
    texts = dutch.texts()
    matrix = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
    ).fit_transform(texts)
    themes = dutch.theme_labels()
    labels = KMeans(len(set(themes)), n_init=4, random_state=0).fit_predict(matrix)
    found = resubmissions_found((matrix @ matrix.T).toarray(), dutch.resubmission_pairs())
    quality = score([keyword_baseline(t) for t in texts], dutch.high_impact_labels())
    return _dutch_figures(themes, labels.tolist(), found, quality)


def _dutch_figures(
    themes: list[str], labels: list[int], found: dict[str, float], quality: dict[str, float]
) -> dict[str, Any]:
    from sklearn.metrics import adjusted_mutual_info_score

    return {
        "nl_ami": round(float(adjusted_mutual_info_score(themes, labels)), 4),
        "nl_clusters": len(set(labels)),
        "nl_resubmission_first": found["first"],
        "nl_resubmission_at_5": found["at_5"],
        "nl_resubmission_first_all": found["first_all"],
        "nl_hi_recall": round(quality["recall"], 4),
        "nl_hi_precision": round(quality["precision"], 4),
    }


def _bench_file_lines(rows: list[dict[str, str]]) -> list[str]:
    with __import__("tempfile").TemporaryDirectory() as directory:
        return _bench_file(rows, Path(directory)).read_text(encoding="utf-8").splitlines()[1:]


def _side_main(argv: Sequence[str]) -> int:
    side, path = argv
    print(json.dumps(bench_side(side, Path(path))))
    return 0
