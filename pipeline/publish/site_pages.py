"""Every file of output/site/ as bytes: the pages, feeds, sitemap, ninjs items and copies.

Pure: it reads the built PDFs and the content's images but writes nothing, so the writer
can compare, replace only what changed and remove what is no longer wanted. Links between
pages are relative (they work from a folder, a file:// URL or any host); addresses that must
be absolute (canonical, Open Graph, feeds, sitemap) exist only with ``site_url``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.core import get_global
from markupsafe import Markup

from pipeline.l10n import localize
from pipeline.l10n.template_labels import labels_for
from pipeline.publish import feeds, jsonld, ninjs
from pipeline.publish.public_site import PublicEdition, PublicSite, native_name
from pipeline.render.images import IMAGE_CACHE, ImageCache, is_raster
from pipeline.render.jinja_html import Templates

NO_SITE_URL = (
    "site: no site_url in organization.yaml: feeds, sitemap and canonical links left out "
    "(links between pages are relative)"
)
BODY = (
    '{% import "_blocks.html" as blocks with context %}'
    "{{ blocks.render(body, lead=blocks.dateline(dateline, date, comma)) }}"
)


def og_locale(lang: str) -> str:
    """es -> es_ES, pt-BR -> pt_BR: Open Graph's language_TERRITORY."""
    parts = lang.split("-")
    if len(parts) > 1 and parts[-1].isalpha() and len(parts[-1]) == 2:
        return f"{parts[0]}_{parts[-1].upper()}"
    likely = str(get_global("likely_subtags").get(parts[0], parts[0])).split("_")
    return f"{parts[0]}_{likely[-1]}" if len(likely) > 1 else parts[0]


def _switcher(langs: list[str], current: str, href: str) -> list[dict[str, Any]]:
    return [
        {
            "lang": lang,
            "name": native_name(lang),
            "dir": localize.direction(lang),
            "href": href.format(lang=lang),
            "current": lang == current,
        }
        for lang in langs
    ]


def published_text(ed: PublicEdition) -> Markup:
    """The visible date: the release time for an embargoed release, else the day."""
    if ed.embargoed:
        text = localize.moment(ed.published, ed.lang)
    else:
        text = localize.long_date(ed.le.edition.day, ed.lang)
    return Markup('<time datetime="{}">{}</time>').format(ed.published.isoformat(), text)


def _size(path: Path, output: Path) -> dict[str, int | None]:
    if not is_raster(path):
        return {"width": None, "height": None}
    prepared = ImageCache(output / IMAGE_CACHE).for_web(path)
    return {"width": prepared.width, "height": prepared.height}


def edition_page(public: PublicSite, ed: PublicEdition, tmpl: Templates, output: Path) -> bytes:
    base = public.base
    names = dict(ed.images)
    ctx: dict[str, Any] = {**ed.context}  # the site adds its layout, links and metadata
    ctx["images"] = [
        dict(image, src=names[image["src"]], **_size(public.site.root / image["src"], output))
        for image in ctx["images"]
    ]
    ctx["org"] = dict(
        ctx["org"], logo=names.get(ctx["org"]["logo"]) if ctx["org"]["logo"] else None
    )
    siblings = public.siblings(ed)
    alternates = [
        {"hreflang": s.lang, "href": base + s.path if base else f"../{s.lang}/index.html"}
        for s in siblings
        if s is not ed
    ]
    if len(siblings) > 1 or base:
        default = public.x_default(ed)
        href = base + default.path if base else f"../{default.lang}/index.html"
        alternates.append({"hreflang": "x-default", "href": href})
    pictures = [n for src, n in ed.images if src != public.site.organization.logo]
    ctx["layout"] = "site-edition.html"
    ctx["web"] = True
    ctx["site"] = {
        "canonical": base + ed.path if base else None,
        "alternates": alternates,
        "feed": f"{base}{ed.lang}/feed.xml" if base else None,
        "description": ed.description,
        "og_locale": og_locale(ed.lang),
        "og_alternates": [og_locale(s.lang) for s in siblings if s is not ed],
        "og_image": base + ed.path + pictures[0] if base and pictures else None,
        "published_iso": ed.published.isoformat(),
        "published_html": published_text(ed),
        "jsonld": jsonld.script_json(jsonld.news_article(public, ed)),
        "home": f"../../../{ed.lang}/index.html",
        "switcher": _switcher([s.lang for s in siblings], ed.lang, "../{lang}/index.html"),
        "pdf": ed.pdf_name,
    }
    html = tmpl.render(f"{ed.le.release.front.kind}.html", ctx, ed.le.labels)
    return html.encode("utf-8")


