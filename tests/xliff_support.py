"""A translation job with every unit status, and helpers to read and edit XLIFF as a CAT tool."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib  # type: ignore[import-untyped]
from lxml import etree

from .conftest import MULTILINGUAL

SCHEMAS = Path(__file__).parent / "schemas"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": XLIFF_NS}
RELEASE = "national-day"
CHANGED_HEADING = "A reception for 300 guests"  # was "... 250 guests", approved in es
DRAFTED = "Guests are asked to arrive at 18:30."
DRAFT_TEXT = "Se ruega a los invitados llegar a las 18:00."  # a wrong time: a QA finding
MISSING = "The Embassy thanks the national orchestra."


def job_content(tmp_path: Path) -> Path:
    """The multilingual fixture with, in Spanish: approved, outdated, draft and missing units."""
    content = tmp_path / "content"
    shutil.copytree(MULTILINGUAL, content)
    release = content / "releases" / RELEASE / "release.md"
    text = release.read_text(encoding="utf-8").replace(
        "## A reception for 250 guests", f"## {CHANGED_HEADING}"
    )
    release.write_text(f"{text}\n{DRAFTED}\n\n{MISSING}\n", encoding="utf-8")
    (content / "glossary.yaml").write_text(
        "keep: [Azernews]\nterms:\n  national orchestra: {es: orquesta nacional}\n",
        encoding="utf-8",
    )
    drafts = polib.POFile()
    drafts.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    entry = polib.POEntry(msgid=DRAFTED, msgstr=DRAFT_TEXT, flags=["fuzzy"])
    entry.comment = "machine: google 2026-05-01"
    drafts.append(entry)
    drafts.save(str(content / "releases" / RELEASE / "drafts" / "es.po"))
    return content


def xliff_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


def units(doc: etree._Element) -> dict[str, etree._Element]:
    """Every trans-unit by its source text."""
    return {
        str(u.findtext("x:source", namespaces=NS)): u for u in doc.iterfind(".//x:trans-unit", NS)
    }


def set_target(unit: etree._Element, text: str, state: str = "translated") -> None:
    """What a CAT tool does when the translator confirms a segment."""
    target = unit.find("x:target", NS)
    if target is None:
        target = etree.Element(f"{{{XLIFF_NS}}}target")
        unit.find("x:source", NS).addnext(target)
    target.text = text
    target.set("state", state)
    target.attrib.pop("state-qualifier", None)


def po_entries(path: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}
