"""``pressroom translate``: machine drafts for what is neither approved nor drafted.

Order of preference for each unit: the earlier translation of an outdated unit (a human's
work, for re-approval), an approved translation of the identical text anywhere in content/
(translation memory), and only then a provider call. Placeholders, glossary ``keep`` terms
and link targets are masked before sending. Every finished unit is written to drafts/ at
once, atomically, so an interrupted run resumes where it stopped. Never translations/.
"""

from __future__ import annotations

import datetime as dt
import enum
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.content.clock import today
from pipeline.content.loader import Site, load_site
from pipeline.content.models import check_language
from pipeline.content.paths import organization_po, release_po
from pipeline.errors import PressroomError, UsageError
from pipeline.files import remove_stale_temporaries
from pipeline.l10n.masking import mask
from pipeline.l10n.mt_providers import (
    PROVIDERS,
    Provider,
    ProviderError,
    Settings,
    classify,
    http_timeout,
    make_provider,
)
from pipeline.l10n.po_merge import MergingPo
from pipeline.l10n.po_scopes import Scope, scopes
from pipeline.l10n.po_writer import Header, entry_fingerprint, set_comment, upsert
from pipeline.l10n.review_decisions import looks_pseudo
from pipeline.l10n.unit_status import Status, UnitState, read_po, unit_states

Progress = Callable[[int, int], None]


@dataclass
class TranslateReport:
    calls: int = 0
    machine: int = 0
    memory: int = 0
    outdated: int = 0
    skipped_languages: list[str] = field(default_factory=list)
    lost_masks: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)  # a person's edit won over ours


def memory(site: Site, lang: str) -> dict[str, tuple[str, str]]:
    """Approved translations anywhere in content/: source text -> (translation, where)."""
    found: dict[str, tuple[str, str]] = {}
    stores = [("organization", organization_po(site.root, lang).translations)]
    stores += [(rid, release_po(site.root, rid, lang).translations) for rid in site.releases]
    for where, path in stores:
        for entry in read_po(path).entries.values():
            if entry.msgstr and not entry.fuzzy:
                found.setdefault(entry.msgid, (entry.msgstr, where))
    return found


def pending(scope: Scope, replace_pseudo: bool = False) -> list[UnitState]:
    """Units with neither an approved translation nor a draft for their current text.

    With ``replace_pseudo`` (a real provider), a draft that is still pseudo-localized text
    counts as no draft: pseudo drafts are for layout checks and never block a translation.
    """
    states = unit_states(scope.units, read_po(scope.translations), read_po(scope.drafts))
    seen: set[tuple[str | None, str]] = set()
    out = []
    for state in states:
        if state.unit.key in seen:
            continue
        seen.add(state.unit.key)
        pseudo = (
            replace_pseudo
            and state.entry is not None
            and state.entry.file == scope.drafts
            and looks_pseudo(state.entry.msgstr)
        )
        if (
            state.status is Status.MISSING
            or (state.status is Status.OUTDATED and state.entry is None)
            or pseudo
        ):
            out.append(state)
    return out


def _with_retries(provider: Provider, text: str, settings: Settings) -> str:
    delay = settings.backoff
    for attempt in range(settings.retries + 1):
        try:
            with http_timeout(settings.timeout):
                return provider.translate(text)
        except PressroomError:
            raise
        except Exception as exc:  # deep-translator's exceptions share no base class
            error = classify(exc, provider.secrets())
            if isinstance(error, ProviderError) or attempt == settings.retries:
                raise ProviderError(f"{provider.name}: {error}") from None
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


class Origin(enum.StrEnum):
    EARLIER = "earlier"  # the earlier translation of an outdated unit: a human's work
    MEMORY = "memory"  # an approved translation of the identical text elsewhere
    PROVIDER = "provider"  # a machine translation call


@dataclass(frozen=True)
class DraftPlan:
    """Where the draft of one pending unit will come from (decided before any call)."""

    scope: Scope
    state: UnitState
    origin: Origin
    text: str = ""  # known already for EARLIER and MEMORY
    where: str = ""  # the release (or "organization") a memory match comes from


def plan_drafts(
    work: list[tuple[Scope, UnitState]], remembered: dict[str, tuple[str, str]]
) -> list[DraftPlan]:
    """Pure: the order of preference for each pending unit, with no file or network access."""
    plans = []
    for scope, state in work:
        if state.previous is not None:
            plans.append(DraftPlan(scope, state, Origin.EARLIER, state.previous.msgstr))
        elif state.unit.msgid in remembered:
            text, where = remembered[state.unit.msgid]
            plans.append(DraftPlan(scope, state, Origin.MEMORY, text, where))
        else:
            plans.append(DraftPlan(scope, state, Origin.PROVIDER))
    return plans


MACHINE_TRANSLATOR = "Pressroom machine translation"


