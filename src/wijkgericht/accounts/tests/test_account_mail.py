"""Account mail against real SMTP servers that fail (issue #10, point 5): a refused connection, a refused
recipient, a server that never answers. No 500, no half-made registration, and a log that says what happened.

The servers are real sockets on 127.0.0.1: a port nobody listens on, and aiosmtpd servers that accept or refuse."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.db import connections
from django.test import Client
from django.urls import reverse

from wijkgericht.accounts.models import User
from wijkgericht.accounts.tests.conftest import PASSWORD, make_user

# Transactional: account mail leaves after commit, so requests must really commit.
pytestmark = pytest.mark.django_db(transaction=True)

LOGGER = "wijkgericht.accounts.services"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """aiosmtpd handler: keeps what it accepts; refuses every recipient when `refuse`."""

    def __init__(self, refuse: bool = False):
        self.refuse, self.messages = refuse, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        if self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope.content.decode("utf8", errors="replace"))
        return "250 Message accepted"


@pytest.fixture
def smtp_to(settings):
    """Point the site's mail at an SMTP server on 127.0.0.1:`port`."""

    def point(port: int) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""

    return point


@pytest.fixture
def smtp_server(smtp_to):
    """A real SMTP server (aiosmtpd); `refuse=True` makes it refuse every recipient."""
    started = []

    def start(refuse: bool = False) -> Recorder:
        handler = Recorder(refuse=refuse)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        smtp_to(controller.port)
        return handler

    yield start
    for controller in started:
        controller.stop()


def outcomes(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and "account mail" in r.getMessage()]


def register(client: Client, email: str = "nieuw@example.nl"):
    return client.post(reverse("accounts:register"), {"email": email, "password1": PASSWORD, "password2": PASSWORD,
                                                      "consent": "on"})


def test_a_refusing_mail_server_gives_no_500_and_a_whole_account(client, smtp_to, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    smtp_to(free_port())  # nobody listens there: the connection is refused
    response = register(client)
    assert response.status_code == 302 and response.url == reverse("accounts:register_done")
    user = User.objects.get(email="nieuw@example.nl")
    assert user.privacy_accepted_at is not None and user.email_verified_at is None
    assert user.check_password(PASSWORD) and user.pseudonym.startswith("Inwoner ")
    [line] = outcomes(caplog)
    assert "verify" in line and "NOT sent" in line and "ConnectionRefusedError" in line
    assert user.email not in caplog.text  # the log names the account, not the address

    # The account is whole: once mail works, the owner signs in and has the confirmation mail sent again.
    server = smtp_server()
    client.force_login(user)
    page = client.post(reverse("accounts:resend_verification"), follow=True).content.decode()
    assert "opnieuw gestuurd" in page
    assert len(server.messages) == 1 and "/bevestigen/" in server.messages[0]
    assert outcomes(caplog)[-1].endswith("sent") and "NOT" not in outcomes(caplog)[-1]


def test_resending_through_a_refusing_server_says_so_instead_of_sent(client, smtp_to, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    smtp_to(free_port())
    user = make_user("nieuw@example.nl", verified=False)
    client.force_login(user)
    page = client.post(reverse("accounts:resend_verification"), follow=True).content.decode()
    assert "kon nu niet worden verstuurd" in page and "opnieuw gestuurd" not in page
    assert "NOT sent" in outcomes(caplog)[-1]


def test_a_refused_recipient_is_logged_as_not_sent(client, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    server = smtp_server(refuse=True)
    make_user("bewoner@example.nl")
    response = client.post(reverse("accounts:magic_link_request"), {"email": "bewoner@example.nl"})
    assert response.status_code == 302
    [line] = outcomes(caplog)
    assert "magic_link" in line and "NOT sent" in line and "SMTPRecipientsRefused" in line
    assert server.messages == []


def test_a_password_reset_through_a_refusing_server_is_no_500_and_is_logged(client, smtp_to, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    smtp_to(free_port())
    make_user("bewoner@example.nl")
    response = client.post(reverse("accounts:password_reset"), {"email": "bewoner@example.nl"})
    assert response.status_code == 302
    [line] = outcomes(caplog)
    assert "password_reset" in line and "NOT sent" in line


def test_a_working_server_gets_the_mail_and_the_log_says_sent(client, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    server = smtp_server()
    register(client)
    assert len(server.messages) == 1 and "/bevestigen/" in server.messages[0]
    [line] = outcomes(caplog)
    assert line.endswith("sent") and "NOT" not in line


def test_a_mail_server_that_never_answers_holds_the_page_no_longer_than_email_timeout(client, smtp_to, settings,
                                                                                      caplog):
    """A server that accepts the connection and then says nothing: without a timeout the request waits forever."""
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert settings.EMAIL_TIMEOUT  # set from DJANGO_EMAIL_TIMEOUT
    settings.EMAIL_TIMEOUT = 1
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    smtp_to(silent.getsockname()[1])
    answers = []

    def post() -> None:
        try:
            answers.append(register(client))
        finally:
            connections.close_all()  # this thread's own database connection

    request = threading.Thread(target=post, daemon=True)
    started = time.monotonic()
    request.start()
    request.join(timeout=15)
    waited = time.monotonic() - started
    silent.close()  # lets a request that still waits (no timeout) end
    request.join(timeout=15)
    assert waited < 10, f"the request waited {waited:.0f} s for a silent mail server"
    assert answers and answers[0].status_code == 302
    assert "NOT sent" in outcomes(caplog)[-1]
