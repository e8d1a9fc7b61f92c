"""The review server over HTTP: every route, CSRF, token, host, conflicts and escaping.

Starlette's TestClient drives the real application against a copy of the multilingual
fixture site (Russian drafts from a provider, German missing); the PO files on disk are
read back after every write.
"""

from __future__ import annotations

import html as html_module
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from starlette.testclient import TestClient

from pipeline.errors import UsageError
from pipeline.web.app import create_app
from pipeline.web.serve import check_exposure

from .browser_support import free_port, review_site
from .conftest import run_process

RELEASE = "national-day"
PAGE = f"/review/{RELEASE}/ru"
DATELINE = ("dateline", "Mexico City")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return review_site(tmp_path)


def client_for(content: Path, token: str | None = None) -> TestClient:
    app = create_app(content, content.parent / "output", host="127.0.0.1", port=8000, token=token)
    return TestClient(app, base_url="http://127.0.0.1:8000", follow_redirects=False)


@pytest.fixture
def client(site: Path) -> TestClient:
    return client_for(site)


def csrf(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found[1]


def unit_form(html: str, msgctxt: str | None, msgid: str) -> dict[str, str]:
    """The hidden fields of the form of one unit, as the browser would send them."""
    for form in re.findall(r'<form class="target".*?</form>', html, re.S):
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        fields = {k: html_module.unescape(v) for k, v in fields.items()}
        if fields["msgid"] == msgid and (fields["msgctxt"] or None) == msgctxt:
            text = re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S)
            assert text
            fields["text"] = html_module.unescape(text[1])
            return fields
    raise AssertionError(f"no form for {msgctxt} {msgid}")


def po(path: Path) -> polib.POFile:
    return polib.pofile(str(path))


def entry(path: Path, key: tuple[str | None, str]) -> polib.POEntry | None:
    if not path.exists():
        return None
    for item in po(path):
        if not item.obsolete and (item.msgctxt, item.msgid) == key:
            return item
    return None


def name(client: TestClient, who: str = "Leyla Aliyeva") -> None:
    token = csrf(client)
    response = client.post("/reviewer", data={"csrf": token, "name": who, "back": PAGE})
    assert response.status_code == 303


