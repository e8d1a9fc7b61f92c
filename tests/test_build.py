"""The sample content built with real WeasyPrint and read back with pypdf."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import DAY, EDITION, SAMPLE, Result

EN_PDF = f"january-20-anniversary/{EDITION}/en/january-20-anniversary-en.pdf"
ES_PDF = "ambassador-article-el-peruano/2023-01-19/es/ambassador-article-el-peruano-es.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    """One build of the sample content, shared by the read-only tests of this module."""
    from pipeline.cli.commands import main  # noqa: F401 - imported for its side effects on first use

    from .conftest import run_process

    root = tmp_path_factory.mktemp("built")
    content = root / "content"
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".pressroom.lock"))
    output = root / "output"
    result = run_process("build", "--date", DAY, "--content", content, "--output", output)
    assert result.code == 0, result.err
    return content, output, result


def text_of(path: Path) -> str:
    """The PDF's text with all white space (line breaks, CLDR's 9:00\u202fAM) as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_source_languages_are_published(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    for rel in (EN_PDF, ES_PDF):
        assert (output / rel).is_file()
        assert (output / rel).with_suffix(".html").is_file()
    assert (output / "index.html").is_file()


def test_english_pdf_text_and_metadata(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    reader = PdfReader(output / EN_PDF)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == (
        "37th anniversary of the January 20 tragedy: Ambassador Mammad Talibov writes in El Peruano"
    )
    assert meta.author == "Embassy of the Republic of Azerbaijan in the United Mexican States"
    assert meta.subject == (
        "Peru’s oldest newspaper publishes the ambassador’s article on the "
        "events of January 20, 1990 in Baku"
    )
    assert meta["/Keywords"] == "January 20, anniversary, Azerbaijan, Peru"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], "tagged PDF"
    text = text_of(output / EN_PDF)
    for expected in (
        "PRESS RELEASE",
        "EMBARGOED UNTIL JANUARY 20, 2027, 9:00 AM (GMT-06:00)",
        "MEXICO CITY, JANUARY 20, 2027",
        "on the 37th anniversary of the January 20",
        "What happened on January 20, 1990",
        "40,000 Soviet troops",
        "137 people were killed;",
        "###",
        "MEDIA CONTACT",
        "press@example.org",
        "ABOUT",
        "Page 1 of 2",
        "Embassy of Azerbaijan in Mexico",  # running header on page 2
    ):
        assert expected in text, expected
    assert "{" not in text, "no placeholder left unfilled"


def test_spanish_op_ed_is_labelled_in_spanish(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    reader = PdfReader(output / ES_PDF)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    text = text_of(output / ES_PDF)
    for expected in (
        "ARTÍCULO DE OPINIÓN",
        "PARA PUBLICACIÓN INMEDIATA",
        "Por Mammad Talibov",
        "CIUDAD DE MÉXICO, 19 DE ENERO DE 2023",
        "Página 1 de 2",
        "CONTACTO DE PRENSA",
        "Día de Luto Nacional",
    ):
        assert expected in text, expected


def _size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_paper_follows_the_outlets(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    # The main PDFs are on the organisation's paper (A4); La Jornada (es, en) wants Letter,
    # so both languages also get a Letter PDF, recorded in the manifest like any output.
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    for main in (EN_PDF, ES_PDF):
        letter = main.replace(".pdf", "-letter.pdf")
        assert _size(output / main) == (595, 842)
        assert _size(output / letter) == (612, 792)
        assert manifest["files"][letter]["paper"] == "letter"
        assert not (output / letter).with_suffix(".html").exists()
    # The public site serves the main PDF, never the outlet's variant in its place.
    page = output / "site" / ES_PDF.rsplit("/", 1)[0]
    assert sorted(p.name for p in page.glob("*.pdf")) == [ES_PDF.rsplit("/", 1)[1]]


def test_manifest_lists_every_file_with_its_hash(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) >= {EN_PDF, ES_PDF}
    for rel, record in manifest["files"].items():
        assert hashlib.sha256((output / rel).read_bytes()).hexdigest() == record["sha256"]
        assert len(record["inputs"]) == 64


def test_web_html_is_standalone_and_marked_up(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    html = (output / EN_PDF).with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in html
    assert 'src="data:image/svg+xml;base64,' in html, "the logo travels with the page"
    assert "<title>37th anniversary" in html
    index = (output / "index.html").read_text(encoding="utf-8")
    assert f'href="{EN_PDF}"' in index and f'href="{ES_PDF}"' in index
    assert '<h2 lang="en">37th anniversary of the January 20 tragedy' in index, (
        "placeholders filled"
    )


def test_second_run_renders_nothing_and_force_is_byte_identical(
    built: tuple[Path, Path, Result], cli
) -> None:  # type: ignore[no-untyped-def]
    content, output, _ = built
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    again = cli("build", "--date", DAY, "--content", content, "--output", output)
    assert again.code == 0
    assert "built 0 file(s)" in again.out
    forced = cli("build", "--date", DAY, "--force", "--content", content, "--output", output)
    assert forced.code == 0 and "built 0 file(s)" not in forced.out
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    manifest = output / "manifest.json"
    assert {p: b for p, b in before.items() if p != manifest} == {
        p: b for p, b in after.items() if p != manifest
    }, "the same inputs give byte-identical files"

    def hashes(data: bytes) -> dict[str, str]:
        return {k: v["sha256"] for k, v in json.loads(data)["files"].items()}

    assert hashes(before[manifest]) == hashes(after[manifest])


def test_each_year_gets_its_own_folder(built: tuple[Path, Path, Result], cli) -> None:  # type: ignore[no-untyped-def]
    content, output, _ = built
    result = cli(
        "build",
        "january-20-anniversary",
        "--lang",
        "en",
        "--date",
        "2027-06-01",
        "--content",
        content,
        "--output",
        output,
    )
    assert result.code == 0, result.err
    next_year = output / "january-20-anniversary/2028-01-20/en/january-20-anniversary-en.pdf"
    assert "38th anniversary" in PdfReader(next_year).metadata.title  # type: ignore[union-attr]
    assert (output / EN_PDF).is_file(), "the earlier edition is kept"
