"""One language edition of one release: the state of its units and the text to render.

This is where the translation store meets the content: each unit gets its approved
translation (or, for review copies, its draft or source text, marked), placeholders are
filled for the edition's year, and the result is the view the templates render.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import localize
from .catalog import Counts, PoStore, Status, UnitState, read_po, unit_states
from .errors import Problem
from .qa import Context, Finding, run_checks
from .render import Labels, Templates, data_uri, inline, plain
from .schedule import Edition
from .site import Release, Site
from .units import Block, ListBlock, QuoteBlock, RuleBlock, TextBlock, Unit


def po(path: Path) -> PoStore:
    """A PO file, parsed once per version of it on disk (commands may run in one process)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return PoStore(path)
    return _po(path, stat.st_mtime_ns, stat.st_size)


@cache
def _po(path: Path, mtime_ns: int, size: int) -> PoStore:
    return read_po(path)


def release_stores(site: Site, release_id: str, lang: str) -> tuple[PoStore, PoStore]:
    folder = site.root / "releases" / release_id
    return po(folder / "translations" / f"{lang}.po"), po(folder / "drafts" / f"{lang}.po")


def org_stores(site: Site, lang: str) -> tuple[PoStore, PoStore]:
    return (po(site.root / "translations" / f"{lang}.po"), po(site.root / "drafts" / f"{lang}.po"))


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
        ctx = Context(self.lang, self.site.glossary)
        out = []
        for state in self.states + self.org_states:
            entry = state.entry
            if entry is None or not state.text or entry.file.suffix != ".po":
                continue
            if state.status is not Status.APPROVED and not include_drafts:
                continue
            unit = state.unit
            label = unit.context or f"paragraph at {unit.file.name}:{unit.line}"
            for problem in run_checks(unit.msgid, state.text, ctx):
                out.append(
                    Finding(
                        str(entry.file),
                        entry.line,
                        self.lang,
                        label,
                        problem,
                        unit.msgid,
                        state.text,
                        "qa-ok" in entry.flags,
                    )
                )
        return out

    def qa_blocking(self) -> list[Finding]:
        return [] if self.is_source else [f for f in self.findings() if f.blocks]

    @property
    def is_source(self) -> bool:
        return self.lang == self.release.front.language

    @property
    def counts(self) -> Counts:
        return Counts.of(self.states + self.org_states)

    @property
    def publishable(self) -> bool:
        if self.is_source:
            return not self.labels.missing
        return self.counts.blocking == 0 and not self.labels.missing and not self.qa_blocking()

    def holding_back(self) -> str:
        """Why this language is not publishable, in one line."""
        parts = [self.counts.summary()] if self.counts.blocking else []
        if not self.is_source and (qa := self.qa_blocking()):
            units = len({(f.file, f.line) for f in qa})
            parts.append(f"{units} unit(s) failing blocking QA checks, see pressroom check")
        if missing := self.labels.missing:
            parts.append(
                f"{len(missing)} template label(s) missing from templates/locales/{self.lang}.po"
            )
        return "; ".join(p for p in parts if p)

    def unreviewed(self) -> list[UnitState]:
        return [s for s in self.states + self.org_states if s.status is not Status.APPROVED]


def plan(
    site: Site, release: Release, lang: str, edition: Edition, templates: Templates
) -> LanguageEdition:
    labels = templates.labels(lang)
    if lang == release.front.language:
        states = _source_states(release.units)
    else:
        states = tuple(unit_states(release.units, *release_stores(site, release.id, lang)))
    if lang == site.organization.language:
        org_states = _source_states(site.org_units)
    else:
        org_states = tuple(unit_states(site.org_units, *org_stores(site, lang)))
        if lang == release.front.language:
            # The source edition is always publishable: untranslated boilerplate falls back
            # to the organisation's own language rather than holding the release back.
            org_states = tuple(
                s
                if s.status is Status.APPROVED
                else UnitState(s.unit, Status.APPROVED, s.unit.msgid)
                for s in org_states
            )
    return LanguageEdition(site, release, lang, edition, states, org_states, labels)


class Planner:
    """Plans each language edition once per run, however many stages ask for it."""

    def __init__(self, site: Site, templates: Templates) -> None:
        self.site, self.templates = site, templates
        self._plans: dict[tuple[str, str, str], LanguageEdition] = {}

    def __call__(self, release: Release, lang: str, edition: Edition) -> LanguageEdition:
        key = (release.id, lang, edition.day.isoformat())
        if key not in self._plans:
            self._plans[key] = plan(self.site, release, lang, edition, self.templates)
        return self._plans[key]


def translation_problems(le: LanguageEdition) -> list[Problem]:
    """Placeholders a translation cannot use in its language (checked before rendering)."""
    problems = []
    for state in le.states + le.org_states:
        if state.entry is None or not state.text or state.entry.file.suffix != ".po":
            continue
        for message in localize.placeholder_problems(state.text, le.lang, le.release.recurring):
            problems.append(
                Problem(state.entry.file, state.entry.line, state.unit.context or "body", message)
            )
    return problems


