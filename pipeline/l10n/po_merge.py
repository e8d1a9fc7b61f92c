"""Changing a PO file that a person may be editing at the same moment (Poedit, an editor).

Our lock keeps other Pressroom runs out, not a translator. So a command never writes back
the copy it read minutes ago: right before each write it reads the file again, applies
only its own changes, entry by entry, to that fresh copy, and writes at once. When the
person changed the very entry we meant to change since we read it, their version wins:
our change is skipped and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib  # type: ignore[import-untyped]

from pipeline.l10n.po_writer import Header, entry_fingerprint, find, open_po, save_po
from pipeline.l10n.unit_status import Fingerprint, Key

Change = Callable[[polib.POFile], object]


@dataclass
class MergingPo:
    """One PO file, re-read before every write; ``base`` is each entry as we last knew it."""

    path: Path
    lang: str
    title: str
    base: dict[Key, Fingerprint | None] = field(default_factory=dict)
    _bytes: bytes | None = None
    _po: polib.POFile | None = None

    def fresh(self) -> polib.POFile:
        """The file as it is on disk now, parsed again only when its bytes changed."""
        data = self.path.read_bytes() if self.path.exists() else None
        if self._po is None or data != self._bytes:
            self._po = open_po(self.path, self.lang, self.title)
            self._bytes = data
        return self._po

    def unchanged(self, key: Key, expected: Fingerprint | None) -> bool:
        """Whether the entry on disk is still the one we decided on."""
        return entry_fingerprint(find(self.fresh(), key)) == expected

    def save(self, header: Header) -> None:
        po = self.fresh()
        self._bytes = save_po(po, self.path, header)
        self._po = po

    def snapshot(self) -> None:
        """Every entry as it is now: the state the command's decisions are made on."""
        po = self.fresh()
        self.base = {(e.msgctxt, e.msgid): entry_fingerprint(e) for e in po if not e.obsolete}
