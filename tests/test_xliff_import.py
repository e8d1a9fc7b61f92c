"""`pressroom import`: a CAT tool's XLIFF lands in drafts/ as fuzzy entries, safely.

The round trip is the real one: export with the CLI, edit as a CAT tool does (targets
filled, states changed, one source altered, one unit added), import, review, build, and
read the published text back from the HTML and the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from lxml import etree
from pypdf import PdfReader

from pipeline.content.clock import today
from pipeline.content.segmentation import Unit
from pipeline.l10n.exchange import unit_id
from pipeline.l10n.import_decisions import Verdict, decide_units
from pipeline.l10n.unit_status import Entry, Key, Status, UnitState
from pipeline.l10n.xliff_read import ReadUnit

from .conftest import MULTILINGUAL, run_process
from .xliff_support import (
    CHANGED_HEADING,
    DRAFTED,
    MISSING,
    NS,
    RELEASE,
    XLIFF_NS,
    job_content,
    po_entries,
    set_target,
    units,
)

DRAFTS = Path("releases") / RELEASE / "drafts" / "es.po"
TRANSLATIONS = Path("releases") / RELEASE / "translations" / "es.po"
LINKED = "More information: [the Embassy's website](https://example.org/national-day)."


def export(content: Path, target: Path, lang: str = "es") -> etree._ElementTree:
    result = run_process("export", RELEASE, "--lang", lang, "-o", target, "--content", content)
    assert result.code == 0, result.err
    return etree.parse(str(target))


def edit_as_a_cat_tool(doc: etree._ElementTree) -> None:
    found = units(doc.getroot())
    set_target(found[MISSING], "La Embajada agradece a la orquesta nacional.")
    set_target(found[DRAFTED], "Se ruega a los invitados llegar a las 18:30.", "signed-off")
    set_target(found[CHANGED_HEADING], "Una recepción para 300 invitados")
    set_target(found["Music by the national orchestra"], "Música a cargo de la orquesta nacional")
    altered = found[LINKED]
    altered.find("x:source", NS).text = "More information: [our site](https://example.org/)."
    set_target(altered, "Más información: [nuestro sitio](https://example.org/).")
    added = etree.SubElement(
        found[MISSING].getparent(), f"{{{XLIFF_NS}}}trans-unit", {"id": "cat-tool-1"}
    )
    etree.SubElement(added, f"{{{XLIFF_NS}}}source").text = "A sentence the translator added."
    set_target(added, "Una frase añadida por el traductor.")


def test_round_trip_publishes_the_edited_text(tmp_path: Path) -> None:
    content = job_content(tmp_path)
    xliff = tmp_path / "es.xlf"
    doc = export(content, xliff)
    edit_as_a_cat_tool(doc)
    doc.write(str(xliff), xml_declaration=True, encoding="UTF-8")
    approved_before = (content / TRANSLATIONS).read_bytes()

    result = run_process("import", xliff, "--content", content)
    assert result.code == 1  # one changed source and one unknown unit
    problems = result.err.splitlines()
    assert len(problems) == 2, result.err
    assert problems[0].startswith(f"{xliff}:") and "changed-source" in problems[0]
    assert "unit cat-tool-1: unknown" in problems[1]
    assert "imported 4 unit(s)" in result.out
    assert (content / TRANSLATIONS).read_bytes() == approved_before  # approved untouched

    drafts = po_entries(content / DRAFTS)
    stamp = f"import: es.xlf {today('America/Mexico_City').isoformat()}"
    for msgid in (MISSING, DRAFTED, CHANGED_HEADING, "Music by the national orchestra"):
        entry = drafts[(None, msgid)]
        assert entry.fuzzy, msgid  # a translator's signed-off is still only a draft here
        assert entry.comment.splitlines() == [stamp], entry.comment
    assert drafts[(None, DRAFTED)].msgstr == "Se ruega a los invitados llegar a las 18:30."
    assert drafts[(None, CHANGED_HEADING)].previous_msgid == "A reception for 250 guests"
    assert not any("traductor" in e.msgstr for e in drafts.values())
    assert not any("nuestro sitio" in e.msgstr for e in drafts.values())
    assert not (content / "drafts" / "es.po").exists()  # the organisation: nothing changed

    drafts_bytes = (content / DRAFTS).read_bytes()
    again = run_process("import", xliff, "--content", content)
    assert "imported 0 unit(s)" in again.out
    assert (content / DRAFTS).read_bytes() == drafts_bytes
    assert (content / TRANSLATIONS).read_bytes() == approved_before

    review = run_process(
        "review", RELEASE, "--lang", "es", "--reviewer", "Ana Revisora", "--all",
        "--content", content,
    )  # fmt: skip
    assert review.code == 0, review.err
    assert "approved 4 unit(s)" in review.out
    output = tmp_path / "output"
    build = run_process(
        "build", RELEASE, "--lang", "es", "--date", "2026-05-01",
        "--content", content, "--output", output,
    )  # fmt: skip
    assert build.code == 0, build.err
    edition = output / RELEASE / "2026-05-28" / "es"
    html = (edition / f"{RELEASE}-es.html").read_text(encoding="utf-8")
    pdf = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(edition / f"{RELEASE}-es.pdf").pages
    )
    for text in (
        "La Embajada agradece a la orquesta nacional.",
        "Se ruega a los invitados llegar a las 18:30.",
        "Una recepción para 300 invitados",
        "Música a cargo de la orquesta nacional",
    ):
        assert text in html
        assert text in pdf
    assert "nuestro sitio" not in html


def test_unchanged_approved_text_makes_no_draft(tmp_path: Path) -> None:
    content = job_content(tmp_path)
    xliff = tmp_path / "es.xlf"
    export(content, xliff)  # returned as it was: every approved unit signed-off
    (content / DRAFTS).unlink()
    result = run_process("import", xliff, "--content", content)
    assert result.code == 0, result.err
    assert "imported 1 unit(s)" in result.out  # only the machine draft, now a translator's
    assert list(po_entries(content / DRAFTS)) == [(None, DRAFTED)]


def test_source_changed_after_export_is_skipped(tmp_path: Path) -> None:
    content = job_content(tmp_path)
    xliff = tmp_path / "es.xlf"
    doc = export(content, xliff)
    set_target(units(doc.getroot())[MISSING], "La Embajada agradece a la orquesta.")
    doc.write(str(xliff), xml_declaration=True, encoding="UTF-8")
    release = content / "releases" / RELEASE / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(MISSING, "The Embassy thanks the orchestra."),
        encoding="utf-8",
    )
    result = run_process("import", xliff, "--content", content)
    assert result.code == 1
    assert "changed-source: the source text changed after the export" in result.err
    assert "orquesta." not in (content / DRAFTS).read_text(encoding="utf-8")


def test_wrong_target_language_is_refused(tmp_path: Path) -> None:
    content = job_content(tmp_path)
    xliff = tmp_path / "es.xlf"
    doc = export(content, xliff)
    set_target(units(doc.getroot())[MISSING], "Merci à l'orchestre national.")
    for file in doc.getroot().iterfind("x:file", NS):
        file.set("target-language", "fr")
    doc.write(str(xliff), xml_declaration=True, encoding="UTF-8")
    before = (content / DRAFTS).read_bytes()
    result = run_process("import", xliff, "--content", content)
    assert result.code == 1
    assert "target-language 'fr' is not a translation of national-day" in result.err
    assert (content / DRAFTS).read_bytes() == before
    assert not (content / "releases" / RELEASE / "drafts" / "fr.po").exists()
    assert not (content / "drafts" / "fr.po").exists(), "nor the organisation's file"


@pytest.mark.parametrize("tag", ["es-ES", "ES", "es_es"])
def test_a_cat_tools_language_tag_finds_the_release_language(tmp_path: Path, tag: str) -> None:
    """Trados and memoQ write es-ES, ES or es_es for the es edition: it imports into es."""
    content = job_content(tmp_path)
    xliff = tmp_path / "es.xlf"
    doc = export(content, xliff)
    set_target(units(doc.getroot())[MISSING], "La Embajada agradece a la orquesta nacional.")
    for file in doc.getroot().iterfind("x:file", NS):
        file.set("target-language", tag)
    doc.write(str(xliff), xml_declaration=True, encoding="UTF-8")
    result = run_process("import", xliff, "--content", content)
    assert result.code == 0, result.err
    assert "agradece a la orquesta nacional" in (content / DRAFTS).read_text(encoding="utf-8")
    assert not list(content.rglob("es-ES.po")) and not list(content.rglob("ES.po"))


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xliff [
  <!ENTITY a "lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="releases/national-day/release.md" source-language="en" target-language="es"
 datatype="plaintext"><body><trans-unit id="1"><source>Mexico City</source>
<target>&d;</target></trans-unit></body></file></xliff>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="releases/national-day/release.md" source-language="en" target-language="es"
 datatype="plaintext"><body><trans-unit id="1"><source>Mexico City</source>
<target>&secret;</target></trans-unit></body></file></xliff>
"""


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("laughs.xlf", BILLION_LAUGHS, ":2: refused: the file declares a DTD or entities"),
        ("secret.xlf", EXTERNAL_ENTITY, ":2: refused: the file declares a DTD or entities"),
        ("broken.xlf", "<xliff><file>", ":1: not well-formed XML"),
        ("other.xml", "<html><body/></html>", ":1: not an XLIFF 1.2 document"),
    ],
)
def test_unsafe_or_broken_files_are_refused_in_one_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    content = job_content(tmp_path)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = (content / DRAFTS).read_bytes()
    result = run_process("import", path, "--content", content)
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:"), result.err
    assert result.out == ""
    assert message in result.err
    assert "Traceback" not in result.err and "root:" not in result.err
    assert (content / DRAFTS).read_bytes() == before


