"""One run at a time: cron and a person never interleave their writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import PressroomError

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