def test_dashboard_lists_every_release_and_language_with_links(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for lang in ("es", "az", "ar", "ru", "de"):
        assert f'href="/review/{RELEASE}/{lang}"' in page.text
    assert "Русский" in page.text and "Deutsch" in page.text
    assert "(source)" in page.text  # English is the source: nothing to review
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in csp


def test_review_page_shows_source_draft_provenance_and_placeholders(client: TestClient) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.text
    assert "Приём на 250 гостей" in text
    assert "from machine: libre 2026-05-01" in text
    assert '<code class="ph" title="placeholder: copy it exactly">{years}</code>' in text
    assert text.count('class="unit status-') >= 9
    assert "Not publishable yet" in text
    needs = client.get(PAGE + "?show=review").text
    assert needs.count('class="unit status-') >= 9


def test_unknown_release_and_language_are_404_never_paths(client: TestClient) -> None:
    assert client.get("/review/nothing/ru").status_code == 404
    assert client.get(f"/review/{RELEASE}/fr").status_code == 404
    assert client.get(f"/review/{RELEASE}/..%2F..%2Fetc").status_code == 404
    assert client.get(f"/review/{RELEASE}/en").status_code == 404  # the source language


def test_a_post_without_the_csrf_token_is_refused(client: TestClient, site: Path) -> None:
    fields = unit_form(client.get(PAGE).text, *DATELINE)
    drafts = site / "releases" / RELEASE / "drafts" / "ru.po"
    before = drafts.read_bytes()
    for bad in ("", "forged"):
        response = client.post(PAGE + "/unit", data={**fields, "csrf": bad, "action": "save"})
        assert response.status_code == 403
    other = TestClient(client.app, base_url="http://127.0.0.1:8000")  # no cookie at all
    assert other.post(PAGE + "/unit", data={**fields, "action": "save"}).status_code == 403
    assert drafts.read_bytes() == before


def test_save_as_draft_keeps_it_fuzzy_in_drafts(client: TestClient, site: Path) -> None:
    fields = unit_form(client.get(PAGE).text, *DATELINE)
    response = client.post(
        PAGE + "/unit", data={**fields, "text": "Мехико (Мексика)", "action": "save"}
    )
    assert response.status_code == 303
    saved = entry(site / "releases" / RELEASE / "drafts" / "ru.po", DATELINE)
    assert saved is not None and saved.msgstr == "Мехико (Мексика)" and "fuzzy" in saved.flags
    assert entry(site / "releases" / RELEASE / "translations" / "ru.po", DATELINE) is None


def test_approve_needs_a_name_then_moves_the_unit_into_translations(
    client: TestClient, site: Path
) -> None:
    fields = unit_form(client.get(PAGE).text, *DATELINE)
    refused = client.post(PAGE + "/unit", data={**fields, "action": "approve"})
    assert refused.status_code == 400 and "your name" in refused.text.lower()
    name(client)
    fields = unit_form(client.get(PAGE).text, *DATELINE)
    done = client.post(PAGE + "/unit", data={**fields, "action": "approve"})
    assert done.status_code == 303
    approved = entry(site / "releases" / RELEASE / "translations" / "ru.po", DATELINE)
    assert approved is not None and approved.msgstr == "Мехико" and "fuzzy" not in approved.flags
    assert "reviewed-by: Leyla Aliyeva" in approved.tcomment
    assert entry(site / "releases" / RELEASE / "drafts" / "ru.po", DATELINE) is None
    after = client.get(done.headers["location"])
    assert "Approved." in after.text


def test_a_file_changed_on_disk_since_the_page_loaded_is_not_overwritten(
    client: TestClient, site: Path
) -> None:
    name(client)
    fields = unit_form(client.get(PAGE).text, *DATELINE)
    drafts = site / "releases" / RELEASE / "drafts" / "ru.po"
    catalog = po(drafts)
    for item in catalog:
        if (item.msgctxt, item.msgid) == DATELINE:
            item.msgstr = "Мехико, столица"  # Poedit, meanwhile
    catalog.save(str(drafts))
    on_disk = drafts.read_bytes()
    response = client.post(
        PAGE + "/unit", data={**fields, "text": "Город Мехико", "action": "approve"}
    )
    assert response.status_code == 409
    assert "changed on disk" in response.text
    assert 'role="alert">\n  <p>Not saved:</p>' in response.text  # said at the top too
    assert "Город Мехико</textarea>" in response.text  # the reviewer's text is kept
    assert "Мехико, столица" in response.text  # and the current one shown
    assert drafts.read_bytes() == on_disk
    assert entry(site / "releases" / RELEASE / "translations" / "ru.po", DATELINE) is None


def test_a_save_that_loses_a_placeholder_is_refused_with_the_reason(
    client: TestClient, site: Path
) -> None:
    key = (None, "The reception will take place on {date} at 19:00 in Mexico City.")
    fields = unit_form(client.get(PAGE).text, *key)
    drafts = site / "releases" / RELEASE / "drafts" / "ru.po"
    before = drafts.read_bytes()
    text = "Приём состоится в 19:00 в Мехико."
    response = client.post(PAGE + "/unit", data={**fields, "text": text, "action": "save"})
    assert response.status_code == 422
    assert "{date}" in response.text and "copy it from the source" in response.text
    assert drafts.read_bytes() == before


def test_content_and_po_text_are_escaped(client: TestClient, site: Path) -> None:
    drafts = site / "releases" / RELEASE / "drafts" / "ru.po"
    catalog = po(drafts)
    for item in catalog:
        if (item.msgctxt, item.msgid) == DATELINE:
            item.msgstr = "<script>alert('x')</script>"
    catalog.save(str(drafts))
    page = client.get(PAGE).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def approve_all_form(client: TestClient, show: str) -> dict[str, str]:
    """The approve-all form of the review page as loaded: its token and the versions shown."""
    page = client.get(f"{PAGE}?show={show}").text
    form = re.search(r'<form method="post" action="[^"]*/approve-all".*?</form>', page, re.S)
    assert form is not None
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[0]))


def test_approve_all_shown_asks_first_then_approves_the_drafts(
    client: TestClient, site: Path
) -> None:
    name(client)
    token = csrf(client, PAGE)
    ask = client.post(PAGE + "/approve-all", data=approve_all_form(client, "review"))
    assert ask.status_code == 200
    count = int(re.search(r"<h1>Approve (\d+) unit", ask.text)[1])  # type: ignore[index]
    assert count >= 9
    versions = dict(re.findall(r'name="(v:[^"]+)" value="([^"]+)"', ask.text))
    assert len(versions) == count
    done = client.post(
        PAGE + "/approve-all",
        data={"csrf": token, "show": "review", "confirm": "yes", **versions},
    )
    assert done.status_code == 303, done.text
    approved = [e for e in po(site / "releases" / RELEASE / "translations" / "ru.po") if e.msgstr]
    assert len(approved) == count


