"""fc-list is asked once until the fonts or fontconfig's settings change; font_digest still
sees a font file changed in place. Real fontconfig, with a configuration of the test's own
(``FONTCONFIG_FILE``: one font folder in tmp_path); a shim in front of the real ``fc-list``
counts the questions."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from pipeline.content import parse_cache
from pipeline.publish import font_listing
from pipeline.publish.input_hashes import font_digest

from .font_support import save_variable_font

SYSTEM_FONTS = Path("/usr/share/fonts/truetype/noto")
REGULAR, BOLD = "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"
CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>{dirs}<cachedir>{cache}</cachedir></fontconfig>
"""
SHIM = '#!/bin/sh\necho asked >> "{log}"\nexec {real} "$@"\n'

pytestmark = pytest.mark.skipif(
    not (SYSTEM_FONTS / REGULAR).is_file() or shutil.which("fc-list") is None,
    reason="needs fontconfig and the Noto fonts (make test installs them)",
)


def configure(tmp_path: Path, *folders: Path) -> None:
    dirs = "".join(f"<dir>{folder}</dir>" for folder in folders)
    config = CONFIG.format(dirs=dirs, cache=tmp_path / "fc-cache")
    (tmp_path / "etc").mkdir(exist_ok=True)
    (tmp_path / "etc" / "fonts.conf").write_text(config)


