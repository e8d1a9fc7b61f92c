"""The parse cache: faster repeat runs, and never a different result."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pipeline.content import parse_cache
from pipeline.content.loader import load_site, parse_release
from pipeline.l10n.unit_status import read_po
from tests.conftest import DAY, CliRunner
from tests.site_builder import Entry, SiteBuilder, statement


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.pickle")) if cache.exists() else []


def _multilingual_site(site: SiteBuilder) -> None:
    site.asset("logo.svg")
    site.release(
        "visit",
        statement(
            languages=["en", "es", "fr"],
            images=[{"src": "assets/logo.svg", "alt": "The emblem"}],
        ),
        "A visit.\n\nA second paragraph.\n",
    )
    site.approve_all("visit", "es", lambda text: f"ES {text}")
    site.approve_all("visit", "fr", lambda text: f"FR {text}", drafts=True)


def test_status_is_the_same_with_a_cold_cache_a_warm_one_and_none(
    site: SiteBuilder, cli: CliRunner, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _multilingual_site(site)
    args = ("status", "--content", site.root, "--date", DAY)
    cold = cli(*args)
    assert cold.code == 0, cold.err
    assert _entries(private_cache), "the first run stores its parses"
    warm = cli(*args)
    monkeypatch.setenv("PRESSROOM_CACHE", "off")
    none = cli(*args)
    assert (cold.code, cold.out) == (warm.code, warm.out) == (none.code, none.out)
    assert "visit" in cold.out


def test_the_cache_folder_is_private(
    site: SiteBuilder, cli: CliRunner, private_cache: Path
) -> None:
    _multilingual_site(site)
    assert cli("validate", "--content", site.root).code == 0
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700


def test_a_cached_release_equals_a_fresh_parse(site: SiteBuilder) -> None:
    _multilingual_site(site)
    first = load_site(site.root).releases["visit"]  # stores
    second = load_site(site.root).releases["visit"]  # reads back
    fresh = parse_release(site.root, site.folder("visit"), "UTC")
    assert second == first
    assert (second.front, second.units, second.blocks) == (fresh.front, fresh.units, fresh.blocks)


def test_a_corrupted_entry_is_ignored_and_replaced(site: SiteBuilder, private_cache: Path) -> None:
    _multilingual_site(site)
    po = site.folder("visit") / "translations" / "es.po"
    expected = read_po(po)
    for entry in _entries(private_cache):
        entry.write_bytes(b"\x80\x05 not a pickle at all")
    assert read_po(po) == expected
    assert load_site(site.root).releases["visit"].units
    truncated = _entries(private_cache)
    for entry in truncated:
        entry.write_bytes(entry.read_bytes()[:20])
    assert read_po(po) == expected


def test_an_edited_file_is_parsed_again(site: SiteBuilder) -> None:
    _multilingual_site(site)
    po = site.folder("visit") / "translations" / "es.po"
    assert read_po(po).entries
    site.po("visit", "es", [Entry("A visit.", "Una visita.")])
    assert [e.msgstr for e in read_po(po).entries.values()] == ["Una visita."]
    release = site.folder("visit") / "release.md"
    load_site(site.root)
    site.edit(release, "A visit.", "A state visit.")
    assert "A state visit." in [u.msgid for u in load_site(site.root).releases["visit"].units]


def test_a_deleted_image_is_reported_although_the_release_is_cached(
    site: SiteBuilder, cli: CliRunner
) -> None:
    _multilingual_site(site)
    assert cli("validate", "--content", site.root).code == 0
    (site.root / "assets" / "logo.svg").unlink()
    result = cli("validate", "--content", site.root)
    assert result.code == 1
    assert "images[0].src: file 'assets/logo.svg' not found in content/" in result.err


def test_a_broken_file_is_never_cached(site: SiteBuilder, private_cache: Path) -> None:
    site.release("broken", "language: en\nheadline: [unclosed\n")
    for _ in range(2):
        site_loaded = load_site(site.root, keep_going=True)
        assert "broken" in site_loaded.broken
    assert _entries(private_cache) == []


def test_a_folder_others_can_write_to_is_not_trusted(
    site: SiteBuilder, private_cache: Path
) -> None:
    _multilingual_site(site)
    po = site.folder("visit") / "translations" / "es.po"
    read_po(po)
    name = parse_cache.key("po", po.read_bytes(), str(po))
    assert parse_cache.get(name, object) is not None
    private_cache.chmod(0o777)
    try:
        assert parse_cache.get(name, object) is None
    finally:
        private_cache.chmod(0o700)
