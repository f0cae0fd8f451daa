"""The login throttle: wrong passwords per account and per address, on Koers's login page, the
admin's and the password-reset form.

After ``KOERS_LOGIN_ACCOUNT_LIMIT`` wrong passwords for one account, or
``KOERS_LOGIN_ADDRESS_LIMIT`` from one address, within ``KOERS_LOGIN_COOLOFF_MINUTES``, further
attempts are refused for a full cool-off time by ``LoginThrottleMiddleware`` before the view runs,
so a refused attempt never reaches the password hasher (which is what makes a flood of logins
slow every page). A successful login clears its account's count; the address's count stays until
its window ends. A password-reset request counts like a wrong password, so the form cannot be used
to flood a mailbox either.

The counts live in ``koers.core.ratelimit``'s quotas, under keyed hashes: no e-mail or IP address
is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from koers.core import clock
from koers.core.ratelimit import (
    client_address,
    quota_clear,
    quota_extend,
    quota_full_until,
    quota_key,
    quota_take,
)

# The views the throttle guards, with the form field that names the account.
GUARDED_VIEWS = {"login": "username", "admin:login": "username", "password_reset": "email"}
RESET_VIEWS = frozenset({"password_reset"})


def _quotas(request: HttpRequest, account: str) -> list[tuple[str, int]]:
    return [
        (
            quota_key("login-account", account.strip().lower()),
            settings.KOERS_LOGIN_ACCOUNT_LIMIT,
        ),
        (quota_key("login-address", client_address(request)), settings.KOERS_LOGIN_ADDRESS_LIMIT),
    ]


def login_refused_until(request: HttpRequest, *, account: str) -> dt.datetime | None:
    """Until when an attempt for ``account`` from this request's address is refused; None: it
    may go ahead."""
    ends = [
        until
        for key, limit in _quotas(request, account)
        if (until := quota_full_until(key, limit=limit)) is not None
    ]
    return max(ends, default=None)


def login_failure_count(request: HttpRequest, *, account: str) -> None:
    """Count one wrong password (or reset request) for ``account`` and the request's address; a
    quota that is now used up stays shut for a full cool-off time from now."""
    cooloff_ends = clock.now() + dt.timedelta(minutes=settings.KOERS_LOGIN_COOLOFF_MINUTES)
    for key, limit in _quotas(request, account):
        quota_take(key, limit=limit, window_ends=cooloff_ends)
        if quota_full_until(key, limit=limit) is not None:
            quota_extend(key, window_ends=cooloff_ends)


@receiver(user_login_failed, dispatch_uid="koers.orgs.throttle.failed")
def _count_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is not None:
        login_failure_count(request, account=str(credentials.get("username", "")))


@receiver(user_logged_in, dispatch_uid="koers.orgs.throttle.logged_in")
def _clear_account(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    quota_clear(quota_key("login-account", str(user.get_username()).strip().lower()))
