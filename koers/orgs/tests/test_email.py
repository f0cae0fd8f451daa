"""Invitations really leave over SMTP when an SMTP server is configured."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from koers.orgs.models import Role
from koers.orgs.services import invitation_create
from koers.testing.factories import ctx_for

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_it_sends_the_invitation_through_the_configured_smtp_server(
    settings, smtp_server, org, admin_user
):
    inbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    _invitation, token = invitation_create(
        ctx_for(admin_user, org), email="invitee@example.org", role=Role.MEMBER, department=None
    )

    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "invitee@example.org"
    assert org.name in message["Subject"]
    assert token in message.get_payload(decode=True).decode()
