"""Every write to Voice's items, replies, answers, actions and "me too" goes through these
functions.

Each takes the acting ``OrgContext`` (or, for the anonymous ways in, the organisation alone),
checks the permission, validates everything before it writes (bad input raises
``ValidationError`` and changes nothing) and keeps the history with ``change_record``.

Anonymity: an anonymous item is stored without its author and with the day only; its case code
is handed out once and only the code's SHA-256 hash is kept. Raising an anonymous item writes no
history row (a row carries the time of day); a reply through the case code is recorded with no
actor and the label "Anonymous". Nothing here logs texts or codes.

One module per part: ``common`` (limits, case codes, redaction, checks), ``raising`` (raising
and helping), ``conversation`` (replies), ``moderation`` (publishing and withholding),
``answers``, ``actions``, ``metoo`` ("me too"), ``themes``, ``links`` (the public links),
``from_scan`` (the scan's written worries) and ``help_digest`` (the helpers' daily e-mail of
anonymous help requests). Callers may use the names below from the package.
"""

from __future__ import annotations

from koers.voice.services.actions import action_create, action_set_status
from koers.voice.services.answers import answer_save
from koers.voice.services.common import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PREFIX,
    MAX_ANSWER,
    MAX_REPLY,
    MAX_TEXT,
    Raised,
    anonymous_label,
    case_code_hash,
    case_code_new,
    case_code_normal,
    item_for_code,
    item_for_code_hash,
    redact_text,
)
from koers.voice.services.conversation import (
    can_reply_as_team,
    reply_by_code,
    reply_by_code_hash,
    reply_by_team,
)
from koers.voice.services.help_digest import help_digest_send
from koers.voice.services.metoo import support_toggle
from koers.voice.services.moderation import item_publish, item_withhold
from koers.voice.services.raising import (
    help_done,
    help_notify,
    help_pick_up,
    helpers_for,
    item_raise,
    item_raise_anonymously,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CODE_PREFIX",
    "MAX_ANSWER",
    "MAX_REPLY",
    "MAX_TEXT",
    "Raised",
    "action_create",
    "action_set_status",
    "anonymous_label",
    "answer_save",
    "can_reply_as_team",
    "case_code_hash",
    "case_code_new",
    "case_code_normal",
    "help_digest_send",
    "help_done",
    "help_notify",
    "help_pick_up",
    "helpers_for",
    "item_for_code",
    "item_for_code_hash",
    "item_publish",
    "item_raise",
    "item_raise_anonymously",
    "item_withhold",
    "redact_text",
    "reply_by_code",
    "reply_by_code_hash",
    "reply_by_team",
    "support_toggle",
]
