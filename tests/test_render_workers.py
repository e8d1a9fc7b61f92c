"""Render workers: a time limit per edition, no orphans after kill -9, a lock that says so.

The slow render is real: an SVG of nested ``<use>`` elements that WeasyPrint needs
minutes for (each level multiplies the drawing by ten).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.files import locked
from pipeline.publish.render_workers import Task, Work, run_all

from .conftest import MINIMAL_FRONT, Result, write_release

BOMB_LEVELS = 6  # about 20 s per level beyond 5 on this machine: minutes in all


def svg_bomb(path: Path, levels: int = BOMB_LEVELS) -> None:
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="100"><defs><rect id="l0" width="1" height="1"/>'
    ]
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}" x="{k}"/>' for k in range(10))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels}"/></svg>')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")


def bomb_release(content: Path) -> None:
    svg_bomb(content / "assets" / "pattern.svg")
    write_release(
        content,
        "heavy-image",
        MINIMAL_FRONT + "images: [{src: assets/pattern.svg, caption: A pattern}]\n",
    )


def start(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def descendants(pid: int) -> set[int]:
    """Children of ``pid``, theirs, and so on: the renderer and the workers it forks."""
    found = children(pid)
    for child in list(found):
        found |= descendants(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used: a worker busy rendering, not one just started."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(condition: object, seconds: float) -> bool:
    """Poll ``condition`` until it holds (True) or ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def reaper() -> Iterator[set[int]]:
    """Pids a test started: whatever survives the test is killed, never left to load the host."""
    pids: set[int] = set()
    yield pids
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_render_over_the_time_limit_stops_with_the_edition_named(
    multilingual: Path, output: Path, reaper: set[int]
) -> None:
    bomb_release(multilingual)
    proc = start(
        "build", "heavy-image", "--date", "2024-02-01", "--content", multilingual,
        "--output", output, env={"PRESSROOM_RENDER_TIMEOUT": "2"},
    )  # fmt: skip
    reaper.add(proc.pid)
    workers: set[int] = set()

    def finished() -> bool:
        """Every process the build started (renderer, workers) is noted until it ends."""
        found = {pid for pid in descendants(proc.pid) if "pipeline" in cmdline(pid)}
        workers.update(found)
        reaper.update(found)
        return proc.poll() is not None

    assert wait_for(finished, 300)
    assert len(workers) >= 2, "a renderer and its worker were seen"
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "heavy-image, language en" in lines[0]
    assert "pattern.svg" in lines[0] and "PRESSROOM_RENDER_TIMEOUT" in lines[0]
    assert not any(alive(pid) for pid in workers), "the stuck worker was killed"
    assert not (output / "heavy-image").exists()


def test_an_invalid_render_timeout_is_one_line(multilingual: Path, output: Path) -> None:
    proc = start(
        "build", "--date", "2026-05-01", "--content", multilingual, "--output", output,
        env={"PRESSROOM_RENDER_TIMEOUT": "soon"},
    )  # fmt: skip
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 1
    assert err.strip() == (
        "error: PRESSROOM_RENDER_TIMEOUT='soon': expected a number of seconds above 0"
    )


def rendering_a_bomb(
    content: Path, output: Path, reaper: set[int], **popen: Any
) -> tuple[subprocess.Popen[str], set[int]]:
    """A build of the heavy image, once one of its workers has been busy with it long
    enough; and every process of the build seen until then (the renderer, the workers)."""
    bomb_release(content)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--jobs", "2", "--date", "2024-02-01",
         "--content", str(content), "--output", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PRESSROOM_RENDER_TIMEOUT": "600"}, **popen,
    )  # fmt: skip
    reaper.add(proc.pid)
    seen: set[int] = set()

    def rendering() -> bool:
        found = {pid for pid in descendants(proc.pid) if "pipeline" in cmdline(pid)}
        seen.update(found)
        reaper.update(found)
        return any(cpu_seconds(pid) > 1 for pid in found)

    assert wait_for(rendering, 300)
    return proc, seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_a_build_leaves_no_worker_behind(
    multilingual: Path, output: Path, reaper: set[int]
) -> None:
    proc, seen = rendering_a_bomb(multilingual, output, reaper)
    proc.kill()
    proc.wait(30)
    assert wait_for(lambda: not any(alive(pid) for pid in seen), 30), "orphaned workers"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_a_build_quietly_with_every_process(
    multilingual: Path, output: Path, reaper: set[int]
) -> None:
    proc, seen = rendering_a_bomb(multilingual, output, reaper, start_new_session=True)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip() == "", "no process prints a traceback or its name"
    assert wait_for(lambda: not any(alive(pid) for pid in seen), 30), "processes left"
    assert not (output / "heavy-image").exists()


def test_a_waiting_build_says_so_in_the_full_and_the_fast_path(
    multilingual: Path, output: Path
) -> None:
    args = ("build", "--date", "2026-05-01", "--content", multilingual, "--output", output)
    for _ in ("full build", "no-op build"):
        with locked(multilingual):
            proc = start(*args)
            assert proc.stderr is not None
            ready, _, _ = select.select([proc.stderr], [], [], 120)
            if not ready:  # release the lock first, so that a failing test never hangs
                break
            first = proc.stderr.readline()
            assert first.startswith("waiting for another pressroom run (")
            assert ".pressroom.lock" in first
        out, err = proc.communicate(timeout=240)
        assert ready, f"the build waited without a word: {err}"
        assert proc.returncode == 0, err
        assert "built " in out
    result = Result(proc.returncode, out, err)
    assert "\nbuilt 0 file(s)" in f"\n{result.out}"


def test_the_heaviest_editions_start_first_and_results_keep_the_plan_order() -> None:
    weights = [1, 3, 2, 3, 1]
    tasks = [Task(f"edition {i}", f"e{i}.pdf", (), weight=w) for i, w in enumerate(weights)]

    def run(index: int) -> tuple[int, int, int]:  # runs in the forked worker
        return index, os.getpid(), time.monotonic_ns()

    done: list[tuple[int, int]] = []
    results = run_all(Work(tasks, run), 1, progress=lambda n, total: done.append((n, total)))
    assert [index for index, _, _ in results] == list(range(len(weights)))
    assert all(pid != os.getpid() for _, pid, _ in results), "rendered in a worker process"
    started = [index for index, _, _ in sorted(results, key=lambda result: result[2])]
    assert started == [1, 3, 2, 0, 4]
    assert done == [(n, len(weights)) for n in range(1, len(weights) + 1)]
    assert run_all(Work([], run), workers=2) == []


def test_a_task_error_comes_back_as_a_build_error_with_its_message() -> None:
    from pipeline.errors import BuildError, ContentErrors

    tasks = [Task("edition 0", "e0.pdf", ())]

    def content_problem(index: int) -> None:
        raise ContentErrors.one(Path("release.md"), 3, "headline", "is empty")

    with pytest.raises(BuildError, match=r"release\.md:3: headline: is empty"):
        run_all(Work(tasks, content_problem), 1)

    class Unpicklable(Exception):
        def __init__(self, a: int, b: int) -> None:
            super().__init__(f"{a} and {b}")

    def library_failure(index: int) -> None:
        raise Unpicklable(1, 2)

    with pytest.raises(RuntimeError, match="Unpicklable: 1 and 2"):
        run_all(Work(tasks, library_failure), 1)
