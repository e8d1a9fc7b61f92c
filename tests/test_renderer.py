"""The renderer process: warm before the work comes, the work done, every way it can end.

``renderer_main`` is what the forked renderer runs; it is called here in process too, where
coverage sees it, with the two ends of a pipe standing for the build and the renderer.
The "no hang" checks carry generous bounds (tens of seconds): they catch a hang, they time
nothing.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from pipeline.content.paths import TEMPLATES
from pipeline.errors import BuildError, PressroomError
from pipeline.publish import render_workers
from pipeline.publish import renderer as renderer_module
from pipeline.publish.render_workers import Task, Work
from pipeline.publish.renderer import InRenderer, Renderer, renderer_main
from pipeline.render import jinja_html
from tests.conftest import CliRunner
from tests.test_in_process_helpers import no_death_signal
from tests.test_render_workers import alive

TASKS = [Task(f"release-{n}, language en", f"release-{n}.pdf", (), weight=1) for n in range(3)]


def squared(index: int) -> int:
    return index * index


def content_problem(index: int) -> int:
    raise PressroomError(f"task {index}: a content problem")


class Unreadable(Exception):
    """An error the build could not rebuild from its pickle (two arguments, one expected)."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code}: {text}")


def unreadable(index: int) -> int:
    return deep_in_a_helper(index)


def deep_in_a_helper(index: int) -> int:
    raise Unreadable(index, "cannot travel")


def bad_stylesheet() -> None:
    raise PressroomError("templates/style.css: a content problem")


def broken(index: int) -> int:
    raise ValueError(f"task {index}: a bug")


@pytest.fixture
def pipe() -> Iterator[tuple[Connection, Connection]]:
    """A pipe, for running the renderer's side in this process; what it changed in this
    process (the collector off, Ctrl-C ignored, a death signal) is put back after."""
    handler = signal.getsignal(signal.SIGINT)
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    yield ours, theirs
    ours.close()
    theirs.close()
    gc.enable()
    signal.signal(signal.SIGINT, handler)
    no_death_signal()


def served(pipe: tuple[Connection, Connection], work: Work[Any], workers: int = 1) -> list[Any]:
    """Every message the renderer sends for ``work``, run in this process."""
    ours, theirs = pipe
    ours.send((work, workers))
    renderer_main(theirs, os.getppid(), TEMPLATES)
    assert not gc.isenabled(), "the renderer collects no garbage"
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN, "Ctrl-C is the build's"
    messages = []
    while ours.poll(0):
        messages.append(ours.recv())
    return messages


def test_the_renderer_runs_the_work_and_says_its_progress(
    pipe: tuple[Connection, Connection],
) -> None:
    messages = served(pipe, Work(TASKS, squared))
    assert messages[-1] == ("done", [0, 1, 4])
    assert [m for m in messages if m[0] == "progress"] == [
        ("progress", 1, 3),
        ("progress", 2, 3),
        ("progress", 3, 3),
    ]


def test_an_error_in_a_task_comes_back_as_a_build_error(
    pipe: tuple[Connection, Connection],
) -> None:
    kind, error, where = served(pipe, Work(TASKS, content_problem))[-1]
    assert kind == "error"
    assert isinstance(error, BuildError)
    assert "a content problem" in str(error)
    assert where == "", "a build error says all there is to say"


def test_a_content_problem_while_preparing_is_a_build_error(
    pipe: tuple[Connection, Connection],
) -> None:
    kind, error, _where = served(pipe, Work(TASKS, squared, before_fork=bad_stylesheet))[-1]
    assert kind == "error"
    assert type(error) is BuildError
    assert str(error) == "templates/style.css: a content problem"


def test_an_error_the_build_could_not_read_comes_back_as_its_text() -> None:
    assert render_workers.travelling(Unreadable(7, "cannot travel")).args == (
        "Unreadable: 7: cannot travel",
    )
    kind, error, where = renderer_module._error(Unreadable(7, "cannot travel"))
    assert (kind, type(error)) == ("error", RuntimeError)
    assert "Unreadable: 7: cannot travel" in where


