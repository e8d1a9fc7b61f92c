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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

import polib  # type: ignore[import-untyped]

from pipeline.content import parse_cache
from pipeline.content.paths import content_root_of, outside
from pipeline.content.segmentation import Unit
from pipeline.content.yaml_source import read_text
from pipeline.errors import ContentError

Key = tuple[str | None, str]
Fingerprint = tuple[str, tuple[str, ...], str, str, str | None]
FUZZY_MATCH = 0.6  # msgmerge's own threshold for a fuzzy match is in this region


def fingerprint(
    msgstr: str, flags: Iterable[str], comments: str, notes: str, previous_msgid: str | None
) -> Fingerprint:
    return (msgstr, tuple(sorted(flags)), comments, notes, previous_msgid)


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
    notes: str = ""  # the translator's own comments (``# ...``)

    @property
    def key(self) -> Key:
        return (self.context, self.msgid)

    @property
    def fingerprint(self) -> Fingerprint:
        """What a person may have changed: compared before a write to keep their edit."""
        return fingerprint(self.msgstr, self.flags, self.comments, self.notes, self.previous_msgid)

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
    """Parse a PO file; a broken one is a ContentError naming its line.

    An unchanged file comes from the parse cache (keyed by its bytes and path): the
    checks that look outside the file (a link out of the content folder) run every time.
    """
    if not path.exists() and not path.is_symlink():
        return PoStore(path)
    root = content_root_of(path)
    if root is not None and outside(root, path):
        raise ContentError(
            path, 1, "", "is a link to a file outside the content folder: copy the file in instead"
        )
    try:
        data = path.read_bytes()
    except OSError:
        return _parse_po(path)
    name = parse_cache.key("po", data, str(path))
    cached = parse_cache.get(name, list)
    if cached is not None:
        try:
            return _from_rows(path, cast(list[_Row], cached))
        except (TypeError, ValueError):  # not rows of ours: parse the file
            pass
    store = _parse_po(path)
    parse_cache.put(name, _rows(store))
    return store


# An Entry without its file, as the parse cache keeps it: plain tuples load three times
# faster than pickled dataclasses, and the path is the one the entry is looked up by.
_Row = tuple[str, str | None, str, bool, tuple[str, ...], str, int, str | None, str]


def _rows(store: PoStore) -> list[_Row]:
    return [
        (
            e.msgid,
            e.context,
            e.msgstr,
            e.fuzzy,
            e.flags,
            e.comments,
            e.line,
            e.previous_msgid,
            e.notes,
        )
        for e in store.entries.values()
    ]


def _from_rows(path: Path, rows: list[_Row]) -> PoStore:
    entries: dict[Key, Entry] = {}
    for msgid, context, msgstr, fuzzy, flags, comments, line, previous, notes in rows:
        entries[(context, msgid)] = Entry(
            msgid, context, msgstr, fuzzy, flags, comments, path, line, previous, notes
        )
    return PoStore(path, entries)


def _parse_po(path: Path) -> PoStore:
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
            notes=item.tcomment or "",
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
    translation: Entry | None = None  # translations/' entry for this very text, if any


def unit_states(units: Sequence[Unit], translations: PoStore, drafts: PoStore) -> list[UnitState]:
    """The status of every unit, with outdated units matched to earlier translations.

    A fuzzy entry in translations/ for the unit's own text is a human's translation that
    awaits review (a draft), unless it carries the earlier source as ``#| msgid`` (msgmerge
    writes it so): then the unit is outdated and that earlier text is what changed.
    """
    states: list[UnitState] = []
    claimed = _earlier_translations(units, translations)
    for unit in units:
        own = translations.get(unit.key)
        draft = drafts.get(unit.key)
        if own and own.msgstr and not own.fuzzy:
            states.append(UnitState(unit, Status.APPROVED, own.msgstr, own, translation=own))
            continue
        previous = claimed.get(unit.key)
        if own and own.msgstr and own.previous_msgid not in (None, own.msgid):
            previous = replace(own, msgid=own.previous_msgid or "", previous_msgid=None)
        if previous is not None:
            text = draft.msgstr if draft and draft.msgstr else None
            states.append(UnitState(unit, Status.OUTDATED, text, draft, previous, translation=own))
        elif draft and draft.msgstr:
            states.append(UnitState(unit, Status.DRAFT, draft.msgstr, draft, translation=own))
        elif own and own.msgstr:  # fuzzy in translations/: needs review
            states.append(UnitState(unit, Status.DRAFT, own.msgstr, own, translation=own))
        else:
            states.append(UnitState(unit, Status.MISSING, translation=own))
    return states


def similarity(old: str, new: str) -> float:
    """How close two source texts are, 0..1 (difflib; autojunk off, as long texts need)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_MATCH or matcher.quick_ratio() < FUZZY_MATCH:
        return 0.0
    return matcher.ratio()


def _earlier_translations(units: Sequence[Unit], translations: PoStore) -> dict[Key, Entry]:
    """Orphaned translations assigned to changed units, best pair first (msgmerge's choice).

    Every (unit, orphan) pair is scored and the pairs are taken best first, each unit and
    each orphan at most once: an inserted paragraph does not take the old translation of
    an edited one that comes after it, and of a paragraph split in two only the closer
    half gets it. A unit with one slot (headline, dateline ...) takes the orphan of its
    context whatever the edit.
    """
    current = {unit.key for unit in units}
    orphans = [e for e in translations.entries.values() if e.key not in current and e.msgstr]
    if not orphans:
        return {}
    needing: dict[Key, Unit] = {}
    for unit in units:
        own = translations.get(unit.key)
        if not (own and own.msgstr):
            needing.setdefault(unit.key, unit)
    pairs: list[tuple[float, int, int]] = []
    for u_index, unit in enumerate(needing.values()):
        for o_index, orphan in enumerate(orphans):
            if orphan.context != unit.context:
                continue
            if unit.context not in (None, "caption"):
                score = 2.0  # one headline, one dateline ...: same context, same unit
            else:
                score = similarity(orphan.msgid, unit.msgid)
                if score < FUZZY_MATCH:
                    continue
            pairs.append((score, u_index, o_index))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    keys = list(needing)
    found: dict[Key, Entry] = {}
    used: set[int] = set()
    for _, u_index, o_index in pairs:
        if keys[u_index] not in found and o_index not in used:
            found[keys[u_index]] = orphans[o_index]
            used.add(o_index)
    return found


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
