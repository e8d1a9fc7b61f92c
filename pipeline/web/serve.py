"""Start the review server: refuse to listen beyond this machine without a token.

uvicorn serves the Starlette application; Ctrl-C stops it cleanly (uvicorn finishes the
requests under way). A write in progress holds the run lock and completes atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.content.loader import load_site
from pipeline.errors import UsageError
from pipeline.web.app import create_app
from pipeline.web.security import is_local

MIN_TOKEN_LENGTH = 16


def check_exposure(host: str, token: str | None) -> None:
    """Beyond 127.0.0.1 a token is required: anyone who can reach the port could approve."""
    if is_local(host):
        return
    if not token:
        raise UsageError(
            f"--host {host} makes the review page reachable from other machines: "
            "set PRESSROOM_SERVE_TOKEN to a long secret first (reviewers type it once)"
        )
    if len(token) < MIN_TOKEN_LENGTH:
        raise UsageError(f"PRESSROOM_SERVE_TOKEN is too short: use {MIN_TOKEN_LENGTH}+ characters")


def serve(
    content: Path, output: Path, host: str, port: int, token: str | None, say: Callable[[str], None]
) -> None:
    import uvicorn

    check_exposure(host, token)
    load_site(content)  # content errors are reported before the server starts
    app = create_app(content, output, host=host, port=port, token=token)
    shown = f"[{host}]" if ":" in host else host
    say(f"Pressroom review: http://{shown}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
