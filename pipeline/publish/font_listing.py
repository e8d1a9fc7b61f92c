"""The fonts fontconfig offers (``fc-list``), asked once until the fonts or its settings change.

Every build, the no-op one too, hashes the font files the stylesheet's families resolve to
(``input_hashes.font_digest``), so that installing or updating a font renders again. Asking
``fc-list`` costs a process and fontconfig's start: a tenth of a no-op build. Its answer
depends only on fontconfig's configuration files and on the font folders they name, with
everything below them; each change there changes a time stamp. So when ``fc-list`` is
asked, fontconfig's own lists of those files and folders are asked too (from its library),
and the answer is kept in the parse cache with the time stamps of all of them (every folder
below each font folder included); a later run asks again when any time stamp differs. A
font file changed in place keeps its folder's time stamp: ``font_digest`` sees it in the
file's own size and time stamp, which it reads every time. When fontconfig's lists cannot
be had, nothing is kept and ``fc-list`` is asked every time, as before.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.content import parse_cache

if TYPE_CHECKING:
    import ctypes

ENTRY = "fc-list-answer-2"  # its parse cache entry: (folders, files, time stamps, answer)
UNAVAILABLE = "fc-list unavailable"
_VARIABLES = (
    *("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT"),
    *("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"),
)


def _optional_settings() -> list[str]:
    """Settings files fontconfig reads if they exist (absent ones are not in its list)."""
    home = os.path.expanduser("~")
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    chosen = os.environ.get("FONTCONFIG_FILE")  # named, even if it does not exist yet
    return [
        *([chosen] if chosen else []),
        "/etc/fonts/local.conf",
        os.path.join(home, ".fonts.conf"),
        os.path.join(home, ".fonts.conf.d"),
        os.path.join(config, "fontconfig"),
    ]


def _stamp(folders: Iterable[str], files: Iterable[str]) -> str:
    """The time stamps of the font folders and every folder below them, of the settings
    files and the folders they are in, and the variables that move them."""
    digest = hashlib.sha256()
    for variable in _VARIABLES:
        digest.update(f"{variable}={os.environ.get(variable)}\n".encode())
    seen: set[tuple[int, int]] = set()
    for root in folders:
        digest.update(_mtime(root))  # a font folder that does not exist yet
        for folder, dirs, _files in os.walk(root, followlinks=True):  # as fontconfig does
            digest.update(_mtime(folder))
            dirs[:] = [name for name in dirs if _first_visit(os.path.join(folder, name), seen)]
    settings = [*files, *_optional_settings()]
    for path in sorted({*settings, *(os.path.dirname(path) for path in settings)}):
        digest.update(_mtime(path))
    return digest.hexdigest()


def _first_visit(folder: str, seen: set[tuple[int, int]]) -> bool:
    """True the first time a folder is met (linked folders are followed, loops are not)."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _mtime(path: str) -> bytes:
    try:
        return f"{path} {os.stat(path).st_mtime_ns}\n".encode()
    except OSError:
        return f"{path} absent\n".encode()


def font_listing() -> str:
    """``family<TAB>file<TAB>variable`` of every font fontconfig offers (one per line; the
    last column ``True`` for a variable font), or UNAVAILABLE."""
    kept = parse_cache.get(ENTRY, tuple)
    if kept is not None and len(kept) == 4:
        folders, files, stamp, listing = kept
        if isinstance(listing, str) and stamp == _stamp(folders, files):
            return listing
    watched = fontconfig_watches()
    before = _stamp(*watched) if watched else None
    listing = _ask_fc_list()
    if watched and listing != UNAVAILABLE and _stamp(*watched) == before:
        parse_cache.put(ENTRY, (*watched, before, listing))  # nothing moved while asking
    return listing


def _ask_fc_list() -> str:
    import subprocess  # here: a no-op build has the answer from the cache

    try:
        done = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{variable}\n"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return UNAVAILABLE
    return done.stdout if done.returncode == 0 else UNAVAILABLE


def fontconfig_watches() -> tuple[list[str], list[str]] | None:
    """fontconfig's font folders and the settings files it read, from its library (as
    fc-list in this environment sees them), or None when the library cannot say."""
    import ctypes  # here: a no-op build has the answer from the cache

    try:
        library = ctypes.CDLL("libfontconfig.so.1")
        library.FcInitLoadConfig.restype = ctypes.c_void_p
        for name in ("FcConfigGetFontDirs", "FcConfigGetConfigFiles"):
            getattr(library, name).restype = ctypes.c_void_p
            getattr(library, name).argtypes = [ctypes.c_void_p]
        library.FcStrListNext.restype = ctypes.c_char_p
        library.FcStrListNext.argtypes = [ctypes.c_void_p]
        library.FcStrListDone.argtypes = [ctypes.c_void_p]
        library.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    config = library.FcInitLoadConfig()
    if not config:
        return None
    try:
        folders = _strings(library, library.FcConfigGetFontDirs(config))
        files = _strings(library, library.FcConfigGetConfigFiles(config))
    finally:
        library.FcConfigDestroy(config)
    return (folders, files) if folders else None


def _strings(library: ctypes.CDLL, strings: int | None) -> list[str]:
    found: list[str] = []
    if not strings:
        return found
    while (item := library.FcStrListNext(strings)) is not None:
        found.append(os.fsdecode(item))
    library.FcStrListDone(strings)
    return found


def font_files(families: set[str]) -> list[Path] | None:
    """The font files of these families, in order; None when fontconfig cannot be asked."""
    listing = font_listing()
    if listing == UNAVAILABLE:
        return None
    found = set()
    for line in listing.splitlines():
        names, _, rest = line.partition("\t")
        if families & set(names.split(",")):
            found.add(rest.partition("\t")[0])
    return [Path(file) for file in sorted(found)]


def offers_variable_fonts() -> bool:
    """Whether fontconfig offers a variable font (any: a fallback font may be one), or
    cannot say. WeasyPrint needs fontTools' instancer for them (``weasyprint_import``)."""
    listing = font_listing()
    return listing == UNAVAILABLE or "\tTrue\n" in listing
