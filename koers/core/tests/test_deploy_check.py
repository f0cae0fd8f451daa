"""Behind TLS, Django's deployment check is clean; without debug, cookies are secure."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from koers.testing.factories import PASSWORD, make_user

TLS_SETTINGS = {
    "KOERS_DEBUG": "0",
    "KOERS_ALLOWED_HOSTS": "koers.example.org",
    "KOERS_BEHIND_TLS_PROXY": "1",
    "KOERS_SSL_REDIRECT": "1",
    "KOERS_HSTS_SECONDS": "31536000",
    "KOERS_HSTS_INCLUDE_SUBDOMAINS": "1",
    "KOERS_HSTS_PRELOAD": "1",
}


def _check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KOERS_DATA_DIR": str(tmp_path),
        "KOERS_SECRET_KEY": secrets.token_urlsafe(50),
        **extra,
    }
    env.pop("KOERS_SECURE_COOKIES", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    command = [sys.executable, "-m", "koers.cli", "manage", "check", "--deploy"]
    return subprocess.run(
        [*command, "--fail-level", "WARNING"], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_the_tls_settings_on(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, **TLS_SETTINGS)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_names_what_is_missing_without_them(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, KOERS_DEBUG="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr
    # Cookies are secure by default without debug: no warning about them.
    assert "security.W012" not in result.stderr and "security.W016" not in result.stderr


@pytest.mark.django_db
def test_without_debug_the_cookies_are_secure_http_only_and_same_site_lax(
    client: Client,
) -> None:
    user = make_user()
    client.get("/login/")
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    client.post("/login/", {"username": user.email, "password": PASSWORD})
    session = client.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