def test_an_error_that_cannot_travel_still_shows_where_it_happened() -> None:
    with Renderer.started(TEMPLATES) as renderer, pytest.raises(RuntimeError) as raised:
        renderer.run(Work(TASKS, unreadable), 1, None)
    assert str(raised.value) == "Unreadable: 0: cannot travel"
    assert "in deep_in_a_helper" in str(raised.value.__cause__), "the worker's own frames"


def test_a_plan_that_cannot_be_sent_is_an_error_at_once_not_a_silence() -> None:
    started = time.monotonic()
    with Renderer.started(TEMPLATES) as renderer:
        with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
            renderer.run(Work(TASKS, lambda index: index), 1, None)  # a lambda: no pickle
        assert not renderer._process.is_alive(), "stopped"
    assert time.monotonic() - started < 60, "not the renderer's patience"


def test_a_bug_in_a_worker_shows_where_it_happened() -> None:
    with Renderer.started(TEMPLATES) as renderer, pytest.raises(ValueError) as raised:
        renderer.run(Work(TASKS, broken), 1, None)
    assert "task 0: a bug" in str(raised.value)
    assert isinstance(raised.value.__cause__, InRenderer)
    assert "in broken" in str(raised.value.__cause__), "the worker's own frames"


def test_a_renderer_that_could_not_warm_up_says_why_when_the_work_comes(
    pipe: tuple[Connection, Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(folder: Path) -> jinja_html.Templates:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(jinja_html, "templates", missing)
    kind, error, _where = served(pipe, Work(TASKS, squared))[-1]
    assert kind == "error"
    assert isinstance(error, OSError)
    assert "libpango" in str(error)


def test_a_renderer_stopped_before_any_work_ends_quietly(
    pipe: tuple[Connection, Connection],
) -> None:
    ours, theirs = pipe
    ours.close()  # the build had nothing to render
    renderer_main(theirs, os.getppid(), TEMPLATES)  # returns: no message, no error


def test_a_forked_renderer_renders_with_workers_and_stops(tmp_path: Path) -> None:
    done: list[tuple[int, int]] = []
    with Renderer.started(TEMPLATES) as renderer:
        results = renderer.run(Work(TASKS, squared), 2, lambda n, total: done.append((n, total)))
        process = renderer._process
    assert results == [0, 1, 4]
    assert done == [(1, 3), (2, 3), (3, 3)]
    assert not process.is_alive()


def test_a_forked_renderer_sends_a_task_error_back() -> None:
    with Renderer.started(TEMPLATES) as renderer, pytest.raises(BuildError, match="content"):
        renderer.run(Work(TASKS, content_problem), 1, None)


@pytest.mark.parametrize("when", ["before the work", "while waiting"])
def test_a_renderer_killed_is_a_build_error_not_a_hang(
    when: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(renderer_module, "_POLL", 0.05)
    with Renderer.started(TEMPLATES) as renderer:
        if when == "before the work":
            renderer._process.kill()
            renderer._process.join()
            work = Work(TASKS, squared)
        else:
            work = Work(TASKS, slow_then_killed)
        started = time.monotonic()
        with pytest.raises(BuildError, match="renderer process stopped unexpectedly"):
            renderer.run(work, 1, None)
        assert time.monotonic() - started < 60, "not a hang"


def slow_then_killed(index: int) -> int:
    """A task that kills the renderer (the worker's parent), as an out-of-memory kill would."""
    os.kill(os.getppid(), 9)
    time.sleep(60)
    return index


@pytest.mark.parametrize("waiting", [False, True])
def test_a_renderer_renders_once_before_the_work_comes_if_it_has_time(
    waiting: bool, pipe: tuple[Connection, Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render import weasyprint_pdf

    rendered: list[bool] = []
    real = weasyprint_pdf.warm_up

    def counted() -> None:
        rendered.append(True)
        real()

    monkeypatch.setattr(weasyprint_pdf, "warm_up", counted)
    ours, theirs = pipe
    if waiting:  # the plan is already there: the workers' first pages warm up instead
        ours.send((Work(TASKS, squared), 1))
    assert renderer_module._warm_up(TEMPLATES, theirs) is None
    assert rendered == ([] if waiting else [True])


def pid_then_sleep(index: int) -> int:
    """A task that says which worker runs it; all but the first take a minute."""
    with open(os.environ["PRESSROOM_TEST_PIDS"], "a") as pids:
        pids.write(f"{os.getpid()}\n")
    if index:
        time.sleep(60)
    return index


def test_an_interrupted_build_waits_until_every_worker_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while rendering: the build removes the staging folder only after this."""
    monkeypatch.setenv("PRESSROOM_TEST_PIDS", str(tmp_path / "pids"))

    def interrupt(done: int, total: int) -> None:
        """Ctrl-C, once both workers have started a task (one renders for a minute)."""
        pids = tmp_path / "pids"
        deadline = time.monotonic() + 60
        while len(pids.read_text().split()) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        raise KeyboardInterrupt

    with Renderer.started(TEMPLATES) as renderer:
        with pytest.raises(KeyboardInterrupt):
            renderer.run(Work(TASKS, pid_then_sleep), 2, interrupt)
        assert not renderer._process.is_alive()
        workers = {int(pid) for pid in (tmp_path / "pids").read_text().split()}
        assert len(workers) == 2
        assert not any(alive(pid) for pid in workers), "stopped and waited for"


def test_the_build_takes_the_renderer_the_console_script_started(tmp_path: Path) -> None:
    early = Renderer.start_early(TEMPLATES)
    try:
        with Renderer.started(TEMPLATES) as taken:
            assert taken is early
        with Renderer.started(TEMPLATES) as fresh:
            assert fresh is not early, "taken once only"
    finally:
        early.stop()


def test_an_early_renderer_stopped_unused_is_not_taken_later() -> None:
    early = Renderer.start_early(TEMPLATES)
    early.stop()  # e.g. a mistyped option: the command never ran
    with Renderer.started(TEMPLATES) as renderer:
        assert renderer is not early
        assert renderer.run(Work(TASKS, squared), 1, None) == [0, 1, 4]


def test_an_early_renderer_for_other_templates_is_not_used(tmp_path: Path) -> None:
    early = Renderer.start_early(TEMPLATES)
    try:
        with Renderer.started(tmp_path) as renderer:
            assert renderer is not early
    finally:
        early.stop()


def test_a_mistyped_build_command_leaves_no_renderer_behind(cli: CliRunner) -> None:
    result = cli("build", "--jobs", "none")
    assert result.code == 2
    assert "--jobs" in result.err
    assert not multiprocessing.active_children(), "the early renderer was stopped"


def stuck(templates: Path, conn: Connection) -> None:
    """A renderer that never gets ready (as one forked while a lock was held would)."""
    time.sleep(60)


def test_a_renderer_that_stops_answering_is_stopped_and_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(renderer_module, "_POLL", 0.05)
    monkeypatch.setattr(renderer_module, "_PATIENCE", 0.5)
    monkeypatch.setenv("PRESSROOM_RENDER_TIMEOUT", "0.5")
    monkeypatch.setattr(renderer_module, "_warm_up", stuck)  # the fork inherits it
    started = time.monotonic()
    big = [Task("x" * 2_000_000, "x.pdf", ())]  # more than a pipe holds: sending would block
    with Renderer.started(TEMPLATES) as renderer:
        with pytest.raises(BuildError, match="said nothing for 1 s and was stopped"):
            renderer.run(Work(big, squared), 1, None)
        process = renderer._process
    assert time.monotonic() - started < 60, "not a hang"
    assert not process.is_alive()


@pytest.mark.parametrize("proc", [True, False])
def test_a_process_is_running_until_it_has_ended(
    proc: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not proc:  # a system without /proc: the kernel is asked
        monkeypatch.setattr(os.path, "isdir", lambda path: False)
    child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
    child.start()
    assert child.pid is not None
    assert renderer_module._running(os.getpid())
    assert renderer_module._running(child.pid)
    child.kill()
    child.join()
    assert not renderer_module._running(child.pid)
