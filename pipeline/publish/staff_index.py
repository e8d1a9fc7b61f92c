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
from pipeline.publish.manifest_types import Manifest
from pipeline.publish.public_site import PublicSite
from pipeline.render.jinja_html import Templates


def site_status(
    public: PublicSite | None, key: tuple[str, str, str], publishable: bool, built: bool
) -> dict[str, str]:
    """Where an edition stands for the public: public, embargoed (until when), held back,
    withdrawn (built once, no longer publishable) or not built yet."""
    if public is None:
        return {"state": "", "until": ""}
    lang = public.site.organization.language
    if any((e.release_id, e.day, e.lang) == key for e in public.editions):
        return {"state": "public", "until": ""}
    if key in public.embargoed:
        zone = ZoneInfo(public.site.organization.timezone)
        until = localize.moment(public.embargoed[key].astimezone(zone), lang)
        return {"state": "embargoed", "until": until}
    if not publishable:
        return {"state": "withdrawn" if built else "held", "until": ""}
    return {"state": "not-built", "until": ""}


def index_rows(
    site: Site,
    planner: editions.Planner,
    manifest: Manifest,
    on: dt.date,
    public: PublicSite | None = None,
) -> list[dict[str, Any]]:
    files: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for relpath, record in manifest["files"].items():
        files[(record["release"], record["language"])][record["edition"]].append(relpath)
    built = {  # published once: still there, or withdrawn since
        (r["release"], r["edition"], r["language"])
        for r in [*manifest["files"].values(), *manifest.get("withdrawn", {}).values()]
        if r.get("kind") == "edition"
    }
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
                        public,
                        (release.id, ed.day.isoformat(), lang),
                        le.publishable,
                        (release.id, ed.day.isoformat(), lang) in built,
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
                "lang": release.front.language,
                "kind": release.front.kind,
                "next": localize.long_date(ed.day, site.organization.language),
                "years": ed.years,
                "languages": languages,
            }
        )
    rows += _left_out_rows(site, files)
    return rows


def _left_out_rows(
    site: Site, files: dict[tuple[str, str], dict[str, list[str]]]
) -> list[dict[str, Any]]:
    """Releases not built this time (content errors, on hold) still list what they have."""
    rows = []
    for release_id in sorted({*site.broken, *site.held}):
        status = "on hold" if release_id in site.held else "content errors, see pressroom validate"
        languages = [
            {
                "lang": lang,
                "publishable": False,
                "status": status,
                "counts": {"approved": "-", "outdated": "-", "draft": "-", "missing": "-"},
                "site": {"state": "", "until": ""},
                "editions": {
                    day: sorted(paths) for day, paths in sorted(days.items(), reverse=True)
                },
            }
            for (rel, lang), days in sorted(files.items())
            if rel == release_id
        ]
        rows.append(
            {
                "id": release_id,
                "headline": release_id,
                "lang": site.organization.language,
                "kind": status,
                "next": "-",
                "years": None,
                "languages": languages,
            }
        )
    return rows


def index_html(
    site: Site,
    tmpl: Templates,
    manifest: Manifest,
    on: dt.date,
    planner: editions.Planner,
    public: PublicSite | None = None,
) -> bytes:
    rows = index_rows(site, planner, manifest, on, public)
    lang = site.organization.language
    html = tmpl.render(
        "index.html",
        {
            "rows": rows,
            "organization": site.organization.name,
            "lang": lang,
            "dir": localize.direction(lang),
        },
        labels_for(tmpl.folder, lang),
    )
    return html.encode("utf-8")


def write_index(
    site: Site,
    tmpl: Templates,
    output: Path,
    manifest: Manifest,
    on: dt.date,
    planner: editions.Planner,
    public: PublicSite | None = None,
) -> None:
    write_if_changed(
        output / "index.html",
        index_html(site, tmpl, manifest, on, planner, public),
        keep_mode=False,
    )
