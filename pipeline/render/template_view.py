"""The template view: one language edition as the context its template renders.

Each unit gets its approved translation (or, in a review copy, its draft or source text,
marked as unreviewed), placeholders are filled for the edition's year, and assets are
referenced for print or for the web.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from pipeline.content.loader import Release, Site
from pipeline.content.segmentation import Block, ListBlock, QuoteBlock, RuleBlock, TextBlock, Unit
from pipeline.edition.language_edition import LanguageEdition
from pipeline.l10n import localize
from pipeline.l10n.unit_status import Status
from pipeline.render.jinja_html import data_uri, inline, plain


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


def paper_variants(site: Site, release: Release, lang: str) -> list[str]:
    """Papers other than the main one that outlets taking this edition want (their own PDFs)."""
    main = site.organization.paper
    return sorted(
        {
            o.paper
            for o in site.outlets
            if o.paper != main and lang in o.languages and o.takes(release.front.tags)
        }
    )


def view(
    le: LanguageEdition, *, review: bool = False, web: bool = False, paper: str | None = None
) -> dict[str, Any]:
    """The template context for one language edition (on the organisation's paper unless asked)."""
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
        "paper": paper or site.organization.paper,
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
