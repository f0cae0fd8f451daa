"""The `koers` command as an operator uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from koers.cli import main
from koers.orgs.models import User
from koers.testing.serving import clean_env, koers_running

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_it_exits_non_zero_with_a_message_for_an_unknown_organisation(capsys):
    code = main(["export", "usecases", "--org", "does-not-exist", "--format", "csv"])
    assert code != 0
    assert "does-not-exist" in capsys.readouterr().err


def test_it_refuses_to_start_in_production_mode_with_the_default_secret_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "koers.cli", "demo"],
        env=clean_env(tmp_path, KOERS_DEBUG="0"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "KOERS_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_mail_server_e_mails_go_to_files_not_to_the_console(tmp_path):
    """`make run` prints how to log in; the demo's e-mails, sent by the worker a moment later,
    must not bury that under hundreds of lines of e-mail bodies."""
    script = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; django.setup(); {script}"],
        env=clean_env(tmp_path, KOERS_DEBUG="1", DJANGO_SETTINGS_MODULE="koers.settings"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    backend, path = result.stdout.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert path == str(tmp_path / "mail")


def test_it_serves_with_gunicorn_in_production_mode(tmp_path):
    with koers_running(tmp_path) as koers:
        status, body = koers.request("/login/")
        assert status == 200
        css = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
        assert css != "/static/koers/koers.css", "production serves hashed static names"
        assert koers.request(css)[0] == 200
    assert "gunicorn" in koers.output.lower()


@pytest.mark.django_db
def test_it_creates_a_site_superuser(monkeypatch, capsys):

    monkeypatch.setenv("KOERS_ADMIN_PASSWORD", "a long admin passphrase")
    assert main(["createadmin", "--email", "Root@Example.org", "--name", "Root"]) == 0
    user = User.objects.get(email="root@example.org")
    assert user.is_superuser and user.check_password("a long admin passphrase")


@pytest.mark.django_db
def test_it_refuses_a_bad_email_for_the_superuser(monkeypatch, capsys):
    monkeypatch.setenv("KOERS_ADMIN_PASSWORD", "a long admin passphrase")
    assert main(["createadmin", "--email", "not-an-address"]) == 1
    assert "not a valid e-mail address" in capsys.readouterr().err
