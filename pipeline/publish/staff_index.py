"""``output/index.html``: every release and language, its status, and links to its files.

Built from the manifest (what exists in output/) and the current plan of each release
(what holds a language back), so it is correct after partial and incremental builds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.content.loader import Site
from pipeline.edition import language_edition as editions
from pipeline.edition.schedule import edition
from pipeline.files import write_if_changed
from pipeline.l10n import localize
from pipeline.l10n.template_labels import labels_for
from pipeline.publish.public_site import PublicSite
from pipeline.render.jinja_html import Templates


def site_status(public: PublicSite | None, key: tuple[str, str, str], publishable: bool) -> str:
    """Where an edition stands on the public site: public, embargoed (until when), or not."""
    if public is None:
        return ""
    if any((e.release_id, e.day, e.lang) == key for e in public.editions):
        return "public"
    if key in public.embargoed:
        zone = ZoneInfo(public.site.organization.timezone)
        return f"embargoed until {public.embargoed[key].astimezone(zone).isoformat(' ', 'minutes')}"
    return "not built" if publishable else "held back"


def index_rows(
    site: Site,
    planner: editions.Planner,
    manifest: dict[str, Any],
    on: dt.date,
    public: PublicSite | None = None,
) -> list[dict[str, Any]]:
    files: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for relpath, record in manifest["files"].items():
        files[(record["release"], record["language"])][record["edition"]].append(relpath)
    rows = []
    for release in site.releases.values():
        ed = edition(release.front, site.organization.timezone, on)
        languages = []
        for lang in release.front.languages:
            le = planner(release, lang, ed)
            counts = le.counts
            languages.append(
                {
                    "lang": lang,
                    "publishable": le.publishable,
                    "status": "publishable" if le.publishable else le.holding_back(),
                    "counts": counts,
                    "site": site_status(
                        public, (release.id, ed.day.isoformat(), lang), le.publishable
                    ),
                    "editions": {
                        day: sorted(paths)
                        for day, paths in sorted(files[(release.id, lang)].items(), reverse=True)
                    },
                }
            )
        values = localize.placeholder_values(release.front.language, ed.day, ed.event, ed.years)
        rows.append(
            {
                "id": release.id,
                "headline": localize.fill(release.front.headline, values),
                "kind": release.front.kind,
                "next": ed.day.isoformat(),
                "years": ed.years,
                "languages": languages,
            }
        )
    return rows


def write_index(
    site: Site,
    tmpl: Templates,
    output: Path,
    manifest: dict[str, Any],
    on: dt.date,
    planner: editions.Planner,
    public: PublicSite | None = None,
) -> None:
    rows = index_rows(site, planner, manifest, on, public)
    html = tmpl.render(
        "index.html",
        {"rows": rows, "organization": site.organization.name},
        labels_for(tmpl.folder, "en"),
    )
    write_if_changed(output / "index.html", html.encode("utf-8"))
