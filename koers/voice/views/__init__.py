"""Voice's pages, one module per part; thin: parse, call one service or selector, render.

The core pages: ``raising`` (raising a concern or asking for help), ``case`` (the case-code page,
no login), ``moderation``, ``answers`` (answers, replies, an action from an answer),
``help_requests``, ``actions`` and ``metoo`` ("me too"), with what they share in ``common``.
Beside them: ``links`` (the public links), ``themes``, ``said_did``, ``digest``, ``dashboard`` and
``from_scan``. ``koers.voice.urls`` and ``koers.voice.urls_public`` import the modules.
"""
