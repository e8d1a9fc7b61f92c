"""Helpers that normally run where coverage cannot see them, run here in process.

Render workers are separate processes, so the code a worker runs (its initializer, the
render itself, the PDF structure-tree hook) is exercised here directly; and the small
parsers and settings readers get the cases the command-line tests do not reach.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import os
import signal
from pathlib import Path

import pikepdf
import pytest

from pipeline.content.dates import example_with_offset, parse_date, parse_datetime, parse_time
from pipeline.deliver import smtp_client
from pipeline.errors import PressroomError
from pipeline.publish import render_workers
from pipeline.render.weasyprint_pdf import render_pdf

ARABIC = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>ذكرى</title></head><body><main><h1>الذكرى السابعة والثلاثون</h1>
<p>نص عربي <span lang="en">English words</span> في الفقرة.</p>
<ul><li><p>بند أول</p></li></ul><p>سطر<br>ثان</p></main></body></html>"""


def test_a_worker_renders_a_right_to_left_page_with_its_structure_in_logical_order(
    tmp_path: Path,
) -> None:
    pdf = render_pdf(ARABIC, tmp_path, [tmp_path], label="test, language ar")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    with pikepdf.open(path) as document:
        assert str(document.Root.Lang) == "ar"
        structs = [o for o in document.objects if isinstance(o, pikepdf.Dictionary)]
        actual = [str(o.ActualText) for o in structs if "/ActualText" in o]
        langs = {str(o.Lang) for o in structs if "/Lang" in o and "/S" in o}
    assert "الذكرى السابعة والثلاثون" in actual, "right-to-left text in logical order"
    assert "en" in langs, "a passage in another language names it"


def no_death_signal() -> None:
    """Undo ``die_with_parent`` in this process: pytest must not die with its parent."""
    ctypes.CDLL(None, use_errno=True).prctl(render_workers.PR_SET_PDEATHSIG, 0, 0, 0, 0)


def test_a_worker_is_armed_to_die_with_its_parent() -> None:
    render_workers.die_with_parent(os.getppid())  # the test process: its parent is alive
    no_death_signal()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.datetime(2026, 1, 1, 9, 0), "expected a day without a time"),
        (42, "'42' is not a date"),
        ("13/12/2026", "write 2026-12-13"),
        ("12/13/2026", "write 2026-12-13"),
        ("05/06/2026", "is not a date: write"),
        ("next week", "'next week' is not a date"),
    ],
)
def test_dates_that_are_not_dates_say_what_to_write(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(value)


def test_times_and_datetimes() -> None:
    assert parse_time(dt.time(9, 30)) == dt.time(9, 30)
    assert parse_time("09:30") == dt.time(9, 30)
    with pytest.raises(ValueError, match="hours run 00-23"):
        parse_time("24:00")
    with pytest.raises(ValueError, match="not a time of day"):
        parse_time(930)
    aware = dt.datetime(2026, 11, 24, 8, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert parse_datetime(aware) == aware
    with pytest.raises(ValueError, match="needs a UTC offset"):
        parse_datetime(dt.datetime(2026, 11, 24, 8), "America/Lima")
    with pytest.raises(ValueError, match="needs a time and a UTC offset"):
        parse_datetime(dt.date(2026, 11, 24))
    assert parse_datetime("2026-11-24T08:00:00Z").utcoffset() == dt.timedelta(0)
    with pytest.raises(ValueError, match="minutes run 00-59"):
        parse_datetime("2026-11-24T08:00:00+05:75")
    assert "-05:00 (with the UTC offset" in example_with_offset(
        dt.date(2026, 11, 24), dt.time(8), None
    )


def test_smtp_settings_from_the_environment_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_SMTP_TIMEOUT", "soon")
    with pytest.raises(PressroomError, match="PRESSROOM_SMTP_TIMEOUT must be a number"):
        smtp_client._env_number("PRESSROOM_SMTP_TIMEOUT", 30)
    monkeypatch.setenv(smtp_client.CAFILE_ENV, "/nonexistent/ca.pem")
    with pytest.raises(PressroomError, match="cannot load certificates"):
        smtp_client._tls_context()


def test_a_workers_task_runner_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``_run`` does in a worker: results as they are, errors the parent can read."""
    from pipeline.errors import BuildError, ContentErrors

    class Local(Exception):  # a class defined here cannot be pickled
        pass

    def run(index: int) -> int:
        if index == 1:
            raise ContentErrors.one(Path("release.md"), 2, "date", "is not a date")
        if index == 2:
            raise BuildError("no installed font has the character")
        if index == 3:
            raise Local("a library's own error")
        if index == 4:
            raise ValueError("a plain error")
        return index * 10

    tasks = [render_workers.Task(f"e{i}", f"e{i}.pdf", ()) for i in range(5)]
    monkeypatch.setattr(render_workers, "_WORK", render_workers.Work(tasks, run))
    assert render_workers._run(0) == 0
    with pytest.raises(BuildError, match=r"release\.md:2: date: is not a date"):
        render_workers._run(1)
    with pytest.raises(BuildError, match="no installed font"):
        render_workers._run(2)
    with pytest.raises(RuntimeError, match="Local: a library's own error"):
        render_workers._run(3)
    with pytest.raises(ValueError, match="a plain error"):
        render_workers._run(4)


def test_a_worker_collects_garbage_between_tasks_not_during_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation))
    monkeypatch.setattr(render_workers, "_tasks_done", 0)
    try:
        render_workers._start_worker(os.getppid())
        assert not gc.isenabled(), "no collection while a task runs"
        for _ in range(2 * render_workers._TASKS_PER_FULL_COLLECTION):
            render_workers._collect_after_task()
    finally:
        gc.enable()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        no_death_signal()
    full = render_workers._TASKS_PER_FULL_COLLECTION
    assert collected.count(2) == 2 and collected[full - 1] == 2, "everything, every few tasks"
    assert collected.count(1) == 2 * full - 2, "the young garbage after every task"


def test_ctrl_c_before_the_cli_takes_over_is_exit_130_and_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import console_entry

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(console_entry, "main", interrupted)
    try:
        with pytest.raises(SystemExit) as exited:
            console_entry.script()
    finally:
        gc.unfreeze()  # script freezes the heap as a process ends; this one goes on
    assert exited.value.code == 130
    assert capsys.readouterr().err == ""
