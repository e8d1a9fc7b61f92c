"""``pressroom export``: one function for the CLI, whichever format is asked for."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import PressroomError, UsageError
from pipeline.files import atomic_write

FORMATS = ("xliff", "tmx")


def export_document(content: Path, release_id: str | None, lang: str, fmt: str) -> bytes:
    """The XLIFF of one release, or the TMX memory (of one release, or of all)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
    if fmt == "tmx":
        from pipeline.l10n.tmx_export import export_tmx

        return export_tmx(content, lang, release_id)
    if release_id is None:
        raise UsageError("export --format xliff needs the ID of a release")
    from pipeline.l10n.xliff_export import export_xliff

    return export_xliff(content, release_id, lang)


def write_document(path: Path, data: bytes) -> None:
    """Write the export atomically; a folder or a read-only place is one line, not a trace."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise PressroomError(f"cannot write {path}: {exc.strerror or exc}") from None
