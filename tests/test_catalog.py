"""The translation store: statuses after source edits, PO errors, and what blocks a language."""

from __future__ import annotations

from pathlib import Path

from pipeline.content.loader import load_site
from pipeline.l10n.unit_status import Status, UnitState, read_po, unit_states

from .conftest import CliRunner

RELEASE = "releases/national-day/release.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def states(content: Path, lang: str) -> list[UnitState]:
    release = load_site(content).releases["national-day"]
    folder = content / "releases" / "national-day"
    return unit_states(
        release.units,
        read_po(folder / "translations" / f"{lang}.po"),
        read_po(folder / "drafts" / f"{lang}.po"),
    )


def test_editing_a_paragraph_makes_only_that_unit_outdated(multilingual: Path) -> None:
    edit(
        multilingual / RELEASE, "An exhibition of 40 photographs", "An exhibition of 45 photographs"
    )
    result = {s.unit.msgid: s for s in states(multilingual, "es")}
    changed = result["An exhibition of 45 photographs"]
    assert changed.status is Status.OUTDATED
    assert changed.previous is not None
    assert changed.previous.msgid == "An exhibition of 40 photographs", "previous source kept"
    assert changed.previous.msgstr == "Una exposición de 40 fotografías", "old translation kept"
    others = [s for s in result.values() if s is not changed]
    assert all(s.status is Status.APPROVED for s in others)


def test_editing_the_headline_is_matched_by_its_context(multilingual: Path) -> None:
    edit(
        multilingual / RELEASE,
        "celebrates the {ordinal} anniversary",
        "marks the {ordinal} anniversary",
    )
    headline = next(s for s in states(multilingual, "az") if s.unit.context == "headline")
    assert headline.status is Status.OUTDATED
    assert headline.previous is not None and "celebrates" in headline.previous.msgid


def test_an_unrelated_new_paragraph_is_missing_not_outdated(multilingual: Path) -> None:
    edit(
        multilingual / RELEASE,
        "> Independence",
        "A completely new sentence about trade.\n\n> Independence",
    )
    new = next(s for s in states(multilingual, "es") if "trade" in s.unit.msgid)
    assert new.status is Status.MISSING


def test_a_fuzzy_entry_in_translations_is_not_approved(multilingual: Path) -> None:
    po = multilingual / "releases/national-day/translations/es.po"
    edit(
        po,
        'msgid "Music by the national orchestra"',
        '#, fuzzy\nmsgid "Music by the national orchestra"',
    )
    music = next(s for s in states(multilingual, "es") if s.unit.msgid.startswith("Music"))
    # Needs review (a draft), not "outdated" with identical old and new source text.
    assert music.status is Status.DRAFT
    assert music.previous is None and music.text and music.entry and music.entry.file == po


def test_outdated_language_is_withheld_by_the_build(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    edit(
        multilingual / RELEASE, "An exhibition of 40 photographs", "An exhibition of 45 photographs"
    )
    output = tmp_path / "output"
    result = cli(
        "build",
        "--lang",
        "es",
        "--lang",
        "en",
        "--date",
        "2026-05-01",
        "--content",
        multilingual,
        "--output",
        output,
    )
    assert result.code == 0
    assert "es: not publishable (1 outdated)" in result.err
    assert (output / "national-day/2026-05-28/en/national-day-en.pdf").exists()
    assert not (output / "national-day/2026-05-28/es").exists()
    strict = cli(
        "build", "--strict", "--date", "2026-05-01", "--content", multilingual, "--output", output
    )
    assert strict.code == 1, "strict builds fail when a language is held back"


def test_ordinal_in_a_language_without_one_blocks_that_language(
    multilingual: Path, cli: CliRunner
) -> None:
    po = multilingual / "releases/national-day/translations/ar.po"
    edit(po, "الـ{years}", "{ordinal}")
    assert cli("validate", "--content", multilingual).code == 0  # a translation problem
    result = cli("check", "--content", multilingual)
    assert result.code == 1
    assert f"{po}:" in result.out
    assert "headline: {ordinal} has no numeric form in 'ar'" in result.out
    assert "write {years}" in result.out


def test_a_broken_po_file_names_its_line(multilingual: Path, cli: CliRunner) -> None:
    po = multilingual / "releases/national-day/translations/es.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    result = cli("validate", "--content", multilingual)
    assert result.code == 1
    assert f"{po}:" in result.err and "broken PO file" in result.err
    assert "Traceback" not in result.err


def test_a_language_without_template_labels_is_not_publishable(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    edit(multilingual / RELEASE, "languages: [en, es, az, ar, ru, de]", "languages: [en, it]")
    result = cli("status", "--date", "2026-05-01", "--content", multilingual)
    assert "template label(s) missing from templates/locales/it.po" in result.out


def test_a_character_no_font_has_stops_the_build(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    edit(
        multilingual / RELEASE, "our most valuable heritage.", "our most valuable heritage \ue000."
    )
    output = tmp_path / "output"
    result = cli(
        "build",
        "--lang",
        "en",
        "--date",
        "2026-05-01",
        "--content",
        multilingual,
        "--output",
        output,
    )
    assert result.code == 1
    assert "national-day, language en: no installed font has the character" in result.err
    assert "(U+E000)" in result.err
    assert not output.exists()


def test_status_of_one_release_shows_what_changed(multilingual: Path, cli: CliRunner) -> None:
    edit(
        multilingual / RELEASE, "An exhibition of 40 photographs", "An exhibition of 45 photographs"
    )
    result = cli("status", "national-day", "--date", "2026-05-01", "--content", multilingual)
    assert result.code == 0
    assert "es: outdated paragraph" in result.out
    assert "was:  An exhibition of 40 photographs" in result.out
    assert "now:  An exhibition of 45 photographs" in result.out
    assert "Una exposición de 40 fotografías" in result.out


def test_review_copy_shows_the_old_translation_of_an_outdated_unit(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    edit(
        multilingual / RELEASE, "An exhibition of 40 photographs", "An exhibition of 45 photographs"
    )
    output = tmp_path / "output"
    result = cli(
        "build",
        "--lang",
        "es",
        "--review-copies",
        "--date",
        "2026-05-01",
        "--content",
        multilingual,
        "--output",
        output,
    )
    assert result.code == 0
    html = (output / "national-day/2026-05-28/review/national-day-es-review.html").read_text(
        encoding="utf-8"
    )
    assert (
        '<mark class="unreviewed" data-status="outdated">Una exposición de 40 fotografías' in html
    )
