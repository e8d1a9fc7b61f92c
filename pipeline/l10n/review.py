"""``pressroom review``: accepted drafts become reviewed translations, nothing is lost.

A reviewer accepts a draft by clearing its fuzzy flag (Poedit does this with one click)
or accepts them all with ``--all`` (except the earlier translations of changed source
text, which are accepted one by one). Accepted entries are written to translations/ first,
stamped ``# reviewed-by: NAME DATE``; only once that file is safely on disk are they
removed from drafts/. Pseudo-localized drafts are never accepted. An outdated unit with no
draft gets its earlier translation as a draft, so a typo fix in the source can be
re-approved unchanged by clearing one flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib  # type: ignore[import-untyped]

from pipeline.content.loader import load_site
from pipeline.edition.schedule import today
from pipeline.errors import UsageError
from pipeline.l10n.po_scopes import scopes
from pipeline.l10n.po_writer import comment_lines, find, open_po, save_po, set_comment, upsert
from pipeline.l10n.unit_status import read_po, unit_states


@dataclass
class ReviewReport:
    approved: int = 0
    refused_pseudo: int = 0
    refused_qa: int = 0
    still_fuzzy: int = 0
    stale: int = 0
    offered: int = 0


def _is_pseudo(entry: polib.POEntry) -> bool:
    return any(line.startswith("machine: pseudo") for line in comment_lines(entry.comment))


def _lost_mask(entry: polib.POEntry) -> bool:
    return (
        any(line.startswith("qa: mask lost") for line in comment_lines(entry.comment))
        and "qa-ok" not in entry.flags
    )


def _outdated(entry: polib.POEntry) -> bool:
    return any(line.startswith("outdated:") for line in comment_lines(entry.comment))


def review(
    content: Path, release_id: str, lang: str, reviewer: str, accept_all: bool
) -> ReviewReport:
    site = load_site(content)
    site.release(release_id)  # an unknown name is a usage error
    if not reviewer.strip():
        raise UsageError("--reviewer needs a name")
    stamp = f"reviewed-by: {reviewer.strip()} {today(site.organization.timezone).isoformat()}"
    report = ReviewReport()
    for scope in scopes(site, release_id, lang):
        current = {unit.key for unit in scope.units}
        states = {
            s.unit.key: s
            for s in unit_states(scope.units, read_po(scope.translations), read_po(scope.drafts))
        }
        drafts = open_po(scope.drafts, lang, f"Drafts: {scope.label}, {lang}.")
        # Offer every outdated unit without a draft for re-approval, unchanged.
        offered = 0
        for key, state in states.items():
            if state.previous is not None and state.entry is None:
                entry = upsert(
                    drafts,
                    key,
                    state.previous.msgstr,
                    fuzzy=True,
                    previous_msgid=state.previous.msgid,
                )
                set_comment(
                    entry,
                    "comment",
                    "outdated:",
                    "outdated: the earlier translation; "
                    "clear the fuzzy flag to approve it unchanged",
                )
                offered += 1
        report.offered += offered
        accepted: list[polib.POEntry] = []
        for entry in drafts:
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or not entry.msgstr:
                continue
            if key not in current:
                report.stale += 1
            elif _is_pseudo(entry):
                report.refused_pseudo += 1
            elif _lost_mask(entry):
                report.refused_qa += 1
            elif "fuzzy" in entry.flags and (not accept_all or _outdated(entry)):
                # --all never approves an earlier translation of a changed source unseen.
                report.still_fuzzy += 1
            else:
                accepted.append(entry)
        if accepted:
            translations = open_po(
                scope.translations, lang, f"Reviewed translations: {scope.label}, {lang}."
            )
            for draft in accepted:
                key = (draft.msgctxt, draft.msgid)
                previous = states[key].previous
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
            save_po(translations, scope.translations)  # first the approved copy, safely
            for draft in accepted:
                drafts.remove(draft)
            report.approved += len(accepted)
        if accepted or offered:
            save_po(drafts, scope.drafts)
    return report
