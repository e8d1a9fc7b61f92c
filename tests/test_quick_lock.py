"""A no-op build takes the run lock without loading filelock, when nobody holds it.

``held_if_free`` is the lock ``locked`` takes (filelock's flock on the same file), taken
at once or not at all: a held lock, a missing lock file or a file system without flock
leave it to ``locked``, which waits and says so.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from pipeline.files import held_if_free, lock_path, locked

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is a Unix lock")


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    with locked(content, say=print):  # filelock makes the lock file, as the first run does
        pass
    return content


def test_a_lock_filelock_holds_is_not_free(tmp_path: Path) -> None:
    content = _content(tmp_path)
    with locked(content, say=print), held_if_free(content) as free:
        assert not free
    with held_if_free(content) as free:
        assert free, "free again once released"


def test_filelock_waits_while_the_quick_lock_is_held(tmp_path: Path) -> None:
    content = _content(tmp_path)
    path = str(lock_path(content))
    with held_if_free(content) as free:
        assert free
        with pytest.raises(Timeout):
            FileLock(path).acquire(timeout=0)
    lock = FileLock(path)
    lock.acquire(timeout=0)
    lock.release()


def test_no_lock_file_yet_is_left_to_filelock(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    with held_if_free(content) as free:
        assert not free
    assert not lock_path(content).exists(), "filelock makes it, with its mode"


def test_another_process_holding_it_is_seen(tmp_path: Path) -> None:
    content = _content(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from pathlib import Path
                from pipeline.files import locked
                with locked(Path({str(content)!r})):
                    print("held", flush=True)
                    sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        with held_if_free(content) as free:
            assert not free
    finally:
        holder.stdin.close()
        holder.wait(30)
    with held_if_free(content) as free:
        assert free


def _built_sample(tmp_path: Path) -> tuple[Path, list[str]]:
    """The sample content, built once: its content folder and the build's arguments."""
    import shutil

    from .conftest import SAMPLE

    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".pressroom.lock"))
    args = ["build", "--date", "2026-05-01", "--content", str(content), "--output", str(output)]
    built = subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    return content, args


def test_a_no_op_build_does_not_load_filelock(tmp_path: Path) -> None:
    _content, args = _built_sample(tmp_path)
    code = textwrap.dedent(
        f"""
        import sys
        from pipeline.cli import console_entry
        code = console_entry.no_op_build({args!r})
        print(code, "filelock" in sys.modules)
        """
    )
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert again.stdout.split()[-2:] == ["0", "False"], again.stderr


def test_a_no_op_build_waits_for_a_held_lock_and_then_answers(tmp_path: Path) -> None:
    """Held elsewhere: the no-op build itself waits (filelock, and says so), then answers."""
    import select

    content, args = _built_sample(tmp_path)
    code = f"from pipeline.cli import console_entry\nprint(console_entry.no_op_build({args!r}))"
    with locked(content, say=print):
        proc = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert proc.stderr is not None
        ready, _, _ = select.select([proc.stderr], [], [], 120)
        said = proc.stderr.readline() if ready else ""
        still_waiting = proc.poll() is None
    out, err = proc.communicate(timeout=120)
    assert said.startswith("waiting for another pressroom run ("), err
    assert still_waiting
    assert out.splitlines()[-1] == "0", "answered by the no-op build, not left to the full one"
    assert "built 0 file(s)" in out
