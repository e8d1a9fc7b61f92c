"""The progress bar: drawn on a terminal, absent from cron's mail."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from .site_builder import SiteBuilder, statement


def test_a_terminal_sees_a_progress_bar_and_cron_does_not(site: SiteBuilder) -> None:
    site.release("one", statement(), "One paragraph.\n")
    args = [sys.executable, "-m", "pipeline", "build", "--date", "2026-11-22"]
    args += ["--content", str(site.root)]
    main, child = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    proc = subprocess.Popen(
        [*args, "--output", str(site.root.parent / "tty")],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
    )
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the child is done
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.wait(timeout=120) == 0
    assert b"Rendering" in seen and b"\x1b[" in seen, "a bar drawn with terminal controls"
    piped = subprocess.run(
        [*args, "--output", str(site.root.parent / "cron")],
        capture_output=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert b"Rendering" not in piped.stdout + piped.stderr
    assert b"\x1b[" not in piped.stdout + piped.stderr
