"""A real browser for the tests: Debian's Chromium driven by Playwright, and axe-core.

Playwright never downloads a browser here: it drives /usr/bin/chromium (installed by the
Makefile's test set-up). axe-core comes from the npm folder the Makefile installs.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / ".node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def need_browser() -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test-deps` (it installs Debian's chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(app: Any, port: int) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread on 127.0.0.1, for the length of the block."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in the page; the violations of the given impacts, one line each."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test-deps` (it installs axe-core with npm)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} x{len(v['nodes'])}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def review_site(tmp_path: Path) -> Path:
    """The multilingual fixture site, its Russian drafts coming from a real provider."""
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "multilingual" / "content", content)
    drafts = content / "releases" / "national-day" / "drafts" / "ru.po"
    drafts.write_text(
        drafts.read_text(encoding="utf-8").replace("machine: pseudo", "machine: libre"),
        encoding="utf-8",
    )
    return content
