"""The outbox through Django's real SMTP backend and a real (local) SMTP server: one session per
batch, and a recipient the server refuses fails alone, without failing the page."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from email.message import Message as EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.urls import reverse

from koers.core.models import OutgoingMail
from koers.diagnostic import services
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_user

pytestmark = pytest.mark.django_db


class MailServer(Message):
    """Keeps what it receives, counts the sessions (one EHLO each) and refuses ``nobody@``."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[EmailMessage] = []
        self.sessions = 0

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message: EmailMessage) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[MailServer]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    controller.stop()


def test_it_sends_a_waves_invitations_in_one_smtp_session_and_fails_only_the_refused_one(
    client, org, smtp_server
):
    lead = make_member(org, Role.LEAD)
    ctx = ctx_for(lead, org)
    for address in ("anna@example.org", "bob@example.org", "nobody@example.org"):
        make_member(org, user=make_user(address))
    version = services.instrument_copy_shipped(ctx, kind="scan").versions.get()
    today = dt.date.today()
    wave = services.wave_create(
        ctx, version=version, name="Spring", opens_on=today, closes_on=today + dt.timedelta(7)
    )
    services.wave_open(ctx, wave=wave)
    client.force_login(lead)

    response = client.post(
        reverse("diagnostic:wave_invite", kwargs={"org_slug": org.slug, "pk": wave.pk})
    )

    assert response.status_code == 302
    delivered = {message["To"] for message in smtp_server.messages}
    assert {"anna@example.org", "bob@example.org"} <= delivered
    assert "nobody@example.org" not in delivered
    assert smtp_server.sessions == 1
    refused = OutgoingMail.objects.get(to="nobody@example.org")
    assert refused.status == OutgoingMail.Status.FAILED
    assert refused.last_error == "SMTPRecipientsRefused: 550 5.1.1 No such user here"
    assert (
        not OutgoingMail.objects.exclude(to="nobody@example.org")
        .exclude(status=OutgoingMail.Status.SENT)
        .exists()
    )
