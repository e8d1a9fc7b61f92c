"""The translation store: gettext PO files, and the status of every unit in a language.

Review state lives in the data: a unit is approved when ``translations/LANG.po`` holds a
non-fuzzy entry for its current text. An entry for an earlier text of the same unit makes
it outdated (found like msgmerge does: same msgctxt, or the closest orphaned msgid), and
the previous source and translation are kept for the reviewer to see.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib  # type: ignore[import-untyped]

from pipeline.content.paths import content_root_of, outside
from pipeline.content.segmentation import Unit
from pipeline.content.yaml_source import read_text
from pipeline.errors import ContentError

Key = tuple[str | None, str]
FUZZY_MATCH = 0.6  # msgmerge's own threshold for a fuzzy match is in this region


class Status(enum.StrEnum):
    APPROVED = "approved"
    OUTDATED = "outdated"
    DRAFT = "draft"
    MISSING = "missing"


@dataclass(frozen=True)
class Entry:
    """One PO entry, reduced to what the pipeline needs."""

    msgid: str
    context: str | None
    msgstr: str
    fuzzy: bool
    flags: tuple[str, ...]
    comments: str
    file: Path
    line: int
    previous_msgid: str | None = None

    @property
    def key(self) -> Key:
        return (self.context, self.msgid)

    @property
    def provider(self) -> str | None:
        """``machine: PROVIDER DATE`` or ``memory: ID`` from the extracted comments."""
        for line in self.comments.splitlines():
            if line.startswith(("machine:", "memory:")):
                return line.strip()
        return None


@dataclass(frozen=True)
class PoStore:
    """The entries of one PO file (empty when the file does not exist)."""

    path: Path
    entries: dict[Key, Entry] = field(default_factory=dict)

    def get(self, key: Key) -> Entry | None:
        return self.entries.get(key)


def read_po(path: Path) -> PoStore:
    """Parse a PO file; a broken one is a ContentError naming its line."""
    if not path.exists() and not path.is_symlink():
        return PoStore(path)
    root = content_root_of(path)
    if root is not None and outside(root, path):
        raise ContentError(
            path, 1, "", "is a link to a file outside the content folder: copy the file in instead"
        )
    text = read_text(path)
    if bad := _syntax_error(text):
        raise ContentError(path, bad[0], "", f"broken PO file: {bad[1]}")
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as exc:
        message = str(exc)
        line = _line_from(message)
        raise ContentError(path, line, "", f"broken PO file: {message}") from None
    entries: dict[Key, Entry] = {}
    for item in po:
        if item.obsolete or not item.msgid:
            continue
        if (item.msgctxt, item.msgid) in entries:
            context = f" (msgctxt {item.msgctxt})" if item.msgctxt else ""
            raise ContentError(
                path,
                item.linenum,
                "",
                f'broken PO file: msgid "{item.msgid[:60]}"{context} is there twice: '
                "keep one entry",
            )
        entry = Entry(
            msgid=item.msgid,
            context=item.msgctxt,
            msgstr=item.msgstr,
            fuzzy="fuzzy" in item.flags,
            flags=tuple(item.flags),
            comments=item.comment or "",
            file=path,
            line=item.linenum,
            previous_msgid=item.previous_msgid,
        )
        entries[entry.key] = entry
    return PoStore(path, entries)


_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_PO_STRING}|{_PO_STRING})$"
)


def _syntax_error(text: str) -> tuple[int, str] | None:
    """The first line that is not PO syntax: polib reads some broken lines without a word."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not _PO_LINE.match(stripped):
            return number, f"not PO syntax: {stripped[:60]}"
    return None


def _line_from(message: str) -> int:
    """polib names the line as "(line 6)" or "line 6"; 1 when it names none."""
    match = re.search(r"\bline\s+(\d+)", message, re.IGNORECASE)
    return int(match[1]) if match else 1


@dataclass(frozen=True)
class UnitState:
    """A unit in one language: its status, and the text to show for it."""

    unit: Unit
    status: Status
    text: str | None = None  # approved translation, or draft text
    entry: Entry | None = None  # the entry the text comes from
    previous: Entry | None = None  # outdated: the translation of an earlier source


def unit_states(units: Sequence[Unit], translations: PoStore, drafts: PoStore) -> list[UnitState]:
    """The status of every unit, with outdated units matched to earlier translations."""
    states: list[UnitState] = []
    current = {unit.key for unit in units}
    orphans = [e for e in translations.entries.values() if e.key not in current and e.msgstr]
    for unit in units:
        approved = translations.get(unit.key)
        draft = drafts.get(unit.key)
        if approved and approved.msgstr and not approved.fuzzy:
            states.append(UnitState(unit, Status.APPROVED, approved.msgstr, approved))
            continue
        previous = approved if approved and approved.msgstr else _previous(unit, orphans)
        if previous is not None and previous in orphans:
            orphans.remove(previous)
        if previous is not None:
            text = draft.msgstr if draft and draft.msgstr else None
            states.append(UnitState(unit, Status.OUTDATED, text, draft, previous))
        elif draft and draft.msgstr:
            states.append(UnitState(unit, Status.DRAFT, draft.msgstr, draft))
        else:
            states.append(UnitState(unit, Status.MISSING))
    return states


def _previous(unit: Unit, orphans: Iterable[Entry]) -> Entry | None:
    """The orphaned translation of an earlier text of this unit, if one is close enough."""
    best: tuple[float, Entry] | None = None
    for entry in orphans:
        if entry.context != unit.context:
            continue
        if unit.context not in (None, "caption"):
            return entry  # one headline, one dateline ...: same context, same unit
        ratio = difflib.SequenceMatcher(None, entry.msgid, unit.msgid).ratio()
        if ratio >= FUZZY_MATCH and (best is None or ratio > best[0]):
            best = (ratio, entry)
    return best[1] if best else None


@dataclass(frozen=True)
class Counts:
    approved: int = 0
    outdated: int = 0
    draft: int = 0
    missing: int = 0

    @classmethod
    def of(cls, states: Iterable[UnitState]) -> Counts:
        tally = dict.fromkeys(Status, 0)
        for state in states:
            tally[state.status] += 1
        return cls(*(tally[s] for s in Status))

    @property
    def blocking(self) -> int:
        return self.outdated + self.draft + self.missing

    def summary(self) -> str:
        parts = [
            f"{n} {s}"
            for s, n in (
                ("outdated", self.outdated),
                ("draft", self.draft),
                ("missing", self.missing),
            )
            if n
        ]
        return ", ".join(parts)


def age_days(provider_line: str, on: dt.date) -> int | None:
    """Days since the date in ``machine: PROVIDER DATE``."""
    match = re.search(r"(\d{4}-\d{2}-\d{2})", provider_line)
    return (on - dt.date.fromisoformat(match[1])).days if match else None