class Text:
    """A localized text: renders as inline HTML, marked when it is not reviewed."""

    def __init__(self, source: str, status: Status) -> None:
        self.source = source
        self.status = status

    def __html__(self) -> str:
        rendered = inline(self.source)
        if self.status is Status.APPROVED:
            return str(rendered)
        return f'<mark class="unreviewed" data-status="{self.status}">{rendered}</mark>'

    def __str__(self) -> str:
        return plain(self.source)

    def __bool__(self) -> bool:
        return bool(self.source)


class _Localizer:
    def __init__(self, le: LanguageEdition, review: bool) -> None:
        self.le = le
        self.review = review
        ed = le.edition
        self.values = localize.placeholder_values(le.lang, ed.day, ed.event, ed.years)
        source = le.release.front.language
        self.source_values = localize.placeholder_values(source, ed.day, ed.event, ed.years)
        self.by_key = {s.unit.key: s for s in le.states + le.org_states}

    def text(self, unit: Unit | None) -> Text | None:
        if unit is None:
            return None
        state = self.by_key[unit.key]
        if state.status is Status.APPROVED and state.text:
            return Text(localize.fill(state.text, self.values), Status.APPROVED)
        if state.text:  # a draft
            return Text(localize.fill(state.text, self.values), state.status)
        if state.previous is not None:  # the translation of an earlier source text
            return Text(localize.fill(state.previous.msgstr, self.values), state.status)
        # Nothing in this language: the source text, in the source language's own words.
        return Text(localize.fill(unit.msgid, self.source_values), state.status)

    def block(self, block: Block) -> dict[str, Any]:
        if isinstance(block, TextBlock):
            return {"type": "text", "tag": block.tag, "text": self.text(block.unit)}
        if isinstance(block, ListBlock):
            return {
                "type": "list",
                "ordered": block.ordered,
                "start": block.start,
                "items": [[self.block(b) for b in item] for item in block.items],
            }
        if isinstance(block, QuoteBlock):
            return {"type": "quote", "children": [self.block(b) for b in block.children]}
        assert isinstance(block, RuleBlock)
        return {"type": "rule"}


def _unit(units: tuple[Unit, ...], context: str, index: int = 0) -> Unit | None:
    found = [u for u in units if u.context == context]
    return found[index] if index < len(found) else None


def paper(site: Site, lang: str) -> str:
    """Letter when every outlet that takes this language wants Letter; A4 otherwise."""
    sizes = {o.paper for o in site.outlets if lang in o.languages}
    return "letter" if sizes == {"letter"} else "A4"


def view(le: LanguageEdition, *, review: bool = False, web: bool = False) -> dict[str, Any]:
    """The template context for one language edition."""
    site, release, front = le.site, le.release, le.release.front
    loc = _Localizer(le, review)
    units, org_units = release.units, site.org_units

    def asset(src: str) -> str:
        return data_uri(site.root / src) if web else src

    org = site.organization
    headline = loc.text(_unit(units, "headline"))
    subheadline = loc.text(_unit(units, "subheadline"))
    org_name = loc.text(_unit(org_units, "name"))
    embargo = None
    if le.edition.embargo is not None:
        from zoneinfo import ZoneInfo

        embargo = localize.moment(le.edition.embargo.astimezone(ZoneInfo(org.timezone)), le.lang)
    captions = [u for u in units if u.context == "caption"]
    images = []
    for image in front.images:
        caption = loc.text(captions.pop(0)) if image.caption else None
        images.append(
            {
                "src": asset(image.src),
                "caption": caption,
                "credit": image.credit,
                "alt": image.alt or (str(caption) if caption else ""),
            }
        )
    return {
        "lang": le.lang,
        "dir": localize.direction(le.lang),
        "review": review,
        "web": web,
        "paper": paper(site, le.lang),
        "title": str(headline),
        "meta_author": str(org_name),
        "meta_subject": str(subheadline) if subheadline else "",
        "keywords": ", ".join(front.tags),
        "kind": front.kind,
        "headline": headline,
        "subheadline": subheadline,
        "dateline": loc.text(_unit(units, "dateline")),
        "date": localize.long_date(le.edition.day, le.lang),
        "comma": localize.comma(le.lang),
        "iso_date": le.edition.day.isoformat(),
        "embargo": embargo,
        "author": (
            {"name": front.author.name, "role": loc.text(_unit(units, "author.role"))}
            if front.author
            else None
        ),
        "images": images,
        "body": [loc.block(b) for b in release.blocks],
        "org": {
            "name": org_name,
            "short_name": loc.text(_unit(org_units, "short_name")),
            "about": loc.text(_unit(org_units, "about")),
            "address": org.address,
            "phone": org.phone,
            "email": org.email,
            "website": org.website,
            "logo": asset(org.logo) if org.logo else None,
        },
        "contact": {
            "name": org.contact.name,
            "role": loc.text(_unit(org_units, "contact.role")),
            "email": org.contact.email,
            "phone": org.contact.phone,
        },
        "watermark": Markup("MACHINE TRANSLATION - NOT REVIEWED"),
    }
