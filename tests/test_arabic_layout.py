"""Arabic pages: stacked marks never touch the next line.

An Arabic headline with full vowel marks (shadda over fatha, kasra below the baseline)
breaks over two lines; in a 150 dpi rendering of the real PDF there must be at least
one blank pixel row between the ink of the first line and the ink of the second.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from PIL import Image
from pypdf import PdfReader

from .conftest import MULTILINGUAL, Result, run_process

EDITION = "national-day/2026-05-28"
DPI = 150
HEADLINE = "السِّفَارَةُ تَحْتَفِلُ بِالذِّكْرَى الـ{years} لِاسْتِقْلَالِ أَذْرَبِيجَانَ وَتُكَرِّمُ ضُيُوفَهَا فِي مَدِينَةِ مَكْسِيكُو"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    root = tmp_path_factory.mktemp("arabic")
    content = root / "content"
    shutil.copytree(MULTILINGUAL, content)
    po_path = content / "releases" / "national-day" / "translations" / "ar.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgctxt == "headline":
            entry.msgstr = HEADLINE
    po.append(polib.POEntry(msgctxt="subheadline", msgid="A national holiday", msgstr="عيد وطني"))
    po.save(str(po_path))
    release = content / "releases" / "national-day" / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "dateline: Mexico City\n", "dateline: Mexico City\nsubheadline: A national holiday\n"
        ),
        encoding="utf-8",
    )
    output = root / "output"
    result = run_process(
        "build", "--date", "2026-05-01", "--review-copies", "--content", content, "--output", output
    )
    assert result.code == 0, result.err
    return content, output, result


def _baselines(pdf: Path) -> list[float]:
    """The baselines (points from the top of the page) of the headline: its biggest text."""
    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    found: dict[float, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            y = round(height - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5]), 1)
            found[y] = max(found.get(y, 0), abs(size * tm[3] * cm[3]))

    page.extract_text(visitor_text=visit)
    biggest = max(found.values())
    return sorted(y for y, size in found.items() if size == biggest)


def test_two_line_headline_marks_never_touch(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    pdf = output / EDITION / "ar" / "national-day-ar.pdf"
    lines = _baselines(pdf)
    assert len(lines) == 2, f"the headline breaks over two lines: {lines}"
    prefix = output / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf), str(prefix)],
        check=True,
    )
    page = Image.open(next(output.glob("page*.png"))).convert("L")
    left, right = int(20 / 25.4 * DPI), page.width - int(20 / 25.4 * DPI)
    top, bottom = (int(y * DPI / 72) for y in lines)
    blank = [
        row
        for row in range(top + 1, bottom)
        if min(page.crop((left, row, right, row + 1)).tobytes()) > 200
    ]
    # At least 2 pt of clear paper between the lowest kasra and the highest shadda.
    assert len(blank) >= 2 * DPI / 72, f"marks nearly touch: {len(blank)} clear pixel rows"
