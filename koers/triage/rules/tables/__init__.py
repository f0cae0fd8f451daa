"""The triage rules as data: decision tables and duties, each citing its legal source.

How to read them
    A *table* decides one outcome. Its rules are tried from top to bottom and the first whose
    condition holds decides; the last rule of every table holds always ("otherwise"). A *duty* is
    one obligation with the condition under which it applies; every duty whose condition holds is
    listed. Conditions speak about the facts of :class:`koers.triage.rules.schema.Facts` and about
    the outcome of another table (``Outcome``) or the rule that decided it (``Decided``).

    Unknown facts are handled by the engine, not here (see :mod:`koers.triage.rules.engine`): a
    rule is written as if every fact were known.

Every duty says from when it applies (``Duty.starts``, from Art. 113 and 111 as amended): dates
live beside the duty they belong to, with the provision that sets them, so a change in the law is
one change in these tables and a new version in :mod:`koers.triage.rules.law`.
:func:`koers.triage.rules.tables.markdown.rules_markdown` renders everything as the rule table in
docs/triage.md.

Sources
    AI Act: Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744 (see
    :mod:`koers.triage.rules.law` for the Official Journal references). GDPR: Regulation (EU)
    2016/679. WP248 rev.01: Article 29 Working Party, Guidelines on Data Protection Impact
    Assessment (endorsed by the EDPB). AP list: Autoriteit Persoonsgegevens, Besluit inzake
    lijst van verwerkingen van persoonsgegevens waarvoor een DPIA verplicht is (Staatscourant
    2019, 64418).

The parts
    ``conditions`` (what a condition can say; the shapes of rules, tables and duties),
    ``classification`` (the AI Act's tables: scope, type, risk group, systemic risk), ``dpia``
    (the DPIA table, the nine EDPB criteria and the Dutch DPA's list), ``duties`` (the AI Act's
    duties, Art. 50 transparency last) and ``markdown`` (all of it in words, for docs/triage.md).
    ``TABLES`` below gathers every table in the order they are evaluated and shown.
"""

from __future__ import annotations

from koers.triage.rules.tables.classification import RISK, SCOPE, SYSTEMIC, TYPE
from koers.triage.rules.tables.conditions import Table
from koers.triage.rules.tables.dpia import DPIA
from koers.triage.rules.tables.duties import DUTIES

TABLES: dict[str, Table] = {table.name: table for table in (SCOPE, TYPE, RISK, SYSTEMIC, DPIA)}


def rule_ids() -> list[str]:
    """Every rule and duty, as the tests and reasons name them."""
    ids = [rule.id for table in TABLES.values() for rule in table.rules]
    return ids + [f"duty.{duty.code}" for duty in DUTIES]
