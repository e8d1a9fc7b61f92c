"""Translators' work is safe: concurrent edits, pseudo drafts, counts, masks, PO layout."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

from pipeline.content.loader import load_site
from pipeline.content.models import Glossary
from pipeline.l10n import po_format
from pipeline.l10n.masking import mask
from pipeline.l10n.mt_providers import Pseudo
from pipeline.l10n.po_scopes import scopes
from pipeline.l10n.qa_checks import Context, check_mandated_terms
from pipeline.l10n.review import apply_decisions, review, scope_decisions
from pipeline.l10n.review_decisions import looks_pseudo

from .conftest import CliRunner, Result
from .libre_server import Behaviour, libre_server
from .test_translate import translate as translate_release

RELEASE = "january-20-anniversary"
DAY = dt.date(2027, 1, 10)


def translate(cli: CliRunner, content: Path, url: str, lang: str = "fr") -> Result:
    """Machine drafts of this file's release (the sample's anniversary release)."""
    return translate_release(cli, content, url, lang, release=RELEASE)


@pytest.fixture(autouse=True)
def fast_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_MT_RETRIES", "0")
    monkeypatch.delenv("LIBRE_API_KEY", raising=False)


def drafts_path(content: Path, lang: str) -> Path:
    return content / "releases" / RELEASE / "drafts" / f"{lang}.po"


def translations_path(content: Path, lang: str) -> Path:
    return content / "releases" / RELEASE / "translations" / f"{lang}.po"


def test_translate_keeps_a_draft_edited_while_it_runs(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = drafts_path(content, "fr")
    seen: dict[str, bool] = {}

    def person_saves_in_poedit(number: int) -> None:
        if number != 6:
            return
        po = polib.pofile(str(path))
        first = next(e for e in po if e.msgstr)
        first.msgstr = "Texte relu par Claire"
        first.flags.remove("fuzzy")
        seen["first"] = True
        seen["missing_requested"] = any("went missing" in r["q"] for r in server.requests)
        po.append(polib.POEntry(msgid="5 went missing.", msgstr="5 ont disparu.", flags=[]))
        po.save(str(path))
        edited["msgid"] = first.msgid

    edited: dict[str, str] = {}
    with libre_server(Behaviour(during=person_saves_in_poedit)) as (url, server):
        result = translate(cli, content, url)
    assert result.code == 0, result.err
    assert seen == {"first": True, "missing_requested": False}
    po = polib.pofile(str(path))
    mine = po.find(edited["msgid"])
    assert mine.msgstr == "Texte relu par Claire" and "fuzzy" not in mine.flags
    missing = po.find("5 went missing.")
    assert missing.msgstr == "5 ont disparu.", "their version of the same entry wins"
    assert "kept a person's edit made while translate ran" in result.err
    assert "5 went missing." in result.err
    assert sum(1 for e in po if e.msgid == "5 went missing.") == 1
    assert len([e for e in po if e.msgstr.startswith("<fr>")]) == 14


def test_review_keeps_edits_made_between_its_decisions_and_its_writes(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    with libre_server() as (url, _):
        assert translate(cli, content, url).code == 0
    path = drafts_path(content, "fr")
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    site = load_site(content)
    scope = scopes(site, RELEASE, "fr")[0]
    states, decisions = scope_decisions(scope, accept_all=False)
    assert sum(d.action == "approve" for d in decisions) == 16
    # Meanwhile, in Poedit: one draft is corrected, one unit is translated in translations/.
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgstr "<fr> 611 were wounded;"', 'msgstr "611 ont été blessés ;"')
    text = text.replace('msgid "5 went missing."', '# à revoir\nmsgid "5 went missing."')
    path.write_text(text, encoding="utf-8")
    human = polib.POFile()
    human.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    human.append(polib.POEntry(msgid="Mexico City", msgctxt="dateline", msgstr="Mexico"))
    human.save(str(translations_path(content, "fr")))
    applied = apply_decisions(scope, "fr", states, decisions, "Claire", DAY)
    assert applied.approved == 13 and len(applied.kept_edits) == 3
    approved = polib.pofile(str(translations_path(content, "fr")))
    assert approved.find("Mexico City", msgctxt="dateline").msgstr == "Mexico"
    assert approved.find("611 were wounded;") is None
    left = polib.pofile(str(path))
    assert left.find("611 were wounded;").msgstr == "611 ont été blessés ;"
    assert "à revoir" in left.find("5 went missing.").tcomment
    assert {e.msgid for e in left} == {"611 were wounded;", "5 went missing.", "Mexico City"}


def test_a_rewritten_pseudo_draft_is_approved_and_real_providers_replace_pseudo(  # type: ignore[no-untyped-def]
    content: Path, cli
) -> None:
    args = ("translate", RELEASE, "--to", "tr", "--content", content)
    assert cli(*args, "--provider", "pseudo").code == 0
    path = drafts_path(content, "tr")
    po = polib.pofile(str(path))
    assert all(looks_pseudo(e.msgstr) for e in po)
    rewritten = po.find("5 went missing.")
    rewritten.msgstr = "5 kişi kayboldu."
    rewritten.flags.remove("fuzzy")
    po.save(str(path))
    result = cli("review", RELEASE, "--lang", "tr", "--reviewer", "Ayşe", "--content", content)
    assert result.code == 0, result.err
    assert "approved 1 unit(s)" in result.out
    entry = polib.pofile(str(translations_path(content, "tr"))).find("5 went missing.")
    assert entry.msgstr == "5 kişi kayboldu."
    assert "machine: pseudo" not in entry.comment and entry.comment.startswith("human:")
    with libre_server() as (url, server):
        real = cli(*args, "--provider", "libre", "--provider-url", url)
    assert real.code == 0, real.err
    assert len(server.requests) == 19, "every pseudo draft is replaced, the approved unit not"
    after = polib.pofile(str(path))
    assert not any(looks_pseudo(e.msgstr) for e in after)
    assert all(e.comment.startswith("machine: libre") for e in after)


def test_leftover_pseudo_drafts_can_be_cleared(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    args = ("translate", RELEASE, "--to", "tr", "--content", content)
    assert cli(*args, "--provider", "pseudo").code == 0
    path = drafts_path(content, "tr")
    po = polib.pofile(str(path))
    po.find("5 went missing.").msgstr = "5 kişi kayboldu."
    po.save(str(path))
    result = cli(*args, "--clear-pseudo")
    assert result.code == 0, result.err
    assert "cleared 19 pseudo draft(s)" in result.out  # 15 of the release, 4 organisation
    assert [e.msgid for e in polib.pofile(str(path))] == ["5 went missing."]


def test_review_counts_are_what_was_written(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    with libre_server() as (url, _):
        assert translate(cli, content, url, lang="de").code == 0
    result = cli(
        "review", RELEASE, "--lang", "de", "--reviewer", "Jonas", "--all", "--content", content
    )
    assert "approved 20 unit(s); 0 draft(s) still marked fuzzy" in result.out
    again = cli(
        "review", RELEASE, "--lang", "de", "--reviewer", "Jonas", "--all", "--content", content
    )
    assert "approved 0 unit(s); 0 draft(s) still marked fuzzy" in again.out


def test_obsolete_entries_keep_their_previous_source(content: Path) -> None:
    path = translations_path(content, "es")
    text = path.read_text(encoding="utf-8") + (
        '\n#~| msgid "The old old text"\n#~ msgid "The old text"\n#~ msgstr "El texto viejo"\n'
    )
    path.write_text(text, encoding="utf-8")
    release = content / "releases" / RELEASE / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "The author recalls those tragic events clearly.",
            "The author clearly recalls those tragic events.",
        ),
        encoding="utf-8",
    )
    review(content, RELEASE, "es", "Ana", accept_all=False, on=DAY)  # offers the earlier one
    drafts = drafts_path(content, "es")
    drafts.write_text(drafts.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), "utf-8")
    report = review(content, RELEASE, "es", "Ana", accept_all=False, on=DAY)
    assert report.approved == 1
    written = path.read_text(encoding="utf-8")
    assert '#~| msgid "The old old text"\n#~ msgid "The old text"' in written
    obsolete = {e.msgid: e for e in po_format.parse(written) if e.obsolete}
    assert obsolete["The old text"].previous_msgid == "The old old text"
    author = next(e for m, e in obsolete.items() if m.startswith("The author recalls"))
    assert author.previous_msgid is None and author.msgstr.startswith("El autor")


@pytest.mark.parametrize(
    "text",
    [
        "Write to <press@example.org> for accreditation.",
        "Questions: mailto:press@example.org or <mailto:desk@example.org>.",
        "Contact press@example.org, see <https://example.org/press>.",
    ],
)
def test_masks_protect_email_autolinks_and_pseudo_leaves_them(text: str) -> None:
    masked = mask(text, ())
    assert "@" not in masked.text and "mailto" not in masked.text
    restored, lost = masked.restore(Pseudo("en", "tr", None).translate(masked.text))
    assert not lost
    for address in (
        "<press@example.org>",
        "mailto:press@example.org",
        "<https://example.org/press>",
    ):
        if address in text:
            assert address in restored


def test_mandated_terms_match_inflected_forms() -> None:
    glossary = Glossary(terms={"January 20 tragedy": {"ru": "трагедия 20 января"}})
    ctx = Context("ru", glossary)
    source = "Anniversary of the January 20 tragedy"
    assert check_mandated_terms(source, "Годовщина трагедии 20 января", ctx) == []
    assert check_mandated_terms(source, "Годовщина событий 20 января", ctx)


def test_resuming_translate_parses_the_drafts_once(  # type: ignore[no-untyped-def]
    content: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with libre_server(Behaviour(answer_only=4)) as (url, _):
        assert translate(cli, content, url).code != 0  # interrupted: 4 drafted
    parsed: list[str] = []
    real_pofile = polib.pofile

    def counting(source: str, **kwargs: object) -> polib.POFile:
        if "Drafts" in source[:300] or source.endswith("drafts/fr.po"):
            parsed.append(source[:40])
        return real_pofile(source, **kwargs)

    monkeypatch.setattr(polib, "pofile", counting)
    with libre_server() as (url, server):
        assert translate(cli, content, url).code == 0
    assert len(server.requests) == 16, "12 release units and 4 of the organisation"
    assert len(parsed) <= 4, f"the drafts are parsed per file, not per unit: {len(parsed)}"


def _written_po_files(content: Path) -> list[Path]:
    return sorted(
        p for p in content.rglob("*.po") if "drafts" in p.parts or "translations" in p.parts
    )


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
def test_written_po_files_are_laid_out_like_gettext_and_pass_msgfmt(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    with libre_server() as (url, _):
        assert translate(cli, content, url).code == 0
    review(content, RELEASE, "fr", "Claire Dubois", accept_all=True, on=DAY)
    written = [p for p in _written_po_files(content) if p.name == "fr.po"]
    assert len(written) == 4  # release and organisation, drafts and translations
    for path in written:
        text = path.read_text(encoding="utf-8")
        if not any(not e.obsolete for e in polib.pofile(text)):
            continue  # msgcat prints nothing at all for a catalog without messages
        again = subprocess.run(
            ["msgcat", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert again == text, path
        check = subprocess.run(
            ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0 and check.stderr == "", check.stderr
    header = polib.pofile(str(translations_path(content, "fr"))).metadata
    assert header["PO-Revision-Date"] == "2027-01-10 00:00+0000"
    assert header["Last-Translator"] == "Claire Dubois"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert header["Language-Team"] == "French" and header["Language"] == "fr"
    assert header["Project-Id-Version"] == f"Pressroom {RELEASE}"


def test_format_round_trips_obsolete_previous_lines() -> None:
    text = (
        'msgid ""\nmsgstr "Language: es\\n"\n\n#, fuzzy\n#~| msgid "a"\n#~ msgid "b"\n'
        '#~ msgstr "c"\n'
    )
    assert po_format.format_po(po_format.parse(text)) == text


def test_a_fuzzy_translation_needs_review_and_is_not_outdated(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = translations_path(content, "es")
    text = path.read_text(encoding="utf-8")
    assert '\nmsgid "5 went missing."' in text
    path.write_text(
        text.replace('\nmsgid "5 went missing."', '\n#, fuzzy\nmsgid "5 went missing."')
    )
    status = cli("status", RELEASE, "--date", "2027-01-10", "--content", content)
    assert "es: needs review (marked fuzzy in translations/): 5 went missing." in status.out
    assert "es: outdated" not in status.out
    result = cli("review", RELEASE, "--lang", "es", "--reviewer", "Ana", "--content", content)
    assert "approved 0 unit(s); 0 draft(s) still marked fuzzy" in result.out
    assert "added to drafts" not in result.out, "nothing is offered as outdated"
    assert not drafts_path(content, "es").exists()
