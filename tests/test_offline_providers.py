"""Machine translation providers before any network call: codes, keys, splitting."""

from __future__ import annotations

import pytest

from pipeline.errors import PressroomError
from pipeline.l10n.mt_providers import make_provider, split_text

from .anniversary_site import RELEASE, build_anniversary_site
from .conftest import CliRunner
from .site_builder import SiteBuilder


def test_a_sentence_longer_than_the_limit_is_cut_into_pieces_under_it() -> None:
    text = "Short one. " + "x" * 250 + ". Last."
    pieces = split_text(text, 100)
    assert all(len(p) < 100 for p in pieces)
    assert pieces[0] == "Short one."
    assert [len(p) for p in pieces[1:3]] == [99, 99], "cut at the limit, nothing lost"
    assert "".join(pieces[1:]) == "x" * 250 + ". Last."


def test_google_gets_its_own_language_codes_and_limit() -> None:
    provider = make_provider("google", "en", "az", None)
    assert provider.max_chars == 5000
    assert (provider._client._source, provider._client._target) == ("en", "az")  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["google", "mymemory"])
def test_a_language_the_provider_lacks_is_refused_before_any_call(name: str) -> None:
    with pytest.raises(PressroomError, match="the provider does not offer language 'xx'"):
        make_provider(name, "en", "xx", None)


@pytest.mark.parametrize(
    ("provider", "variable"), [("microsoft", "MICROSOFT_API_KEY"), ("deepl", "DEEPL_API_KEY")]
)
def test_a_provider_without_its_key_stops_with_one_line(
    provider: str,
    variable: str,
    site: SiteBuilder,
    cli: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(variable, raising=False)
    content = build_anniversary_site(site).root
    result = cli("translate", RELEASE, "--to", "fr", "--provider", provider, "--content", content)
    assert result.code == 1
    assert result.err.strip() == (
        f"error: the {provider} provider needs an API key in the environment variable {variable}"
    )
    assert not (content / "releases" / RELEASE / "drafts" / "fr.po").exists()
