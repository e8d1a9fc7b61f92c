"""PDFs rendered in worker processes, with a time limit per edition and no orphans.

WeasyPrint can take minutes on a hostile image (an SVG of nested ``<use>``), and a
thread cannot be stopped, so every PDF is rendered in a worker process: when an edition
takes longer than ``PRESSROOM_RENDER_TIMEOUT`` seconds, the workers are killed and the
build stops with the edition and its files named. Workers die with the build: on Linux
the kernel kills them when their parent dies (``PR_SET_PDEATHSIG``), elsewhere they watch
their parent's pid, so a ``kill -9`` of the build leaves no process behind.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BuildError, PressroomError

TIMEOUT_ENV = "PRESSROOM_RENDER_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderTask:
    """One PDF to render: its HTML, where relative URLs point, and what to name in errors."""

    html: str
    base: str
    roots: tuple[str, ...]
    label: str  # release and language
    target: str  # the output file, relative to output/
    files: tuple[str, ...]  # the content files it draws (images, logo)


def render_timeout() -> float:
    """Seconds one edition may take to render (``PRESSROOM_RENDER_TIMEOUT``, default 120)."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise PressroomError(f"{TIMEOUT_ENV}={raw!r}: expected a number of seconds above 0")
    return value


def _render(task: RenderTask) -> bytes:
    from pipeline.render.weasyprint_pdf import render_pdf  # loads only where PDFs are made

    return render_pdf(task.html, Path(task.base), [Path(r) for r in task.roots], label=task.label)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def die_with_parent(parent: int) -> None:
    """Worker initializer: never outlive the build that started this worker."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _too_slow(task: RenderTask, limit: float) -> BuildError:
    drawn = f"; it draws {', '.join(task.files)}" if task.files else ""
    return BuildError(
        f"{task.label}: rendering {task.target} took longer than {limit:g} s and was stopped "
        f"({TIMEOUT_ENV}){drawn}: look for an image that is too complex"
    )


def render_all(
    tasks: list[RenderTask], workers: int, progress: Progress | None = None
) -> list[bytes]:
    """Render every task in worker processes; results in order. BuildError on a timeout."""
    if not tasks:
        return []
    limit = render_timeout()
    import weasyprint  # noqa: F401 - imported once here, inherited by the forked workers

    context = multiprocessing.get_context("fork")
    pool = context.Pool(
        processes=max(1, min(workers, len(tasks))),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        pending = [pool.apply_async(_render, (task,)) for task in tasks]
        results: list[bytes] = []
        for index, (task, result) in enumerate(zip(tasks, pending, strict=True)):
            # Tasks start in order, so each one has had at least ``limit`` seconds to run.
            try:
                results.append(result.get(limit))
            except multiprocessing.TimeoutError:
                raise _too_slow(task, limit) from None
            if progress:
                progress(index + 1, len(tasks))
        return results
    finally:
        pool.terminate()  # kills a stuck worker too
        pool.join()
