"""What XLIFF export and import share: the files of one job, and the stable id of a unit.

A translation job is one release in one target language: the release's own units, and the
organisation's units (name, About, the contact's role) unless the target language is the
organisation's own. Each becomes one XLIFF ``<file>``, named by ``original`` after the
content file its source text comes from, so that an import finds its way back.

A unit's id is stable across exports and machines: the first 16 hex digits of the SHA-1 of
its gettext key, ``msgctxt + "\\x04" + msgid`` (gettext's own way of joining a context to a
message), or of ``msgid`` alone for a body block, which has no context. The same source text
always gets the same id, so an id also tells an import which text the translator saw.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.content.loader import Release, Site
from pipeline.content.models import check_language
from pipeline.content.paths import RELEASE_FILE, RELEASES, organization_po, release_po
from pipeline.content.segmentation import Unit
from pipeline.errors import PressroomError, UsageError
from pipeline.l10n.unit_status import Key

ORGANIZATION_ORIGINAL = "organization.yaml"
ID_LENGTH = 16
ID_PATTERN = re.compile(rf"^[0-9a-f]{{{ID_LENGTH}}}$")
_RELEASE_ORIGINAL = re.compile(rf"^{RELEASES}/([a-z0-9]+(?:-[a-z0-9]+)*)/{RELEASE_FILE}$")
# A PO file of ours converted by another tool (translate-toolkit's po2xliff names the file).
_RELEASE_PO = re.compile(r"(?:^|/)releases/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:translations|drafts)/")
_ORGANIZATION_PO = re.compile(r"(?:^|/)(?:translations|drafts)/[^/]+\.po$")


def unit_id(key: Key) -> str:
    """The stable XLIFF id of a unit (see the module's docstring)."""
    context, msgid = key
    joined = msgid if context is None else f"{context}\x04{msgid}"
    return hashlib.sha1(joined.encode("utf-8"), usedforsecurity=False).hexdigest()[:ID_LENGTH]


def release_original(release_id: str) -> str:
    return f"{RELEASES}/{release_id}/{RELEASE_FILE}"


@dataclass(frozen=True)
class JobFile:
    """One ``<file>`` of a translation job: a release's units or the organisation's."""

    label: str  # the release id, or "organization"
    original: str
    source_language: str
    units: tuple[Unit, ...]  # one per key, in reading order
    translations: Path
    drafts: Path

    @property
    def keys(self) -> dict[Key, Unit]:
        return {unit.key: unit for unit in self.units}


def _unique(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """One unit per key: two identical paragraphs share one entry, and one XLIFF unit."""
    seen: dict[Key, Unit] = {}
    for unit in units:
        seen.setdefault(unit.key, unit)
    return tuple(seen.values())


def release_file(site: Site, release: Release, lang: str) -> JobFile:
    pair = release_po(site.root, release.id, lang)
    return JobFile(
        release.id,
        release_original(release.id),
        release.front.language,
        _unique(release.units),
        pair.translations,
        pair.drafts,
    )


def organization_file(site: Site, lang: str) -> JobFile | None:
    """The organisation's units, unless ``lang`` is the language they are written in."""
    if lang == site.organization.language:
        return None
    pair = organization_po(site.root, lang)
    return JobFile(
        "organization",
        ORGANIZATION_ORIGINAL,
        site.organization.language,
        _unique(site.org_units),
        pair.translations,
        pair.drafts,
    )


def check_target(release: Release, lang: str) -> None:
    """``lang`` is a language code, one of the release's, and not the one it is written in."""
    try:
        check_language(lang)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if lang not in release.front.languages:
        have = ", ".join(release.front.languages)
        raise PressroomError(f"release {release.id} has no language '{lang}' (it has: {have})")
    if lang == release.front.language:
        raise PressroomError(
            f"release {release.id} is written in '{lang}': there is nothing to translate"
        )


def job_files(site: Site, release_id: str, lang: str) -> list[JobFile]:
    """The release's file, then the organisation's (when it needs translating)."""
    release = site.release(release_id)
    check_target(release, lang)
    files = [release_file(site, release, lang)]
    if (org := organization_file(site, lang)) is not None:
        files.append(org)
    return files


def file_for_original(site: Site, original: str, lang: str) -> JobFile | None:
    """The job file an XLIFF ``<file original>`` stands for, or None when it is none of ours.

    Our own exports name ``releases/ID/release.md`` or ``organization.yaml``; a PO file of
    ours converted by another tool names the PO file (``.../releases/ID/drafts/es.po``,
    ``.../translations/es.po``).
    """
    path = original.replace("\\", "/")
    match = _RELEASE_ORIGINAL.match(path) or _RELEASE_PO.search(path)
    if match:
        release = site.releases.get(match[1])
        return release_file(site, release, lang) if release else None
    if path == ORGANIZATION_ORIGINAL or path.endswith(f"/{ORGANIZATION_ORIGINAL}"):
        return organization_file(site, lang)
    if _ORGANIZATION_PO.search(path):
        return organization_file(site, lang)
    return None
