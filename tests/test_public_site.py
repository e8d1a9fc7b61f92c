"""output/site/: only public editions, each page linked to its languages, with feeds, sitemap,
ninjs and structured data that real readers accept; embargoes respected at the given --now."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import feedparser
import jsonschema
import pytest

from pipeline.render.typography import typeset_plain
from tests.conftest import ROOT
from tests.public_site_support import (
    AFTER,
    BEFORE,
    EDITION,
    PUBLIC,
    SITE_URL,
    TRICKY_HEADLINE,
    build,
    make_content,
    read_page,
    site_files,
    vnu_errors,
    vnu_jar,
)

NINJS_SCHEMA = ROOT / "tests" / "schemas" / "ninjs-schema_3.1.json"
# What readers see: the headline as typed, with English typography (“…”).
TYPESET_HEADLINE = typeset_plain(TRICKY_HEADLINE, "en")


@dataclass
class Built:
    content: Path
    output: Path
    before: set[str]
    before_index: str
    rerun_out: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Built as cron would: before the embargo, again before it, then once it has passed."""
    root = tmp_path_factory.mktemp("site")
    content, output = make_content(root / "content"), root / "output"
    first = build(content, output, BEFORE)
    assert first.code == 0, first.err
    before = site_files(output)
    before_index = (output / "index.html").read_text(encoding="utf-8")
    rerun = build(content, output, BEFORE)
    assert rerun.code == 0, rerun.err
    after = build(content, output, AFTER)
    assert after.code == 0, after.err
    return Built(content, output, before, before_index, rerun.out)


def test_an_embargoed_edition_is_absent_before_and_present_after(built: Built) -> None:
    assert not any(path.startswith("national-day/") for path in built.before)
    assert "trade-week/2027-03-01/en/index.html" in built.before  # no embargo: public
    assert "built 0 file(s)" in built.rerun_out  # the second run before the embargo: no-op
    after = site_files(built.output)
    for lang in PUBLIC:
        folder = f"{EDITION}/{lang}/"
        assert {f"{folder}index.html", f"{folder}national-day-{lang}.pdf"} <= after
        assert f"{folder}national-day-{lang}.ninjs.json" in after
        assert f"{lang}/index.html" in after and f"{lang}/feed.xml" in after
    # The staff dashboard said when it would go public, and now says it is.
    assert "embargoed until May 28, 2027, 10:00\u202fAM (GMT-06:00)" in built.before_index
    assert "public" in (built.output / "index.html").read_text(encoding="utf-8")


def test_the_site_holds_only_public_editions(built: Built) -> None:
    files = site_files(built.output)
    assert not any(lang in path.split("/") for path in files for lang in ("ru", "de", "review"))
    assert not {"manifest.json", "outbox"} & {p.split("/")[-1] for p in files}
    pdf = f"{EDITION}/es/national-day-es.pdf"
    assert (built.output / "site" / pdf).read_bytes() == (built.output / pdf).read_bytes()
    assert "index.html" in files and "sitemap.xml" in files


def test_every_feed_parses_in_order_in_its_language(built: Built) -> None:
    for lang in PUBLIC:
        feed = feedparser.parse(str(built.output / "site" / lang / "feed.xml"))
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.language == lang
        assert feed.feed.id == f"{SITE_URL}{lang}/feed.xml"
        published = [entry.published for entry in feed.entries]
        moments = [dt.datetime.fromisoformat(p) for p in published]
        assert moments == sorted(moments, reverse=True)
        assert all(m.utcoffset() is not None for m in moments)
        first = feed.entries[0]
        assert first.id == f"tag:example.org,2027-05-28:national-day/{lang}"
        hreflangs = {link.hreflang: link.href for link in first.links if link.rel == "alternate"}
        assert hreflangs == {other: f"{SITE_URL}{EDITION}/{other}/" for other in PUBLIC}
        assert first.link == f"{SITE_URL}{EDITION}/{lang}/", "an entry opens its own language"
    english = feedparser.parse(str(built.output / "site" / "en" / "feed.xml"))
    assert [e.id.rsplit(":", 1)[1] for e in english.entries] == ["national-day/en", "trade-week/en"]
    assert english.entries[1].title == TYPESET_HEADLINE


