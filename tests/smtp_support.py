"""A real SMTP server for the send tests: aiosmtpd on 127.0.0.1, plain, STARTTLS or TLS.

It records every message it accepts (envelope and bytes, parsed back with Python's email
parser), can refuse chosen recipients for good (550), start failing after N messages
(421/451, as a server going down or a full queue does), and can require a login. Its
certificate comes from a throwaway CA made by trustme, trusted by the client through
PRESSROOM_SMTP_CAFILE.
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

USER = "press@example.org"
PASSWORD = "s3cret-Pässword"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """The handler: accepts, refuses or fails, and keeps what it accepted."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    fail_after: int | None = None  # after this many messages, every DATA gets fail_code
    fail_code: str = "451 4.3.0 Try again later"
    attempts: int = 0

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.attempts += 1
        if self.fail_after is not None and len(self.received) >= self.fail_after:
            return self.fail_code
        content = envelope.original_content or b""
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 Message accepted for delivery"


def _authenticator(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    recorder: Recorder
    port: int
    security: str
    cafile: Path | None
    login: bool

    def smtp_yaml(self) -> str:
        """The organization.yaml ``smtp`` block that points at this server."""
        user = f", username: {USER}" if self.login else ""
        return (
            f"smtp: {{host: 127.0.0.1, port: {self.port}, security: {self.security}"
            f"{user}, from: press@example.org}}\n"
        )


@contextmanager
def smtp_server(tmp_path: Path, security: str = "none", login: bool = False) -> Iterator[Server]:
    """Start a server on 127.0.0.1 (``none``, ``starttls`` or ``tls``) for one test."""
    recorder = Recorder()
    port = free_port()
    kwargs: dict[str, Any] = {}
    cafile = None
    if security != "none":
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        cafile = tmp_path / "test-ca.pem"
        ca.cert_pem.write_to_path(str(cafile))
        if security == "tls":
            kwargs["ssl_context"] = context
        else:
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = True
    if login:
        kwargs["authenticator"] = _authenticator
        # aiosmtpd counts only STARTTLS as TLS; on implicit TLS the socket is encrypted anyway.
        kwargs["auth_require_tls"] = security == "starttls"
        kwargs["auth_exclude_mechanism"] = ["CRAM-MD5"]
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield Server(recorder, port, security, cafile, login)
    finally:
        controller.stop()
