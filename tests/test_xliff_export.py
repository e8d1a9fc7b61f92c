"""`pressroom export`: XLIFF 1.2 valid against the OASIS strict schema and read by
translate-toolkit as we wrote it; TMX 1.4b of the approved translations."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
import pytest
from lxml import etree
from translate.storage import factory
from translate.storage.tmx import tmxfile
from translate.storage.xliff import xliffunit

from .conftest import Result, run_process
from .xliff_support import (
    CHANGED_HEADING,
    DRAFT_TEXT,
    DRAFTED,
    MISSING,
    NS,
    RELEASE,
    job_content,
    units,
    xliff_schema,
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    root = tmp_path_factory.mktemp("export")
    content = job_content(root)
    target = root / "es.xlf"
    result = run_process("export", RELEASE, "--lang", "es", "-o", target, "--content", content)
    assert result.code == 0, result.err
    return content, target, result


def test_valid_against_the_strict_schema(exported: tuple[Path, Path, Result]) -> None:
    _, xliff, _ = exported
    schema = xliff_schema()
    doc = etree.parse(str(xliff))
    assert schema.validate(doc), schema.error_log
    raw = xliff.read_bytes()
    assert b'xmlns=""' not in raw
    files = doc.getroot().findall("x:file", NS)
    assert [f.get("original") for f in files] == [
        f"releases/{RELEASE}/release.md",
        "organization.yaml",
    ]
    assert {(f.get("source-language"), f.get("target-language")) for f in files} == {("en", "es")}
    assert {f.get("datatype") for f in files} == {"plaintext"}


def test_a_schema_violation_is_caught(exported: tuple[Path, Path, Result]) -> None:
    """The validation can fail: a <file> without original is refused by the schema."""
    _, xliff, _ = exported
    doc = etree.parse(str(xliff))
    del doc.getroot().find("x:file", NS).attrib["original"]
    assert not xliff_schema().validate(doc)


def test_states_ids_and_notes(exported: tuple[Path, Path, Result]) -> None:
    _, xliff, _ = exported
    found = units(etree.parse(str(xliff)).getroot())
    headline = next(u for u in found.values() if u.get("resname") == "headline")
    source = str(headline.findtext("x:source", namespaces=NS))
    expected_id = hashlib.sha1(f"headline\x04{source}".encode()).hexdigest()[:16]
    assert headline.get("id") == expected_id
    assert "{ordinal}" in source  # placeholders stay as text
    approved = headline.find("x:target", NS)
    assert approved is not None and approved.get("state") == "signed-off"
    assert headline.get("approved") == "yes"
    assert headline.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"

    link = next(s for s in found if "](https://example.org/national-day)" in s)
    assert found[link].get("resname") is None  # a body block has no msgctxt

    outdated = found[CHANGED_HEADING]
    target = outdated.find("x:target", NS)
    assert target is not None and target.get("state") == "needs-review-translation"
    assert target.text == "Una recepción para 250 invitados"  # the earlier translation
    notes = [n.text for n in outdated.findall("x:note", NS)]
    assert "source changed; previous source: A reception for 250 guests" in notes

    draft = found[DRAFTED]
    target = draft.find("x:target", NS)
    assert target is not None and target.text == DRAFT_TEXT
    assert target.get("state") == "needs-review-translation"
    assert target.get("state-qualifier") == "leveraged-mt"
    notes = [str(n.text) for n in draft.findall("x:note", NS)]
    assert "machine: google 2026-05-01" in notes
    assert "qa (blocking): number 30 of the source is missing" in notes

    missing = found[MISSING]
    assert missing.find("x:target", NS) is None
    notes = [n.text for n in missing.findall("x:note", NS)]
    assert "glossary: 'national orchestra' is translated as 'orquesta nacional'" in notes


def test_second_export_is_identical(exported: tuple[Path, Path, Result]) -> None:
    content, xliff, _ = exported
    again = run_process("export", RELEASE, "--lang", "es", "--content", content)
    assert again.code == 0, again.err
    assert again.out.encode("utf-8") == xliff.read_bytes()


def test_translate_toolkit_reads_what_we_wrote(exported: tuple[Path, Path, Result]) -> None:
    content, xliff, _ = exported
    store = factory.getobject(str(xliff))
    read: dict[str, Any] = {u.source: u for u in store.units if isinstance(u, xliffunit)}
    ours = units(etree.parse(str(xliff)).getroot())
    assert set(read) == set(ours)
    assert len(read) == len(store.units)
    translations = polib.pofile(str(content / "releases" / RELEASE / "translations" / "es.po"))
    approved = {e.msgid: e.msgstr for e in translations}
    for source, unit in read.items():
        assert unit.getid().endswith(str(ours[source].get("id")))
        if source in approved:
            assert unit.target == approved[source]
            assert unit.get_state_n() == xliffunit.S_SIGNED_OFF
            assert not unit.isfuzzy()
    assert read[DRAFTED].target == DRAFT_TEXT
    assert read[DRAFTED].get_state_n() == xliffunit.S_NEEDS_REVIEW
    assert read[CHANGED_HEADING].get_state_n() == xliffunit.S_NEEDS_REVIEW
    assert read[MISSING].target in (None, "")
    assert read[MISSING].get_state_n() == xliffunit.S_UNTRANSLATED
    assert "machine: google 2026-05-01" in read[DRAFTED].getnotes()


def test_export_errors(exported: tuple[Path, Path, Result]) -> None:
    content = exported[0]
    fr = run_process("export", RELEASE, "--lang", "fr", "--content", content)
    assert fr.code == 1
    assert "has no language 'fr' (it has: en, es, az, ar, ru, de)" in fr.err
    bad = run_process("export", RELEASE, "--lang", "xx", "--content", content)
    assert bad.code == 2 and "unknown language code 'xx'" in bad.err
    unknown = run_process("export", "no-such", "--lang", "es", "--content", content)
    assert unknown.code == 2 and "no release named no-such" in unknown.err
    folder = run_process("export", RELEASE, "--lang", "es", "-o", content, "--content", content)
    assert folder.code == 1 and folder.err.startswith(f"error: cannot write {content}")
    for result in (fr, bad, unknown, folder):
        assert "Traceback" not in result.err


def test_tmx_holds_every_approved_translation(tmp_path: Path, content: Path) -> None:
    """The sample content: an English release with es approved, a Spanish op-ed with en."""
    tmx = tmp_path / "en.tmx"
    result = run_process(
        "export", "--format", "tmx", "--lang", "en", "-o", tmx, "--content", content
    )
    assert result.code == 0, result.err
    store = tmxfile(tmx.read_bytes(), sourcelanguage="es", targetlanguage="en")
    pairs = {(u.source, u.target) for u in store.units}
    op_ed = content / "releases" / "ambassador-article-el-peruano" / "translations" / "en.po"
    approved = {(e.msgid, e.msgstr) for e in polib.pofile(str(op_ed)) if e.msgstr and not e.fuzzy}
    assert approved and approved <= pairs
    assert len(pairs) == len(store.units)  # nothing else: the organisation writes in en
    doc = etree.parse(str(tmx))
    assert doc.getroot().get("version") == "1.4"
    assert {tu.get("srclang") for tu in doc.iter("tu")} == {"es"}


def test_tmx_leaves_drafts_out(tmp_path: Path, content: Path) -> None:
    tmx = tmp_path / "ru.tmx"
    result = run_process(
        "export", "--format", "tmx", "--lang", "ru", "-o", tmx, "--content", content
    )
    assert result.code == 0, result.err
    store = tmxfile(tmx.read_bytes(), sourcelanguage="en", targetlanguage="ru")
    pairs = {(u.source, u.target) for u in store.units}
    org = {
        (e.msgid, e.msgstr)
        for e in polib.pofile(str(content / "translations" / "ru.po"))
        if e.msgstr and not e.fuzzy
    }
    drafted = {
        (e.msgid, e.msgstr)
        for e in polib.pofile(
            str(content / "releases" / "january-20-anniversary" / "drafts" / "ru.po")
        )
        if e.msgstr
    }
    assert org and org <= pairs
    assert drafted and not drafted & pairs