def test_every_ninjs_item_is_valid_ninjs_3_1(built: Built) -> None:
    schema = json.loads(NINJS_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    items = sorted((built.output / "site").rglob("*.ninjs.json"))
    assert len(items) == len(PUBLIC) + 1
    for path in items:
        item = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(item)]
        assert not errors, (path, errors)
        lang = path.parent.name
        assert (item["type"], item["language"]) == ("text", lang)
        assert item["copyrightHolder"]
        assert item["headlines"][0]["value"] and item["altIds"]
        assert item["bodies"][0]["contentType"] == "text/html"
        assert "<p>" in item["bodies"][0]["value"]
        assert dt.datetime.fromisoformat(item["versionCreated"]).utcoffset() is not None
        assert "embargoedUntil" not in item


def test_edition_pages_link_their_languages_and_describe_themselves(built: Built) -> None:
    site = built.output / "site"
    for lang in PUBLIC:
        page = read_page(site / EDITION / lang / "index.html")
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [f"{SITE_URL}{EDITION}/{lang}/"]
        alternates = {
            link["hreflang"]: link["href"]
            for link in page.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }
        expected = {o: f"{SITE_URL}{EDITION}/{o}/" for o in PUBLIC if o != lang}
        assert alternates == dict(expected, **{"x-default": f"{SITE_URL}{EDITION}/en/"})
        names = {a["text"] for a in page.anchors if a.get("hreflang")}
        assert {"English", "Español", "Azərbaycan dili", "العربية"} <= names
        assert page.meta["og:url"] == [f"{SITE_URL}{EDITION}/{lang}/"]
        assert page.meta["og:type"] == ["article"] and page.meta["og:title"][0]
        pdf = [a["href"] for a in page.anchors if a.get("type") == "application/pdf"]
        assert pdf == [f"national-day-{lang}.pdf"]
        (article,) = page.jsonld
        assert article["@type"] == "NewsArticle" and article["inLanguage"] == lang
        for key in ("headline", "description", "datePublished", "dateModified", "image"):
            assert article[key], key
        assert article["datePublished"] == "2027-05-28T10:00:00-06:00"
        assert article["author"]["name"] and article["publisher"]["name"]
    arabic = (site / EDITION / "ar" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic


def test_json_ld_and_pages_escape_what_staff_typed(built: Built) -> None:
    path = built.output / "site" / "trade-week" / "2027-03-01" / "en" / "index.html"
    html = path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>trade" not in html
    (article,) = read_page(path).jsonld
    assert article["headline"] == TYPESET_HEADLINE  # the same text, read back as data


def test_language_indexes_list_newest_first_in_their_language(built: Built) -> None:
    site = built.output / "site"
    english = read_page(site / "en" / "index.html")
    releases = [a["href"] for a in english.anchors if a["href"].startswith("../")]
    releases = [h for h in releases if h.count("/") > 2]
    assert releases == [f"../{EDITION}/en/index.html", "../trade-week/2027-03-01/en/index.html"]
    spanish = (site / "es" / "index.html").read_text(encoding="utf-8")
    assert "28 de mayo de 2027" in spanish and "Comunicados de prensa" in spanish
    home = read_page(site / "index.html")
    assert {a["text"] for a in home.anchors} >= {"English", "Español", "Azərbaycan dili"}


def test_the_sitemap_lists_every_page_with_its_alternates(built: Built) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built.output / "site" / "sitemap.xml").getroot()
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    pages = [p for p in site_files(built.output) if p.endswith("index.html")]
    assert set(urls) == {SITE_URL + p.removesuffix("index.html") for p in pages}
    es = urls[f"{SITE_URL}{EDITION}/es/"]
    langs = {link.get("hreflang") for link in es.findall("x:link", ns)}
    assert langs == {*PUBLIC, "x-default"}


def test_the_nu_html_checker_finds_no_error(built: Built) -> None:
    jar = vnu_jar()
    if jar is None or shutil.which("java") is None:
        pytest.skip("vnu.jar not in tests/.node (make test-deps) nor PRESSROOM_VNU_JAR, or no java")
    pages = sorted((built.output / "site").rglob("*.html"))
    assert vnu_errors(jar, pages) == []


