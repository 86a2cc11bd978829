"""Real receivers in the test process: an SMTP server (aiosmtpd) that can refuse, and the local
stand-in for the national portal and the SMS gateway (`outbox/standin.py`)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from tests.dossiers.conftest import (  # noqa: F401 - fixtures
    counter_at,
    file_online,
    people,
    staff,
    world,
)
from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.outbox.standin import StandIn


@dataclass
class SmtpHandler:
    received: list[EmailMessage] = field(default_factory=list)
    #: An SMTP reply to give to every RCPT (e.g. "550 5.1.1 mailbox unavailable"); None accepts.
    refuse: str | None = None
    refused: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: Any) -> str:
        if self.refuse:
            self.refused += 1
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.received]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings) -> Iterator[SmtpHandler]:
    handler = SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5}}}
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def standin(settings) -> Iterator[StandIn]:
    with StandIn() as server:
        settings.LOCALGOV_DVCQG_URL = server.url
        settings.LOCALGOV_DVCQG_TIMEOUT = 2
        settings.LOCALGOV_SMS_GATEWAY = "http"
        settings.LOCALGOV_SMS_URL = server.url + "/sms/send"
        yield server
