"""Files written safely: atomic replacement, the user's permissions, and one run at a time.

Every command that writes (build, translate, review, send, the web server) goes through
here, so a killed run never leaves half a file where an outlet or a translator could
pick it up, and cron and a person never interleave their writes.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pipeline.errors import PressroomError


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


TEMP_MARK = ".pressroom-"  # in every temporary name: the clean-up touches nothing else


def current_umask() -> int:
    """The process umask, read without changing it where Linux allows (threads are safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target_mode(path: Path, keep_mode: bool) -> int:
    """The mode a new file gets from the umask; a rewritten one may keep its own."""
    if keep_mode:
        try:
            return stat.S_IMODE(path.stat().st_mode)
        except OSError:
            pass
    return 0o666 & ~current_umask()


def _new_temporary(path: Path) -> tuple[int, str]:
    """An empty temporary beside ``path`` (its folder made), open: what ``path`` is about to
    become. A folder in the way, or one that cannot be made or written, names ``path``."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder is in the way of a file", str(path))
    import tempfile  # here, as in the other functions: a no-op build never loads it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}{TEMP_MARK}", suffix=".tmp")
    except OSError as exc:  # name the file the user knows, not the temporary
        raise OSError(exc.errno, exc.strerror, exc.filename or str(path)) from None


def write_temporary(path: Path, data: bytes, *, keep_mode: bool = True) -> Path:
    """Write ``data`` to a new temporary file beside ``path`` (synced), and return its name.

    Its name (``.NAME.pressroom-XXXX.tmp``) is one only Pressroom makes, and its mode is
    what ``path`` will have: the umask's (0644 with umask 022) for a new file, or the
    mode of the file it replaces with ``keep_mode`` (a translator's PO file keeps its own).
    """
    fd, tmp = _new_temporary(path)
    try:
        os.fchmod(fd, _target_mode(path, keep_mode))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException as exc:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    os.close(fd)
    return Path(tmp)


def atomic_write(path: Path, data: bytes, *, keep_mode: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    tmp = write_temporary(path, data, keep_mode=keep_mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes, *, keep_mode: bool = True) -> None:
    """Leave a file alone (its time stamp too) when it already says the same thing."""
    if not path.exists() or path.read_bytes() != data:
        atomic_write(path, data, keep_mode=keep_mode)


_IN_THE_WAY = {
    errno.EEXIST: "a file is in the way of a folder",
    errno.ENOTDIR: "a file is in the way of a folder",
}


def cannot_write(exc: OSError) -> str:
    """One line for a failed write: which file, and why (full disk, read-only, a folder)."""
    where = exc.filename if exc.filename is not None else "a file"
    reason = _IN_THE_WAY.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"cannot write {where}: {reason}"


class StagedWrites:
    """All of a run's files or none: every file goes to a temporary first, then all are renamed.

    A full disk, a read-only folder or a folder on another file system shows up while the
    temporaries are made beside their targets, before anything is replaced, so a failed run
    leaves the previous complete output in place (``discard``).
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary beside the target, target)
        self._adopted: list[tuple[Path, Path]] = []  # (file in a staging area, target)

    def add(self, path: Path, data: bytes, *, keep_mode: bool = False) -> os.stat_result:
        """Stage one file; the stat of what ``path`` will be once committed."""
        tmp = write_temporary(path, data, keep_mode=keep_mode)
        self._staged.append((tmp, path))
        return tmp.stat()

    def adopt(self, staged: Path, path: Path) -> None:
        """Take over a file a render worker wrote for ``path`` in the run's staging area."""
        self._adopted.append((staged, path))

    def commit(self) -> None:
        """Move adopted files beside their targets, then rename everything into place."""
        for staged, path in self._adopted:
            self._staged.append((_beside(staged, path), path))
        self._adopted.clear()
        for tmp, path in self._staged:
            os.replace(tmp, path)
        self._staged.clear()

    def discard(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged.clear()
        self._adopted.clear()  # they live in the staging area, which goes with the run


def _beside(staged: Path, path: Path) -> Path:
    """``staged`` as a temporary in ``path``'s folder (copied from another file system).

    Every way the final rename could fail (a folder in the way, a read-only folder, a link
    to another disk) fails here instead, naming ``path``, before anything is replaced.
    """
    fd, name = _new_temporary(path)
    os.close(fd)
    tmp = Path(name)
    try:
        os.replace(staged, tmp)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno != errno.EXDEV:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        tmp = write_temporary(path, staged.read_bytes(), keep_mode=False)
    return tmp


STAGING_PREFIX = f".staging{TEMP_MARK}"


@contextmanager
def staging_area(output: Path) -> Iterator[Path]:
    """A private folder in ``output`` where render workers stage a run's files.

    Staged files are moved into place from it; whatever is left, the folder goes when the
    run ends. A run that fails leaves none of its files (output/.cache/images may keep the
    photos it prepared), and not ``output`` itself when the run made it and nothing else
    is in it.
    """
    import shutil
    import tempfile

    made = not output.exists()
    try:
        output.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=output, prefix=STAGING_PREFIX, suffix=".tmp"))
    except OSError as exc:
        raise PressroomError(cannot_write(exc)) from None
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        if made:
            with suppress(OSError):  # the run got as far as writing something: it stays
                output.rmdir()
        raise
    shutil.rmtree(folder, ignore_errors=True)


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporary files of an atomic write that a killed run left behind.

    Only names Pressroom makes (``.NAME.pressroom-XXXX.tmp``, and a run's staging area):
    a user's ``.notes.tmp`` stays. Called under the run lock, so no other run can be
    writing them.
    """
    removed = 0
    if folder.is_dir():
        for path in folder.glob(f"{STAGING_PREFIX}*.tmp"):
            if path.is_dir() and not path.is_symlink():
                import shutil

                shutil.rmtree(path, ignore_errors=True)
                removed += 1
        for path in folder.rglob(f".*{TEMP_MARK}*.tmp"):
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
    return removed


LOCK_NAME = ".pressroom.lock"
WAIT_SECONDS = 3600.0


def lock_path(content: Path) -> Path:
    """Where the run lock of ``content`` lives.

    In the content folder, where every user and machine that edits it sees it. A
    read-only content folder (a build only reads content) gets a lock in the system's
    temporary folder instead, named after the content folder's real path, so runs on
    the same content still wait for each other.
    """
    if os.access(content, os.W_OK):
        return content / LOCK_NAME
    import tempfile

    key = hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"pressroom-{key}.lock"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextmanager
def locked(
    content: Path, timeout: float = WAIT_SECONDS, say: Callable[[str], None] = _stderr
) -> Iterator[None]:
    """Hold the content folder's lock; a second run waits for the first, and says so."""
    if not content.is_dir():
        yield  # loading reports the missing folder with its own message
        return
    from filelock import FileLock, Timeout  # here: the read-only commands never load it

    path = lock_path(content)
    lock = FileLock(str(path), mode=0o666)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            say(f"waiting for another pressroom run ({path})...")
            lock.acquire(timeout=timeout)
    except Timeout:
        raise PressroomError(f"another pressroom run holds {path}") from None
    except OSError as exc:
        raise PressroomError(f"cannot lock {path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def held_if_free(content: Path) -> Iterator[bool]:
    """The run lock, if nobody holds it right now, without loading filelock.

    A no-op build takes about 65 ms; loading filelock (logging, decimal, inspect, ...) made
    it 80-95. This is the lock ``locked`` takes, filelock's flock on the same file, taken at once
    or not at all: True while it is held here. False (nothing held) when another run holds
    it, when its file does not exist yet (filelock makes it, with its mode), is not ours,
    or the file system has no flock: the caller then takes ``locked``, which waits, says
    so, and knows the exceptions. Not reentrant: the no-op build alone takes it.
    """
    fd = _flock_at_once(lock_path(content)) if content.is_dir() else None
    try:
        yield fd is not None
    finally:
        if fd is not None:
            os.close(fd)  # which releases the flock


def _flock_at_once(path: Path) -> int | None:
    """A descriptor of ``path`` holding its flock, or None if it cannot be had at once."""
    try:
        import fcntl
    except ImportError:  # not Unix
        return None
    try:
        fd = os.open(path, os.O_RDWR | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if info.st_uid == os.geteuid():  # one another account could unlink: filelock decides
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fd).st_nlink > 0:  # not unlinked since it was opened
                return fd
    except OSError:  # held by another run, or no flock here
        pass
    os.close(fd)
    return None
