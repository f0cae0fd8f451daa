"""The access log of ``koers run``: gunicorn's, without the anonymous ways in.

An access log line holds the sender's address and the time to the second. For the pages and API
calls through which people answer the readiness scan or raise a Voice item anonymously, that is
exactly what the rest of Koers refuses to keep: who (which computer) sent something, and when.
So ``koers run`` starts gunicorn with ``--logger-class koers.cli.access_log.AccessLogger``,
which writes no line at all for those requests. Blanking the address and time would not do: the
lines around it, in the order they were written, would still date it to the second.

The routes are listed here by their addresses (this module runs inside gunicorn and needs no
Django); ``tests/test_access_log.py`` checks them against the URL names they belong to, so a
moved route fails a test instead of being logged.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from gunicorn.glogging import Logger

ANONYMOUS_ROUTES = re.compile(
    r"""^/+(?:
        s/                                  # the readiness scan's answering pages (their token)
      | v/                                  # Voice's public link form and the case-code page
      | o/[^/]+/voice/new/                  # raising a Voice item in the app (and its case code)
      | api/v1/orgs/[^/]+/voice/items/?$    # raising a Voice item over the API
    )""",
    re.VERBOSE,
)


def is_anonymous_route(path: str) -> bool:
    """Whether a request to ``path`` (the path only, without the query) may be anonymous."""
    return bool(ANONYMOUS_ROUTES.match(path))


def points_at_anonymous_route(url: str) -> bool:
    """Whether ``url`` (a referrer, or a ``?next=`` value) is the address of an anonymous route."""
    return is_anonymous_route(urlsplit(url).path)


class AccessLogger(Logger):
    """gunicorn's logger, writing no access line for a request to an anonymous route, and leaving
    out of the other lines where they came from or go to when that is an anonymous route (the
    page after raising an item carries the raise page as its referrer; a login on the way to the
    Voice form carries it in ``?next=``)."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_anonymous_route(str(environ.get("PATH_INFO") or "")):
            return
        super().access(resp, req, environ, request_time)

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        if points_at_anonymous_route(str(environ.get("HTTP_REFERER") or "")):
            atoms["f"] = atoms["{referer}i"] = "-"
        query = str(environ.get("QUERY_STRING") or "")
        if any(points_at_anonymous_route(value) for _name, value in parse_qsl(query)):
            path = str(environ.get("RAW_URI") or "").split("?", 1)[0]
            atoms["q"] = "-"
            atoms["r"] = (
                f"{environ.get('REQUEST_METHOD')} {path}?- {environ.get('SERVER_PROTOCOL')}"
            )
        return atoms
