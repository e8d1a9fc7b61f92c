"""``pressroom review``: accepted drafts become reviewed translations, nothing is lost.

The decisions (what to approve, refuse, keep or offer) are pure functions in
``review_decisions``; this module applies them to the PO files. Accepted entries are
written to translations/ first, stamped ``# reviewed-by: NAME DATE``; only once that file
is safely on disk are they removed from drafts/. An outdated unit with no draft gets its
earlier translation as a draft, so a typo fix in the source can be re-approved unchanged
by clearing one flag.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib  # type: ignore[import-untyped]

from pipeline.content.clock import today
from pipeline.content.language_codes import require_languages
from pipeline.content.loader import load_site
from pipeline.content.paths import release_po_languages
from pipeline.errors import UsageError
from pipeline.l10n.po_merge import MergingPo
from pipeline.l10n.po_scopes import Scope, scopes
from pipeline.l10n.po_writer import (
    Header,
    comment_lines,
    entry_fingerprint,
    find,
    set_comment,
    upsert,
)
from pipeline.l10n.review_decisions import (
    PSEUDO_PROVENANCE,
    Action,
    Decision,
    Draft,
    decide_review,
)
from pipeline.l10n.unit_status import Key, UnitState, read_po, unit_states


@dataclass
class Applied:
    """What was written: approvals and offers, and the edits of a person that won over ours."""

    approved: int = 0
    offered: int = 0
    kept_edits: list[str] = field(default_factory=list)


@dataclass
class ReviewReport:
    approved: int = 0
    refused_pseudo: int = 0
    refused_qa: int = 0
    still_fuzzy: int = 0
    stale: int = 0
    offered: int = 0
    kept_edits: list[str] = field(default_factory=list)

    def add(self, decisions: Iterable[Decision], applied: Applied) -> None:
        counts = Counter(d.action for d in decisions)
        self.approved += applied.approved
        self.refused_pseudo += counts[Action.REFUSE_PSEUDO]
        self.refused_qa += counts[Action.REFUSE_QA]
        self.still_fuzzy += counts[Action.KEEP_FUZZY]
        self.stale += counts[Action.STALE]
        self.offered += applied.offered
        self.kept_edits += applied.kept_edits


def scope_decisions(scope: Scope, accept_all: bool) -> tuple[list[UnitState], list[Decision]]:
    """The unit states of one scope and what review would do with each of its drafts."""
    drafts = read_po(scope.drafts)
    states = unit_states(scope.units, read_po(scope.translations), drafts)
    return states, decide_review(states, map(Draft.of, drafts.entries.values()), accept_all)


def apply_decisions(
    scope: Scope,
    lang: str,
    states: list[UnitState],
    decisions: list[Decision],
    reviewer: str,
    on: dt.date,
) -> Applied:
    """Write what the decisions say: approvals into translations/, offers into drafts/.

    Both files are read again right before they are written and only the decided entries
    change; an entry a person edited since the decisions were made keeps their version.
    """
    applied = Applied()
    offers = [d for d in decisions if d.action is Action.OFFER_OUTDATED]
    approvals = [d for d in decisions if d.action is Action.APPROVE]
    if not offers and not approvals:
        return applied
    by_key = {s.unit.key: s for s in states}
    header = Header(f"Pressroom {scope.label}", lang, reviewer, on)
    stamp = f"reviewed-by: {reviewer} {on.isoformat()}"
    drafts = MergingPo(scope.drafts, lang, f"Drafts: {scope.label}, {lang}.")
    translations = MergingPo(
        scope.translations, lang, f"Reviewed translations: {scope.label}, {lang}."
    )
    approved: list[Decision] = []
    for decision in approvals:
        state = by_key[decision.key]
        expected = state.translation.fingerprint if state.translation else None
        draft = find(drafts.fresh(), decision.key)
        if draft is None or entry_fingerprint(draft) != decision.draft:
            applied.kept_edits.append(f"{scope.drafts}: {decision.key[1][:60]}")
        elif not translations.unchanged(decision.key, expected):
            applied.kept_edits.append(f"{scope.translations}: {decision.key[1][:60]}")
        else:
            _approve(translations.fresh(), draft, state, stamp)
            approved.append(decision)
    if approved:
        translations.save(header)  # first the approved copy, safely
    po = drafts.fresh()  # again: it may have changed while translations/ was written
    changed = False
    for decision in approved:
        entry = find(po, decision.key)
        if entry is not None and entry_fingerprint(entry) == decision.draft:
            po.remove(entry)
            changed = True
    applied.approved = len(approved)
    for offer in offers:
        state = by_key[offer.key]
        previous = state.previous
        assert previous is not None
        if not drafts.unchanged(offer.key, state.entry.fingerprint if state.entry else None):
            applied.kept_edits.append(f"{scope.drafts}: {offer.key[1][:60]}")
            continue
        entry = upsert(po, offer.key, offer.text, fuzzy=True, previous_msgid=previous.msgid)
        set_comment(
            entry,
            "comment",
            "outdated:",
            "outdated: the earlier translation; clear the fuzzy flag to approve it unchanged",
        )
        applied.offered += 1
        changed = True
    if changed:
        drafts.save(header)
    return applied


def _approve(
    translations: polib.POFile, draft: polib.POEntry, state: UnitState, stamp: str
) -> None:
    key: Key = (draft.msgctxt, draft.msgid)
    previous = state.previous
    if previous is not None and previous.key != key:
        old = find(translations, previous.key)
        if old is not None and entry_fingerprint(old) == previous.fingerprint:
            old.obsolete = True  # kept as #~, as msgmerge does
    entry = upsert(translations, key, draft.msgstr, fuzzy=False)
    entry.previous_msgid = None
    for line in comment_lines(draft.comment):
        if not line.startswith("outdated:"):
            set_comment(entry, "comment", line.split(":")[0] + ":", line)
    if any(line.startswith(PSEUDO_PROVENANCE) for line in comment_lines(draft.comment)):
        # Approved, so no longer pseudo text: a translator rewrote it; say so.
        set_comment(entry, "comment", PSEUDO_PROVENANCE, None)
        set_comment(
            entry, "comment", "human:", "human: rewritten by a translator over a pseudo draft"
        )
    for flag in draft.flags:
        if flag != "fuzzy" and flag not in entry.flags:
            entry.flags.append(flag)
    notes = comment_lines(entry.tcomment)
    notes += [
        c
        for c in comment_lines(draft.tcomment)
        if c not in notes and not c.startswith("reviewed-by:")
    ]
    entry.tcomment = "\n".join(notes)  # the reviewer's own notes travel along
    set_comment(entry, "tcomment", "reviewed-by:", stamp)


def review(
    content: Path,
    release_id: str,
    lang: str,
    reviewer: str,
    accept_all: bool,
    on: dt.date | None = None,
) -> ReviewReport:
    site = load_site(content)
    release = site.release(release_id)  # an unknown name is a usage error
    drafted = tuple(
        sorted(release_po_languages(content, release_id) - set(release.front.languages))
    )
    require_languages(release_id, release.front.languages + drafted, (lang,))
    if not reviewer.strip():
        raise UsageError("--reviewer needs a name")
    on = on or today(site.organization.timezone)
    report = ReviewReport()
    for scope in scopes(site, release_id, lang):
        states, decisions = scope_decisions(scope, accept_all)
        applied = apply_decisions(scope, lang, states, decisions, reviewer.strip(), on)
        report.add(decisions, applied)
    return report
