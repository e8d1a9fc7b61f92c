"""``ID-LANG.ninjs.json``: one public edition as an IPTC ninjs 3.1 news item.

News agencies and newsroom systems ingest ninjs. Only public editions get one (an embargoed
edition is not on the site at all), so no item carries ``embargoedUntil``.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.publish.public_site import PublicEdition, PublicSite


def ninjs_name(ed: PublicEdition) -> str:
    return f"{ed.release_id}-{ed.lang}.ninjs.json"


def ninjs_item(public: PublicSite, ed: PublicEdition, body_html: str, pdf_size: int) -> bytes:
    """The ninjs document of one edition, as the bytes written beside its page."""
    ctx = ed.context
    item: dict[str, Any] = {
        "uri": ed.tag_uri,
        "type": "text",
        "representationType": "full",
        "profile": ed.le.release.front.kind,
        "language": ed.lang,
        "firstCreated": ed.published.isoformat(),
        "versionCreated": ed.modified.isoformat(),
        "pubStatus": "usable",
        "copyrightHolder": str(ctx["org"]["name"]),
        "headlines": [{"role": "main", "value": ed.headline}],
        "descriptions": [{"role": "summary", "value": ed.description}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": body_html}],
        "located": str(ctx["dateline"]),
        "altIds": [
            {"role": "pressroom", "value": f"{ed.release_id}/{ed.day}/{ed.lang}"},
        ],
        "organisations": [{"name": str(ctx["org"]["name"]), "rel": "publisher"}],
        "subjects": [{"name": tag, "rel": "about"} for tag in ed.le.release.front.tags],
        "renditions": [
            {
                "name": "pdf",
                "contentType": "application/pdf",
                "title": f"{ed.release_id}-{ed.lang}.pdf",
                "sizeInBytes": pdf_size,
            },
            {"name": "html", "contentType": "text/html", "title": "index.html"},
        ],
    }
    if ctx["author"]:
        item["by"] = ctx["author"]["name"]
    if public.base:
        page = public.base + ed.path
        item["altIds"].append({"role": "url", "value": page})
        item["renditions"][0]["href"] = page + item["renditions"][0]["title"]
        item["renditions"][1]["href"] = page
    if not item["subjects"]:
        del item["subjects"]
    text = json.dumps(item, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
