"""The public press site as data: which language editions are public at a moment, and what
each page says about itself (address, alternates, dates), before any file is written.

The site is derived, never edited: every build gathers it again from the manifest (what was
built into output/) and the current plan (what is still publishable), and keeps only the
editions whose embargo has passed at the build's moment. The moments at which that answer
changes (the last embargo passed, the next one to come) are kept too, so the no-op fast path
knows when a run must do work although no file changed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pipeline.content.loader import Site
from pipeline.edition import language_edition as editions
from pipeline.edition.schedule import Edition, edition
from pipeline.l10n import localize
from pipeline.publish.manifest_types import Manifest
from pipeline.render.jinja_html import plain
from pipeline.render.template_view import TemplateContext, Text, view

# CLDR names some languages with an adjective ("azərbaycan"); a switcher wants the noun.
NATIVE_NAME_OVERRIDES = {"az": "Azərbaycan dili"}
DESCRIPTION_LENGTH = 200


def native_name(lang: str) -> str:
    """The language named in itself, as a menu shows it: Español, Русский, العربية."""
    if lang in NATIVE_NAME_OVERRIDES:
        return NATIVE_NAME_OVERRIDES[lang]
    name = str(localize.locale_of(lang).display_name or lang)
    return name[:1].upper() + name[1:]


def site_base(site: Site) -> str | None:
    """``site_url`` ending in one slash, or None when the organisation has not set one."""
    url = site.organization.site_url
    return url.rstrip("/") + "/" if url else None


def tag_authority(site: Site) -> str:
    """The domain that mints the site's tag: URIs, stable when the site moves (RFC 4151)."""
    org = site.organization
    for url in (org.website, org.site_url):
        if url and (host := urlsplit(url).hostname):
            return host
    if org.email:
        return org.email.rpartition("@")[2]
    return "pressroom.invalid"


@dataclass(frozen=True)
class PublicEdition:
    """One language edition on the public site."""

    le: editions.LanguageEdition
    published: dt.datetime  # the embargo, or the edition's day at midnight (org time zone)
    embargoed: bool  # it had an embargo: the page shows the time it was released
    pdf: str  # the PDF's path inside output/

    @property
    def release_id(self) -> str:
        return self.le.release.id

    @property
    def day(self) -> str:
        return self.le.edition.day.isoformat()

    @property
    def lang(self) -> str:
        return self.le.lang

    @property
    def path(self) -> str:
        """The page's folder inside site/, with a trailing slash."""
        return f"{self.release_id}/{self.day}/{self.lang}/"

    @property
    def pdf_name(self) -> str:
        return PurePosixPath(self.pdf).name

    @property
    def pdf_path(self) -> str:
        """The PDF's path inside site/."""
        return self.path + self.pdf_name

    @property
    def modified(self) -> dt.datetime:
        """No wall clock in the site: a version is dated by its release."""
        return self.published

    @cached_property
    def context(self) -> TemplateContext:
        """The template view of the edition (assets as paths inside content/)."""
        return view(self.le)

    @property
    def headline(self) -> str:
        return str(self.context["headline"])

    @property
    def description(self) -> str:
        """The subheadline, or the opening of the first paragraph."""
        sub = self.context["subheadline"]
        if sub:
            return str(sub)
        for block in self.context["body"]:
            if block["type"] == "text" and isinstance(block["text"], Text):
                return shorten(plain(block["text"].source), DESCRIPTION_LENGTH)
        return self.headline

    @property
    def images(self) -> tuple[tuple[str, str], ...]:
        """(path inside content/, file name in the page's folder) of each image, logo first."""
        org = self.le.site.organization
        sources = ([org.logo] if org.logo else []) + [i.src for i in self.le.release.front.images]
        out: list[tuple[str, str]] = []
        names: set[str] = set()
        for index, src in enumerate(sources):
            name = PurePosixPath(src).name
            if name in names or name in ("index.html", PurePosixPath(self.pdf).name):
                name = f"{index}-{name}"
            names.add(name)
            out.append((src, name))
        return tuple(out)

    @property
    def tag_uri(self) -> str:
        """A stable id (RFC 4151) for the feed entry and the ninjs item."""
        authority = tag_authority(self.le.site)
        return f"tag:{authority},{self.day}:{self.release_id}/{self.lang}"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


@dataclass
class PublicSite:
    """Every public edition, newest first, and the embargoes still to come."""

    site: Site
    now: dt.datetime
    editions: list[PublicEdition] = field(default_factory=list)
    embargoed: dict[tuple[str, str, str], dt.datetime] = field(default_factory=dict)

    @property
    def base(self) -> str | None:
        return site_base(self.site)

    def languages(self) -> list[str]:
        """Languages with at least one public edition: the source-language order of releases."""
        seen: dict[str, None] = {}
        for lang in [self.site.organization.language] + [e.lang for e in self.editions]:
            if any(e.lang == lang for e in self.editions):
                seen.setdefault(lang, None)
        return list(seen)

    def in_language(self, lang: str) -> list[PublicEdition]:
        return [e for e in self.editions if e.lang == lang]

    def siblings(self, ed: PublicEdition) -> list[PublicEdition]:
        """The public languages of the same release and day, in the release's order."""
        order = ed.le.release.front.languages
        found = [e for e in self.editions if (e.release_id, e.day) == (ed.release_id, ed.day)]
        return sorted(found, key=lambda e: order.index(e.lang))

    def x_default(self, ed: PublicEdition) -> PublicEdition:
        """The source language when it is public, otherwise the first public language."""
        siblings = self.siblings(ed)
        source = ed.le.release.front.language
        return next((e for e in siblings if e.lang == source), siblings[0])

    def window(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The last embargo that has passed and the next one to come, among built editions."""
        passed = [e.published for e in self.editions if e.embargoed]
        return (max(passed) if passed else None), min(self.embargoed.values(), default=None)


def _grouped(manifest: Manifest) -> dict[tuple[str, str, str], dict[str, str]]:
    groups: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for relpath, record in manifest.get("files", {}).items():
        if record.get("kind") != "edition" or record.get("withdrawn") or record.get("paper"):
            continue
        key = (record["release"], record["edition"], record["language"])
        groups[key][PurePosixPath(relpath).suffix] = relpath
    return groups


def gather(
    site: Site,
    planner: editions.Planner,
    manifest: Manifest,
    output: Path,
    now: dt.datetime,
) -> PublicSite:
    """The public site at ``now``: built, still publishable, embargo passed."""
    zone = ZoneInfo(site.organization.timezone)
    public = PublicSite(site, now)
    for (release_id, day, lang), files in sorted(_grouped(manifest).items()):
        release = site.releases.get(release_id)
        pdf = files.get(".pdf")
        if release is None or lang not in release.front.languages or pdf is None:
            continue
        if not (".html" in files and (output / pdf).is_file()):
            continue
        ed: Edition = edition(release.front, site.organization.timezone, dt.date.fromisoformat(day))
        if ed.day.isoformat() != day:  # a plain release whose date has since changed
            continue
        le = planner(release, lang, ed)
        if not le.publishable:
            continue
        if ed.embargo is not None and ed.embargo > now:
            public.embargoed[(release_id, day, lang)] = ed.embargo
            continue
        published = (
            ed.embargo.astimezone(zone)
            if ed.embargo is not None
            else dt.datetime.combine(ed.day, dt.time(0), zone)
        )
        public.editions.append(PublicEdition(le, published, ed.embargo is not None, pdf))
    public.editions.sort(key=lambda e: (e.published, e.release_id, e.lang), reverse=True)
    return public
