"""Personal data out of free text: e-mail addresses, phone numbers, IBANs, Dutch BSNs and the
names of the organisation's own people (see docs/voice.md, "Redaction").

Django-free by rule (a test imports it without settings): texts and a directory of names in,
the redacted text and what was redacted out. The apps build the directory from their members
(``koers.orgs.selectors.directory_of``) and call ``redact``.
"""

from koers.redact.engine import KINDS, Redacted, Redaction, placeholder, redact
from koers.redact.names import Directory, Person

__all__ = ["KINDS", "Directory", "Person", "Redacted", "Redaction", "placeholder", "redact"]
