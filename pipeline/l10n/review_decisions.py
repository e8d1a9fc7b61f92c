"""What review does with each draft: pure decisions, shared by ``pressroom review`` and the
review page in the browser. Nothing here reads or writes a file.

A reviewer accepts a draft by clearing its fuzzy flag (Poedit: one click; the web page: the
Approve button) or accepts them all with ``--all``, except the earlier translations of
changed source text, which are accepted one by one. Pseudo-localized drafts and drafts
whose machine translation lost a masked value are never approved.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.l10n.unit_status import Entry, Fingerprint, Key, UnitState

PSEUDO_PROVENANCE = "machine: pseudo"
LOST_MASK_NOTE = "qa: mask lost"
OUTDATED_NOTE = "outdated:"
QA_OVERRIDE_FLAG = "qa-ok"


_PSEUDO_TEXT = re.compile(r"\[.*\s~+\]", re.DOTALL)


def looks_pseudo(text: str) -> bool:
    """Whether a text is still pseudo-localized (``[Áççéñţéð ţéxţ ~~~]``).

    Decided by the text, not by the ``machine: pseudo`` note: a translator who rewrote a
    pseudo draft in Poedit leaves the note behind but has made a real translation.
    """
    return bool(_PSEUDO_TEXT.fullmatch(text.strip()))


class Action(enum.StrEnum):
    APPROVE = "approve"
    KEEP_FUZZY = "keep-fuzzy"  # the reviewer has not accepted it yet
    REFUSE_PSEUDO = "refuse-pseudo"
    REFUSE_QA = "refuse-qa"
    STALE = "stale"  # the draft is for a source text that no longer exists
    OFFER_OUTDATED = "offer-outdated"  # the earlier translation, offered as a draft


REASONS = {
    Action.APPROVE: "approved",
    Action.KEEP_FUZZY: "still marked fuzzy: clear the flag (or approve it) to accept it",
    Action.REFUSE_PSEUDO: "pseudo-localized text is for layout checks, never for publication",
    Action.REFUSE_QA: "the machine translation lost a placeholder, name or link: fix it and "
    "flag the entry qa-ok",
    Action.STALE: "no longer matches the source text",
    Action.OFFER_OUTDATED: "the earlier translation, for re-approval against the new source",
}


@dataclass(frozen=True)
class Draft:
    """A draft entry as review sees it: its text and the notes that decide its fate."""

    key: Key
    msgstr: str
    fuzzy: bool
    flags: tuple[str, ...]
    comments: tuple[str, ...]
    fingerprint: Fingerprint | None = None  # the entry as read, to detect a later edit

    @classmethod
    def of(cls, entry: Entry) -> Draft:
        lines = tuple(line for line in entry.comments.splitlines() if line.strip())
        return cls(entry.key, entry.msgstr, entry.fuzzy, entry.flags, lines, entry.fingerprint)

    def noted(self, prefix: str) -> bool:
        return any(line.startswith(prefix) for line in self.comments)


@dataclass(frozen=True)
class Decision:
    key: Key
    action: Action
    text: str
    draft: Fingerprint | None = None  # the draft entry decided on (None: there was none)

    @property
    def reason(self) -> str:
        return REASONS[self.action]


def decide_draft(draft: Draft, current: bool, accept_all: bool) -> Decision:
    """The fate of one non-empty draft (``current``: its key is a unit of the source now)."""
    if not current:
        action = Action.STALE
    elif looks_pseudo(draft.msgstr):
        action = Action.REFUSE_PSEUDO
    elif draft.noted(LOST_MASK_NOTE) and QA_OVERRIDE_FLAG not in draft.flags:
        action = Action.REFUSE_QA
    elif draft.fuzzy and (not accept_all or draft.noted(OUTDATED_NOTE)):
        # --all never approves an earlier translation of a changed source unseen.
        action = Action.KEEP_FUZZY
    else:
        action = Action.APPROVE
    return Decision(draft.key, action, draft.msgstr, draft.fingerprint)


def decide_review(
    states: Iterable[UnitState], drafts: Iterable[Draft], accept_all: bool
) -> list[Decision]:
    """Every decision for one PO scope: outdated units to offer, then each draft's fate."""
    by_key: Mapping[Key, UnitState] = {s.unit.key: s for s in states}
    decisions = [
        Decision(key, Action.OFFER_OUTDATED, state.previous.msgstr)
        for key, state in by_key.items()
        if state.previous is not None and state.entry is None
    ]
    for draft in drafts:
        if draft.msgstr:
            decisions.append(decide_draft(draft, draft.key in by_key, accept_all))
    return decisions