def _drafts_title(scope: Scope, lang: str) -> str:
    return f"Drafts (not reviewed, never published): {scope.label}, {lang}."


def _write_draft(
    store: MergingPo, plan: DraftPlan, text: str, note: str, header: Header, provider: str
) -> bool:
    """Write one draft into the file as it is on disk now, unless a person changed that entry."""
    key = plan.state.unit.key
    if not store.unchanged(key, store.base.get(key)):
        return False
    po = store.fresh()
    previous = plan.state.previous
    earlier = plan.origin is Origin.EARLIER
    assert previous is not None or not earlier
    entry = upsert(
        po, key, text, fuzzy=True, previous_msgid=previous.msgid if previous and earlier else None
    )
    for prefix in ("outdated:", "machine:", "memory:", "qa:"):
        set_comment(entry, "comment", prefix, None)  # a replaced pseudo draft's provenance
    if earlier:
        note = "outdated: the earlier translation, for review against the new source text"
    elif plan.origin is Origin.MEMORY:
        set_comment(entry, "comment", "memory:", f"memory: {plan.where}")
    else:
        set_comment(entry, "comment", "machine:", f"machine: {provider} {header.on}")
    if note:
        set_comment(entry, "comment", note.split(":")[0] + ":", note)
    store.save(header)
    store.base[key] = entry_fingerprint(entry)
    return True


def translate(
    content: Path,
    release_id: str,
    langs: tuple[str, ...],
    provider_name: str,
    url: str | None,
    progress: Progress | None = None,
    on: dt.date | None = None,
) -> TranslateReport:
    if provider_name not in PROVIDERS:
        raise UsageError(f"unknown provider '{provider_name}' (one of {', '.join(PROVIDERS)})")
    site = load_site(content)
    site.release(release_id)  # an unknown name is a usage error
    release = site.releases[release_id]
    remove_stale_temporaries(content)
    settings = Settings.from_environment()
    on = on or today(site.organization.timezone)
    report = TranslateReport()
    for lang in langs:
        try:
            check_language(lang)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if lang == release.front.language:
            report.skipped_languages.append(f"{lang}: the release is written in it")
            continue
        work = []
        stores: dict[Path, MergingPo] = {}
        for scope in scopes(site, release_id, lang):
            store = MergingPo(scope.drafts, lang, _drafts_title(scope, lang))
            store.snapshot()  # before deciding: the state our decisions are made on
            stores[scope.drafts] = store
            work += [(scope, state) for state in pending(scope, provider_name != "pseudo")]
        remembered = memory(site, lang)
        providers: dict[str, Provider] = {}
        for done, plan in enumerate(plan_drafts(work, remembered), start=1):
            scope, unit = plan.scope, plan.state.unit
            text, note = plan.text, ""
            if plan.origin is Origin.PROVIDER:
                source = (
                    release.front.language
                    if scope.label == release_id
                    else site.organization.language
                )
                if source not in providers:
                    providers[source] = make_provider(provider_name, source, lang, url)
                masked = mask(unit.msgid, site.glossary.keep)
                report.calls += 1
                text, lost = masked.restore(_with_retries(providers[source], masked.text, settings))
                if lost:
                    note = "qa: mask lost in machine translation: " + ", ".join(lost)
                    report.lost_masks.append(
                        f"{scope.drafts}: {lang}: {unit.msgid[:40]}: " + ", ".join(lost)
                    )
            header = Header(f"Pressroom {scope.label}", lang, MACHINE_TRANSLATOR, on)
            if _write_draft(stores[scope.drafts], plan, text, note, header, provider_name):
                counter = {Origin.EARLIER: "outdated", Origin.MEMORY: "memory"}
                name = counter.get(plan.origin, "machine")
                setattr(report, name, getattr(report, name) + 1)
            else:
                report.kept_edits.append(f"{scope.drafts}: {unit.msgid[:60]}")
            if progress:
                progress(done, len(work))
    return report


def clear_pseudo(
    content: Path, release_id: str, langs: tuple[str, ...], on: dt.date | None = None
) -> int:
    """Remove the drafts that are still pseudo-localized text (``translate --clear-pseudo``).

    A pseudo draft a translator rewrote is a real translation now and stays.
    """
    site = load_site(content)
    site.release(release_id)  # an unknown name is a usage error
    on = on or today(site.organization.timezone)
    cleared = 0
    for lang in langs:
        try:
            check_language(lang)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        for scope in scopes(site, release_id, lang):
            if not scope.drafts.exists():
                continue
            store = MergingPo(scope.drafts, lang, _drafts_title(scope, lang))
            po = store.fresh()
            gone = [e for e in po if not e.obsolete and looks_pseudo(e.msgstr)]
            for entry in gone:
                po.remove(entry)
            if gone:
                store.save(Header(f"Pressroom {scope.label}", lang, MACHINE_TRANSLATOR, on))
                cleared += len(gone)
    return cleared
