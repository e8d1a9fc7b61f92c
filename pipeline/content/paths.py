"""Where every file lives: the one place that builds content, PO and template paths.

Commands, the build, the web server and the exports all ask here, so a file never has
two spellings of its location.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
# The templates ship beside the package (the repository's top-level templates/ folder).
TEMPLATES = PACKAGE.parent / "templates"
TEMPLATE_SOURCE_LANGUAGE = "en"

ORGANIZATION = "organization.yaml"
GLOSSARY = "glossary.yaml"
OUTLETS = "outlets.yaml"
RELEASES = "releases"
RELEASE_FILE = "release.md"


@dataclass(frozen=True)
class PoPair:
    """The reviewed translations and the drafts of one scope (a release, or the organisation)."""

    translations: Path
    drafts: Path


def release_folder(content: Path, release_id: str) -> Path:
    return content / RELEASES / release_id


def release_po(content: Path, release_id: str, lang: str) -> PoPair:
    folder = release_folder(content, release_id)
    return PoPair(folder / "translations" / f"{lang}.po", folder / "drafts" / f"{lang}.po")


def organization_po(content: Path, lang: str) -> PoPair:
    return PoPair(content / "translations" / f"{lang}.po", content / "drafts" / f"{lang}.po")


def release_po_languages(content: Path, release_id: str) -> set[str]:
    """Every language a release has a PO file for, reviewed or draft."""
    folder = release_folder(content, release_id)
    return {p.stem for sub in ("translations", "drafts") for p in (folder / sub).glob("*.po")}


def template_labels_po(templates: Path, lang: str) -> Path:
    """templates/locales/LANG.po, or the base language's file (pt for pt-BR)."""
    path = templates / "locales" / f"{lang}.po"
    if not path.exists() and "-" in lang:
        path = templates / "locales" / f"{lang.split('-')[0]}.po"
    return path


def content_root_of(po_file: Path) -> Path | None:
    """The content folder holding a PO file (``translations/`` or ``drafts/``), or None."""
    folder = po_file.parent
    if folder.name not in ("translations", "drafts"):
        return None
    root = folder.parent
    if root.parent.name == RELEASES:
        root = root.parent.parent
    return root


def outside(root: Path, path: Path) -> bool:
    """True when ``path`` (a symlink, or inside a linked folder) leads out of ``root``."""
    if _plainly_inside(root, path):
        return False
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return True


def _plainly_inside(root: Path, path: Path) -> bool:
    """``path`` is spelled below ``root`` and no name on the way down is a link: then it
    cannot lead out, whatever ``root`` itself is. A few lstat calls instead of resolving
    both paths from /, for every PO file a command reads."""
    parts = path.parts
    base = root.parts
    if parts[: len(base)] != base or len(parts) == len(base) or ".." in parts:
        return False
    current = str(root)
    for name in parts[len(base) :]:
        current = os.path.join(current, name)
        if os.path.islink(current):
            return False
    return True
