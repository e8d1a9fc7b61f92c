"""What the review page shows for one release and language: pure data, no HTTP, no writes.

Weblate's editor is the model: each unit with its source beside an editable translation,
its status (approved, draft with where it came from and how old, outdated with a word-level
difference of the old and new source and the old translation, missing), the QA problems of
the text as it stands, and the glossary terms that apply. Every unit carries a version of
its PO entries, so a save made against text that changed on disk since can be refused.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from pipeline.content.loader import Release, Site
from pipeline.content.paths import TEMPLATES
from pipeline.content.placeholders import PLACEHOLDER_RE
from pipeline.edition.language_edition import LanguageEdition, plan
from pipeline.edition.schedule import edition
from pipeline.l10n.po_scopes import Scope, scopes
from pipeline.l10n.qa_checks import Context, QaProblem, run_checks
from pipeline.l10n.unit_status import (
    Entry,
    Key,
    PoStore,
    Status,
    UnitState,
    age_days,
    read_po,
    unit_states,
)

Filter = Literal["all", "review", "qa"]
FILTERS: tuple[Filter, ...] = ("all", "review", "qa")


@dataclass(frozen=True)
class DiffPart:
    """A run of words of the old or new source: kept, removed or added."""

    kind: Literal["same", "removed", "added"]
    text: str


@dataclass(frozen=True)
class SourcePart:
    """A run of source text, or a placeholder to be shown as a token."""

    text: str
    placeholder: bool


@dataclass(frozen=True)
class UnitView:
    scope: str  # the release id, or "organization"
    key: Key
    number: int  # position in reading order, for ids and anchors
    label: str  # headline, dateline, paragraph ...
    source: str
    source_parts: tuple[SourcePart, ...]
    status: Status
    needs_review: bool
    text: str  # what the editable field holds: the draft, the approved text, or empty
    provenance: str | None
    age_days: int | None
    previous_source: str | None
    previous_translation: str | None
    diff: tuple[DiffPart, ...]
    problems: tuple[QaProblem, ...]
    glossary: tuple[tuple[str, str], ...]  # (source term, the mandated or kept form)
    version: str


@dataclass(frozen=True)
class ReviewPage:
    release: Release
    lang: str
    units: tuple[UnitView, ...]
    publishable: bool
    holding_back: str

    def shown(self, which: Filter) -> tuple[UnitView, ...]:
        if which == "review":
            return tuple(u for u in self.units if u.needs_review)
        if which == "qa":
            return tuple(u for u in self.units if u.problems)
        return self.units


def entry_version(translations: PoStore, drafts: PoStore, key: Key) -> str:
    """A short hash of everything a person could change in the unit's two PO entries."""
    digest = hashlib.sha256()
    for entry in (translations.get(key), drafts.get(key)):
        digest.update(_entry_fingerprint(entry).encode("utf-8"))
    return digest.hexdigest()[:16]


def _entry_fingerprint(entry: Entry | None) -> str:
    if entry is None:
        return "absent\x00"
    return "\x1f".join((entry.msgstr, ",".join(entry.flags), entry.comments)) + "\x00"


def word_diff(old: str, new: str) -> tuple[DiffPart, ...]:
    """Word-level differences of two source texts, as a reviewer reads them."""
    before, after = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(DiffPart("removed", "".join(before[a1:a2])))
        if b2 > b1:
            parts.append(DiffPart("added", "".join(after[b1:b2])))
    return tuple(parts)


def source_parts(text: str) -> tuple[SourcePart, ...]:
    parts: list[SourcePart] = []
    last = 0
    for match in PLACEHOLDER_RE.finditer(text):
        if match.start() > last:
            parts.append(SourcePart(text[last : match.start()], False))
        parts.append(SourcePart(match[0], True))
        last = match.end()
    if last < len(text):
        parts.append(SourcePart(text[last:], False))
    return tuple(parts)


def _label(state: UnitState) -> str:
    unit = state.unit
    return unit.context or f"paragraph, line {unit.line}"


def unit_view(
    site: Site,
    scope: Scope,
    state: UnitState,
    stores: tuple[PoStore, PoStore],
    number: int,
    on: dt.date,
) -> UnitView:
    lang_entry = state.entry
    text = state.text or ""
    if not text and state.previous is not None:
        text = state.previous.msgstr  # the old translation, ready to re-approve or edit
    provenance = lang_entry.provider if lang_entry is not None else None
    previous = state.previous
    ctx = Context(_lang_of(scope), site.glossary)
    problems = tuple(run_checks(state.unit.msgid, text, ctx)) if text else ()
    needs_review = state.status is not Status.APPROVED or (
        lang_entry is not None and lang_entry.fuzzy
    )
    return UnitView(
        scope=scope.label,
        key=state.unit.key,
        number=number,
        label=_label(state),
        source=state.unit.msgid,
        source_parts=source_parts(state.unit.msgid),
        status=state.status,
        needs_review=needs_review,
        text=text,
        provenance=provenance,
        age_days=age_days(provenance, on) if provenance else None,
        previous_source=previous.msgid if previous is not None else None,
        previous_translation=previous.msgstr if previous is not None else None,
        diff=word_diff(previous.msgid, state.unit.msgid) if previous is not None else (),
        problems=problems,
        glossary=tuple(site.glossary.applicable(state.unit.msgid, _lang_of(scope))),
        version=entry_version(*stores, state.unit.key),
    )


def _lang_of(scope: Scope) -> str:
    return scope.drafts.stem


def review_page(site: Site, release_id: str, lang: str, on: dt.date) -> ReviewPage:
    """Every unit of the release (then the organisation's) in reading order."""
    release = site.release(release_id)
    views: list[UnitView] = []
    for scope in scopes(site, release_id, lang):
        stores = (read_po(scope.translations), read_po(scope.drafts))
        seen: set[Key] = set()
        for state in unit_states(scope.units, *stores):
            if state.unit.key in seen:
                continue  # the same text twice is one PO entry, reviewed once
            seen.add(state.unit.key)
            views.append(unit_view(site, scope, state, stores, len(views) + 1, on))
    le = language_edition(site, release, lang, on)
    return ReviewPage(release, lang, tuple(views), le.publishable, le.holding_back())


def language_edition(site: Site, release: Release, lang: str, on: dt.date) -> LanguageEdition:
    return plan(
        site, release, lang, edition(release.front, site.organization.timezone, on), TEMPLATES
    )
