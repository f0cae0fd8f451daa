"""The policy's rich text, cleaned to a small allowlist with nh3 (ammonia): paragraphs, line
breaks, bold and italics, lists, two heading levels, quotes and links to http(s) and e-mail
addresses (not relative ones). Anything else (scripts, event handlers, styles, ``javascript:``
links, images) is removed, the content of ``script`` and ``style`` with it. Run on every write
and again when a page, e-mail or export shows the text, so a row changed behind Koers's back
cannot inject script either."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Input longer than this is refused before it is parsed (hostile input is bounded).
MAX_INPUT = 100_000


def sanitise_html(html: str) -> str:
    """The HTML with only the allowed tags, attributes and link schemes left. Links get
    ``rel="noopener noreferrer"``."""
    if len(html) > MAX_INPUT:
        raise ValueError(f"rich text longer than {MAX_INPUT} characters")
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        # "*": no attribute on every tag (ammonia's default allows ``lang`` and ``title``).
        attributes={"*": set(), **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
