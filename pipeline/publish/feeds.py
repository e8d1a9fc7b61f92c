"""The site's machine-readable indexes: an Atom feed per language and the sitemap.

Both need absolute addresses, so both exist only when the organisation sets ``site_url``.
Atom (RFC 4287): entry ids are tag: URIs that survive a move of the site, times carry their
UTC offset, the feed says its language (``xml:lang``), and each entry links to its page and
to the same release in the other public languages (``hreflang``). The sitemap lists every
page with its language alternates (``xhtml:link``), as search engines read them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pipeline.publish.public_site import PublicSite

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(public: PublicSite, lang: str, title: str, author: str) -> bytes:
    """The Atom feed of one language's public editions, newest first."""
    base = public.base
    assert base is not None  # feeds exist only with site_url
    ET.register_namespace("", ATOM)
    a = f"{{{ATOM}}}"
    entries = public.in_language(lang)
    feed = ET.Element(f"{a}feed", {XML_LANG: lang})
    _sub(feed, f"{a}id", f"{base}{lang}/feed.xml")
    _sub(feed, f"{a}title", title)
    _sub(feed, f"{a}updated", max(e.modified for e in entries).isoformat())
    _sub(feed, f"{a}link", rel="self", type="application/atom+xml", href=f"{base}{lang}/feed.xml")
    _sub(feed, f"{a}link", rel="alternate", type="text/html", hreflang=lang, href=f"{base}{lang}/")
    _sub(_sub(feed, f"{a}author"), f"{a}name", author)
    _sub(feed, f"{a}generator", "Pressroom")
    for ed in entries:
        entry = _sub(feed, f"{a}entry")
        _sub(entry, f"{a}id", ed.tag_uri)
        _sub(entry, f"{a}title", ed.headline)
        _sub(entry, f"{a}published", ed.published.isoformat())
        _sub(entry, f"{a}updated", ed.modified.isoformat())
        # The entry's own page last: feed readers (feedparser among them) take the last
        # rel="alternate" link as the entry's link, and the others are its translations.
        siblings = sorted(public.siblings(ed), key=lambda sibling: sibling.lang == ed.lang)
        for sibling in siblings:
            _sub(
                entry,
                f"{a}link",
                rel="alternate",
                type="text/html",
                hreflang=sibling.lang,
                href=base + sibling.path,
            )
        _sub(entry, f"{a}link", rel="enclosure", type="application/pdf", href=base + ed.pdf_path)
        _sub(entry, f"{a}summary", ed.description)
        for tag in ed.le.release.front.tags:
            _sub(entry, f"{a}category", term=tag)
    return _xml(feed)


def sitemap(public: PublicSite) -> bytes:
    """Every page of the site with its hreflang alternates."""
    base = public.base
    assert base is not None
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    s = f"{{{SITEMAP}}}"
    root = ET.Element(f"{s}urlset")

    def page(loc: str, alternates: list[tuple[str, str]], lastmod: str | None) -> None:
        url = _sub(root, f"{s}url")
        _sub(url, f"{s}loc", loc)
        if lastmod:
            _sub(url, f"{s}lastmod", lastmod)
        for hreflang, href in alternates:
            _sub(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang, href=href)

    languages = public.languages()
    index_alternates = [(lang, f"{base}{lang}/") for lang in languages]
    if languages:
        index_alternates.append(("x-default", base))
    page(base, index_alternates, None)
    for lang in languages:
        newest = public.in_language(lang)[0].modified.isoformat()
        page(f"{base}{lang}/", index_alternates, newest)
    for ed in sorted(public.editions, key=lambda e: e.path):
        alternates = [(sib.lang, base + sib.path) for sib in public.siblings(ed)]
        alternates.append(("x-default", base + public.x_default(ed).path))
        page(base + ed.path, alternates, ed.modified.isoformat())
    return _xml(root)
