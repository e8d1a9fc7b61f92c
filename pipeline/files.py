"""Files written safely: atomic replacement, the user's permissions, and one run at a time.

Every command that writes (build, translate, review, send, the web server) goes through
here, so a killed run never leaves half a file where an outlet or a translator could
pick it up, and cron and a person never interleave their writes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import PressroomError


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> None:
    """Leave a file alone (its time stamp too) when it already says the same thing."""
    if not path.exists() or path.read_bytes() != data:
        atomic_write(path, data)


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporary files of an atomic write that a killed run left behind.

    Called under the run lock, so no other run can be writing them.
    """
    removed = 0
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            if path.is_file():
                path.unlink()
                removed += 1
    return removed


LOCK_NAME = ".pressroom.lock"
WAIT_SECONDS = 3600.0


@contextmanager
def locked(content: Path, timeout: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the content folder's lock; a second run waits for the first to finish."""
    if not content.is_dir():
        yield  # loading reports the missing folder with its own message
        return
    lock = FileLock(str(content / LOCK_NAME))
    try:
        with lock.acquire(timeout=timeout):
            yield
    except Timeout:
        raise PressroomError(f"another pressroom run holds {content / LOCK_NAME}") from None
