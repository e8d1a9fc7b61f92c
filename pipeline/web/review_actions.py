"""The review page's writes: save a draft, approve, approve all shown.

Each action runs under the same run lock as the command line, re-reads the PO files, and
refuses to write when the unit's entries changed on disk since the reviewer's page was
loaded (Poedit, another reviewer, ``translate``): the reviewer's text comes back with the
current one, and nothing is overwritten. Approving goes through the very decision and
write functions of ``pressroom review`` (``scope_decisions``/``apply_decisions``).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path

from pipeline.content.clock import today
from pipeline.content.loader import Site, load_site
from pipeline.errors import UsageError
from pipeline.files import locked
from pipeline.l10n.po_scopes import Scope, scopes
from pipeline.l10n.po_writer import Header, open_po, save_po, set_comment, upsert
from pipeline.l10n.qa_checks import Context, check_placeholders
from pipeline.l10n.review import apply_decisions, scope_decisions
from pipeline.l10n.review_decisions import PSEUDO_PROVENANCE, Action, Draft, decide_draft
from pipeline.l10n.unit_status import Key, Status, read_po, unit_states
from pipeline.web.review_model import entry_version

LOCK_WAIT_SECONDS = 15.0


class Result(enum.StrEnum):
    SAVED = "saved"
    APPROVED = "approved"
    CONFLICT = "conflict"
    REFUSED = "refused"


@dataclass(frozen=True)
class Change:
    """One unit as the reviewer submitted it."""

    scope: str
    key: Key
    text: str
    version: str


@dataclass(frozen=True)
class Outcome:
    change: Change
    result: Result
    message: str
    current: str = ""  # on a conflict: the text on disk now


def _scope(site: Site, release_id: str, lang: str, label: str) -> Scope:
    for scope in scopes(site, release_id, lang):
        if scope.label == label:
            return scope
    raise UsageError(f"no unit group named {label} in {release_id}")


def _check(site: Site, scope: Scope, lang: str, change: Change) -> Outcome | None:
    """A conflict or a refusal, or None when the change may be written."""
    translations, drafts = read_po(scope.translations), read_po(scope.drafts)
    states = {s.unit.key: s for s in unit_states(scope.units, translations, drafts)}
    state = states.get(change.key)
    if state is None:
        return Outcome(change, Result.REFUSED, "this text is no longer in the release")
    if entry_version(translations, drafts, change.key) != change.version:
        current = state.text or (state.previous.msgstr if state.previous else "")
        return Outcome(
            change,
            Result.CONFLICT,
            "this translation changed on disk since the page was loaded: "
            "compare with the current text below, then save again",
            current,
        )
    if not change.text.strip():
        return Outcome(change, Result.REFUSED, "the translation is empty")
    lost = check_placeholders(change.key[1], change.text, Context(lang, site.glossary))
    if lost:
        reasons = "; ".join(p.message for p in lost)
        return Outcome(change, Result.REFUSED, f"not saved: {reasons} (copy it from the source)")
    if state.status is Status.APPROVED and state.text == change.text:
        return Outcome(change, Result.APPROVED, "already approved")
    return None


def _shown_text(scope: Scope, key: Key) -> str:
    """The text the page offered for a unit: its draft, approved or earlier translation."""
    translations, drafts = read_po(scope.translations), read_po(scope.drafts)
    for state in unit_states(scope.units, translations, drafts):
        if state.unit.key == key:
            return state.text or (state.previous.msgstr if state.previous else "")
    return ""


def _write_draft(
    scope: Scope, lang: str, change: Change, reviewer: str, fuzzy: bool, day: str
) -> Draft:
    """Put the reviewer's text into drafts/, as pressroom review would find a Poedit edit."""
    edited = change.text != _shown_text(scope, change.key)  # re-approved unchanged: not edited
    po = open_po(scope.drafts, lang, f"Drafts: {scope.label}, {lang}.")
    existing = next((e for e in po if not e.obsolete and (e.msgctxt, e.msgid) == change.key), None)
    previous_msgid = existing.previous_msgid if existing is not None else None
    entry = upsert(po, change.key, change.text, fuzzy=fuzzy, previous_msgid=previous_msgid)
    if edited:
        if any(line.startswith(PSEUDO_PROVENANCE) for line in (entry.comment or "").splitlines()):
            set_comment(entry, "comment", "machine:", None)  # a person rewrote it
        set_comment(entry, "comment", "outdated:", None)
        set_comment(entry, "tcomment", "edited-by:", f"edited-by: {reviewer} {day}")
    header = Header(f"Pressroom {scope.label}", lang, reviewer, dt.date.fromisoformat(day))
    save_po(po, scope.drafts, header)
    comments = tuple(line for line in (entry.comment or "").splitlines() if line.strip())
    return Draft(change.key, change.text, fuzzy, tuple(entry.flags), comments)


def apply_change(
    content: Path, release_id: str, lang: str, change: Change, reviewer: str, approve: bool
) -> Outcome:
    with locked(content, timeout=LOCK_WAIT_SECONDS):
        site = load_site(content)
        scope = _scope(site, release_id, lang, change.scope)
        day = today(site.organization.timezone).isoformat()
        if (problem := _check(site, scope, lang, change)) is not None:
            return problem
        if not approve:
            _write_draft(scope, lang, change, reviewer, fuzzy=True, day=day)
            return Outcome(change, Result.SAVED, "saved as a draft (not published)")
        would = decide_draft(
            Draft(change.key, change.text, False, (), _comments(scope, change.key)),
            current=True,
            accept_all=False,
        )
        if would.action is not Action.APPROVE:
            _write_draft(scope, lang, change, reviewer, fuzzy=True, day=day)
            return Outcome(
                change, Result.REFUSED, f"saved as a draft, not approved: {would.reason}"
            )
        _write_draft(scope, lang, change, reviewer, fuzzy=False, day=day)
        states, decisions = scope_decisions(scope, accept_all=False)
        mine = [d for d in decisions if d.key == change.key and d.action is Action.APPROVE]
        apply_decisions(scope, lang, states, mine, reviewer, dt.date.fromisoformat(day))
        return Outcome(change, Result.APPROVED, "approved")


def _comments(scope: Scope, key: Key) -> tuple[str, ...]:
    entry = read_po(scope.drafts).get(key)
    if entry is None:
        return ()
    return tuple(line for line in entry.comments.splitlines() if line.strip())


def apply_all(
    content: Path, release_id: str, lang: str, changes: list[Change], reviewer: str
) -> list[Outcome]:
    """Approve several units, each checked on its own: one conflict does not stop the rest."""
    return [apply_change(content, release_id, lang, c, reviewer, approve=True) for c in changes]
