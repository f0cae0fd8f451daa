"""Build koers/demo/usecases.json from the public-domain US Federal AI Use Case Inventory 2025.

Run from the repository root with the shared data beside it:

    python scripts/build_demo_data.py ../shared/data/federal-ai-use-cases-2025-dev.csv

These are the use cases of the demo's English-language organisation (``SECOND`` in
``koers/demo/__init__.py``); the Dutch Demo BV has its own, written for it by hand
(``koers/demo/toepassingen.json``). The selection is deterministic: well-described use cases, a
fixed number per topic, mapped to the English organisation's departments. The output is small and
committed, so a clone of Koers has its demo data without the shared folder.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "koers" / "demo" / "usecases.json"

# Federal topic area -> (department of the English organisation, how many to take)
TOPICS = {
    "Admin Functions": ("HR", 2),
    "HR": ("HR", 1),
    "IT": ("IT", 2),
    "Cybersecurity": ("IT", 1),
    "Law Enforcement": ("Legal & Compliance", 2),
    "Procurement and Finance Mgmt": ("Finance", 2),
    "Service Delivery": ("Customer Service", 3),
    "Benefits Processing": ("Customer Service", 1),
    "Health and Medical": ("Operations", 1),
    "Energy and Environment": ("Operations", 1),
    "Transportation": ("Operations", 1),
    "Other": ("Communications", 1),
}
TECHNIQUES = {
    "Generative AI": "generative",
    "Classical ML": "classical_ml",
    "NLP": "nlp",
    "Computer Vision": "vision",
    "Agentic AI": "agentic",
}
# The organisation has just started its programme: most ideas are new. The federal stage says how
# far the agency got, not how far this organisation is, so the demo spreads its stages in a fixed
# pattern instead.
DEMO_STAGES = [
    "idea",
    "idea",
    "assessed",
    "idea",
    "selected",
    "idea",
    "assessed",
    "in_sprint",
    "idea",
    "pilot",
    "idea",
    "assessed",
    "live",
    "idea",
    "rejected",
]
PERSONAL = {"Yes": "yes", "No": "no"}
# Rows of the development extract whose fields do not belong together (a building-control title
# with drug-safety benefits); left out so the demo reads sensibly.
SKIP = {"DOE-350"}


def clean(text: str) -> str:
    return " ".join(text.split())


def build(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    taken: dict[str, int] = {}
    selected: list[dict[str, object]] = []
    for row in sorted(rows, key=lambda r: r["id"]):
        topic = row["topic_area"]
        if topic not in TOPICS or row["id"] in SKIP:
            continue
        department, wanted = TOPICS[topic]
        if taken.get(topic, 0) >= wanted:
            continue
        problem, benefits = clean(row["problem_solved"]), clean(row["benefits"])
        name = clean(row["use_case_name"])
        if len(problem) < 150 or len(benefits) < 60 or len(name) > 80 or name.startswith("Renamed"):
            continue
        taken[topic] = taken.get(topic, 0) + 1
        selected.append(
            {
                "title": name,
                "problem": problem,
                "solution": "",
                "benefits": benefits,
                "outputs": clean(row["system_outputs"]),
                "data_used": clean(row["data_description"]),
                "personal_data": PERSONAL.get(row["has_pii"], "unknown"),
                "technique": TECHNIQUES.get(row["classification"], "other"),
                "effort": "unknown",
                "stage": DEMO_STAGES[len(selected) % len(DEMO_STAGES)],
                "departments": [department],
                "external_id": row["id"],
                "source": {"topic_area": topic, "agency": row["agency"]},
            }
        )
    return selected


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    items = build(Path(sys.argv[1]))
    OUTPUT.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {len(items)} use cases to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
