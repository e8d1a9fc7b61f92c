"""A fixture site built with real WeasyPrint and read back with pypdf."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from .conftest import DAY, CliRunner, Result, pdf_catalog, pdf_title, run_process
from .site_builder import SiteBuilder, new_site, statement

RELEASE = "anniversary"  # recurring: event 1990-01-20, embargo 09:00, built on DAY: 37th
OP_ED = "op-ed"  # a plain Spanish op-ed dated 2023-01-19
EDITION = "2027-01-20"
EN_PDF = f"{RELEASE}/{EDITION}/en/{RELEASE}-en.pdf"
ES_PDF = f"{OP_ED}/2023-01-19/es/{OP_ED}-es.pdf"
FILLER = (
    "The embassy recalls the events of that night, the testimonies of the families and the "
    "long work of historians who have documented every street and every name, so that the "
    "memory of the victims is kept by the generations that did not live through those days."
)
RELLENO = (
    "La embajada recuerda los sucesos de aquella noche, los testimonios de las familias y el "
    "largo trabajo de los historiadores que documentaron cada calle y cada nombre, para que "
    "la memoria de las víctimas perdure en las generaciones que no vivieron aquellos días."
)


def write_site(site: SiteBuilder) -> None:
    """Two releases long enough for two pages, a logo, and outlets that decide the paper."""
    site.asset("logo.svg")
    site.organization(logo="assets/logo.svg")
    site.approve_all(None, "es", lambda text: f"[es] {text}")
    site.outlets(
        {"name": "El Peruano", "languages": ["es"], "paper": "A4"},
        {"name": "La Jornada", "languages": ["es", "en"], "paper": "letter"},
    )
    site.release(
        RELEASE,
        statement(
            kind="press-release",
            headline="{ordinal} anniversary of the January 20 tragedy",
            subheadline="The embassy remembers the events of {event_date} in Baku",
            date=None,
            anniversary={"event": dt.date(1990, 1, 20), "lead_days": 3, "time": "09:00"},
            tags=["January 20", "anniversary", "Azerbaijan"],
        ),
        "The embassy marks the {ordinal} anniversary of the January 20 tragedy.\n\n"
        "## What happened on {event_date}\n\n"
        "On {event_date}, 40,000 troops entered the city.\n\n"
        "- 137 people were killed;\n- 611 were wounded.\n\n" + f"{FILLER}\n\n" * 9,
    )
    site.release(
        OP_ED,
        statement(
            language="es",
            languages=["es"],
            kind="op-ed",
            headline="20 de enero de 1990: la noche que marcó la historia",
            dateline="Ciudad de México",
            date=dt.date(2023, 1, 19),
            author={"name": "Mammad Talibov", "role": "Embajador"},
        ),
        "El 20 de enero fue declarado **Día de Luto Nacional**.\n\n" + f"{RELLENO}\n\n" * 9,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    """One build of the fixture site, shared by the read-only tests of this module."""
    root = tmp_path_factory.mktemp("built")
    site = new_site(root / "content")
    write_site(site)
    output = root / "output"
    result = run_process("build", "--date", DAY, "--content", site.root, "--output", output)
    assert result.code == 0, result.err
    return site.root, output, result


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
    assert meta.title == "37th anniversary of the January 20 tragedy"
    assert meta.author == "Embassy of Testland in Mexico"
    assert meta.subject == "The embassy remembers the events of January 20, 1990 in Baku"
    assert meta.keywords == "January 20, anniversary, Azerbaijan"
    root = pdf_catalog(output / EN_PDF)
    assert root.get("/Lang") == "en"
    mark_info = root.get("/MarkInfo")
    assert isinstance(mark_info, DictionaryObject)
    assert "/StructTreeRoot" in root and mark_info.get("/Marked"), "tagged PDF"
    text = text_of(output / EN_PDF)
    for expected in (
        "PRESS RELEASE",
        "EMBARGOED UNTIL JANUARY 20, 2027, 9:00 AM (GMT-06:00)",
        "MEXICO CITY, JANUARY 20, 2027",
        "marks the 37th anniversary of the January 20",
        "What happened on January 20, 1990",
        "40,000 troops",
        "137 people were killed;",
        "###",
        "MEDIA CONTACT",
        "press@example.org",
        "ABOUT",
        "Page 1 of 2",
        "Testland Embassy",  # running header on page 2
    ):
        assert expected in text, expected
    assert "{" not in text, "no placeholder left unfilled"


def test_spanish_op_ed_is_labelled_in_spanish(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    assert pdf_catalog(output / ES_PDF).get("/Lang") == "es"
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
    built: tuple[Path, Path, Result], cli: CliRunner
) -> None:
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


def test_each_year_gets_its_own_folder(built: tuple[Path, Path, Result], cli: CliRunner) -> None:
    content, output, _ = built
    result = cli(
        "build",
        RELEASE,
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
    next_year = output / f"{RELEASE}/2028-01-20/en/{RELEASE}-en.pdf"
    assert "38th anniversary" in pdf_title(next_year)
    assert (output / EN_PDF).is_file(), "the earlier edition is kept"
