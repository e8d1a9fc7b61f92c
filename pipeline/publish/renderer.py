"""The renderer: a process a build starts first, so WeasyPrint loads while the site does.

Loading WeasyPrint (its libraries, tables and fonts: a third of a second) and warming it
(a process's first document is its slowest) used to wait until the site was loaded and
planned, with one core idle. A build now forks this process as it starts: it loads and
warms WeasyPrint and the templates while the build loads, checks and plans the site. Then
it receives the run's work (pickled once: the site and the plan) and forks the render
workers from its warm state (``render_workers.run_all``); progress, results and errors
come back through a pipe. It dies with the build (``render_workers.die_with_parent``); the
build stops it when it has nothing to render, fails, or is interrupted, and waits until
the renderer and every worker are gone before it removes their staging folder (the
renderer names its workers as it starts them).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any, TypeVar

from pipeline.errors import BuildError
from pipeline.publish import render_workers
from pipeline.publish.render_workers import Progress, Work

Result = TypeVar("Result")
_POLL = 1.0  # seconds between checks that the renderer is still alive
# Seconds a renderer may stay silent beyond its slowest task's time limit (loading,
# forking): past them it is stuck (say, a fork taken while another thread held a lock).
_PATIENCE = 60.0
_GONE_WAIT = 10.0  # seconds to wait for the renderer's workers to be gone once it is killed
_GONE_POLL = 0.01
_early: Renderer | None = None  # started by the console script, for the build to take


class InRenderer(Exception):
    """Where an unexpected error happened in the renderer or a worker: its traceback."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}"


class Renderer:
    """The build's handle on its renderer process: ``start``, ``run`` once, ``stop``."""

    def __init__(
        self, process: multiprocessing.process.BaseProcess, conn: Connection, templates: Path
    ) -> None:
        self._process = process
        self._conn = conn
        self._workers: list[int] = []  # their process ids, once the renderer has said them
        self._sender: threading.Thread | None = None  # sends the work (``run``)
        self.templates = templates  # the folder it warmed up for

    @classmethod
    def start(cls, templates: Path) -> Renderer:
        """Fork the renderer; it warms up for the templates in ``templates``."""
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=renderer_main,
            args=(theirs, os.getpid(), templates),
            name="pressroom-renderer",
        )
        gc.freeze()  # the inherited heap stays shared (see render_workers.run_all)
        try:
            process.start()
        finally:
            gc.unfreeze()
        theirs.close()
        return cls(process, ours, templates)

    @classmethod
    @contextmanager
    def started(cls, templates: Path) -> Iterator[Renderer]:
        """A renderer for the length of a ``with`` block, stopped however it ends: the one
        the console script started (``start_early``) if it did, or a new one."""
        global _early
        renderer, _early = _early, None
        if renderer is None or renderer.templates != templates:
            renderer = cls.start(templates)
        try:
            yield renderer
        finally:
            renderer.stop()

    @classmethod
    def start_early(cls, templates: Path) -> Renderer:
        """Start the renderer before the command line is even parsed (the console script
        does, for ``pressroom build``): the next ``started`` takes it. The caller stops it
        too, in case the command never got that far (a mistyped option)."""
        global _early
        _early = cls.start(templates)
        return _early

    def run(self, work: Work[Result], workers: int, progress: Progress | None) -> list[Result]:
        """Every task of ``work`` done in ``workers`` processes forked by the renderer.

        Raises what the run raised there (``BuildError`` for a failed or too slow edition);
        on any error or interruption here the renderer and its workers are stopped first.
        """
        heaviest = max((task.weight for task in work.tasks), default=1)
        patience = render_workers.render_timeout() * heaviest + _PATIENCE
        try:
            plan = ForkingPickler.dumps((work, workers))  # here: an error is the build's
            # Sent from a thread: a renderer that never reads (stuck) must not block the
            # build, which goes on watching it below and stops it when it says nothing.
            self._sender = threading.Thread(target=self._send, args=(plan,), daemon=True)
            self._sender.start()
            while True:
                message = self._receive(patience)
                if self._reply(message, progress):
                    results: list[Result] = message[1]
                    return results
        except BaseException:
            self.stop()
            raise

    def _reply(self, message: tuple[Any, ...], progress: Progress | None) -> bool:
        """Act on a message of the renderer; True when it brings the results."""
        kind: str = message[0]
        payload = message[1:]
        if kind == "workers":
            self._workers = payload[0]
        elif kind == "progress" and progress is not None:
            progress(*payload)
        elif kind in ("done", "error"):
            self._workers = []  # it has ended them itself: their ids may be reused
        if kind == "error":
            failure, where = payload
            if where:
                failure.__cause__ = InRenderer(where)
            raise failure
        return kind == "done"

    def _send(self, plan: bytes | memoryview) -> None:
        try:
            self._conn.send_bytes(plan)
        except OSError:  # the renderer is gone: the build says so as it notices
            return

    def _receive(self, patience: float) -> tuple[Any, ...]:
        """The renderer's next message; a BuildError if it died or stays silent too long."""
        silent = 0.0
        try:
            while not self._conn.poll(_POLL):
                if not self._process.is_alive():
                    raise _stopped(self._process.exitcode)
                silent += _POLL
                if silent >= patience:
                    raise BuildError(
                        f"the renderer said nothing for {patience:g} s and was stopped "
                        f"(more than {render_workers.TIMEOUT_ENV} allows an edition): nothing "
                        "was written; run the build again"
                    )
            message: tuple[Any, ...] = self._conn.recv()
        except (EOFError, OSError):
            self._process.join(_POLL)
            raise _stopped(self._process.exitcode) from None
        return message

    def stop(self) -> None:
        """End the renderer (at once, whatever it is doing) and wait until its workers are
        gone too (they die with it): nothing writes in the run's staging folder after this."""
        global _early
        if _early is self:  # never taken (the command stopped early): not for the next one
            _early = None
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._read_what_is_left()  # it may have named workers the build has not heard of
        deadline = time.monotonic() + _GONE_WAIT
        for pid in self._workers:
            while _running(pid) and time.monotonic() < deadline:
                time.sleep(_GONE_POLL)
        if self._sender is not None:  # its write fails now that the other end is gone
            self._sender.join(_GONE_WAIT)
            if self._sender.is_alive():  # someone else holds the other end: never close
                return  # the pipe under a write (the process ends soon anyway)
        self._conn.close()

    def _read_what_is_left(self) -> None:
        try:
            while not self._conn.closed and self._conn.poll(0):
                kind, *payload = self._conn.recv()
                if kind == "workers":
                    self._workers = payload[0]
        except (EOFError, OSError):
            return


