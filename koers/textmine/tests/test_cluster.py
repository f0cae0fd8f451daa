"""Themes at the data's granularity, and a lead's step finer or coarser."""

from koers.textmine.cluster import FIRST_RUNG, LAST_RUNG, cluster
from koers.textmine.index import TextIndex

# Four areas of work, three kinds of task in each, four requests per kind.
AREAS = {
    "invoices": ["supplier invoices", "purchase orders", "payment reminders"],
    "recruitment": ["job vacancies", "candidate resumes", "interview scheduling"],
    "maintenance": ["heat pump failures", "engineer routes", "spare parts stock"],
    "customers": ["customer emails", "complaint handling", "chatbot answers"],
}
VERBS = ["automate", "speed up", "check", "summarise"]
TEXTS = [
    f"{verb} the {task} work in {area} with a model for the {area} team"
    for area, tasks in AREAS.items()
    for task in tasks
    for verb in VERBS
]
TASK = [i // len(VERBS) for i in range(len(TEXTS))]


def _groups(labels):
    found: dict[int, set[int]] = {}
    for i, label in enumerate(labels.tolist()):
        found.setdefault(label, set()).add(i)
    return sorted(map(sorted, found.values()))


def test_the_data_choose_the_finest_grouping_that_still_holds_together():
    result = cluster(TextIndex(TEXTS, embeddings=False))
    tasks = sorted(sorted(i for i in range(len(TEXTS)) if TASK[i] == t) for t in set(TASK))
    assert _groups(result.labels) == tasks  # each kind of task is a theme of its own
    assert FIRST_RUNG <= result.chosen <= LAST_RUNG and result.rung == result.chosen


def test_a_step_coarser_gives_fewer_themes_and_finer_never_fewer():
    index = TextIndex(TEXTS, embeddings=False)
    counts = {step: len(cluster(index, step=step).clusters) for step in (-2, -1, 0, 1)}
    assert counts[-2] < counts[0]
    assert counts[-2] <= counts[-1] <= counts[0] <= counts[1]
    coarser = cluster(index, step=-2)
    assert coarser.rung == coarser.chosen - 2
    # Coarser themes are unions of finer ones: no kind of task is torn apart.
    assert all(
        len({int(coarser.labels[i]) for i in range(len(TEXTS)) if TASK[i] == t}) == 1
        for t in set(TASK)
    )


def test_the_same_backlog_always_gives_the_same_themes():
    first = cluster(TextIndex(TEXTS))
    second = cluster(TextIndex(TEXTS))
    assert (first.chosen, first.rung) == (second.chosen, second.rung)
    assert first.labels.tolist() == second.labels.tolist()
