"""Review: accepted drafts move to translations/, hand edits survive, pseudo is refused."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from .conftest import DAY, EDITION
from .libre_server import libre_server
from .test_translate import translate

RELEASE = "january-20-anniversary"


@pytest.fixture(autouse=True)
def fast_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_MT_RETRIES", "0")


def folder(content: Path) -> Path:
    return content / "releases" / RELEASE


def add_language(content: Path, lang: str) -> None:
    path = folder(content) / "release.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("languages: [en, es, az, ru]", f"languages: [en, es, az, ru, {lang}]"),
        encoding="utf-8",
    )


def test_new_language_drafted_reviewed_and_published(content: Path, output: Path, cli) -> None:  # type: ignore[no-untyped-def]
    add_language(content, "fr")
    with libre_server() as (url, server):
        assert translate(cli, content, url).code == 0
        calls = len(server.requests)
        assert translate(cli, content, url).code == 0
        assert len(server.requests) == calls, "the repeat run calls nobody"
    held = cli("build", "--date", DAY, "--content", content, "--output", output)
    assert "fr: not publishable (20 draft)" in held.err
    result = cli(
        "review",
        RELEASE,
        "--lang",
        "fr",
        "--reviewer",
        "Claire Dubois",
        "--all",
        "--content",
        content,
    )
    assert result.code == 0, result.err
    assert "approved 20 unit(s)" in result.out
    po = polib.pofile(str(folder(content) / "translations" / "fr.po"))
    assert len(po) == 16 and not any("fuzzy" in e.flags for e in po)
    assert all(
        re.fullmatch(r"reviewed-by: Claire Dubois \d{4}-\d{2}-\d{2}", e.tcomment) for e in po
    )
    assert all(e.comment.startswith("machine: libre") for e in po), "provenance is kept"
    assert len(polib.pofile(str(folder(content) / "drafts" / "fr.po"))) == 0
    build = cli("build", "--date", DAY, "--content", content, "--output", output)
    assert build.code == 0
    pdf = output / RELEASE / EDITION / "fr" / f"{RELEASE}-fr.pdf"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "fr"
    assert "<fr> 37e anniversary" in PdfReader(pdf).metadata.title  # type: ignore[union-attr]


def test_only_entries_with_the_fuzzy_flag_cleared_move_and_hand_edits_survive(
    content: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    with libre_server() as (url, _):
        assert translate(cli, content, url, lang="de").code == 0
    path = folder(content) / "drafts" / "de.po"
    text = path.read_text(encoding="utf-8")
    # A reviewer, in an editor: fixes one draft and accepts it, accepts another, comments a third.
    text = text.replace(
        '#, fuzzy\nmsgctxt "dateline"\nmsgid "Mexico City"\nmsgstr "<de> Mexico City"',
        '# checked against the map\nmsgctxt "dateline"\nmsgid "Mexico City"\nmsgstr "Mexiko-Stadt"',
    )
    text = text.replace('#, fuzzy\nmsgid "611 were wounded;"', 'msgid "611 were wounded;"')
    text = text.replace(
        '#, fuzzy\nmsgid "5 went missing."',
        '# ask the desk about this one\n#, fuzzy\nmsgid "5 went missing."',
    )
    path.write_text(text, encoding="utf-8")
    result = cli("review", RELEASE, "--lang", "de", "--reviewer", "Jonas", "--content", content)
    assert result.code == 0, result.err
    assert "approved 2 unit(s); 18 draft(s) still marked fuzzy" in result.out
    approved = polib.pofile(str(folder(content) / "translations" / "de.po"))
    dateline = approved.find("Mexico City", msgctxt="dateline")
    assert dateline.msgstr == "Mexiko-Stadt"
    assert (
        "checked against the map" in dateline.tcomment and "reviewed-by: Jonas" in dateline.tcomment
    )
    remaining = path.read_text(encoding="utf-8")
    assert "# ask the desk about this one" in remaining, "comments on drafts survive"
    assert "Mexico City" not in remaining and "611 were wounded" not in remaining


def test_pseudo_drafts_are_refused(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli("translate", RELEASE, "--to", "tr", "--provider", "pseudo", "--content", content).code
        == 0
    )
    result = cli(
        "review", RELEASE, "--lang", "tr", "--reviewer", "Ayşe", "--all", "--content", content
    )
    assert result.code == 0
    assert "approved 0 unit(s)" in result.out
    assert "refused 20 pseudo-localized draft(s)" in result.err
    assert not (folder(content) / "translations" / "tr.po").exists()


def test_outdated_unit_can_be_reapproved_unchanged_after_a_typo_fix(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    release = folder(content) / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "The author recalls those tragic events clearly.",
            "The author clearly recalls those tragic events.",
        ),
        encoding="utf-8",
    )
    status = cli("status", RELEASE, "--date", DAY, "--content", content)
    assert "es: outdated paragraph" in status.out
    first = cli(
        "review", RELEASE, "--lang", "es", "--reviewer", "Ana", "--all", "--content", content
    )
    assert "1 outdated unit(s) added to drafts" in first.out
    assert "approved 0 unit(s)" in first.out, "--all does not approve a changed source unseen"
    drafts = folder(content) / "drafts" / "es.po"
    text = drafts.read_text(encoding="utf-8")
    assert '#| msgid "The author recalls those tragic events clearly.' in text.replace(
        '"\n#| "', ""
    )
    drafts.write_text(text.replace("#, fuzzy\n", ""), encoding="utf-8")  # the reviewer accepts
    second = cli("review", RELEASE, "--lang", "es", "--reviewer", "Ana", "--content", content)
    assert "approved 1 unit(s)" in second.out
    translations = folder(content) / "translations" / "es.po"
    po = polib.pofile(str(translations))
    new = next(e for e in po if e.msgid.startswith("The author clearly recalls"))
    assert new.msgstr.startswith("El autor recuerda con claridad") and not new.obsolete
    assert any(e.obsolete and e.msgid.startswith("The author recalls") for e in po), "kept as #~"
    status = cli("status", RELEASE, "--date", DAY, "--content", content)
    assert "│ es   │       20 │        0 │" in status.out
