"""The fonts fontconfig offers (``fc-list``), asked once until the fonts or its settings change.

Every build, the no-op one too, hashes the font files the stylesheet's families resolve to
(``input_hashes.font_digest``), so that installing or updating a font renders again. Asking
``fc-list`` costs a process and fontconfig's start: a tenth of a no-op build. Its answer
changes only when a font file appears or goes, or fontconfig's settings change, and each of
those changes a time stamp: of a folder fonts live in (or one of the usual font folders and
their subfolders), or of fontconfig's configuration files. So the answer is kept in the
parse cache with those time stamps, and asked again when any differs. A font file changed
in place keeps its folder's time stamp: ``font_digest`` sees it in the file's own size and
time stamp, which it reads every time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from pipeline.content import parse_cache

ENTRY = "fc-list-answer"  # its parse cache entry: (the time stamps, the answer)
UNAVAILABLE = "fc-list unavailable"


def _roots() -> tuple[list[str], list[str]]:
    """Where fonts usually live (their folders are stamped), and fontconfig's settings
    (folders and files stamped)."""
    home = os.path.expanduser("~")
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    fonts = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        os.path.join(home, ".fonts"),
        os.path.join(data, "fonts"),
    ]
    chosen = (os.environ.get(name) for name in ("FONTCONFIG_PATH", "FONTCONFIG_FILE"))
    settings = ["/etc/fonts", os.path.join(config, "fontconfig"), *(p for p in chosen if p)]
    return fonts, settings


def _stamp(font_folders: Iterable[str]) -> str:
    """Time stamps of the font folders (the usual ones, their subfolders, and those the
    listed fonts are in) and of fontconfig's settings, and the variables that move them."""
    fonts, settings = _roots()
    digest = hashlib.sha256()
    for variable in ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT"):
        digest.update(f"{variable}={os.environ.get(variable)}\n".encode())
    for root in fonts:
        for folder, _dirs, _files in os.walk(root):
            digest.update(_mtime(folder))
    for root in settings:
        digest.update(_mtime(root))  # a file given by FONTCONFIG_FILE, or a missing folder
        for folder, _dirs, files in os.walk(root):
            for path in [folder, *(os.path.join(folder, name) for name in files)]:
                digest.update(_mtime(path))
    for folder in sorted(set(font_folders)):
        digest.update(_mtime(folder))
    return digest.hexdigest()


def _mtime(path: str) -> bytes:
    try:
        return f"{path} {os.stat(path).st_mtime_ns}\n".encode()
    except OSError:
        return f"{path} absent\n".encode()


def _folders(listing: str) -> list[str]:
    """The folders the listed font files are in."""
    return [os.path.dirname(line.partition("\t")[2]) for line in listing.splitlines()]


def font_listing() -> str:
    """``family<TAB>file`` of every font fontconfig offers (one per line), or UNAVAILABLE."""
    kept = parse_cache.get(ENTRY, tuple)
    if kept is not None and len(kept) == 2:
        stamp, listing = kept
        if isinstance(listing, str) and stamp == _stamp(_folders(listing)):
            return listing
    listing = _ask_fc_list()
    if listing != UNAVAILABLE:
        parse_cache.put(ENTRY, (_stamp(_folders(listing)), listing))
    return listing


def _ask_fc_list() -> str:
    try:
        done = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\n"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return UNAVAILABLE
    return done.stdout if done.returncode == 0 else UNAVAILABLE


def font_files(families: set[str]) -> list[Path] | None:
    """The font files of these families, in order; None when fontconfig cannot be asked."""
    listing = font_listing()
    if listing == UNAVAILABLE:
        return None
    found = set()
    for line in listing.splitlines():
        names, _, file = line.partition("\t")
        if families & set(names.split(",")):
            found.add(file)
    return [Path(file) for file in sorted(found)]
