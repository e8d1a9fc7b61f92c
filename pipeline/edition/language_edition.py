"""One language edition of one release: the state of its units and the text to render.

This is where the translation store meets the content: each unit gets its approved
translation (or, for review copies, its draft or source text, marked), placeholders are
filled for the edition's year, and the result is the view the templates render.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from pipeline.content.loader import Release, Site
from pipeline.content.paths import organization_po, release_po
from pipeline.content.segmentation import Unit
from pipeline.edition.schedule import Edition
from pipeline.l10n import qa_memo
from pipeline.l10n.qa_checks import Finding
from pipeline.l10n.template_labels import Labels, labels_for
from pipeline.l10n.unit_status import Counts, PoStore, Status, UnitState, read_po, unit_states

UNFILLABLE = qa_memo.UNFILLABLE  # the QA check name of unfillable placeholders


def po(path: Path) -> PoStore:
    """A PO file, parsed once per version of it on disk (commands may run in one process)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return PoStore(path)
    return _po(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)  # keyed by file version: bounded for a long-running server
def _po(path: Path, mtime_ns: int, size: int) -> PoStore:
    return read_po(path)


def release_stores(site: Site, release_id: str, lang: str) -> tuple[PoStore, PoStore]:
    pair = release_po(site.root, release_id, lang)
    return po(pair.translations), po(pair.drafts)


def org_stores(site: Site, lang: str) -> tuple[PoStore, PoStore]:
    pair = organization_po(site.root, lang)
    return po(pair.translations), po(pair.drafts)


def _source_states(units: tuple[Unit, ...]) -> tuple[UnitState, ...]:
    return tuple(UnitState(u, Status.APPROVED, u.msgid) for u in units)


@dataclass(frozen=True)
class LanguageEdition:
    site: Site
    release: Release
    lang: str
    edition: Edition
    states: tuple[UnitState, ...]
    org_states: tuple[UnitState, ...]
    labels: Labels

    def findings(self, include_drafts: bool = False) -> list[Finding]:
        """QA of every translated unit (approved ones, and drafts when asked)."""
        if not include_drafts:
            return self._approved_findings
        return self._findings(include_drafts=True)

    @cached_property
    def _approved_findings(self) -> list[Finding]:
        return self._findings(include_drafts=False)

    def _findings(self, include_drafts: bool) -> list[Finding]:
        checked = [
            state
            for state in self.states + self.org_states
            if state.entry is not None
            and state.text
            and state.entry.file.suffix == ".po"
            and (include_drafts or state.status is Status.APPROVED)
        ]
        # The checks, then the placeholders this language cannot fill ({ordinal} in
        # Russian): blocking, no qa-ok, and a finding on the translation, never a
        # content error (a machine draft must not stop every other release).
        results = qa_memo.problems_of(
            [(state.unit.msgid, state.text or "") for state in checked],
            self.lang,
            self.site.glossary,
            self.release.recurring,
        )
        out = []
        for state, problems in zip(checked, results, strict=True):
            entry, unit = state.entry, state.unit
            assert entry is not None and state.text is not None
            label = unit.context or f"paragraph at {unit.file.name}:{unit.line}"
            for problem in problems:
                overridable = problem.check != UNFILLABLE
                out.append(
                    Finding(
                        str(entry.file),
                        entry.line,
                        self.lang,
                        label,
                        problem,
                        unit.msgid,
                        state.text,
                        overridable and "qa-ok" in entry.flags,
                    )
                )
        return out

    def qa_blocking(self) -> list[Finding]:
        # The source edition's own units have no PO entry; its organisation text may.
        return [f for f in self.findings() if f.blocks]

    @property
    def is_source(self) -> bool:
        return self.lang == self.release.front.language

    @cached_property  # the states never change: counted once, however often asked
    def counts(self) -> Counts:
        return Counts.of(self.states + self.org_states)

    @property
    def publishable(self) -> bool:
        return self.counts.blocking == 0 and not self.labels.missing and not self.qa_blocking()

    def holding_back(self) -> str:
        """Why this language is not publishable, in one line."""
        parts = [self.counts.summary()] if self.counts.blocking else []
        if self.is_source and self.counts.blocking:
            # Only the organisation's text can hold a source edition back: say where it goes.
            file = organization_po(self.site.root, self.lang).translations
            parts.append(
                f"the organisation text is not approved in '{self.lang}' "
                f"({file.relative_to(self.site.root).as_posix()} in the content folder)"
            )
        if qa := self.qa_blocking():
            units = len({(f.file, f.line) for f in qa})
            parts.append(f"{units} unit(s) failing blocking QA checks, see pressroom check")
        if missing := self.labels.missing:
            parts.append(
                f"{len(missing)} template label(s) missing from templates/locales/{self.lang}.po"
            )
        return "; ".join(p for p in parts if p)


def _org_states(site: Site, lang: str) -> tuple[UnitState, ...]:
    if lang == site.organization.language:
        return _source_states(site.org_units)
    # No fallback to the organisation's own language, not even for the source edition:
    # a Spanish release never goes out with an English "About" (DESIGN, organization.yaml).
    return tuple(unit_states(site.org_units, *org_stores(site, lang)))


class PerLanguage:
    """What every edition in one language shares: the template labels and the states of
    the organisation's text. A command that plans a whole site looks each up once per
    language, not once per release (500 releases, 4 languages: 2,000 times)."""

    def __init__(self, site: Site, templates: Path) -> None:
        self.site, self.templates = site, templates
        self._labels: dict[str, Labels] = {}
        self._org: dict[str, tuple[UnitState, ...]] = {}

    def labels(self, lang: str) -> Labels:
        if lang not in self._labels:
            self._labels[lang] = labels_for(self.templates, lang)
        return self._labels[lang]

    def org_states(self, lang: str) -> tuple[UnitState, ...]:
        if lang not in self._org:
            self._org[lang] = _org_states(self.site, lang)
        return self._org[lang]


def plan(
    site: Site,
    release: Release,
    lang: str,
    edition: Edition,
    templates: Path,
    shared: PerLanguage | None = None,
) -> LanguageEdition:
    """The language edition; ``shared`` (for ``site`` and ``templates``) when the caller
    plans many."""
    shared = shared or PerLanguage(site, templates)
    labels = shared.labels(lang)
    if lang == release.front.language:
        states = _source_states(release.units)
    else:
        states = tuple(unit_states(release.units, *release_stores(site, release.id, lang)))
    org_states = shared.org_states(lang)
    return LanguageEdition(site, release, lang, edition, states, org_states, labels)


class Planner:
    """Plans each language edition once per run, however many stages ask for it."""

    def __init__(self, site: Site, templates: Path) -> None:
        self.site, self.templates = site, templates
        self._plans: dict[tuple[str, str, str], LanguageEdition] = {}
        self._shared = PerLanguage(site, templates)

    def __call__(self, release: Release, lang: str, edition: Edition) -> LanguageEdition:
        key = (release.id, lang, edition.day.isoformat())
        if key not in self._plans:
            self._plans[key] = plan(self.site, release, lang, edition, self.templates, self._shared)
        return self._plans[key]
