"""The file primitives render workers use, run here in process (coverage cannot see workers):
a failed write names the file the user knows and leaves no temporary behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from pipeline import files
from pipeline.files import TEMP_MARK, atomic_write, write_if_changed, write_temporary


def test_a_full_disk_names_the_target_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    target = tmp_path / "out" / "a.pdf"
    with pytest.raises(OSError) as caught:
        write_temporary(target, b"%PDF")
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert not list((tmp_path / "out").iterdir())


def test_a_file_where_the_folder_goes_names_the_folder(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a stray file", encoding="utf-8")
    with pytest.raises(OSError) as caught:
        write_temporary(tmp_path / "out" / "a.pdf", b"%PDF")
    assert str(tmp_path / "out") in str(caught.value.filename)
    assert "in the way of a folder" in files.cannot_write(caught.value)


def test_an_interrupted_write_removes_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_temporary(tmp_path / "a.pdf", b"%PDF")
    assert not list(tmp_path.iterdir())


def test_a_failed_rename_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(src: Any, dst: Any) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(OSError):
        atomic_write(tmp_path / "a.pdf", b"%PDF")
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_an_unchanged_file_keeps_its_time_stamp(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    write_if_changed(path, b"same")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    write_if_changed(path, b"same")
    assert path.stat().st_mtime_ns == 1_000_000_000
    write_if_changed(path, b"new")
    assert path.read_bytes() == b"new"


def test_the_umask_is_read_without_proc_too(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = files.current_umask()

    def no_proc(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOENT, "no /proc here")

    monkeypatch.setattr(files, "open", no_proc, raising=False)
    assert files.current_umask() == expected
