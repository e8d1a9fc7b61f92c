"""A private on-disk cache of parsed content files, keyed by their bytes and by our code.

Parsing is most of what ``status``, ``due`` and ``check`` cost on a big site (YAML,
Pydantic, Markdown, polib), and almost every file is unchanged between two runs. An entry
is found by the sha256 of: the kind of file, the arguments that shape the result (paths,
time zone), the file's exact bytes, and the source of the parsing code and the versions of
the libraries it uses; so an edited file or an upgraded program never meets an old entry.

The cache can never change a result: only successful parses are stored, a file that
cannot be read back (truncated, corrupted, another version's pickle) counts as a miss,
and the stored key is checked against the wanted one. The folder is safe to delete.
It is ``$PRESSROOM_CACHE`` (``off`` turns caching off), else ``$XDG_CACHE_HOME/pressroom``
or ``~/.cache/pressroom``, created private (0700): pickle is only read from our own folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.files import atomic_write

_PACKAGE = Path(__file__).resolve().parent.parent
# The code whose output is cached: the content and translation layers and what they use.
_CODE = ("errors.py", "files.py", "content", "l10n")
_LIBRARIES = (
    *("pyyaml", "pydantic", "pydantic-core", "polib", "markdown-it-py", "babel"),
    *("jinja2", "snowballstemmer"),  # template labels; the QA results (l10n.qa_memo)
)
_FORMAT = b"pressroom-parse-cache 1\n"


def cache_folder() -> Path | None:
    """Where entries live, or None when caching is turned off."""
    env = os.environ
    return _folder(env.get("PRESSROOM_CACHE"), env.get("XDG_CACHE_HOME"), env.get("HOME"))


@lru_cache(maxsize=8)  # asked for every file a command reads: the answer only moves with these
def _folder(chosen: str | None, xdg: str | None, home: str | None) -> Path | None:
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(chosen).expanduser()
    base = xdg or str(Path.home() / ".cache")
    return Path(base) / "pressroom"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The parsing code and library versions: any change gives every entry a new key."""
    from importlib.metadata import PackageNotFoundError, version  # 20 ms: only when used

    digest = hashlib.sha256(_FORMAT)
    digest.update(source_digest(*_CODE).encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library} {version(library)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{library} absent\n".encode())
    return digest.hexdigest()


def source_digest(*names: str) -> str:
    """The source of these parts of the package (modules or subpackages), path and bytes:
    what keys a cache of results that code computed."""
    digest = hashlib.sha256()
    for name in names:
        top = _PACKAGE / name
        files = sorted(top.rglob("*.py")) if top.is_dir() else [top]
        for path in files:
            digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def key(kind: str, data: bytes, *parts: str | None) -> str:
    """The entry's name: the kind, what shapes the result, the bytes, and the code."""
    digest = hashlib.sha256(f"{kind}\n{code_digest()}\n".encode())
    for part in parts:
        digest.update(f"{part!r}\n".encode())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _private(folder: Path) -> bool:
    """Only our own folder, writable by us alone, is trusted to hold pickles."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _entry_path(folder: Path, name: str) -> str:
    return os.path.join(folder, name[:2], f"{name}.pickle")


def get(name: str, expected: type) -> Any | None:
    """The stored value for ``name`` if it is there, whole, and of the expected type."""
    folder = cache_folder()
    if folder is None or not _private(folder):
        return None
    try:
        with open(_entry_path(folder, name), "rb") as file:
            data = file.read()
        stored_name, value = pickle.loads(data)
    except Exception:  # any unreadable entry is simply a miss
        return None
    if stored_name != name or not isinstance(value, expected):
        return None
    return value


def put(name: str, value: object) -> None:
    """Store ``value``; a cache that cannot be written is no error (the next run re-parses)."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        data = pickle.dumps((name, value), protocol=pickle.HIGHEST_PROTOCOL)
        target = Path(_entry_path(folder, name))
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        atomic_write(target, data, keep_mode=False)
    except Exception:  # a read-only home, a full disk, an unpicklable value
        return


def private_subfolder(name: str) -> Path | None:
    """A folder of our own inside the cache (made 0700) for another cache, or None when
    caching is off or the folder is not ours alone (its files are code or pickles)."""
    folder = cache_folder()
    if folder is None:
        return None
    sub = folder / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        sub.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return sub if _private(folder) and _private(sub) else None
