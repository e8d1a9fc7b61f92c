"""Talking to the mail server: TLS as configured, retries with backoff, clear failures.

Three kinds of failure, three outcomes:

* the server is down, times out, or answers 4xx (try later): reconnect and retry with
  backoff, then ``SmtpUnavailable`` stops the run (what was sent stays recorded);
* the server refuses a recipient or the message (5xx): ``OutletRefused`` fails that outlet
  only; the run goes on with the others;
* the login is refused: ``SmtpAuthFailed`` names the server and the user, never the password.

The password comes from PRESSROOM_SMTP_PASSWORD only. PRESSROOM_SMTP_CAFILE trusts one
more certificate authority (a local or company CA); PRESSROOM_SMTP_RETRIES,
PRESSROOM_SMTP_BACKOFF (seconds, doubled each time) and PRESSROOM_SMTP_TIMEOUT tune the rest.
"""

from __future__ import annotations

import base64
import os
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import Message

from pipeline.content.models import Smtp
from pipeline.errors import PressroomError

PASSWORD_ENV = "PRESSROOM_SMTP_PASSWORD"
CAFILE_ENV = "PRESSROOM_SMTP_CAFILE"


class SmtpUnavailable(PressroomError):
    """The server could not take the message after every retry: stop, try again later."""


class SmtpAuthFailed(PressroomError):
    """The server refused the login."""


class OutletRefused(Exception):
    """The server refused this message's recipients or content for good (5xx)."""


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        raise PressroomError(f"{name} must be a number") from None


def _tls_context() -> ssl.SSLContext:
    cafile = os.environ.get(CAFILE_ENV) or None
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise PressroomError(f"{CAFILE_ENV}={cafile}: cannot load certificates: {exc}") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
    return f"{exc.smtp_code} {text}".strip()


class Mailer:
    """One connection, reopened when it fails; ``send`` retries transient failures."""

    def __init__(self, config: Smtp, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.sleep = sleep
        self.retries = int(_env_number("PRESSROOM_SMTP_RETRIES", 3))
        self.backoff = _env_number("PRESSROOM_SMTP_BACKOFF", 2.0)
        self.timeout = _env_number("PRESSROOM_SMTP_TIMEOUT", 30.0)
        self.password = os.environ.get(PASSWORD_ENV)
        if config.username and not self.password:
            raise PressroomError(
                f"smtp user {config.username} on {config.host}: set {PASSWORD_ENV} "
                "(the password is never read from a file)"
            )
        self._conn: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"{self.config.host}:{self.config.port}"

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        conn: smtplib.SMTP
        if cfg.security == "tls":
            conn = smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=self.timeout, context=_tls_context()
            )
        else:
            conn = smtplib.SMTP(cfg.host, cfg.port, timeout=self.timeout)
            if cfg.security == "starttls":
                conn.ehlo()
                if not conn.has_extn("starttls"):
                    conn.close()
                    raise PressroomError(
                        f"SMTP server {self.where} does not offer STARTTLS "
                        "(security: starttls); nothing is sent unencrypted"
                    )
                conn.starttls(context=_tls_context())
        if cfg.username:
            self._login(conn, cfg.username)
        return conn

    def _login(self, conn: smtplib.SMTP, user: str) -> None:
        """AUTH PLAIN or LOGIN with UTF-8 credentials (smtplib's own login is ASCII-only)."""
        conn.ehlo_or_helo_if_needed()
        offered = (conn.esmtp_features.get("auth") or "").upper().split()
        password = (self.password or "").encode("utf-8")
        if "PLAIN" in offered:
            token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password)
            code, reply = conn.docmd("AUTH", "PLAIN " + token.decode("ascii"))
        elif "LOGIN" in offered:
            code, reply = conn.docmd("AUTH", "LOGIN " + _b64(user.encode("utf-8")))
            if code == 334:
                code, reply = conn.docmd(_b64(password))
        else:
            conn.close()
            raise SmtpAuthFailed(
                f"SMTP server {self.where} offers no PLAIN or LOGIN authentication for user {user}"
            )
        if code != 235:
            conn.close()
            text = reply.decode("utf-8", "replace")
            raise SmtpAuthFailed(
                f"SMTP server {self.where} refused the login of user {user} "
                f"({code} {text}); check {PASSWORD_ENV}"
            )

    def _attempt(self, msg: Message, to: list[str]) -> dict[str, tuple[int, bytes]]:
        if self._conn is None:
            try:
                self._conn = self._connect()
            except ssl.SSLCertVerificationError as exc:
                raise PressroomError(
                    f"SMTP server {self.where}: certificate not trusted ({exc.verify_message}); "
                    f"a private CA can be trusted with {CAFILE_ENV}"
                ) from None
        try:
            return self._conn.send_message(msg, from_addr=self.config.from_, to_addrs=to)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = {addr: code for addr, (code, _) in exc.recipients.items()}
            if all(code >= 500 for code in codes.values()):
                refused = ", ".join(f"{a} ({c})" for a, c in codes.items())
                raise OutletRefused(f"recipients refused: {refused}") from None
            raise
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            if exc.smtp_code >= 500:
                raise OutletRefused(f"message refused: {_reply(exc)}") from None
            raise

    def send(self, msg: Message, to: list[str]) -> dict[str, tuple[int, bytes]]:
        """Deliver ``msg``; returns the recipients refused (when the others accepted it)."""
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._attempt(msg, to)
            except (OutletRefused, SmtpAuthFailed, PressroomError):
                raise
            except smtplib.SMTPResponseException as exc:
                last = _reply(exc)
            except smtplib.SMTPRecipientsRefused as exc:
                last = "; ".join(f"{a}: {c}" for a, (c, _) in exc.recipients.items())
            except (TimeoutError, smtplib.SMTPException, OSError) as exc:
                last = str(exc) or type(exc).__name__
            self.close()
        raise SmtpUnavailable(
            f"SMTP server {self.where} unavailable after {self.retries + 1} attempt(s): {last}; "
            "what was sent is recorded in sent.jsonl, run pressroom send again to send the rest"
        )

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (smtplib.SMTPException, OSError):
                self._conn.close()
            self._conn = None
