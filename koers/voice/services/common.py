"""What Voice's services share: limits, case codes, redaction and input checks."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from koers.orgs.models import Department, Organisation
from koers.orgs.selectors import directory_of
from koers.voice.models import (
    Action,
    Item,
    Theme,
)

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext


MAX_TEXT = 4000


MAX_REPLY = 4000


MAX_ANSWER = 8000


# The case code: "KV-" and 12 characters of Crockford's base32 (no I, L, O, U): 60 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


CODE_LENGTH = 12


CODE_PREFIX = "KV"


# Typing mistakes the alphabet leaves out, read as the character they look like.
_CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def anonymous_label() -> str:
    return _("Anonymous")


@dataclass(frozen=True)
class Raised:
    item: Item
    # The case code, shown once; None for an item raised by name.
    case_code: str | None


def case_code_new() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return f"{CODE_PREFIX}-{chars[0:4]}-{chars[4:8]}-{chars[8:12]}"


def case_code_normal(code: str) -> str:
    """The code as stored-for-hashing: upper case, without spaces, dashes or the prefix, with
    look-alike letters read as digits. ``""`` when it cannot be a case code."""
    plain = "".join(ch for ch in str(code).upper() if ch.isalnum())
    if plain.startswith(CODE_PREFIX) and len(plain) == CODE_LENGTH + len(CODE_PREFIX):
        plain = plain[len(CODE_PREFIX) :]
    plain = plain.translate(_CODE_LOOKALIKES)
    if len(plain) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in plain):
        return ""
    return plain


def case_code_hash(code: str) -> str:
    normal = case_code_normal(code)
    # An impossible code still costs one hash, so a wrong code takes as long as a right one.
    return hashlib.sha256(f"{CODE_PREFIX}-{normal}".encode()).hexdigest() if normal else ""


def item_for_code(code: str) -> Item:
    """The item whose case code this is; ValidationError when there is none."""
    return item_for_code_hash(case_code_hash(code))


def item_for_code_hash(digest: str) -> Item:
    """The item of a case code's hash (what the case page keeps in a signed cookie, so the code
    itself is neither stored nor sent again); ValidationError when there is none."""
    item = (
        Item.objects.select_related("organisation", "department")
        .filter(case_code_hash=digest or "-")
        .first()
    )
    if item is None or not digest:
        raise ValidationError(
            _("This case code is not known. Check that you typed it as you wrote it down."),
            code="unknown_code",
        )
    return item


def redact_text(organisation: Organisation, text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text with personal data and the organisation's people's names redacted, and what was
    found as ``[{"kind", "start", "end"}]`` (offsets into ``text``)."""
    from koers.redact import redact

    result = redact(text, directory_of(organisation), language=organisation.language)
    return result.text, [
        {"kind": str(r.kind), "start": int(r.start), "end": int(r.end)} for r in result.redactions
    ]


def _department(organisation: Organisation, department_id: Any) -> Department | None:
    if department_id in (None, ""):
        return None
    try:
        return Department.objects.get(organisation=organisation, pk=int(department_id))
    except (Department.DoesNotExist, TypeError, ValueError):
        raise ValidationError(
            {"department": [_("Choose one of the organisation's departments.")]}
        ) from None


def _clean_text(value: Any, *, field: str, most: int, missing: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError({field: [missing]})
    if len(text) > most:
        raise ValidationError(
            {field: [_("Keep it under %(most)s characters, please.") % {"most": most}]}
        )
    return text


def _own(ctx: OrgContext, obj: Item | Action | Theme) -> None:
    if obj.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
