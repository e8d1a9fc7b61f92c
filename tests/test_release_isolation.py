"""What one release does never stops or misleads the others (issue 11, the build side).

A release with an image builds; a broken or held release is skipped while the rest is
built; a machine draft is a QA finding, never a content error; a release written in a
language other than the organisation's needs the organisation's text in that language.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from .conftest import MINIMAL_FRONT, Result, write_release


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def tiny_png(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (11, 79, 138)).save(path)


def test_release_with_image_caption_and_credit_builds(
    multilingual: Path, output: Path, cli: object
) -> None:
    tiny_png(multilingual / "assets" / "alley.png")
    write_release(
        multilingual,
        "photo-release",
        MINIMAL_FRONT.replace("kind: statement", "kind: press-release")
        + "images: [{src: assets/alley.png, caption: The Alley of Martyrs, "
        "credit: Embassy Press Office}]\n",
    )
    result: Result = cli(  # type: ignore[operator]
        "build", "photo-release", "--date", "2024-02-01", "--content", multilingual,
        "--output", output,
    )  # fmt: skip
    assert result.code == 0, result.err
    pdf = output / "photo-release/2024-03-01/en/photo-release-en.pdf"
    text = text_of(pdf)
    assert "The Alley of Martyrs" in text
    assert "Embassy Press Office" in text
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert "<figure>" in html and "Embassy Press Office" in html


BROKEN_FRONT = MINIMAL_FRONT.replace("headline: A statement", "headlin: A statement")


def test_broken_release_is_skipped_and_the_others_are_built(
    multilingual: Path, output: Path, cli: object
) -> None:
    broken = write_release(multilingual, "half-written", BROKEN_FRONT)
    result: Result = cli(  # type: ignore[operator]
        "build", "--date", "2026-05-01", "--content", multilingual, "--output", output
    )
    assert result.code == 1
    assert f"{broken}:" in result.err and "headlin" in result.err
    assert "Traceback" not in result.err
    assert (output / "national-day/2026-05-28/en/national-day-en.pdf").is_file()
    assert (output / "national-day/2026-05-28/es/national-day-es.pdf").is_file()
    assert not (output / "half-written").exists()
    # validate still lists every error and fails
    check: Result = cli("validate", "--content", multilingual)  # type: ignore[operator]
    assert check.code == 1 and "headlin" in check.err
    # a second identical run says the same again (no silent no-op)
    again: Result = cli(  # type: ignore[operator]
        "build", "--date", "2026-05-01", "--content", multilingual, "--output", output
    )
    assert again.code == 1 and "headlin" in again.err


def test_broken_release_does_not_stop_status_and_due(multilingual: Path, cli: object) -> None:
    write_release(multilingual, "half-written", BROKEN_FRONT)
    status: Result = cli("status", "--content", multilingual)  # type: ignore[operator]
    assert "national-day" in status.out
    assert "headlin" in status.err
    due: Result = cli(  # type: ignore[operator]
        "due", "--date", "2026-05-25", "--content", multilingual
    )
    assert "national-day 2026-05-28" in due.out
    assert "headlin" in due.err


def test_held_release_is_validated_but_never_built(
    multilingual: Path, output: Path, cli: object
) -> None:
    write_release(multilingual, "work-in-progress", MINIMAL_FRONT + "hold: true\n")
    check: Result = cli("validate", "--content", multilingual)  # type: ignore[operator]
    assert check.code == 0, check.err
    result: Result = cli(  # type: ignore[operator]
        "build", "--date", "2024-02-01", "--content", multilingual, "--output", output
    )
    assert result.code == 0, result.err
    assert "work-in-progress" in result.err and "hold" in result.err
    assert not (output / "work-in-progress").exists()
    # a held release with an error is still validated
    write_release(multilingual, "work-in-progress", BROKEN_FRONT + "hold: true\n")
    check = cli("validate", "--content", multilingual)  # type: ignore[operator]
    assert check.code == 1 and "headlin" in check.err


def _russian_draft_keeping_ordinal(content: Path) -> None:
    """A machine draft for Russian (no numeric ordinal) that kept {ordinal}."""
    drafts = content / "releases" / "national-day" / "drafts" / "ru.po"
    text = drafts.read_text(encoding="utf-8")
    drafts.write_text(text.replace("{years}-ю", "{ordinal}"), encoding="utf-8")


def test_machine_draft_is_a_qa_finding_not_a_content_error(
    multilingual: Path, output: Path, cli: object
) -> None:
    _russian_draft_keeping_ordinal(multilingual)
    check: Result = cli("validate", "--content", multilingual)  # type: ignore[operator]
    assert check.code == 0, check.err
    result: Result = cli(  # type: ignore[operator]
        "build", "--due", "--strict", "--date", "2026-05-25", "--content", multilingual,
        "--output", output,
    )  # fmt: skip
    assert "{ordinal}" not in result.err
    assert (output / "national-day/2026-05-28/es/national-day-es.pdf").is_file()
    findings: Result = cli("check", "--content", multilingual)  # type: ignore[operator]
    assert "drafts/ru.po" in findings.out and "{ordinal}" in findings.out


def test_approved_translation_with_impossible_placeholder_blocks_only_its_language(
    multilingual: Path, output: Path, cli: object
) -> None:
    translations = multilingual / "releases" / "national-day" / "translations" / "ar.po"
    text = translations.read_text(encoding="utf-8")
    po_line = next(line for line in text.splitlines() if "{years}" in line)
    translations.write_text(text.replace(po_line, po_line.replace("{years}", "{ordinal}")), "utf-8")
    result: Result = cli(  # type: ignore[operator]
        "build", "--date", "2026-05-01", "--content", multilingual, "--output", output
    )
    assert result.code == 0, result.err
    assert "skipped national-day 2026-05-28 ar: not publishable" in result.err
    assert (output / "national-day/2026-05-28/es/national-day-es.pdf").is_file()
    assert not (output / "national-day/2026-05-28/ar").exists()
    check: Result = cli("validate", "--content", multilingual)  # type: ignore[operator]
    assert check.code == 0, check.err


def test_release_in_another_language_needs_the_organisation_text_in_it(
    multilingual: Path, output: Path, cli: object
) -> None:
    # content/translations has no German: a German release cannot print the English About
    write_release(
        multilingual,
        "aus-berlin",
        MINIMAL_FRONT.replace("language: en\nlanguages: [en]", "language: de\nlanguages: [de]"),
    )
    result: Result = cli(  # type: ignore[operator]
        "build", "aus-berlin", "--date", "2024-02-01", "--content", multilingual,
        "--output", output,
    )  # fmt: skip
    assert "skipped aus-berlin 2024-03-01 de: not publishable" in result.err
    assert "organisation" in result.err
    assert not (output / "aus-berlin/2024-03-01/de").exists()
    status: Result = cli("status", "aus-berlin", "--content", multilingual)  # type: ignore[operator]
    assert "yes (source)" not in status.out
