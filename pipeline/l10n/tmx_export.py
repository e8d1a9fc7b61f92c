"""``pressroom export --format tmx --lang L``: the approved translations as a TMX 1.4b memory.

A translator's CAT tool matches new text against its memory; giving it every reviewed
translation in content/ (the organisation's and every release's translations/L.po) makes
the house style and the glossary's choices come back by themselves. Each pair goes from
the language its source was written in (the organisation's language for its fields, each
release's own language for its units) to L; a pair seen twice is written once. Drafts are
never in it: a memory holds reviewed text only. No date goes in, so the output is stable.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from lxml import etree

from pipeline.content.loader import load_site
from pipeline.content.models import check_language
from pipeline.errors import UsageError
from pipeline.l10n.exchange import ORGANIZATION_ORIGINAL, organization_file, release_file
from pipeline.l10n.unit_status import read_po

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _pairs(content: Path, lang: str, release_id: str | None) -> list[tuple[str, str, str, str]]:
    """(source language, source, translation, where) of every approved entry, in order."""
    site = load_site(content)
    releases = [site.release(release_id)] if release_id else list(site.releases.values())
    jobs = [organization_file(site, lang)]
    jobs += [release_file(site, r, lang) for r in releases if r.front.language != lang]
    out: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for job in jobs:
        if job is None:
            continue
        where = ORGANIZATION_ORIGINAL if job.label == "organization" else job.original
        for entry in read_po(job.translations).entries.values():
            pair = (job.source_language, entry.msgid, entry.msgstr)
            if entry.msgstr and not entry.fuzzy and pair not in seen:
                seen.add(pair)
                out.append((*pair, where))
    return out


def export_tmx(content: Path, lang: str, release_id: str | None = None) -> bytes:
    """TMX 1.4b of the approved translations into ``lang`` (of one release and the
    organisation when ``release_id`` is given)."""
    try:
        check_language(lang)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    pairs = _pairs(content, lang, release_id)
    sources = {source_lang for source_lang, *_ in pairs}
    root = etree.Element("tmx", {"version": "1.4"})
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "Pressroom",
            "creationtoolversion": version("pressroom"),
            "segtype": "paragraph",
            "o-tmf": "PO",
            "adminlang": "en",
            "srclang": sources.pop() if len(sources) == 1 else "*all*",
            "datatype": "plaintext",
        },
    )
    body = etree.SubElement(root, "body")
    for source_lang, source, translation, where in pairs:
        tu = etree.SubElement(body, "tu", {"srclang": source_lang})
        prop = etree.SubElement(tu, "prop", {"type": "x-pressroom-file"})
        prop.text = where
        for code, text in ((source_lang, source), (lang, translation)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: code})
            etree.SubElement(tuv, "seg").text = text
    etree.indent(root)
    return bytes(
        etree.tostring(
            root,
            xml_declaration=True,
            encoding="UTF-8",
            doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        )
    )
