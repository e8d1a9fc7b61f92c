"""Review: accepted drafts move to translations/, hand edits survive, pseudo is refused."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

from .anniversary_site import EDITION, ORG_UNITS, RELEASE, UNITS, build_anniversary_site
from .conftest import DAY, CliRunner, pdf_catalog, pdf_title
from .libre_server import libre_server
from .site_builder import SiteBuilder
from .test_translate import translate

DRAFTS = UNITS + ORG_UNITS  # a new language drafts the release and the organisation


@pytest.fixture
def content(site: SiteBuilder) -> Path:
    return build_anniversary_site(site).root


@pytest.fixture(autouse=True)
def fast_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_MT_RETRIES", "0")


def folder(content: Path) -> Path:
    return content / "releases" / RELEASE


def add_language(content: Path, lang: str) -> None:
    path = folder(content) / "release.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("languages: [en, es, az, ru]", f"languages: [en, es, az, ru, {lang}]", 1),
        encoding="utf-8",
    )


def test_new_language_drafted_reviewed_and_published(
    content: Path, output: Path, cli: CliRunner
) -> None:
    add_language(content, "fr")
    with libre_server() as (url, server):
        assert translate(cli, content, url).code == 0
        calls = len(server.requests)
        assert translate(cli, content, url).code == 0
        assert len(server.requests) == calls, "the repeat run calls nobody"
    held = cli("build", "--date", DAY, "--content", content, "--output", output)
    assert f"fr: not publishable ({DRAFTS} draft)" in held.err
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
    assert f"approved {DRAFTS} unit(s)" in result.out
    po = polib.pofile(str(folder(content) / "translations" / "fr.po"))
    assert len(po) == UNITS and not any("fuzzy" in e.flags for e in po)
    # conftest.NOW, 2026-11-25 17:00 UTC, is 11:00 on 2026-11-25 in Mexico City.
    assert all(e.tcomment == "reviewed-by: Claire Dubois 2026-11-25" for e in po)
    assert all(e.comment.startswith("machine: libre") for e in po), "provenance is kept"
    assert len(polib.pofile(str(folder(content) / "drafts" / "fr.po"))) == 0
    build = cli("build", "--date", DAY, "--content", content, "--output", output)
    assert build.code == 0
    pdf = output / RELEASE / EDITION / "fr" / f"{RELEASE}-fr.pdf"
    assert pdf_catalog(pdf).get("/Lang") == "fr"
    assert "<fr> 37e anniversary" in pdf_title(pdf)


def test_only_entries_with_the_fuzzy_flag_cleared_move_and_hand_edits_survive(
    content: Path, cli: CliRunner
) -> None:
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
    assert f"approved 2 unit(s); {DRAFTS - 2} draft(s) still marked fuzzy" in result.out
    approved = polib.pofile(str(folder(content) / "translations" / "de.po"))
    dateline = approved.find("Mexico City", msgctxt="dateline")
    assert dateline.msgstr == "Mexiko-Stadt"
    assert (
        "checked against the map" in dateline.tcomment and "reviewed-by: Jonas" in dateline.tcomment
    )
    remaining = path.read_text(encoding="utf-8")
    assert "# ask the desk about this one" in remaining, "comments on drafts survive"
    assert "Mexico City" not in remaining and "611 were wounded" not in remaining


def test_pseudo_drafts_are_refused(content: Path, cli: CliRunner) -> None:
    assert (
        cli("translate", RELEASE, "--to", "tr", "--provider", "pseudo", "--content", content).code
        == 0
    )
    result = cli(
        "review", RELEASE, "--lang", "tr", "--reviewer", "Ayşe", "--all", "--content", content
    )
    assert result.code == 0
    assert "approved 0 unit(s)" in result.out
    assert f"refused {DRAFTS} pseudo-localized draft(s)" in result.err
    assert not (folder(content) / "translations" / "tr.po").exists()


def test_outdated_unit_can_be_reapproved_unchanged_after_a_typo_fix(
    content: Path, cli: CliRunner
) -> None:
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
    assert f"│ es   │ {UNITS + ORG_UNITS:8} │        0 │" in status.out
