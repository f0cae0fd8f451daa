"""What every view needs around the request: a missing object as 404, and going back safely."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

T = TypeVar("T")


def get_or_404(find: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Call a selector that fetches one object; "not there" (of any model, or an id that is no
    number) becomes a 404, so a view needs neither the other app's model nor a try block."""
    try:
        return find(*args, **kwargs)
    except (ObjectDoesNotExist, ValueError) as missing:
        raise Http404 from missing


def back_to(request: HttpRequest, *, within: str) -> HttpResponseRedirect | None:
    """A redirect to the ``next`` the form sent, when it is a path on this site under ``within``
    (e.g. the organisation's own pages); None otherwise, and the view goes its own way."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if target and safe and target.startswith(within) and "//" not in target:
        return HttpResponseRedirect(target)
    return None
