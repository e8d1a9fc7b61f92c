"""The template view: one language edition as the context its template renders.

Each unit gets its approved translation (or, in a review copy, its draft or source text,
marked as unreviewed), placeholders are filled for the edition's year, and assets are
referenced for print or for the web.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup

from pipeline.content.loader import Release, Site
from pipeline.content.segmentation import Block, ListBlock, QuoteBlock, RuleBlock, TextBlock, Unit
from pipeline.edition.language_edition import LanguageEdition
from pipeline.l10n import localize
from pipeline.l10n.unit_status import Status
from pipeline.render import advisory, typography
from pipeline.render.images import ImageCache, Prepared, is_raster
from pipeline.render.jinja_html import data_uri, inline, plain


class Text:
    """A localized text: renders as inline HTML with its language's typography, marked
    when it is not reviewed. ``lang`` is the language the words are in: the source
    language's, when a review copy shows the source where a translation is missing, and
    then the passage says so with its own ``lang`` attribute (screen readers, hyphenation).
    """

    def __init__(self, source: str, status: Status, lang: str, edition_lang: str) -> None:
        self.source = source
        self.status = status
        self.lang = lang
        self.edition_lang = edition_lang

    def __html__(self) -> str:
        rendered = str(inline(self.source, self.lang))
        foreign = f' lang="{self.lang}"' if self.lang != self.edition_lang else ""
        if self.status is Status.APPROVED:
            return f"<span{foreign}>{rendered}</span>" if foreign else rendered
        return f'<mark class="unreviewed" data-status="{self.status}"{foreign}>{rendered}</mark>'

    def __str__(self) -> str:
        return plain(self.source, self.lang)

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
        self.org_keys = {s.unit.key for s in le.org_states}
        org_lang = le.site.organization.language
        self.org_values = localize.placeholder_values(org_lang, ed.day, ed.event, ed.years)

    def text(self, unit: Unit | None) -> Text | None:
        if unit is None:
            return None
        state = self.by_key[unit.key]
        lang = self.le.lang
        if state.status is Status.APPROVED and state.text:
            return Text(localize.fill(state.text, self.values), Status.APPROVED, lang, lang)
        if state.text:  # a draft
            return Text(localize.fill(state.text, self.values), state.status, lang, lang)
        if state.previous is not None:  # the translation of an earlier source text
            text = localize.fill(state.previous.msgstr, self.values)
            return Text(text, state.status, lang, lang)
        # Nothing in this language: the source text, in the source language's own words.
        source = self.source_lang(unit)
        values = self.source_values if source == self.le.release.front.language else self.org_values
        return Text(localize.fill(unit.msgid, values), state.status, source, lang)

    def source_lang(self, unit: Unit) -> str:
        """The language a unit is written in: the release's, or the organisation's."""
        if unit.key in self.org_keys:
            return self.le.site.organization.language
        return self.le.release.front.language

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


def prepare(cache: ImageCache, path: Path, web: bool) -> Prepared:
    return cache.for_web(path) if web else cache.for_print(path)


def web_images(le: LanguageEdition, cache: ImageCache) -> list[Prepared]:
    """The image files the web HTML of an edition references, to write beside it."""
    root = le.site.root
    return [cache.for_web(root / i.src) for i in le.release.front.images if is_raster(root / i.src)]


class ImageView(TypedDict):
    src: str
    caption: Text | None
    credit: str | None
    alt: str
    alt_lang: str
    width: int | None
    height: int | None


class AuthorView(TypedDict):
    name: str
    role: Text | None


class OrganizationView(TypedDict):
    name: Text | None
    short_name: Text | None
    about: Text | None
    address: str | None
    phone: str | None
    email: str | None
    website: str | None
    logo: str | None


class ContactView(TypedDict):
    name: str
    role: Text | None
    email: str | None
    phone: str | None


class TemplateContext(TypedDict):
    """What a release template (templates/KIND.html) may use: nothing else is passed."""

    lang: str
    dir: str
    review: bool
    web: bool
    external_styles: bool  # print: style.css and _page.css go to WeasyPrint parsed, not inline
    paper: str
    title: str
    meta_author: str
    meta_subject: str
    keywords: str
    kind: str
    headline: Text | None
    subheadline: Text | None
    dateline: Text | None
    date: str
    comma: str
    colon: str
    iso_date: str
    embargo: str | None
    author: AuthorView | None
    images: list[ImageView]
    body: list[dict[str, Any]]
    org: OrganizationView
    contact: ContactView
    watermark: Markup
    advisory: dict[str, Any] | None
    ics: str | None


def view(
    le: LanguageEdition,
    *,
    review: bool = False,
    web: bool = False,
    image_cache: ImageCache | None = None,
    paper: str | None = None,
    external_styles: bool = False,
) -> TemplateContext:
    """The template context for one language edition (on the organisation's paper unless asked).

    With an ``image_cache``, photos are scaled and stripped: embedded (as data) in the
    print HTML, and referenced by file name in the web HTML (see ``web_images``).
    """
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
    alts = [u for u in units if u.context == "alt"]
    images = []
    for image in front.images:
        caption = loc.text(captions.pop(0)) if image.caption else None
        alt = loc.text(alts.pop(0)) if image.alt else None
        entry: ImageView = {
            "src": asset(image.src),
            "caption": caption,
            "credit": image.credit,
            "alt": str(alt) if alt else (str(caption) if caption else ""),
            "alt_lang": alt.lang if alt else (caption.lang if caption else le.lang),
            "width": None,
            "height": None,
        }
        if image_cache is not None and is_raster(site.root / image.src):
            prepared = prepare(image_cache, site.root / image.src, web)
            entry["width"], entry["height"] = prepared.width, prepared.height
            entry["src"] = prepared.name if web else prepared.data_uri
        images.append(entry)
    return {
        "lang": le.lang,
        "dir": localize.direction(le.lang),
        "review": review,
        "web": web,
        "external_styles": external_styles,
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
        "colon": typography.colon(le.lang),
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
        "advisory": (
            advisory.block(
                front.advisory,
                le.lang,
                org.timezone,
                loc.text(_unit(units, "advisory.venue")),
                loc.text(_unit(units, "advisory.accreditation")),
            )
            if front.advisory
            else None
        ),
        "ics": f"{release.id}-{le.lang}.ics" if front.advisory and not review else None,
    }


def calendar_file(le: LanguageEdition) -> bytes | None:
    """The iCalendar file of a media advisory in this language, or None."""
    front, org = le.release.front, le.site.organization
    if front.advisory is None:
        return None
    loc = _Localizer(le, review=False)
    units = le.release.units
    headline = loc.text(_unit(units, "headline"))
    venue = loc.text(_unit(units, "advisory.venue"))
    accreditation = loc.text(_unit(units, "advisory.accreditation"))
    lines = [str(accreditation)] if accreditation else []
    if front.advisory.rsvp:
        by = localize.long_date(front.advisory.rsvp.by, le.lang)
        reply = le.labels.gettext("Reply by %(date)s", date=by)
        lines.append(f"{le.labels.gettext('RSVP')}: {front.advisory.rsvp.email} ({reply})")
    site_host = urlsplit(org.website).hostname if org.website else None
    domain = site_host or (org.email.split("@")[1] if org.email else "pressroom.invalid")
    return advisory.ics(
        front.advisory,
        release_id=le.release.id,
        lang=le.lang,
        summary=str(headline),
        venue=str(venue),
        description="\n".join(lines),
        organizer=(str(loc.text(_unit(le.site.org_units, "name"))), org.email),
        stamp=dt.datetime.combine(le.edition.day, dt.time(0), dt.UTC),
        domain=domain,
    )
