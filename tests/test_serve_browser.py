"""The review page in a real browser: a reviewer edits a draft, approves it, sees the change.

Chromium (Debian's, driven by Playwright) talks to the real server over HTTP on
127.0.0.1; afterwards the PO files on disk are read back. axe-core checks the dashboard
and the review page for serious or critical accessibility violations.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
import pytest
from playwright.sync_api import sync_playwright

from pipeline.web.app import create_app

from .browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_violations,
    free_port,
    need_browser,
    review_site,
    running,
)

RELEASE = "national-day"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return review_site(tmp_path)


@pytest.fixture
def browser_page(site: Path) -> Iterator[tuple[Any, str]]:
    need_browser()
    port = free_port()
    app = create_app(site, site.parent / "output", host="127.0.0.1", port=port, token=None)
    with running(app, port) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(), url
        finally:
            browser.close()


def test_a_reviewer_edits_and_approves_a_draft_in_the_browser(
    browser_page: tuple[Any, str], site: Path
) -> None:
    page, url = browser_page
    page.goto(url + "/")
    page.fill("#reviewer-name", "Leyla Aliyeva")
    page.click("form.reviewer button")
    page.click(f'a[href="/review/{RELEASE}/ru"]')
    assert page.locator("h1").inner_text().startswith(f"{RELEASE}: Русский")
    unit = page.locator("li.unit", has_text="A reception for 250 guests")
    field = unit.locator("textarea")
    assert field.input_value() == "Приём на 250 гостей"
    field.fill("Приём на 250 приглашённых гостей")
    unit.locator("button.approve").click()
    assert page.locator(".notice").inner_text() == "Approved."
    approved = page.locator("li.unit", has_text="A reception for 250 guests")
    assert approved.locator(".badge").first.inner_text() == "approved"
    translations = polib.pofile(str(site / "releases" / RELEASE / "translations" / "ru.po"))
    found = [e for e in translations if e.msgid == "A reception for 250 guests"]
    assert len(found) == 1 and found[0].msgstr == "Приём на 250 приглашённых гостей"
    assert "fuzzy" not in found[0].flags and "reviewed-by: Leyla Aliyeva" in found[0].tcomment
    drafts = polib.pofile(str(site / "releases" / RELEASE / "drafts" / "ru.po"))
    assert not [e for e in drafts if e.msgid == "A reception for 250 guests"]


def test_a_missing_placeholder_is_flagged_while_typing(browser_page: tuple[Any, str]) -> None:
    page, url = browser_page
    page.goto(f"{url}/review/{RELEASE}/ru")
    unit = page.locator("li.unit", has_text="The reception will take place on")
    warning = unit.locator(".ph-warning")
    assert warning.is_hidden()
    unit.locator("textarea").fill("Приём состоится в 19:00.")
    assert warning.is_visible() and "{date}" in warning.inner_text()


@pytest.mark.parametrize("path", ["/", f"/review/{RELEASE}/ru", f"/review/{RELEASE}/de"])
def test_pages_have_no_serious_accessibility_violations(
    browser_page: tuple[Any, str], path: str
) -> None:
    page, url = browser_page
    assert page.context.browser is not None
    # The server's CSP forbids inline scripts, axe's injection included: only this test lifts it.
    checker = page.context.browser.new_context(bypass_csp=True).new_page()
    checker.goto(url + path)
    assert axe_violations(checker) == []


def test_years_for_ordinal_is_not_flagged(browser_page: tuple[Any, str]) -> None:
    """Russian writes {years} where the source has {ordinal}: the same number, no warning."""
    page, url = browser_page
    page.goto(f"{url}/review/{RELEASE}/ru")
    unit = page.locator("li.unit", has_text="anniversary of Azerbaijan")
    field = unit.locator("textarea")
    field.fill(field.input_value() + " ")
    assert "{years}" in field.input_value()
    assert unit.locator(".ph-warning").is_hidden()
