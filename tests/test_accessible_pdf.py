"""Accessible PDFs: PDF/UA-1, read back from the file's own structure.

The catalog says its language and that it is tagged, the XMP says PDF/UA part 1, the
title is shown instead of the file name, the structure tree holds the headings,
paragraphs, lists and quotes, every figure has alt text, and right-to-left editions
tell viewers so.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from .conftest import MULTILINGUAL, Result, run_process

EDITION = "national-day/2026-05-28"
IMAGES = """\
tags: [independence]
images:
  - {src: assets/flag.png, alt: The flag of Azerbaijan, caption: The flag}
  - {src: assets/logo.svg, alt: The emblem}
"""

AR_UNITS = """
msgctxt "caption"
msgid "The flag"
msgstr "العلم"

msgctxt "alt"
msgid "The flag of Azerbaijan"
msgstr "علم أذربيجان"

msgctxt "alt"
msgid "The emblem"
msgstr "الشعار"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    root = tmp_path_factory.mktemp("pdfua")
    content = root / "content"
    shutil.copytree(MULTILINGUAL, content)
    Image.new("RGB", (600, 300), (0, 120, 200)).save(content / "assets" / "flag.png")
    release = content / "releases" / "national-day" / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace("tags: [independence]\n", IMAGES),
        encoding="utf-8",
    )
    po = content / "releases" / "national-day" / "translations" / "ar.po"
    po.write_text(po.read_text(encoding="utf-8") + AR_UNITS, encoding="utf-8")
    output = root / "output"
    result = run_process(
        "build", "--date", "2026-05-01", "--review-copies", "--content", content, "--output", output
    )
    assert result.code == 0, result.err
    return content, output, result


def _walk(node: Any, found: list[dict[str, Any]]) -> None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _walk(child, found)
        return
    if not isinstance(node, dict) or "/S" not in node:
        return
    found.append(node)
    if "/K" in node:
        _walk(node["/K"], found)


def structure(path: Path) -> list[dict[str, Any]]:
    root: Any = PdfReader(path).trailer["/Root"]
    found: list[dict[str, Any]] = []
    _walk(root["/StructTreeRoot"]["/K"], found)
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pdf_ua_catalog_and_metadata(lang: str, built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    reader = PdfReader(output / EDITION / lang / f"national-day-{lang}.pdf")
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert reader.metadata is not None and reader.metadata.title
    direction = catalog["/ViewerPreferences"].get("/Direction")
    assert direction == ("/R2L" if lang == "ar" else None)


def test_structure_tree_and_figures(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    tree = structure(output / EDITION / "en" / "national-day-en.pdf")
    kinds = Counter(str(node["/S"]) for node in tree)
    for tag in ("/H1", "/H2", "/P", "/L", "/LI", "/BlockQuote", "/Figure"):
        assert kinds[tag] >= 1, (tag, kinds)
    figures = [node for node in tree if node["/S"] == "/Figure"]
    assert len(figures) >= 3, "the logo, the photo and the emblem"
    alts = {str(node.get("/Alt", "")) for node in figures}
    assert "" not in alts, "every figure has alt text"
    assert {"The flag of Azerbaijan", "The emblem"} <= alts


def test_review_copy_is_tagged_too(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    reader = PdfReader(output / EDITION / "review" / "national-day-de-review.pdf")
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert "/StructTreeRoot" in catalog


def test_review_copy_mark_is_in_the_edition_language_and_over_photos(
    built: tuple[Path, Path, Result],
) -> None:
    _, output, _ = built
    pdf = output / EDITION / "review" / "national-day-es-review.pdf"
    mark = "TRADUCCIÓN AUTOMÁTICA - NO REVISADA (MACHINE TRANSLATION - NOT REVIEWED)"
    events: list[str] = []

    def op(operator: bytes, args: object, cm: object, tm: object) -> None:
        if operator == b"Do":
            events.append("image")

    def text(value: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if value.strip() and abs(cm[1]) + abs(tm[1]) > 0.01:  # the rotated watermark
            events.append(value)

    for page in PdfReader(pdf).pages:
        assert mark in " ".join(page.extract_text().split())
    PdfReader(pdf).pages[0].extract_text(visitor_operand_before=op, visitor_text=text)
    photo = max(i for i, e in enumerate(events) if e == "image")
    assert any("TRADUCCIÓN AUTOMÁTICA" in e for e in events[photo:]), "drawn over the photo"
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert f'<aside class="watermark">{mark}</aside>' in html


def _languages(path: Path) -> Counter[str]:
    return Counter(str(node["/Lang"]) for node in structure(path) if "/Lang" in node)


def test_source_fallback_keeps_its_language_in_the_pdf(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    german = _languages(output / EDITION / "review" / "national-day-de-review.pdf")
    assert german["en"] >= 9, german  # the English passages shown where German is missing
    assert set(german) == {"en"}
    assert _languages(output / EDITION / "en" / "national-day-en.pdf") == Counter()


def test_right_to_left_text_reads_in_logical_order(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    tree = structure(output / EDITION / "ar" / "national-day-ar.pdf")
    actual = {str(node["/S"]): str(node["/ActualText"]) for node in tree if "/ActualText" in node}
    assert actual["/H1"] == "السفارة تحتفل بالذكرى الـ108 لاستقلال أذربيجان"
    assert "البريد الإلكتروني: press@example.org" in " ".join(
        str(node["/ActualText"]) for node in tree if "/ActualText" in node
    )
    english = structure(output / EDITION / "en" / "national-day-en.pdf")
    assert not any("/ActualText" in node for node in english), "left-to-right text needs none"