def test_po2xliff_output_imports_with_msgctxt_restored(tmp_path: Path) -> None:
    """A translator converts our PO file with translate-toolkit's po2xliff (which numbers
    its units and drops msgctxt), translates, and sends the XLIFF back."""
    content = tmp_path / "content"
    shutil.copytree(MULTILINGUAL, content)
    work = tmp_path / "translator" / "releases" / RELEASE / "drafts"
    work.mkdir(parents=True)
    po = polib.pofile(str(content / "releases" / RELEASE / "drafts" / "ru.po"))
    for entry in po:
        if entry.msgctxt == "headline":
            entry.msgstr = "Посольство отмечает {ordinal} годовщину независимости Азербайджана"
        if entry.msgid == "Mexico City":
            entry.msgstr = "Мехико (город)"
    po.save(str(work / "ru.po"))
    xliff = tmp_path / "ru.xlf"
    po2xliff = Path(sys.executable).parent / "po2xliff"
    subprocess.run([po2xliff, work / "ru.po", xliff], check=True, capture_output=True)
    assert b"msgctxt" not in xliff.read_bytes() and b"resname" not in xliff.read_bytes()

    result = run_process("import", xliff, "--content", content)
    assert result.code == 0, result.err
    assert "imported 2 unit(s)" in result.out
    drafts = po_entries(content / "releases" / RELEASE / "drafts" / "ru.po")
    headline = drafts[("headline", po.find("headline", by="msgctxt").msgid)]
    assert headline.msgstr.startswith("Посольство отмечает {ordinal}")
    assert headline.fuzzy and headline.comment.startswith("import: ru.xlf ")
    assert drafts[("dateline", "Mexico City")].msgstr == "Мехико (город)"
    body = drafts[(None, "Music by the national orchestra")]
    assert body.comment == "machine: pseudo 2026-05-01"  # unchanged: left as it was


