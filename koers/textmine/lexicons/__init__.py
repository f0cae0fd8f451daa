"""Word lists for the text core, kept as data files in this package and validated on loading.

``risk.json`` holds the lexicons of the risk pre-screen (:mod:`koers.textmine.prescreen`); its
schema is in :mod:`.schema`, its term syntax in :mod:`.syntax`.
"""

from koers.textmine.lexicons.schema import (
    LexiconError,
    RiskLexicon,
    load_risk_lexicon,
    parse_risk_lexicon,
)

__all__ = ["LexiconError", "RiskLexicon", "load_risk_lexicon", "parse_risk_lexicon"]
