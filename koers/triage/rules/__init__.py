"""EU AI Act and DPIA triage: the facts of a use case in, its classification, duties and DPIA
outcome out, explained and fail-closed. Django-free: the CLI, the API and the pages all call
:func:`koers.triage.rules.engine.triage`.

* :mod:`koers.triage.rules.schema` — the contract (``Facts``, ``Result``, ``Obligation``).
* :mod:`koers.triage.rules.tables` — the decision tables and duties with their legal sources, one
  module per part (conditions, classification, DPIA, duties, markdown).
* :mod:`koers.triage.rules.engine` — evaluates the rules, fail-closed over unknown facts.
* :mod:`koers.triage.rules.evaluation` — the engine's branches over the answers to unknown facts.
* :mod:`koers.triage.rules.reasons` — the engine's outcome in words.
* :mod:`koers.triage.rules.questions` — the questionnaire, asking only what matters.
* :mod:`koers.triage.rules.suggest` — suggested answers from a use case's text.
"""
