"""Writing PO files without losing a human's work.

polib keeps every entry's comments, flags, previous msgid and order on a round trip; we
change only the entries a command means to change and write the file atomically, laid
out as GNU gettext and Poedit write it (``po_format``), with the header fields they expect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polib  # type: ignore[import-untyped]
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from pipeline.files import atomic_write
from pipeline.l10n.po_format import format_po, parse
from pipeline.l10n.unit_status import Fingerprint, fingerprint, read_po

Key = tuple[str | None, str]


@dataclass(frozen=True)
class Header:
    """Who writes a PO file, when, and for what: the header fields gettext tools expect."""

    project: str  # Project-Id-Version
    lang: str
    translator: str  # Last-Translator
    on: dt.date  # PO-Revision-Date: the command's day, never the wall clock in tests


def open_po(path: Path, lang: str, title: str) -> polib.POFile:
    """The PO file at ``path`` (checked like every PO file we read), or a new one."""
    if path.exists():
        read_po(path)  # raises a located ContentError for a broken file
        return parse(path.read_text(encoding="utf-8"))
    po = polib.POFile()
    po.header = title
    po.metadata = {}
    return po


def _team(lang: str) -> str:
    try:
        return Locale.parse(lang.replace("-", "_")).english_name or lang
    except (UnknownLocaleError, ValueError):
        return lang


def header_fields(po: polib.POFile, header: Header) -> None:
    """Fill the header the way msgfmt -c wants it; keep what a person put there."""
    fields = dict(po.metadata)
    fields["PO-Revision-Date"] = f"{header.on.isoformat()} 00:00+0000"
    fields["Last-Translator"] = header.translator
    fields["Language"] = header.lang
    defaults = {
        "Project-Id-Version": header.project,
        "Language-Team": _team(header.lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": get_plural(header.lang.replace("-", "_")).plural_forms,
    }
    for name, value in defaults.items():
        fields.setdefault(name, value)
    order = [
        "Project-Id-Version",
        "Report-Msgid-Bugs-To",
        "POT-Creation-Date",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "Language",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Plural-Forms",
    ]
    kept = [k for k in po.metadata if k in fields]  # a person's order stays
    po.metadata = {k: fields[k] for k in kept + [k for k in order if k in fields and k not in kept]}


def render_po(po: polib.POFile, header: Header) -> bytes:
    header_fields(po, header)
    return format_po(po).encode("utf-8")


def save_po(po: polib.POFile, path: Path, header: Header) -> bytes:
    """Write the whole file atomically; return the bytes written."""
    data = render_po(po, header)
    atomic_write(path, data)
    return data


def entry_fingerprint(entry: polib.POEntry | None) -> Fingerprint | None:
    if entry is None:
        return None
    return fingerprint(
        entry.msgstr, entry.flags, entry.comment or "", entry.tcomment or "", entry.previous_msgid
    )


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