def _running(pid: int) -> bool:
    """The process exists and has not ended (a dead one waiting to be reaped has)."""
    if os.path.isdir("/proc/self"):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:  # no /proc: ask the kernel
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stopped(exitcode: int | None) -> BuildError:
    how = f"killed by signal {-exitcode}" if exitcode and exitcode < 0 else f"exit {exitcode}"
    return BuildError(
        f"the renderer process stopped unexpectedly ({how}; was it out of memory?): "
        "nothing was written; run the build again"
    )


def renderer_main(conn: Connection, parent: int, templates: Path) -> None:
    """The renderer process: warm up, receive the run's work, run it, say how it went.

    It collects no garbage: it lives for one build, and the cycles its imports leave are
    few; the collector's passes over WeasyPrint's modules as they load would only make
    the workers start later (the workers collect between their tasks).
    """
    render_workers.die_with_parent(parent)
    render_workers.leave_interrupts_to_the_build()
    gc.disable()
    failed = _warm_up(templates, conn)
    try:
        message = conn.recv()
    except EOFError:  # the build stopped it before any work: nothing to say
        return
    work, workers = message
    conn.send(_error(failed) if failed else _run(conn, work, workers))


def _warm_up(templates: Path, conn: Connection) -> BaseException | None:
    """Load WeasyPrint and the templates; render once if the work is not there yet (if it
    is, the workers' first documents do it, side by side). An error is said with the work.
    """
    try:
        from pipeline.render.jinja_html import templates as load_templates
        from pipeline.render.weasyprint_pdf import warm_up

        load_templates(templates.resolve()).preload()
        if not conn.poll(0):
            warm_up()
    except Exception as exc:  # e.g. a library WeasyPrint needs is missing
        return exc
    return None


def _run(conn: Connection, work: Work[Any], workers: int) -> tuple[Any, ...]:
    def progress(done: int, total: int) -> None:
        conn.send(("progress", done, total))

    def started(pids: list[int]) -> None:
        conn.send(("workers", pids))

    try:
        return ("done", render_workers.run_all(work, workers, progress, started))
    except Exception as exc:
        return _error(exc)


def _error(exc: BaseException) -> tuple[str, BaseException, str]:
    """An error as the build can read it, and where it happened (for an unexpected one,
    whose traceback the command shows: a worker's own, carried as its cause)."""
    where = "" if isinstance(exc, BuildError) else "".join(traceback.format_exception(exc))
    return ("error", render_workers.travelling(exc), where)
