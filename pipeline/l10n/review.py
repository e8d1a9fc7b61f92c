"""``pressroom review``: accepted drafts become reviewed translations, nothing is lost.

The decisions (what to approve, refuse, keep or offer) are pure functions in
``review_decisions``; this module applies them to the PO files. Accepted entries are
written to translations/ first, stamped ``# reviewed-by: NAME DATE``; only once that file
is safely on disk are they removed from drafts/. An outdated unit with no draft gets its
earlier translation as a draft, so a typo fix in the source can be re-approved unchanged
by clearing one flag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib  # type: ignore[import-untyped]

from pipeline.content.clock import today
from pipeline.content.language_codes import require_languages
from pipeline.content.loader import load_site
from pipeline.content.paths import release_po_languages
from pipeline.errors import UsageError
from pipeline.l10n.po_scopes import Scope, scopes
from pipeline.l10n.po_writer import comment_lines, find, open_po, save_po, set_comment, upsert
from pipeline.l10n.review_decisions import Action, Decision, Draft, decide_review
from pipeline.l10n.unit_status import Key, UnitState, read_po, unit_states


@dataclass
class ReviewReport:
    approved: int = 0
    refused_pseudo: int = 0
    refused_qa: int = 0
    still_fuzzy: int = 0
    stale: int = 0
    offered: int = 0

    def add(self, decisions: Iterable[Decision]) -> None:
        counts = Counter(d.action for d in decisions)
        self.approved += counts[Action.APPROVE]
        self.refused_pseudo += counts[Action.REFUSE_PSEUDO]
        self.refused_qa += counts[Action.REFUSE_QA]
        self.still_fuzzy += counts[Action.KEEP_FUZZY]
        self.stale += counts[Action.STALE]
        self.offered += counts[Action.OFFER_OUTDATED]


def scope_decisions(scope: Scope, accept_all: bool) -> tuple[list[UnitState], list[Decision]]:
    """The unit states of one scope and what review would do with each of its drafts."""
    drafts = read_po(scope.drafts)
    states = unit_states(scope.units, read_po(scope.translations), drafts)
    return states, decide_review(states, map(Draft.of, drafts.entries.values()), accept_all)


def apply_decisions(
    scope: Scope, lang: str, states: list[UnitState], decisions: list[Decision], stamp: str
) -> None:
    """Write what the decisions say: offers into drafts/, approvals into translations/."""
    offers = [d for d in decisions if d.action is Action.OFFER_OUTDATED]
    approvals = {d.key for d in decisions if d.action is Action.APPROVE}
    if not offers and not approvals:
        return
    by_key = {s.unit.key: s for s in states}
    drafts = open_po(scope.drafts, lang, f"Drafts: {scope.label}, {lang}.")
    for offer in offers:
        previous = by_key[offer.key].previous
        assert previous is not None
        entry = upsert(drafts, offer.key, offer.text, fuzzy=True, previous_msgid=previous.msgid)
        set_comment(
            entry,
            "comment",
            "outdated:",
            "outdated: the earlier translation; clear the fuzzy flag to approve it unchanged",
        )
    accepted = [e for e in drafts if not e.obsolete and (e.msgctxt, e.msgid) in approvals]
    if accepted:
        translations = open_po(
            scope.translations, lang, f"Reviewed translations: {scope.label}, {lang}."
        )
        for draft in accepted:
            _approve(translations, draft, by_key[(draft.msgctxt, draft.msgid)], stamp)
        save_po(translations, scope.translations)  # first the approved copy, safely
        for draft in accepted:
            drafts.remove(draft)
    save_po(drafts, scope.drafts)


def _approve(
    translations: polib.POFile, draft: polib.POEntry, state: UnitState, stamp: str
) -> None:
    key: Key = (draft.msgctxt, draft.msgid)
    previous = state.previous
    if previous is not None and previous.key != key:
        old = find(translations, previous.key)
        if old is not None:
            old.obsolete = True  # kept as #~, as msgmerge does
    entry = upsert(translations, key, draft.msgstr, fuzzy=False)
    entry.previous_msgid = None
    for line in comment_lines(draft.comment):
        if not line.startswith("outdated:"):
            set_comment(entry, "comment", line.split(":")[0] + ":", line)
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
    content: Path, release_id: str, lang: str, reviewer: str, accept_all: bool
) -> ReviewReport:
    site = load_site(content)
    release = site.release(release_id)  # an unknown name is a usage error
    drafted = tuple(
        sorted(release_po_languages(content, release_id) - set(release.front.languages))
    )
    require_languages(release_id, release.front.languages + drafted, (lang,))
    if not reviewer.strip():
        raise UsageError("--reviewer needs a name")
    stamp = f"reviewed-by: {reviewer.strip()} {today(site.organization.timezone).isoformat()}"
    report = ReviewReport()
    for scope in scopes(site, release_id, lang):
        states, decisions = scope_decisions(scope, accept_all)
        report.add(decisions)
        apply_decisions(scope, lang, states, decisions, stamp)
    return report
