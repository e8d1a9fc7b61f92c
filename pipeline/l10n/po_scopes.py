"""The PO files a command works on for one release and language.

A release's own units live in its folder; the organisation's units (name, About, the
contact's role) live in content/translations and content/drafts, shared by every release.
The organisation's language needs no organisation scope: its text is the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.content.loader import Site
from pipeline.content.paths import organization_po, release_po
from pipeline.content.segmentation import Unit


@dataclass(frozen=True)
class Scope:
    """One PO pair to fill: a release's or the organisation's."""

    label: str
    units: tuple[Unit, ...]
    translations: Path
    drafts: Path


def scopes(site: Site, release_id: str, lang: str) -> list[Scope]:
    release = release_po(site.root, release_id, lang)
    out = [Scope(release_id, site.releases[release_id].units, release.translations, release.drafts)]
    if lang != site.organization.language:
        org = organization_po(site.root, lang)
        out.append(Scope("organization", site.org_units, org.translations, org.drafts))
    return out
