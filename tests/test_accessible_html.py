"""Accessible HTML, checked by axe-core in Chromium: zero violations on edition pages
(left-to-right and Arabic), a media advisory with a photo, a review copy and the index.

axe-core comes from ``tests/.node/node_modules/axe-core`` (the Makefile installs it) or
the file named by PRESSROOM_AXE; without it the test is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
import pytest
from PIL import Image

from .conftest import MULTILINGUAL, SAMPLE, Result, run_process

AXE_CANDIDATES = [
    Path(__file__).parent / ".node" / "node_modules" / "axe-core" / "axe.min.js",
    Path(os.environ.get("PRESSROOM_AXE", "/nonexistent")),
]
AXE = next((p for p in AXE_CANDIDATES if p.is_file()), None)
CHROMIUM = Path("/usr/bin/chromium")
EDITION = "national-day/2026-05-28"
ADVISORY = "january-20-commemoration"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
needs_axe = pytest.mark.skipif(
    AXE is None,
    reason="axe-core is not installed (make setup installs it in tests/.node; "
    "or set PRESSROOM_AXE to axe.min.js)",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    root = tmp_path_factory.mktemp("a11y")
    content = root / "content"
    shutil.copytree(MULTILINGUAL, content)
    shutil.copytree(SAMPLE / "releases" / ADVISORY, content / "releases" / ADVISORY)
    Image.new("RGB", (800, 500), (40, 90, 160)).save(content / "assets" / "hall.jpg")
    advisory = content / "releases" / ADVISORY / "release.md"
    advisory.write_text(
        advisory.read_text(encoding="utf-8").replace(
            "tags:", "images: [{src: assets/hall.jpg, alt: The Embassy's main hall}]\ntags:"
        ),
        encoding="utf-8",
    )
    release = content / "releases" / "national-day" / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "dateline: Mexico City\n", "dateline: Mexico City\nsubheadline: A national holiday\n"
        ),
        encoding="utf-8",
    )
    po_path = content / "releases" / "national-day" / "translations" / "ar.po"
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgctxt="subheadline", msgid="A national holiday", msgstr="عيد وطني"))
    po.save(str(po_path))
    output = root / "output"
    result = run_process(
        "build", "--date", "2026-05-01", "--review-copies", "--content", content, "--output", output
    )
    assert result.code == 0, result.err
    return output, result


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


PAGES = [
    f"{EDITION}/en/national-day-en.html",
    f"{EDITION}/ar/national-day-ar.html",
    f"{EDITION}/review/national-day-de-review.html",
    f"{ADVISORY}/2027-01-13/en/{ADVISORY}-en.html",
    "index.html",
]


def _open(browser: Any, path: Path) -> Any:
    page = browser.new_page()
    page.goto(path.as_uri())
    return page


@needs_axe
@pytest.mark.parametrize("relpath", PAGES)
def test_no_axe_violations(relpath: str, built: tuple[Path, Result], browser: Any) -> None:
    output, _ = built
    page = _open(browser, output / relpath)
    assert AXE is not None
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target).join(', ')}`)"
    )
    assert violations == [], violations
    assert page.evaluate("document.querySelectorAll('main').length") == 1
    page.close()


def test_links_are_underlined_and_arabic_is_not_slanted(
    built: tuple[Path, Result], browser: Any
) -> None:
    output, _ = built
    page = _open(browser, output / PAGES[1])
    style = "((s) => getComputedStyle(document.querySelector(s)))"
    assert "underline" in page.evaluate(f"{style}('article p a').textDecorationLine")
    assert page.evaluate(f"{style}('.subheadline').fontStyle") == "normal"
    assert page.evaluate(f"{style}('blockquote').fontStyle") == "normal"
    page.close()


def test_source_fallback_in_a_review_copy_carries_its_language(
    built: tuple[Path, Result], browser: Any
) -> None:
    output, _ = built
    page = _open(browser, output / PAGES[2])
    langs = page.evaluate(
        "[...document.querySelectorAll('mark.unreviewed')].map(m => m.closest('[lang]').lang)"
    )
    assert langs and set(langs) == {"en"}, "English source text under lang=de is mislabelled"
    page.close()
