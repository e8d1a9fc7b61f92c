"""Writing PO files without losing a human's work.

polib keeps every entry's comments, flags, previous msgid and order on a round trip; we
change only the entries a command means to change and write the file atomically.
"""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]

from pipeline.files import atomic_write
from pipeline.l10n.unit_status import read_po

Key = tuple[str | None, str]


def open_po(path: Path, lang: str, title: str) -> polib.POFile:
    """The PO file at ``path`` (checked like every PO file we read), or a new one."""
    if path.exists():
        read_po(path)  # raises a located ContentError for a broken file
        return polib.pofile(str(path), wrapwidth=78)
    po = polib.POFile(wrapwidth=78)
    po.header = title
    po.metadata = {
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def save_po(po: polib.POFile, path: Path) -> None:
    atomic_write(path, str(po).encode("utf-8"))


def find(po: polib.POFile, key: Key) -> polib.POEntry | None:
    for entry in po:
        if not entry.obsolete and (entry.msgctxt, entry.msgid) == key:
            return entry
    return None


def comment_lines(text: str | None) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def set_comment(entry: polib.POEntry, attribute: str, prefix: str, line: str | None) -> None:
    """Replace the comment line starting with ``prefix`` (or drop it when ``line`` is None)."""
    kept = [c for c in comment_lines(getattr(entry, attribute)) if not c.startswith(prefix)]
    if line is not None:
        kept.append(line)
    setattr(entry, attribute, "\n".join(kept))


def upsert(
    po: polib.POFile, key: Key, msgstr: str, *, fuzzy: bool, previous_msgid: str | None = None
) -> polib.POEntry:
    """Set the translation of ``key``, adding the entry at the end when it is new."""
    entry = find(po, key)
    if entry is None:
        entry = polib.POEntry(msgctxt=key[0], msgid=key[1])
        po.append(entry)
    entry.msgstr = msgstr
    entry.previous_msgid = previous_msgid
    entry.previous_msgctxt = None
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if not fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    return entry