@pytest.fixture
def fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A font folder with one font, the only one fontconfig knows; fc-list behind a shim."""
    folder = tmp_path / "fonts"
    (folder / "a").mkdir(parents=True)
    shutil.copy(SYSTEM_FONTS / REGULAR, folder / "a" / REGULAR)
    configure(tmp_path, folder)
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "etc" / "fonts.conf"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "fc-list"
    shim.write_text(SHIM.format(log=tmp_path / "asked.log", real=shutil.which("fc-list")))
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return folder


def asked(fonts: Path) -> int:
    log = fonts.parent / "asked.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def css(tmp_path: Path) -> Path:
    path = tmp_path / "style.css"
    path.write_text('body { font-family: "Noto Serif", serif; }\n')
    return path


def later() -> None:
    time.sleep(0.02)  # a later time stamp for what changes next, as any later change has


def test_fc_list_is_asked_once_while_nothing_changes(fonts: Path, tmp_path: Path) -> None:
    first = font_digest(css(tmp_path))
    assert font_digest(css(tmp_path)) == first
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / REGULAR]
    assert asked(fonts) == 1


def test_a_font_added_in_a_new_subfolder_is_seen(fonts: Path, tmp_path: Path) -> None:
    before = font_digest(css(tmp_path))
    later()
    (fonts / "b").mkdir()
    shutil.copy(SYSTEM_FONTS / BOLD, fonts / "b" / BOLD)
    assert font_digest(css(tmp_path)) != before
    assert asked(fonts) == 2
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / REGULAR, fonts / "b" / BOLD]


def test_a_font_added_beside_another_is_seen(fonts: Path, tmp_path: Path) -> None:
    font_digest(css(tmp_path))
    later()
    shutil.copy(SYSTEM_FONTS / BOLD, fonts / "a" / BOLD)
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / BOLD, fonts / "a" / REGULAR]


def test_a_font_changed_in_place_changes_the_digest_without_asking_again(
    fonts: Path, tmp_path: Path
) -> None:
    before = font_digest(css(tmp_path))
    later()
    with open(fonts / "a" / REGULAR, "r+b") as file:  # the same file, other bytes
        file.seek(0, os.SEEK_END)
        file.write(b"\0\0\0\0")
    assert font_digest(css(tmp_path)) != before
    assert asked(fonts) == 1


def test_a_changed_fontconfig_setting_asks_again(fonts: Path, tmp_path: Path) -> None:
    font_digest(css(tmp_path))
    other = tmp_path / "more-fonts"
    other.mkdir()
    shutil.copy(SYSTEM_FONTS / BOLD, other / BOLD)
    later()
    configure(tmp_path, fonts, other)  # a new <dir>
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / REGULAR, other / BOLD]
    assert asked(fonts) == 2


def test_a_user_settings_file_that_appears_asks_again(fonts: Path, tmp_path: Path) -> None:
    font_digest(css(tmp_path))
    later()
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".fonts.conf").write_text("<fontconfig/>\n")
    font_digest(css(tmp_path))
    assert asked(fonts) == 2


def test_without_a_cache_fc_list_is_asked_every_time(
    fonts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESSROOM_CACHE", "off")
    font_digest(css(tmp_path))
    font_digest(css(tmp_path))
    assert asked(fonts) == 2


def test_without_fontconfig_s_lists_nothing_is_kept(
    fonts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(font_listing, "fontconfig_watches", lambda: None)
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / REGULAR]
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / REGULAR]
    assert asked(fonts) == 2
    assert parse_cache.get(font_listing.ENTRY, tuple) is None


def test_no_fc_list_is_said_in_the_digest_and_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert font_digest(css(tmp_path)) == font_listing.UNAVAILABLE
    assert font_listing.font_files({"Noto Serif"}) is None
    assert parse_cache.get(font_listing.ENTRY, tuple) is None


def test_a_failing_fc_list_is_not_kept(fonts: Path, tmp_path: Path) -> None:
    shim = fonts.parent / "bin" / "fc-list"
    shim.write_text(f'#!/bin/sh\necho asked >> "{fonts.parent / "asked.log"}"\nexit 1\n')
    assert font_digest(css(tmp_path)) == font_listing.UNAVAILABLE
    assert font_digest(css(tmp_path)) == font_listing.UNAVAILABLE
    assert asked(fonts) == 2
    assert parse_cache.get(font_listing.ENTRY, tuple) is None


def test_a_font_added_in_a_linked_folder_is_seen(fonts: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "collection"
    elsewhere.mkdir()
    (fonts / "linked").symlink_to(elsewhere)  # fontconfig follows it
    font_digest(css(tmp_path))
    later()
    shutil.copy(SYSTEM_FONTS / BOLD, elsewhere / BOLD)
    assert font_listing.font_files({"Noto Serif"}) == [
        fonts / "a" / REGULAR,
        fonts / "linked" / BOLD,
    ]
    assert asked(fonts) == 2


def test_a_link_loop_among_the_font_folders_ends(fonts: Path, tmp_path: Path) -> None:
    (fonts / "a" / "back").symlink_to(fonts)
    first = font_listing.font_files({"Noto Serif"})  # fontconfig lists it many times over
    assert first and fonts / "a" / REGULAR in first
    assert font_listing.font_files({"Noto Serif"}) == first, "our stamp's walk ends too"
    assert asked(fonts) == 1


def test_a_named_settings_file_that_appears_asks_again(
    fonts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "etc" / "not-yet.conf"
    monkeypatch.setenv("FONTCONFIG_FILE", str(named))
    font_listing.font_files({"Noto Serif"})  # fontconfig falls back to its defaults
    later()
    named.write_text((tmp_path / "etc" / "fonts.conf").read_text())
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / REGULAR]
    assert asked(fonts) == 2


def test_a_variable_font_installed_is_seen(fonts: Path, tmp_path: Path) -> None:
    assert not font_listing.offers_variable_fonts(), "the Noto Serif of the fixture is static"
    later()
    save_variable_font(fonts / "a" / "TinyVariable.ttf")
    assert font_listing.offers_variable_fonts()
    assert font_listing.font_files({"Noto Serif"}) == [fonts / "a" / REGULAR]
    assert asked(fonts) == 2


def test_a_listing_that_cannot_say_counts_as_variable(
    fonts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(font_listing, "font_listing", lambda: font_listing.UNAVAILABLE)
    assert font_listing.offers_variable_fonts()
