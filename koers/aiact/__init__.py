"""EU AI Act and DPIA triage: the facts of a use case in, its classification, duties and DPIA
outcome out, explained and fail-closed. Django-free: the CLI, the API and the pages all call
:func:`koers.aiact.engine.triage`.

* :mod:`koers.aiact.schema` — the contract (``Facts``, ``Result``, ``Obligation``).
* :mod:`koers.aiact.rules` — the decision tables and duties with their legal sources.
* :mod:`koers.aiact.engine` — evaluates the rules, fail-closed over unknown facts.
* :mod:`koers.aiact.questions` — the questionnaire, asking only what matters.
* :mod:`koers.aiact.suggest` — suggested answers from a use case's text.
"""
