"""Machine drafts through deep-translator's real LibreTranslate client and a local server."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

from .anniversary_site import HEADLINE, ORG_UNITS, RELEASE, UNITS, build_anniversary_site
from .conftest import DAY, CliRunner, Result
from .libre_server import Behaviour, libre_server
from .site_builder import SiteBuilder


@pytest.fixture
def content(site: SiteBuilder) -> Path:
    return build_anniversary_site(site).root


@pytest.fixture(autouse=True)
def fast_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_MT_TIMEOUT", "2")
    monkeypatch.setenv("PRESSROOM_MT_RETRIES", "2")
    monkeypatch.setenv("PRESSROOM_MT_BACKOFF", "0.01")
    monkeypatch.delenv("LIBRE_API_KEY", raising=False)


def drafts(content: Path, lang: str = "fr") -> polib.POFile:
    return polib.pofile(str(content / "releases" / RELEASE / "drafts" / f"{lang}.po"))


def translate(
    cli: CliRunner, content: Path, url: str, lang: str = "fr", release: str = RELEASE
) -> Result:
    return cli(
        "translate",
        release,
        "--to",
        lang,
        "--provider",
        "libre",
        "--provider-url",
        url,
        "--content",
        content,
    )


def test_drafts_are_fuzzy_with_provenance_and_masks_restored(content: Path, cli: CliRunner) -> None:
    with libre_server() as (url, server):
        result = translate(cli, content, url)  # no trailing "/": deep-translator needs one
    assert result.code == 0, result.err
    assert len(server.requests) == UNITS + ORG_UNITS
    assert {(r["path"], r["source"], r["target"]) for r in server.requests} == {
        ("/translate", "en", "fr")
    }
    headline = next(r["q"] for r in server.requests if "anniversary of the January" in r["q"])
    assert headline.startswith("⟦0⟧ anniversary"), "the placeholder was masked"
    assert "El Peruano" not in headline, "keep terms are masked too"
    sent_link = next(r["q"] for r in server.requests if "full article" in r["q"])
    assert "https://elperuano.pe/" not in sent_link
    po = drafts(content)
    assert len(po) == UNITS
    assert all("fuzzy" in e.flags and e.comment.startswith("machine: libre ") for e in po)
    entry = po.find(HEADLINE, msgctxt="headline")
    assert entry.msgstr == (
        "<fr> {ordinal} anniversary of the January 20 tragedy: an article in El Peruano"
    )
    link = next(e for e in po if "full article" in e.msgid)
    assert "[El Peruano](https://elperuano.pe/)" in link.msgstr
    assert not (content / "releases" / RELEASE / "translations" / "fr.po").exists(), (
        "machine output never touches translations/"
    )
    assert len(polib.pofile(str(content / "drafts" / "fr.po"))) == ORG_UNITS


def test_second_run_makes_no_call(content: Path, cli: CliRunner) -> None:
    with libre_server() as (url, server):
        assert translate(cli, content, url).code == 0
        first = len(server.requests)
        again = translate(cli, content, url)
    assert again.code == 0
    assert len(server.requests) == first, "nothing new to draft: zero provider calls"
    assert "drafted 0 unit(s) by machine (0 call(s))" in again.out


def test_translation_memory_is_offered_before_any_call(content: Path, cli: CliRunner) -> None:
    folder = content / "releases" / "reuse"
    folder.mkdir()
    (folder / "release.md").write_text(
        "---\nlanguage: en\nlanguages: [en, es]\nkind: statement\nheadline: A day of sorrow and "
        "of pride\ndateline: Mexico City\ndate: 2027-01-20\n---\n611 were wounded;\n\n"
        "A brand new sentence.\n",
        encoding="utf-8",
    )
    with libre_server() as (url, server):
        result = cli(
            "translate",
            "reuse",
            "--to",
            "es",
            "--provider",
            "libre",
            "--provider-url",
            url,
            "--content",
            content,
        )
    assert result.code == 0, result.err
    assert [r["q"] for r in server.requests] == ["A brand new sentence."]
    po = polib.pofile(str(folder / "drafts" / "es.po"))
    remembered = po.find("611 were wounded;")
    assert remembered.msgstr == "611 resultaron heridas;"
    assert remembered.comment == f"memory: {RELEASE}"
    assert "fuzzy" in remembered.flags, "a memory match is still reviewed in its new context"
    assert po.find("Mexico City", msgctxt="dateline").msgstr == "Ciudad de México"


def test_rate_limit_is_retried(content: Path, cli: CliRunner) -> None:
    with libre_server(Behaviour(fail_first=[429, 503])) as (url, server):
        result = translate(cli, content, url)
    assert result.code == 0, result.err
    assert len(server.requests) == UNITS + ORG_UNITS + 2
    assert len(drafts(content)) == UNITS


def test_server_dying_mid_run_loses_nothing_and_the_next_run_resumes(
    content: Path, cli: CliRunner
) -> None:
    with libre_server(Behaviour(answer_only=5)) as (url, _):
        result = translate(cli, content, url)
    assert result.code == 1
    assert result.err.count("\n") == 1 and "cannot connect" in result.err
    assert "Traceback" not in result.err
    assert len(drafts(content)) == 5, "every finished unit was saved"
    with libre_server() as (url, server):
        resumed = translate(cli, content, url)
    assert resumed.code == 0
    assert len(server.requests) == UNITS + ORG_UNITS - 5, "only what was missing"
    assert len(drafts(content)) == UNITS


def test_a_server_that_never_answers_times_out(
    content: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESSROOM_MT_TIMEOUT", "0.3")
    monkeypatch.setenv("PRESSROOM_MT_RETRIES", "1")
    with libre_server(Behaviour(hang=True)) as (url, server):
        # The server answers nothing until this block ends: returning at all is the timeout.
        result = translate(cli, content, url)
        assert server.answered == 0
    assert result.code == 1
    assert "no answer within the timeout" in result.err
    assert len(server.requests) == 2, "one try and the one retry allowed, then it gives up"


def test_api_key_is_sent_but_never_written_or_shown(
    content: Path, tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIBRE_API_KEY", "sekret-key-123")
    with libre_server() as (url, server):
        result = translate(cli, content, url)
        assert result.code == 0
        build = cli(
            "build",
            "--date",
            DAY,
            "--review-copies",
            "--content",
            content,
            "--output",
            tmp_path / "output",
        )
        assert build.code == 0
    assert {r["api_key"] for r in server.requests} == {"sekret-key-123"}
    for path in [*content.rglob("*"), *(tmp_path / "output").rglob("*")]:
        if path.is_file():
            assert b"sekret-key-123" not in path.read_bytes(), path
    assert "sekret-key-123" not in result.out + result.err
    monkeypatch.setenv("LIBRE_API_KEY", "forbidden-key")
    with libre_server() as (url, _):
        refused = translate(cli, content, url, lang="de")
    assert refused.code == 1
    assert "forbidden-key" not in refused.err and "***" in refused.err


def test_a_lost_mask_is_flagged_not_fixed(content: Path, cli: CliRunner) -> None:
    with libre_server(Behaviour(drop_masks=True)) as (url, _):
        result = translate(cli, content, url)
    assert result.code == 0
    assert "QA:" in result.err and "{ordinal}" in result.err
    headline = next(e for e in drafts(content) if e.msgctxt == "headline")
    assert "{ordinal}" not in headline.msgstr, "not silently repaired"
    assert "qa: mask lost in machine translation: {ordinal}" in headline.comment
    review = cli(
        "review", RELEASE, "--lang", "fr", "--reviewer", "Ana", "--all", "--content", content
    )
    assert "refused" in review.err and "qa-ok" in review.err


def test_azerbaijani_through_libre_although_its_list_lacks_az(
    content: Path, cli: CliRunner
) -> None:
    folder = content / "releases" / "az-only"
    folder.mkdir()
    (folder / "release.md").write_text(
        "---\nlanguage: en\nlanguages: [en, az]\nkind: statement\nheadline: New text\n"
        "dateline: Baku\ndate: 2027-01-20\n---\nAnother new sentence.\n",
        encoding="utf-8",
    )
    with libre_server() as (url, server):
        result = cli(
            "translate",
            "az-only",
            "--to",
            "az",
            "--provider",
            "libre",
            "--provider-url",
            url + "/",
            "--content",
            content,
        )
    assert result.code == 0, result.err
    assert {r["target"] for r in server.requests} == {"az"}
    status = cli("status", "az-only", "--content", content)
    assert "libre x3, 0 day(s) old" in status.out


def test_deepl_goes_through_its_official_client(
    content: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPL_API_KEY", "deepl-secret:fx")
    with libre_server() as (url, server):
        result = cli(
            "translate",
            RELEASE,
            "--to",
            "de",
            "--provider",
            "deepl",
            "--provider-url",
            url,
            "--content",
            content,
        )
    assert result.code == 0, result.err
    assert server.requests and all(r["path"] == "/v2/translate" for r in server.requests)
    assert {r["authorization"] for r in server.requests} == {"DeepL-Auth-Key deepl-secret:fx"}
    dateline = drafts(content, "de").find("Mexico City", msgctxt="dateline")
    assert dateline.msgstr == "<DE> Mexico City"
    assert dateline.comment.startswith("machine: deepl ")
    for path in content.rglob("*.po"):
        assert "deepl-secret" not in path.read_text(encoding="utf-8")


def test_long_texts_are_split_at_sentence_ends() -> None:
    from pipeline.l10n.mt_providers import split_text

    text = " ".join(f"Sentence number {n} is here." for n in range(40))
    pieces = split_text(text, 100)
    assert all(len(p) < 100 for p in pieces)
    assert " ".join(pieces) == text
    assert all(p.endswith(".") for p in pieces)
