"""schema.org ``NewsArticle`` structured data for an edition page, safe inside ``<script>``.

News aggregators read it; the content inside is data a staff member typed, so the JSON is
escaped for the HTML script element (``<``, ``>``, ``&`` and the JavaScript line separators
as ``\\uXXXX``): a headline containing ``</script>`` cannot end the element.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from pipeline.publish.public_site import PublicEdition, PublicSite

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element, escaped for HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def url(public: PublicSite, ed: PublicEdition, name: str) -> str:
    """A file beside the page: absolute with ``site_url``, otherwise relative to the page."""
    return public.base + ed.path + name if public.base else name


def news_article(public: PublicSite, ed: PublicEdition) -> dict[str, Any]:
    """The NewsArticle of one edition page."""
    ctx = ed.context
    org_name = str(ctx["org"]["name"])
    publisher: dict[str, Any] = {"@type": "Organization", "name": org_name}
    if public.site.organization.website:
        publisher["url"] = public.site.organization.website
    images = [name for src, name in ed.images if src != public.site.organization.logo]
    logo = [name for src, name in ed.images if src == public.site.organization.logo]
    if logo:
        publisher["logo"] = {"@type": "ImageObject", "url": url(public, ed, logo[0])}
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": ed.headline,
        "description": ed.description,
        "inLanguage": ed.lang,
        "datePublished": ed.published.isoformat(),
        "dateModified": ed.modified.isoformat(),
        "publisher": publisher,
        "author": (
            {"@type": "Person", "name": ctx["author"]["name"]}
            if ctx["author"]
            else {"@type": "Organization", "name": org_name}
        ),
        "image": [url(public, ed, name) for name in (images or logo)],
        "isAccessibleForFree": True,
    }
    if public.base:
        article["url"] = article["mainEntityOfPage"] = public.base + ed.path
    if ctx["keywords"]:
        article["keywords"] = ctx["keywords"]
    if not article["image"]:
        del article["image"]
    return article