def test_a_withdrawn_language_leaves_the_site(built: Built, tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(built.content, content)
    shutil.copytree(built.output, output)
    (content / "releases" / "national-day" / "translations" / "es.po").unlink()
    result = build(content, output, AFTER)
    assert result.code == 0, result.err
    files = site_files(output)
    assert not any(path.startswith(f"{EDITION}/es/") for path in files)
    assert "es/index.html" not in files and "es/feed.xml" not in files
    english = read_page(output / "site" / EDITION / "en" / "index.html")
    assert "es" not in {link.get("hreflang") for link in english.links}
    staff = (output / "index.html").read_text(encoding="utf-8")
    assert '<td class="site-withdrawn">withdrawn</td>' in staff
    assert '<td class="site-held">held back</td>' in staff  # ru, a draft


def test_the_site_is_reproducible_and_incremental(built: Built, tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(built.content, content)
    assert build(content, output, AFTER).code == 0
    site, ours = built.output / "site", output / "site"
    assert site_files(output) == site_files(built.output)
    for rel in site_files(output):
        assert (ours / rel).read_bytes() == (site / rel).read_bytes(), rel
    stamps = {rel: (ours / rel).stat().st_mtime_ns for rel in site_files(output)}
    (output / "manifest.json").unlink()  # no fast path: the full build writes nothing new
    assert build(content, output, AFTER, "--force").code == 0
    assert {rel: (ours / rel).stat().st_mtime_ns for rel in site_files(output)} == stamps


def test_without_site_url_links_are_relative_and_feeds_are_left_out(tmp_path: Path) -> None:
    content, output = make_content(tmp_path / "content", site_url=None), tmp_path / "output"
    result = build(content, output, AFTER, "--lang", "en", "--lang", "es")
    assert result.code == 0, result.err
    assert "no site_url in organization.yaml" in result.out
    files = site_files(output)
    assert not any(p.endswith(("feed.xml", "sitemap.xml")) for p in files)
    page = read_page(output / "site" / EDITION / "es" / "index.html")
    assert not [link for link in page.links if link.get("rel") == "canonical"]
    hrefs = {link["href"] for link in page.links if link.get("hreflang")}
    assert hrefs == {"../en/index.html"}
    assert not any(h.startswith(("http:", "https:", "/")) for h in hrefs)


def test_the_no_op_fast_path_knows_the_embargo_window(built: Built) -> None:
    from pipeline.content.paths import TEMPLATES
    from pipeline.publish import noop_check

    key = noop_check.options_key((), (), False, False, TEMPLATES)
    last = dt.datetime.fromisoformat(AFTER)  # the fixture's last run: the embargo had passed
    args = (built.content, built.output, TEMPLATES, key, None)
    assert noop_check.previous_report(*args, last) is not None
    assert noop_check.previous_report(*args, last + dt.timedelta(hours=5)) is not None
    # At a moment before that embargo the site would differ: no shortcut.
    assert noop_check.previous_report(*args, dt.datetime.fromisoformat(BEFORE)) is None


def approve_organisation_text(content: Path, lang: str) -> None:
    """content/translations/LANG.po approving every organisation unit as written."""
    import polib  # type: ignore[import-untyped]

    from pipeline.content.loader import load_site

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
    for unit in load_site(content, keep_going=True).org_units:
        po.append(polib.POEntry(msgctxt=unit.context, msgid=unit.msgid, msgstr=unit.msgid))
    (content / "translations").mkdir(exist_ok=True)
    po.save(str(content / "translations" / f"{lang}.po"))


def test_the_staff_index_speaks_the_organisations_language(tmp_path: Path) -> None:
    content, output = make_content(tmp_path / "content"), tmp_path / "output"
    org = content / "organization.yaml"
    org.write_text("language: es\n" + org.read_text(encoding="utf-8"), encoding="utf-8")
    approve_organisation_text(content, "en")  # an English release needs it in English
    result = build(content, output, BEFORE, "--lang", "en", "--lang", "es")
    assert result.code == 0, result.err
    staff = (output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es" dir="ltr">' in staff and "<th>Idioma</th>" in staff
    assert "embargado hasta el 28 de mayo de 2027, 10:00 (GMT-06:00)" in staff
    assert '<td class="site-public">público</td>' in staff  # trade-week, not embargoed


def test_now_needs_a_utc_offset(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    result = build(content, tmp_path / "output", "2027-05-28T10:00")
    assert result.code == 2
    assert "UTC offset" in result.err


def test_site_pages_have_no_accessibility_violations(built: Built) -> None:
    """axe-core in Chromium: the language chooser, a language index and edition pages."""
    from playwright.sync_api import sync_playwright

    from .browser_support import CHROMIUM, CHROMIUM_ARGS, axe_violations, need_browser

    need_browser()
    site = built.output / "site"
    pages = [site / "index.html", site / "en" / "index.html"]
    pages += sorted(site.glob("*/*/*/index.html"))[:3]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for path in pages:
                page.goto(path.as_uri())
                assert axe_violations(page, ("minor", "moderate", "serious", "critical")) == [], (
                    path
                )
        finally:
            browser.close()
