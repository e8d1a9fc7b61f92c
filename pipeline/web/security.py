"""The review server's guards: host, token, CSRF and the headers every response carries.

On 127.0.0.1 the server trusts the machine's own user; anywhere else it asks for the token
(``PRESSROOM_SERVE_TOKEN``) once and keeps it in a cookie. Every form carries a CSRF token
that must match a cookie only this site can set (double submit), and requests whose Host
header is not the server's own are refused, so another web page cannot drive the server
through the reviewer's browser.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

TOKEN_COOKIE = "pressroom_token"
CSRF_COOKIE = "pressroom_csrf"
REVIEWER_COOKIE = "pressroom_reviewer"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
OPEN_PATHS = ("/login", "/static/")

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}

Next = Callable[[Request], Awaitable[Response]]


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Guard:
    """Starlette middleware (``http`` function style) holding the server's settings."""

    def __init__(self, bind_host: str, port: int, token: str | None) -> None:
        self.token = token
        names = {bind_host, *LOCAL_HOSTS} if is_local(bind_host) else {bind_host}
        self.allowed_hosts = {f"{name}:{port}" for name in names} | {
            f"[{name}]:{port}" for name in names if ":" in name
        }
        self.allowed_hosts |= names  # a proxy or test client may omit the port
        self.check_host = bind_host not in ("0.0.0.0", "::")

    async def __call__(self, request: Request, call_next: Next) -> Response:
        host = request.headers.get("host", "")
        if self.check_host and host not in self.allowed_hosts:
            return self._headers(PlainTextResponse("unknown host", status_code=400))
        if (
            self.token is not None
            and not request.url.path.startswith(OPEN_PATHS)
            and not same(request.cookies.get(TOKEN_COOKIE), self.token)
        ):
            return self._headers(RedirectResponse("/login", status_code=303))
        response = await call_next(request)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(CSRF_COOKIE, csrf_token(request), httponly=True, samesite="strict")
        return self._headers(response)

    @staticmethod
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser: its cookie, or a new one fixed for this request."""
    token = request.cookies.get(CSRF_COOKIE) or request.scope.get("pressroom_csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.scope["pressroom_csrf"] = token
    return str(token)


def csrf_ok(request: Request, submitted: str | None) -> bool:
    return same(request.cookies.get(CSRF_COOKIE), submitted)
