"""Editions rendered in worker processes, with a time limit per edition and no orphans.

WeasyPrint can take minutes on a hostile image (an SVG of nested ``<use>``), and a
thread cannot be stopped, so every edition is rendered in a worker process: when an
edition takes longer than ``PRESSROOM_RENDER_TIMEOUT`` seconds, the workers are killed and
the build stops with the edition and its files named. Workers die with the build: on Linux
the kernel kills them when their parent dies (``PR_SET_PDEATHSIG``), elsewhere they watch
their parent's pid, so a ``kill -9`` of the build leaves no process behind.

Workers are forked once the run is planned, by the process that holds the plan with
WeasyPrint loaded (the build's renderer, ``renderer``), so they start with the site, the
templates, the plan, WeasyPrint, its fonts and the parsed stylesheet in memory: a task is
only a number, and a result only the names and hashes of the files it staged. They
collect garbage between tasks, not during them (``_collect_after_task``).
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from pipeline.errors import BuildError, PressroomError

TIMEOUT_ENV = "PRESSROOM_RENDER_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

Progress = Callable[[int, int], None]
Result = TypeVar("Result")


@dataclass(frozen=True)
class Task:
    """What to name when a task is too slow: the edition, its file, the files it draws."""

    label: str  # release and language
    target: str  # the output file, relative to output/
    files: tuple[str, ...]  # the content files it draws (images, logo)
    weight: int = 1  # how much work, roughly (PDFs to render): the heaviest start first


@dataclass(frozen=True)
class Work(Generic[Result]):
    """The tasks of a run, and the function a worker runs for the task at an index."""

    tasks: Sequence[Task]
    run: Callable[[int], Result]
    before_fork: Callable[[], None] | None = None  # makes what every worker should inherit


_WORK: Work[object] | None = None  # set before the workers are forked; they inherit it


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


def _run(index: int) -> object:
    """A task in the worker; its error comes back as one the parent can read
    (``travelling``). The garbage of a task is collected when it ends (``_start_worker``).
    """
    assert _WORK is not None, "workers are forked after the work is set"
    try:
        return _WORK.run(index)
    except Exception as exc:
        travels = travelling(exc)
        if travels is exc:
            raise
        raise travels from exc  # the pool sends the chain as text: where it happened
    finally:
        _collect_after_task()


def travelling(exc: BaseException) -> BaseException:
    """``exc`` as another process can rebuild it from its pickle.

    A content problem is a ``BuildError`` with its message (a ``ContentErrors`` with its
    problems cannot be rebuilt); any other error that cannot be rebuilt travels as its
    text: one that fails on the way would silence the pool and look like a timeout.
    """
    if isinstance(exc, PressroomError) and type(exc) is not BuildError:
        return BuildError(str(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


_TASKS_PER_FULL_COLLECTION = 16
_tasks_done = 0


def _collect_after_task() -> None:
    """Collect what a task left, once, instead of during it.

    A render allocates hundreds of thousands of objects, most of them alive until its PDF
    is written: the collector's automatic passes keep examining them (a tenth of a
    worker's time). Workers run without them (``_start_worker``); the young garbage of a
    task is collected when it ends, and all of it every few tasks, so memory stays bounded.
    """
    global _tasks_done
    _tasks_done += 1
    gc.collect(2 if _tasks_done % _TASKS_PER_FULL_COLLECTION == 0 else 1)


def _start_worker(parent: int) -> None:
    """Worker initializer: dies with the build; collects garbage between tasks only."""
    die_with_parent(parent)
    leave_interrupts_to_the_build()
    gc.disable()


def leave_interrupts_to_the_build() -> None:
    """Ctrl-C reaches every process of the build; only the build itself answers it (it
    stops the renderer, and with it the workers), so no process prints its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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


def _too_slow(task: Task, limit: float) -> BuildError:
    drawn = f"; it draws {', '.join(task.files)}" if task.files else ""
    return BuildError(
        f"{task.label}: rendering {task.target} took longer than {limit:g} s and was stopped "
        f"({TIMEOUT_ENV}){drawn}: look for an image that is too complex"
    )


def run_all(
    work: Work[Result],
    workers: int,
    progress: Progress | None = None,
    started: Callable[[list[int]], None] | None = None,
) -> list[Result]:
    """Run every task in forked worker processes; results in order. BuildError on a timeout.

    The heaviest tasks start first, so that the workers finish together rather than one
    rendering the last big edition alone, and a task may take ``limit`` seconds per unit of
    its weight (an edition's every paper). An error in a task reaches the caller as a
    ``BuildError`` with its message. ``started`` is told the workers' process ids.
    """
    global _WORK
    tasks = work.tasks
    if not tasks:
        return []
    limit = render_timeout()
    order = sorted(range(len(tasks)), key=lambda index: -tasks[index].weight)
    context = multiprocessing.get_context("fork")
    if work.before_fork is not None:
        work.before_fork()
    _WORK = work  # type: ignore[assignment]  # kept while a worker may be (re)started
    gc.freeze()  # the inherited heap stays shared: a worker's collections never touch it
    try:
        pool = context.Pool(
            processes=max(1, min(workers, len(tasks))),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )
    finally:
        gc.unfreeze()
    try:
        if started is not None:
            started(sorted(child.pid for child in multiprocessing.active_children() if child.pid))
        pending = [(index, pool.apply_async(_run, (index,))) for index in order]
        results: dict[int, Result] = {}
        for done, (index, result) in enumerate(pending, start=1):
            # Tasks start in this order, so each one has had at least ``limit`` seconds.
            task = tasks[index]
            try:
                results[index] = result.get(limit * task.weight)  # type: ignore[assignment]
            except multiprocessing.TimeoutError:
                raise _too_slow(task, limit * task.weight) from None
            if progress:
                progress(done, len(tasks))
        return [results[index] for index in range(len(tasks))]
    finally:
        pool.terminate()  # kills a stuck worker too
        pool.join()
        _WORK = None