def test_after_the_last_unit_the_page_says_the_language_is_publishable(
    client: TestClient, site: Path
) -> None:
    name(client)
    token = csrf(client, PAGE)
    ask = client.post(PAGE + "/approve-all", data=approve_all_form(client, "all"))
    versions = dict(re.findall(r'name="(v:[^"]+)" value="([^"]+)"', ask.text))
    client.post(
        PAGE + "/approve-all", data={"csrf": token, "show": "all", "confirm": "yes", **versions}
    )
    page = client.get(PAGE).text
    assert "Publishable" in page and "the next build publishes this language" in page


def test_approve_all_never_approves_text_changed_after_the_page_loaded(
    client: TestClient, site: Path
) -> None:
    name(client)
    form = approve_all_form(client, "review")  # the reviewer reads the page ...
    drafts = site / "releases" / RELEASE / "drafts" / "ru.po"
    catalog = po(drafts)
    for item in catalog:
        if item.msgid == "A reception for 250 guests":
            item.msgstr = "Приём на 9999 гостей"  # ... while someone changes a unit on disk
    catalog.save(str(drafts))
    ask = client.post(PAGE + "/approve-all", data=form)
    assert "1 unit(s) changed on disk since you loaded the page" in ask.text
    versions = dict(re.findall(r'name="(v:[^"]+)" value="([^"]+)"', ask.text))
    done = client.post(
        PAGE + "/approve-all",
        data={"csrf": form["csrf"], "show": "review", "confirm": "yes", **versions},
    )
    assert done.status_code == 303
    approved = po(site / "releases" / RELEASE / "translations" / "ru.po")
    assert all("9999" not in e.msgstr for e in approved)
    assert [e.msgstr for e in po(drafts) if e.msgid == "A reception for 250 guests"] == [
        "Приём на 9999 гостей"
    ]


def test_an_outdated_unit_can_be_reapproved_unchanged(client: TestClient, site: Path) -> None:
    release = site / "releases" / RELEASE / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "A reception for 250 guests", "A reception for 250 invited guests"
        ),
        encoding="utf-8",
    )
    es = "/review/national-day/es"
    page = client.get(es).text
    assert "outdated" in page and "<ins>invited </ins>" in page
    name(client)
    fields = unit_form(client.get(es).text, None, "A reception for 250 invited guests")
    assert fields["text"] == "Una recepción para 250 invitados"
    done = client.post(es + "/unit", data={**fields, "action": "approve"})
    assert done.status_code == 303
    translations = site / "releases" / RELEASE / "translations" / "es.po"
    approved = entry(translations, (None, "A reception for 250 invited guests"))
    assert approved is not None and approved.msgstr == "Una recepción para 250 invitados"
    assert "edited-by" not in approved.tcomment  # approved as it was: nobody edited it
    assert all(e.obsolete for e in po(translations) if e.msgid == "A reception for 250 guests")


def test_a_token_is_asked_once_and_kept_in_a_cookie(site: Path) -> None:
    secret = "a-long-shared-secret-for-reviewers"
    client = client_for(site, token=secret)
    first = client.get("/")
    assert first.status_code == 303 and first.headers["location"] == "/login"
    token = csrf(client, "/login")
    assert client.post("/login", data={"csrf": token, "token": "wrong"}).status_code == 403
    signed = client.post("/login", data={"csrf": token, "token": secret})
    assert signed.status_code == 303
    assert client.get("/").status_code == 200


def test_requests_for_another_host_are_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400


def test_serving_beyond_this_machine_needs_a_token(site: Path) -> None:
    with pytest.raises(UsageError, match="PRESSROOM_SERVE_TOKEN"):
        check_exposure("0.0.0.0", None)
    check_exposure("127.0.0.1", None)
    result = run_process("serve", "--host", "0.0.0.0", "--content", site)
    assert result.code == 2
    assert "PRESSROOM_SERVE_TOKEN" in result.err and "Traceback" not in result.err


def test_the_review_copy_is_one_click_away(client: TestClient) -> None:
    response = client.get(f"/review-copy/{RELEASE}/ru")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pressroom_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(site: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--port", str(port), "--content", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert "Releases and languages" in page
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode in (0, 130), err
        assert "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