def _state(msgid: str, context: str | None, status: Status, text: str | None = None) -> UnitState:
    unit = Unit(msgid, context, Path("release.md"), 1, "body")
    previous = None
    if status is Status.OUTDATED:
        previous = Entry("Old text", context, "Texto viejo", False, (), "", Path("es.po"), 1)
    return UnitState(unit, status, text, None, previous)


def _read(source: str, target: str, uid: str = "9", state: str = "translated") -> ReadUnit:
    return ReadUnit(1, uid, None, source, target, state)


def test_decisions_by_source_text_need_one_candidate() -> None:
    states = [
        _state("Mexico City", "dateline", Status.MISSING),
        _state("Mexico City", None, Status.MISSING),
    ]
    [ambiguous] = decide_units([_read("Mexico City", "Ciudad de México")], states, {})
    assert ambiguous.verdict is Verdict.UNKNOWN and "2 units" in ambiguous.reason
    ours = _read("Mexico City", "Ciudad de México", unit_id(("dateline", "Mexico City")))
    [found] = decide_units([ours], states, {})
    assert found.verdict is Verdict.ACCEPT and found.key == ("dateline", "Mexico City")


def test_decisions_for_repeats_and_earlier_translations() -> None:
    states = [_state("New text", None, Status.OUTDATED), _state("Other", None, Status.MISSING)]
    same = [_read("Other", "Otro"), _read("Other", "Otro")]
    assert [d.verdict for d in decide_units(same, states, {})] == [
        Verdict.ACCEPT,
        Verdict.UNCHANGED,
    ]
    clash = [_read("Other", "Otro"), _read("Other", "Distinto")]
    assert [d.verdict for d in decide_units(clash, states, {})] == [
        Verdict.ACCEPT,
        Verdict.CONFLICT,
    ]
    untouched = _read("New text", "Texto viejo", state="needs-review-translation")
    assert decide_units([untouched], states, {})[0].verdict is Verdict.UNCHANGED
    confirmed = decide_units([_read("New text", "Texto viejo", state="signed-off")], states, {})
    assert confirmed[0].verdict is Verdict.ACCEPT
    assert confirmed[0].previous_msgid == "Old text"

    def draft(key: Key, text: str, note: str) -> dict[Key, Entry]:
        return {key: Entry(key[1], key[0], text, True, ("fuzzy",), note, Path("es.po"), 1)}

    other = (None, "Other")
    drafted = draft(other, "Otra", "machine: google 2026-05-01")
    assert decide_units([_read("Other", "Otro")], states, drafted)[0].verdict is Verdict.ACCEPT
    drafted = draft(other, "Otro", "import: es.xlf 2026-05-01")
    assert decide_units([_read("Other", "Otro")], states, drafted)[0].verdict is Verdict.UNCHANGED
    # An earlier translation offered by review: confirmed once, then it is the translator's.
    new = (None, "New text")
    confirm = [_read("New text", "Texto viejo", state="final")]
    offered = draft(new, "Texto viejo", "outdated: the earlier translation")
    assert decide_units(confirm, states, offered)[0].verdict is Verdict.ACCEPT
    imported = draft(new, "Texto viejo", "import: es.xlf 2026-05-01")
    assert decide_units(confirm, states, imported)[0].verdict is Verdict.UNCHANGED


def test_a_refused_file_does_not_stop_the_others(tmp_path: Path) -> None:
    content = job_content(tmp_path)
    good = tmp_path / "es.xlf"
    doc = export(content, good)
    set_target(units(doc.getroot())[MISSING], "La Embajada agradece a la orquesta nacional.")
    doc.write(str(good), xml_declaration=True, encoding="UTF-8")
    bad = tmp_path / "laughs.xlf"
    bad.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = run_process("import", bad, good, "--content", content)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{bad}:2: refused: the file declares a DTD or entities (not allowed in XLIFF from outside)"
    ]
    assert "imported 1 unit(s)" in result.out
    entry = po_entries(content / DRAFTS)[(None, MISSING)]
    assert entry.msgstr == "La Embajada agradece a la orquesta nacional." and entry.fuzzy
