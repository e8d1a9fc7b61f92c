"""A recurring release in six languages: four approved, one drafted, one missing.

Golden text files hold what each PDF says; refresh them after an intended change with
``make golden`` (PRESSROOM_UPDATE_GOLDEN=1), then read the diff before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import MULTILINGUAL, Result, pdf_catalog, run_process

GOLDEN = Path(__file__).parent / "golden"
EDITION = "national-day/2026-05-28"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    root = tmp_path_factory.mktemp("multilingual")
    content = root / "content"
    shutil.copytree(MULTILINGUAL, content)
    output = root / "output"
    result = run_process(
        "build", "--date", "2026-05-01", "--review-copies", "--content", content, "--output", output
    )
    assert result.code == 0, result.err
    return content, output, result


def pdf_lines(path: Path) -> list[str]:
    lines = []
    for page in PdfReader(path).pages:
        lines += [" ".join(line.split()) for line in page.extract_text().splitlines()]
    return [line for line in lines if line]


@pytest.mark.parametrize("lang", ["en", "es", "az", "ar"])
def test_golden_text(lang: str, site: tuple[Path, Path, Result]) -> None:
    _, output, _ = site
    lines = pdf_lines(output / EDITION / lang / f"national-day-{lang}.pdf")
    golden = GOLDEN / f"national-day-{lang}.txt"
    if os.environ.get("PRESSROOM_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "The Embassy celebrates the 108th anniversary of Azerbaijan’s independence",
                "108 years after May 28, 1918",
                "EMBARGOED UNTIL MAY 28, 2026",
                "Page 1 of 1",
                "MEXICO CITY, MAY 28, 2026",
            ],
        ),
        (
            "es",
            [
                "La Embajada celebra el 108.º aniversario de la independencia de Azerbaiyán",
                "108 años después del 28 de mayo de 1918",
                "EMBARGADO HASTA EL 28 DE MAYO DE 2026",
                "Página 1 de 1",
                "CONTACTO DE PRENSA",
            ],
        ),
        (
            "az",
            [
                "Səfirlik Azərbaycanın müstəqilliyinin 108-ci",
                "28 may 1918 tarixindən 108 il",
                "EMBARQO: 28 MAY 2026",
                "Səhifə 1 / 1",
                "MEDİA İLƏ ƏLAQƏ",
                "MEXİKO",
            ],
        ),
        (
            "ar",
            [
                "السفارة تحتفل بالذكرى الـ",
                "للتواصل الإعلامي",
                "نبذة",
                "يُحظر النشر قبل",
                "بيان صحفي",
            ],
        ),
    ],
)
def test_each_language_says_its_own_words(
    lang: str, expected: list[str], site: tuple[Path, Path, Result]
) -> None:
    _, output, _ = site
    path = output / EDITION / lang / f"national-day-{lang}.pdf"
    assert pdf_catalog(path).get("/Lang") == lang
    text = " ".join(" ".join(pdf_lines(path)).replace("\u202f", " ").split())
    for phrase in expected:
        assert phrase in text, (lang, phrase)
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_arabic_layout_is_mirrored(site: tuple[Path, Path, Result]) -> None:
    _, output, _ = site
    html = (output / EDITION / "ar" / "national-day-ar.html").read_text(encoding="utf-8")
    assert "@top-right { content: " in html.split("@page {", 2)[2], "running header on the right"
    assert "، 28 مايو 2026" in html, "Arabic comma in the dateline"


def test_unreviewed_languages_are_held_back(site: tuple[Path, Path, Result]) -> None:
    _, output, result = site
    assert not (output / EDITION / "ru").exists()
    assert not (output / EDITION / "de").exists()
    assert "skipped national-day 2026-05-28 ru: not publishable (9 draft)" in result.err
    assert "skipped national-day 2026-05-28 de: not publishable (13 missing)" in result.err


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_review_copies_are_watermarked_on_every_page(
    lang: str, site: tuple[Path, Path, Result]
) -> None:
    _, output, _ = site
    pdf = output / EDITION / "review" / f"national-day-{lang}-review.pdf"
    pages = PdfReader(pdf).pages
    assert all("MACHINE TRANSLATION - NOT REVIEWED" in p.extract_text() for p in pages)
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    # ru: 9 drafted release units; de: 9 release units and 3 organisation texts, all missing.
    # Source text shown where a translation is missing says which language it is in.
    mark = '<mark class="unreviewed" data-status="draft">'
    if lang == "de":
        mark = '<mark class="unreviewed" data-status="missing" lang="en">'
    marked = 9 if lang == "ru" else 12
    assert html.count(mark) == marked
    if lang == "ru":
        assert "Посольство отмечает 108-ю годовщину" in html, "the draft text, filled"
    else:
        assert "The Embassy celebrates the 108th anniversary" in html, "source text where missing"


def test_status_table_counts(site: tuple[Path, Path, Result]) -> None:
    content, _, _ = site
    result = run_process("status", "national-day", "--date", "2026-05-01", "--content", content)
    assert result.code == 0
    rows = {
        line.split("│")[3].strip(): [c.strip() for c in line.split("│")[4:9]]
        for line in result.out.splitlines()
        if "national-day" in line
    }
    assert rows == {
        "en": ["13", "0", "0", "0", "yes (source)"],
        "es": ["13", "0", "0", "0", "yes"],
        "az": ["13", "0", "0", "0", "yes"],
        "ar": ["13", "0", "0", "0", "yes"],
        "ru": ["4", "0", "9", "0", "no: 9 draft"],
        "de": ["0", "0", "0", "13", "no: 13 missing"],
    }
