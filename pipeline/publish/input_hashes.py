"""What an output is built from, as one hash, so an unchanged output is not rendered again.

The hash covers the files themselves (release, PO files, organisation, glossary, outlets,
assets), the templates and CSS, the fonts fontconfig resolves for the families the CSS
declares, the program's and WeasyPrint's versions, the edition date and the language:
computing it needs no rendering, so a no-op build costs little more than loading the site.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import astuple
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.content.paths import (
    GLOSSARY,
    ORGANIZATION,
    OUTLETS,
    PACKAGE,
    organization_po,
    release_po,
)
from pipeline.publish.font_listing import UNAVAILABLE, font_files

if TYPE_CHECKING:  # the no-op fast path imports this module and must stay light
    from pipeline.content.loader import Release, Site


@lru_cache(maxsize=8192)  # keyed by file version: bounded for a long-running server
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    """The file's sha256, or "absent": a file that appears later changes the hash."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "absent"
    return _file_digest(path, stat.st_mtime_ns, stat.st_size)


def folder_digest(folder: Path) -> str:
    """Every file under ``folder`` (compiled bytecode aside), by relative path and content."""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        paths = (os.path.join(root, name) for name in names)
        files += [path for path in paths if os.path.isfile(path)]  # not a dangling link
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(os.path.relpath(path, folder).replace(os.sep, "/").encode())
        digest.update(file_digest(Path(path)).encode())
    return digest.hexdigest()


def font_digest(css: Path) -> str:
    """The font files fontconfig offers for the families the stylesheet names."""
    families = set(re.findall(r'"([^"]+)"', css.read_text(encoding="utf-8")))
    files = font_files(families)
    if files is None:
        return UNAVAILABLE
    digest = hashlib.sha256()
    for path in files:
        try:
            stat = path.stat()
        except OSError:  # listed but gone: fontconfig's cache is behind
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


# The libraries whose behaviour shapes an output: CLDR data (Babel), templates (Jinja),
# Markdown, layout and PDF writing (WeasyPrint, pydyf, fontTools), images (Pillow).
SHAPING_LIBRARIES = (
    "babel",
    "jinja2",
    "markdown-it-py",
    "weasyprint",
    "pydyf",
    "fonttools",
    "pillow",
)
# The program's own code that shapes an output; the CLI, the mail and web front doors do not.
SHAPING_CODE = ("content", "l10n", "edition", "render", "publish")


def _library_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # not on the no-op path

    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def code_digest() -> str:
    """The source of every module that decides what an output looks like."""
    digest = hashlib.sha256()
    for layer in SHAPING_CODE:
        digest.update(f"{layer} {folder_digest(PACKAGE / layer)}\n".encode())
    return digest.hexdigest()


def program_digest(templates: Path) -> str:
    """Everything besides the content that an output depends on: change any, rebuild."""
    libraries = " ".join(f"{name} {_library_version(name)}" for name in SHAPING_LIBRARIES)
    text = (
        f"pressroom {_library_version('pressroom')} {libraries} code {code_digest()} "
        f"templates {folder_digest(templates)} fonts {font_digest(templates / 'style.css')}"
    )
    return hashlib.sha256(text.encode()).hexdigest()


def edition_digest(
    program: str, site: Site, release: Release, lang: str, day: str, kind: str
) -> str:
    root = site.root
    files = [
        root / ORGANIZATION,
        root / GLOSSARY,
        root / OUTLETS,
        release.file,
        *astuple(organization_po(root, lang)),
        *astuple(release_po(root, release.id, lang)),
    ]
    assets = [site.organization.logo, *(image.src for image in release.front.images)]
    files += [root / src for src in assets if src]
    digest = hashlib.sha256(f"{program}\n{release.id}\n{lang}\n{day}\n{kind}\n".encode())
    for path in files:
        digest.update(f"{path.relative_to(root).as_posix()} {file_digest(path)}\n".encode())
    return digest.hexdigest()