def body_html(ed: PublicEdition, tmpl: Templates) -> str:
    """The release's body as HTML, for the ninjs item."""
    labels = ed.le.labels
    template = tmpl.env.from_string(BODY)
    return template.render(**ed.context, _=labels.gettext, gettext=labels.gettext).strip()


def language_page(public: PublicSite, lang: str, tmpl: Templates) -> bytes:
    base = public.base
    items = public.in_language(lang)
    langs = public.languages()
    alternates = [
        {"hreflang": other, "href": f"{base}{other}/" if base else f"../{other}/index.html"}
        for other in langs
        if other != lang
    ]
    if base:
        alternates.append({"hreflang": "x-default", "href": base})
    context = {
        "lang": lang,
        "dir": localize.direction(lang),
        "org_name": str(items[0].context["org"]["short_name"]),
        "canonical": f"{base}{lang}/" if base else None,
        "alternates": alternates,
        "feed": f"{base}{lang}/feed.xml" if base else None,
        "switcher": _switcher(langs, lang, "../{lang}/index.html"),
        "items": [
            {
                "href": f"../{ed.path}index.html",
                "headline": ed.headline,
                "description": ed.description,
                "iso": ed.published.isoformat(),
                "date": localize.long_date(ed.le.edition.day, lang),
            }
            for ed in items
        ],
    }
    labels = labels_for(tmpl.folder, lang)
    return tmpl.render("site-language.html", context, labels).encode("utf-8")


def home_page(public: PublicSite, tmpl: Templates) -> bytes:
    org = public.site.organization
    base = public.base
    langs = public.languages()
    context = {
        "lang": org.language,
        "dir": localize.direction(org.language),
        "org_name": org.name,
        "canonical": base,
        "alternates": [{"hreflang": lang, "href": f"{base}{lang}/"} for lang in langs]
        if base
        else [],
        "switcher": _switcher(langs, "", "{lang}/index.html"),
    }
    labels = labels_for(tmpl.folder, org.language)
    return tmpl.render("site-home.html", context, labels).encode("utf-8")


def _web_image(path: Path, output: Path) -> bytes:
    if not is_raster(path):
        return path.read_bytes()
    return ImageCache(output / IMAGE_CACHE).for_web(path).data


def site_files(public: PublicSite, tmpl: Templates, output: Path) -> dict[str, bytes]:
    """Every file of the site, by its path inside site/."""
    files: dict[str, bytes] = {}
    for ed in public.editions:
        pdf = (output / ed.pdf).read_bytes()
        files[ed.path + "index.html"] = edition_page(public, ed, tmpl, output)
        files[ed.pdf_path] = pdf
        for src, name in ed.images:  # photos as prepared for the web: scaled, no GPS
            files[ed.path + name] = _web_image(public.site.root / src, output)
        body = body_html(ed, tmpl)
        files[ed.path + ninjs.ninjs_name(ed)] = ninjs.ninjs_item(public, ed, body, len(pdf))
    for lang in public.languages():
        files[f"{lang}/index.html"] = language_page(public, lang, tmpl)
        if public.base:
            first = public.in_language(lang)[0]
            labels = first.le.labels
            title = f"{first.context['org']['short_name']} · {labels.gettext('Press releases')}"
            author = str(first.context["org"]["name"])
            files[f"{lang}/feed.xml"] = feeds.atom_feed(public, lang, title, author)
    files["index.html"] = home_page(public, tmpl)
    if public.base:
        files["sitemap.xml"] = feeds.sitemap(public)
    return files
