"""The renderer process: warm before the work comes, the work done, every way it can end.

``serve`` is what the forked renderer runs; it is called here in process too, where
coverage sees it, with the two ends of a pipe standing for the build and the renderer.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from pipeline.content.paths import TEMPLATES
from pipeline.errors import BuildError, PressroomError
from pipeline.publish import renderer as renderer_module
from pipeline.publish.render_workers import Task, Work
from pipeline.publish.renderer import Renderer, serve
from pipeline.render import jinja_html
from tests.conftest import CliRunner

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
    raise Unreadable(index, "cannot travel")


@pytest.fixture
def pipe() -> Iterator[tuple[Connection, Connection]]:
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    yield ours, theirs
    ours.close()
    theirs.close()
    gc.enable()  # serve turns the collector off and ignores Ctrl-C: this process goes on
    signal.signal(signal.SIGINT, signal.default_int_handler)


def served(pipe: tuple[Connection, Connection], work: Work[Any], workers: int = 1) -> list[Any]:
    """Every message the renderer sends for ``work``, run in this process."""
    ours, theirs = pipe
    ours.send((work, workers))
    serve(theirs, os.getppid(), TEMPLATES)
    assert not gc.isenabled(), "the renderer collects no garbage"
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
    kind, error = served(pipe, Work(TASKS, content_problem))[-1]
    assert kind == "error"
    assert isinstance(error, BuildError)
    assert "a content problem" in str(error)


def test_an_error_the_build_could_not_read_comes_back_as_its_text(
    pipe: tuple[Connection, Connection],
) -> None:
    ours, theirs = pipe
    renderer_module._send(theirs, ("error", Unreadable(7, "cannot travel")))
    kind, error = ours.recv()
    assert kind == "error"
    assert isinstance(error, RuntimeError)
    assert str(error) == "Unreadable: 7: cannot travel"


def test_a_renderer_that_could_not_warm_up_says_why_when_the_work_comes(
    pipe: tuple[Connection, Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(folder: Path) -> jinja_html.Templates:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(jinja_html, "templates", missing)
    kind, error = served(pipe, Work(TASKS, squared))[-1]
    assert kind == "error"
    assert isinstance(error, OSError)
    assert "libpango" in str(error)


def test_a_renderer_stopped_before_any_work_ends_quietly(
    pipe: tuple[Connection, Connection],
) -> None:
    ours, theirs = pipe
    ours.close()  # the build had nothing to render
    serve(theirs, os.getppid(), TEMPLATES)  # returns: no message, no error


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
        assert time.monotonic() - started < 30


def slow_then_killed(index: int) -> int:
    """A task that kills the renderer (the worker's parent), as an out-of-memory kill would."""
    os.kill(os.getppid(), 9)
    time.sleep(60)
    return index


def test_a_renderer_with_time_to_spare_renders_once_before_the_work_comes(
    pipe: tuple[Connection, Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render import weasyprint_pdf

    rendered: list[bool] = []
    real = weasyprint_pdf.warm_up

    def counted() -> None:
        rendered.append(True)
        real()

    monkeypatch.setattr(weasyprint_pdf, "warm_up", counted)
    _ours, theirs = pipe
    assert renderer_module._warm_up(TEMPLATES, theirs) is None
    assert rendered == [True]


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
    with Renderer.started(TEMPLATES) as renderer:
        with pytest.raises(BuildError, match="said nothing for 1 s and was stopped"):
            renderer.run(Work(TASKS, squared), 1, None)
        process = renderer._process
    assert time.monotonic() - started < 20
    assert not process.is_alive()
