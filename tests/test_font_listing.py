"""fc-list is asked once until the fonts or fontconfig's settings change; font_digest still
sees a font file changed in place. A stand-in ``fc-list`` on PATH counts the questions."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.publish import font_listing
from pipeline.publish.input_hashes import font_digest

FAKE = """#!/bin/sh
echo asked >> "{log}"
for file in "{fonts}"/*.ttf; do
  [ -e "$file" ] && printf 'Test Serif,Test Serif Regular\\t%s\\n' "$file"
done
printf 'Other Sans\\t/nowhere/other.ttf\\n'
"""


@pytest.fixture
def fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A font folder, a fake fc-list listing it, and a home of the test's own."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "serif.ttf").write_bytes(b"font one")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "fc-list"
    fake.write_text(FAKE.format(log=tmp_path / "asked.log", fonts=folder))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    return folder


def asked(fonts: Path) -> int:
    log = fonts.parent / "asked.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def css(tmp_path: Path) -> Path:
    path = tmp_path / "style.css"
    path.write_text('body { font-family: "Test Serif", serif; }\n')
    return path


def test_fc_list_is_asked_once_while_nothing_changes(fonts: Path, tmp_path: Path) -> None:
    first = font_digest(css(tmp_path))
    assert font_digest(css(tmp_path)) == first
    assert font_listing.font_files({"Test Serif"}) == [fonts / "serif.ttf"]
    assert asked(fonts) == 1


def test_a_font_added_is_seen(fonts: Path, tmp_path: Path) -> None:
    before = font_digest(css(tmp_path))
    time.sleep(0.02)  # a later time stamp for the folder, as any later install has
    (fonts / "serif-bold.ttf").write_bytes(b"font two")
    after = font_digest(css(tmp_path))
    assert asked(fonts) == 2
    assert after != before
    assert font_listing.font_files({"Test Serif"}) == [
        fonts / "serif-bold.ttf",
        fonts / "serif.ttf",
    ]


def test_a_font_changed_in_place_changes_the_digest_without_asking_again(
    fonts: Path, tmp_path: Path
) -> None:
    before = font_digest(css(tmp_path))
    time.sleep(0.02)
    with open(fonts / "serif.ttf", "r+b") as file:  # the same file, new bytes
        file.write(b"FONT ONE, HINTED")
    assert font_digest(css(tmp_path)) != before
    assert asked(fonts) == 1


def test_a_changed_fontconfig_setting_asks_again(fonts: Path, tmp_path: Path) -> None:
    settings = tmp_path / "config" / "fontconfig"
    settings.mkdir(parents=True)
    (settings / "fonts.conf").write_text("<fontconfig/>\n")
    font_digest(css(tmp_path))
    time.sleep(0.02)
    (settings / "fonts.conf").write_text("<fontconfig><dir>/opt/fonts</dir></fontconfig>\n")
    font_digest(css(tmp_path))
    assert asked(fonts) == 2


def test_without_a_cache_fc_list_is_asked_every_time(
    fonts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESSROOM_CACHE", "off")
    font_digest(css(tmp_path))
    font_digest(css(tmp_path))
    assert asked(fonts) == 2


def test_no_fc_list_is_said_in_the_digest_and_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert font_digest(css(tmp_path)) == font_listing.UNAVAILABLE
    assert font_listing.font_files({"Test Serif"}) is None


def test_a_failing_fc_list_is_not_kept(fonts: Path, tmp_path: Path) -> None:
    fake = fonts.parent / "bin" / "fc-list"
    fake.write_text(f'#!/bin/sh\necho asked >> "{fonts.parent / "asked.log"}"\nexit 1\n')
    assert font_digest(css(tmp_path)) == font_listing.UNAVAILABLE
    assert font_digest(css(tmp_path)) == font_listing.UNAVAILABLE
    assert asked(fonts) == 2
