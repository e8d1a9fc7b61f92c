"""Each QA check on its own, then the publish decision: a changed figure never goes out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.content.models import Glossary
from pipeline.l10n.qa_checks import (
    Context,
    check_emphasis,
    check_empty_or_identical,
    check_keep_terms,
    check_length,
    check_links,
    check_mandated_terms,
    check_numbers,
    check_placeholders,
    numbers,
)

from .conftest import DAY, CliRunner
from .site_builder import SiteBuilder, statement

CTX = Context(
    "es",
    Glossary(
        keep=("El Peruano",), terms={"January 20 tragedy": {"es": "tragedia del 20 de enero"}}
    ),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40,000 troops", {40000}),
        ("40.000 soldados", {40000}),
        ("40 000", {40000}),
        ("40\u00a0000", {40000}),
        ("40\u202f000", {40000}),
        ("40'000", {40000}),
        ("3.5%", {Decimal("3.5")}),
        ("3,5 %", {Decimal("3.5")}),
        ("%15", {15}),
        ("1,234,567.89", {Decimal("1234567.89")}),
        ("1.234.567,89", {Decimal("1234567.89")}),
        ("٤٠٬٠٠٠", {40000}),
        ("۱۳۷ نفر", {137}),
        ("1991-ci ildə", {1991}),
        ("January 20, 1990", {20, 1990}),
        ("20 de enero de 1990", {20, 1990}),
        ("{years} years, {ordinal}", set()),
        ("[x](https://a.org/2024)", set()),
    ],
)
def test_numbers_undo_locale_formatting(text: str, expected: set[object]) -> None:
    assert numbers(text) == {Decimal(str(n)) for n in expected}


def test_numbers_check_blocks_a_changed_figure() -> None:
    assert check_numbers("137 people were killed", "137 personas murieron", CTX) == []
    assert check_numbers("40,000 troops", "40.000 soldados", CTX) == []
    problems = check_numbers("137 people were killed", "173 personas murieron", CTX)
    assert [p.message for p in problems] == [
        "number 137 of the source is missing",
        "number 173 is not in the source",
    ]
    assert all(p.blocking for p in problems)


def test_placeholders_years_and_ordinal_are_the_same_value() -> None:
    assert check_placeholders("{ordinal} anniversary", "{years}-я годовщина", CTX) == []
    missing = check_placeholders(
        "{ordinal} anniversary of {event_date}", "{years} aniversario", CTX
    )
    assert [p.message for p in missing] == ["placeholder {event_date} of the source is missing"]
    assert missing[0].blocking


def test_keep_terms_must_stay_verbatim() -> None:
    assert check_keep_terms("in El Peruano", "en El Peruano", CTX) == []
    (problem,) = check_keep_terms("in El Peruano", "en El peruano", CTX)
    assert problem.blocking and "'El Peruano' must appear verbatim" in problem.message


def test_mandated_terms_warn() -> None:
    assert check_mandated_terms("the January 20 tragedy", "la tragedia del 20 de enero", CTX) == []
    (problem,) = check_mandated_terms("the January 20 tragedy", "la masacre del 20 de enero", CTX)
    assert not problem.blocking


def test_link_targets_must_be_identical() -> None:
    ok = check_links("see [it](https://a.org/x)", "ver [esto](https://a.org/x)", CTX)
    assert ok == []
    (problem,) = check_links("see [it](https://a.org/x)", "ver [esto](https://a.org/y)", CTX)
    assert problem.blocking
    (broken,) = check_links("see [it](https://a.org/x)", "ver [esto] (https://a.org/x)", CTX)
    assert broken.blocking, "a link the translation broke is a lost link"


def test_warnings_for_empty_identical_length_and_emphasis() -> None:
    assert check_empty_or_identical("A long enough source sentence", "", CTX)[0].check == "empty"
    same = "A long enough source sentence"
    assert check_empty_or_identical(same, same, CTX)[0].check == "identical"
    assert check_empty_or_identical("Baku", "Baku", CTX) == [], "short names may stay the same"
    assert check_length("a" * 40, "b" * 10, CTX)[0].check == "length"
    assert check_length("a" * 40, "b" * 60, CTX) == []
    assert check_emphasis("**x**", "**x*", CTX)[0].check == "markdown"
    assert not any(p.blocking for p in check_length("a" * 40, "b" * 200, CTX))


RELEASE = "casualties"
SPANISH = {
    "Troops entered the city that night.": "Las tropas entraron en la ciudad esa noche.",
    "137 people were killed;": "137 personas murieron;",
    "611 were wounded;": "611 resultaron heridas;",
}


@pytest.fixture
def content(site: SiteBuilder) -> Path:
    """A release whose figures sit on known lines (the list items are lines 11 and 12)."""
    site.release(
        RELEASE,
        statement(languages=["en", "es"], date=dt.date(2027, 1, 20)),
        "Troops entered the city that night.\n\n- 137 people were killed;\n- 611 were wounded;\n",
    )
    site.approve_all(RELEASE, "es", lambda text: SPANISH.get(text, f"[es] {text}"))
    site.approve_all(None, "es", lambda text: f"[es] {text}")
    return site.root


def alter_figure(content: Path) -> Path:
    po = content / "releases" / RELEASE / "translations" / "es.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "611 resultaron heridas;"' in text
    po.write_text(
        text.replace('msgstr "611 resultaron heridas;"', 'msgstr "661 resultaron heridas;"'),
        encoding="utf-8",
    )
    return po


def test_an_altered_figure_fails_check_and_is_withheld_until_qa_ok(
    content: Path, output: Path, cli: CliRunner
) -> None:
    po = alter_figure(content)
    check = cli("check", RELEASE, "--content", content)
    assert check.code == 1
    assert f"{po}:" in check.out
    assert (
        "es: paragraph at release.md:12: number 611 of the source is missing [blocking]"
        in check.out
    )
    assert "translation: 661 resultaron heridas;" in check.out
    build = cli("build", "--date", DAY, "--content", content, "--output", output)
    assert build.code == 0
    assert (
        "es: not publishable (1 unit(s) failing blocking QA checks, see pressroom check)"
        in build.err
    )
    es_pdf = output / RELEASE / "2027-01-20" / "es" / f"{RELEASE}-es.pdf"
    assert not es_pdf.exists()
    status = cli("status", "--date", DAY, "--content", content)
    assert "no: 1 unit(s) failing blocking QA checks" in status.out
    # The reviewer confirms the figure is intended: an explicit override on that entry only.
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace('msgid "611 were wounded;"', '#, qa-ok\nmsgid "611 were wounded;"'),
        encoding="utf-8",
    )
    assert cli("check", RELEASE, "--content", content).code == 0
    assert cli("build", "--date", DAY, "--content", content, "--output", output).code == 0
    assert es_pdf.exists()


def test_strict_build_fails_on_a_qa_block(content: Path, output: Path, cli: CliRunner) -> None:
    alter_figure(content)
    result = cli(
        "build", "--strict", "--lang", "es", "--date", DAY, "--content", content, "--output", output
    )
    assert result.code == 1


def test_a_stemmed_term_is_found_after_a_false_start() -> None:
    from pipeline.l10n.qa_checks import contains_term

    text = "Трагедия была. Годовщина трагедии 20 января"
    assert contains_term(text, "трагедия 20 января", "ru")
    assert not contains_term("трагедии 21 января, трагедии", "трагедия 20 января", "ru")
