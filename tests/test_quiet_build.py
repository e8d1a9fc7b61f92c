"""A cron build of a big site: one summary line for held-back languages, not hundreds."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DAY, CliRunner
from tests.site_builder import SiteBuilder, statement

OTHERS = ["es", "fr", "de", "it", "pt", "ru", "ar", "az", "tr", "uk", "pl"]  # 11 held back


def _site(site: SiteBuilder, others: list[str]) -> None:
    site.release("visit", statement(languages=["en", *others]))


def test_many_held_back_languages_are_one_line(
    site: SiteBuilder, cli: CliRunner, output: Path
) -> None:
    _site(site, OTHERS)
    result = cli("build", "--content", site.root, "--output", output, "--date", DAY)
    assert result.code == 0, result.err
    skipped = [line for line in result.err.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped 11 language(s) not publishable in 1 release(s); pressroom status shows why "
        "(build --verbose lists each)"
    ]
    assert "11 language(s) held back" in result.out
    again = cli("build", "--content", site.root, "--output", output, "--date", DAY)
    assert [line for line in again.err.splitlines() if line.startswith("skipped")] == skipped


def test_verbose_lists_every_held_back_language(
    site: SiteBuilder, cli: CliRunner, output: Path
) -> None:
    _site(site, OTHERS)
    args = ("--content", site.root, "--output", output, "--date", DAY, "--verbose")
    for _ in range(2):  # the full build, then the no-op fast path
        result = cli("build", *args)
        assert result.code == 0, result.err
        skipped = [line for line in result.err.splitlines() if line.startswith("skipped")]
        assert len(skipped) == 11
        assert "skipped visit 2024-03-01 pl: not publishable" in result.err


def test_a_few_held_back_languages_are_listed_each(
    site: SiteBuilder, cli: CliRunner, output: Path
) -> None:
    _site(site, OTHERS[:10])
    result = cli("build", "--content", site.root, "--output", output, "--date", DAY)
    skipped = [line for line in result.err.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 10
    assert "skipped visit 2024-03-01 es: not publishable" in result.err
