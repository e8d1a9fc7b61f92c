"""Fixture sites for the tests: each test writes exactly the content it needs.

The sample ``content/`` is the product's demo and may change at any time; a test that
asserted on its release ids, unit counts or figures broke whenever the demo did. A test
builds its own small content tree here instead, in ``tmp_path``, through the ``site``
fixture of ``conftest.py``:

    site.release("visit", statement(languages=["en", "es"]), "One paragraph.\\n")
    site.approve_all("visit", "es", lambda text: f"[es] {text}")

Everything is written as a person would write it (YAML, Markdown, gettext PO), so the
real loader reads it, line numbers and all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polib  # type: ignore[import-untyped]
import yaml

# The organisation of every fixture site, in this order (tests quote line numbers):
# name 1, short_name 2, email 3, website 4, timezone 5, about 6, contact 7; a field that
# is not here is appended after them, at line 8.
ORGANIZATION: dict[str, object] = {
    "name": "Embassy of Testland in Mexico",
    "short_name": "Testland Embassy",
    "email": "press@example.org",
    "website": "https://example.org",
    "timezone": "America/Mexico_City",
    "about": "The embassy informs the public and the press about Testland.",
    "contact": {"name": "Press Office", "email": "press@example.org"},
}

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#036"/></svg>\n'
)

REVIEWER = "reviewed-by: Test Reviewer 2026-01-01"


def statement(**fields: object) -> dict[str, object]:
    """The front matter of a one-language statement dated 2024-03-01, with ``fields`` changed.

    A field set to None is left out.
    """
    front: dict[str, object] = {
        "language": "en",
        "languages": ["en"],
        "kind": "statement",
        "headline": "A statement",
        "dateline": "Mexico City",
        "date": dt.date(2024, 3, 1),
    }
    front.update(fields)
    return {k: v for k, v in front.items() if v is not None}


def dump_yaml(data: object) -> str:
    """YAML as a person writes it: keys in the given order, lists of scalars on one line."""
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=None
    )


@dataclass(frozen=True)
class Entry:
    """One PO entry; ``tcomment`` is the translator comment (``# ...``), ``comment`` ``#.``."""

    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False
    tcomment: str = ""
    comment: str = ""
    flags: tuple[str, ...] = ()


@dataclass
class SiteBuilder:
    """A content folder under construction; every method writes its file and returns its path."""

    root: Path
    written: list[Path] = field(default_factory=list)

    def _write(self, path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.written.append(path)
        return path

    def folder(self, release_id: str) -> Path:
        return self.root / "releases" / release_id

    def organization(self, **fields: object) -> Path:
        """organization.yaml: ORGANIZATION with ``fields`` changed (None leaves a field out)."""
        data = {**ORGANIZATION, **fields}
        return self._write(
            self.root / "organization.yaml",
            dump_yaml({k: v for k, v in data.items() if v is not None}),
        )

    def release(
        self, release_id: str, front: Mapping[str, object] | str, body: str = "Text.\n"
    ) -> Path:
        """releases/ID/release.md; ``front`` is a mapping, or raw YAML text written as is."""
        text = front.strip() + "\n" if isinstance(front, str) else dump_yaml(dict(front))
        return self._write(self.folder(release_id) / "release.md", f"---\n{text}---\n{body}")

    def edit(self, path: Path, old: str, new: str) -> Path:
        """Replace text that must be there (a typo in a test fails loudly, not silently)."""
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    def po(
        self,
        release_id: str | None,
        lang: str,
        entries: Iterable[Entry],
        *,
        drafts: bool = False,
    ) -> Path:
        """translations/LANG.po (or drafts/) of a release, or with None of the organisation."""
        base = self.root if release_id is None else self.folder(release_id)
        path = base / ("drafts" if drafts else "translations") / f"{lang}.po"
        po = polib.POFile(wrapwidth=78)
        po.metadata = {
            "Project-Id-Version": release_id or "organization.yaml",
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
        for entry in entries:
            flags = [*(["fuzzy"] if entry.fuzzy else []), *entry.flags]
            po.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgstr=entry.msgstr,
                    tcomment=entry.tcomment,
                    comment=entry.comment,
                    flags=flags,
                )
            )
        return self._write(path, str(po) + "\n")

    def units(self, release_id: str | None) -> list[tuple[str | None, str]]:
        """(msgctxt, msgid) of every unit of a release, or of the organisation, as loaded."""
        from pipeline.content.loader import load_site

        site = load_site(self.root)
        units = site.org_units if release_id is None else site.releases[release_id].units
        return [(u.context, u.msgid) for u in units]

    def approve_all(
        self,
        release_id: str | None,
        lang: str,
        translate: Callable[[str], str],
        *,
        drafts: bool = False,
        tcomment: str = REVIEWER,
    ) -> Path:
        """A translation of every current unit: reviewed, or (``drafts``) fuzzy machine drafts."""
        entries = [
            Entry(
                msgid,
                translate(msgid),
                msgctxt=context,
                fuzzy=drafts,
                tcomment="" if drafts else tcomment,
                comment="machine: libre 2026-01-01" if drafts else "",
            )
            for context, msgid in self.units(release_id)
        ]
        return self.po(release_id, lang, entries, drafts=drafts)

    def outlets(self, *outlets: Mapping[str, object]) -> Path:
        return self._write(self.root / "outlets.yaml", dump_yaml([dict(o) for o in outlets]))

    def glossary(
        self, keep: Iterable[str] = (), terms: Mapping[str, Mapping[str, str]] | None = None
    ) -> Path:
        data = {"keep": list(keep), "terms": {k: dict(v) for k, v in (terms or {}).items()}}
        return self._write(self.root / "glossary.yaml", dump_yaml(data))

    def asset(self, name: str, data: str = LOGO) -> Path:
        return self._write(self.root / "assets" / name, data)


def new_site(root: Path) -> SiteBuilder:
    """A site with an organisation and nothing else: the smallest content that loads."""
    site = SiteBuilder(root)
    site.organization()
    (root / "releases").mkdir(parents=True, exist_ok=True)
    return site
