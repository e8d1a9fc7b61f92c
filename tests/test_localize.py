"""CLDR dates and ordinals, text direction and placeholder rules."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.content.placeholders import has_ordinal, placeholder_problems
from pipeline.l10n import localize


@pytest.mark.parametrize(
    ("lang", "cases"),
    [
        (
            "en",
            {
                1: "1st",
                2: "2nd",
                3: "3rd",
                4: "4th",
                11: "11th",
                12: "12th",
                13: "13th",
                21: "21st",
                22: "22nd",
                33: "33rd",
                101: "101st",
                111: "111th",
            },
        ),
        ("es", {1: "1.º", 33: "33.º"}),
        (
            "az",
            {
                1: "1-ci",
                3: "3-cü",
                6: "6-cı",
                9: "9-cu",
                20: "20-ci",
                30: "30-cu",
                33: "33-cü",
                36: "36-cı",
                40: "40-cı",
                100: "100-cü",
            },
        ),
        ("fr", {1: "1er", 2: "2e", 33: "33e"}),
        ("de", {33: "33."}),
        ("pt", {1: "1º", 33: "33º"}),  # CLDR's pt is Brazilian
        ("pt-BR", {33: "33º"}),
        ("pt-PT", {1: "1.º", 33: "33.º"}),
        ("pt-AO", {33: "33.º"}),  # follows pt-PT in CLDR
        ("tr", {33: "33."}),
    ],
)
def test_ordinals(lang: str, cases: dict[int, str]) -> None:
    assert {n: localize.ordinal(n, lang) for n in cases} == cases


@pytest.mark.parametrize("lang", ["ru", "ar", "he"])
def test_languages_without_a_numeric_ordinal(lang: str) -> None:
    assert not has_ordinal(lang)
    with pytest.raises(ValueError, match="no numeric ordinal"):
        localize.ordinal(33, lang)
    problems = placeholder_problems("{ordinal} годовщина", lang, recurring=True)
    assert problems and "write {years}" in problems[0]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "January 20, 1990"),
        ("es", "20 de enero de 1990"),
        ("az", "20 yanvar 1990"),
        ("ru", "20 января 1990\u202fг."),  # CLDR: a narrow no-break space
        ("de", "20. Januar 1990"),
        ("fr", "20 janvier 1990"),
    ],
)
def test_long_dates(lang: str, expected: str) -> None:
    assert localize.long_date(dt.date(1990, 1, 20), lang) == expected


@pytest.mark.parametrize(
    ("lang", "direction"),
    [
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("he", "rtl"),
        ("ur", "rtl"),
        ("ar-EG", "rtl"),
        ("en", "ltr"),
        ("az", "ltr"),
        ("ru", "ltr"),
    ],
)
def test_direction(lang: str, direction: str) -> None:
    assert localize.direction(lang) == direction


def test_placeholder_values_per_language() -> None:
    values = localize.placeholder_values("es", dt.date(2027, 1, 20), dt.date(1990, 1, 20), 37)
    assert values == {
        "date": "20 de enero de 2027",
        "years": "37",
        "ordinal": "37.º",
        "event_date": "20 de enero de 1990",
    }
    ru = localize.placeholder_values("ru", dt.date(2027, 1, 20), dt.date(1990, 1, 20), 37)
    assert "ordinal" not in ru and ru["years"] == "37"
    assert (
        localize.fill("{ordinal} / {years} / {date}", values) == "37.º / 37 / 20 de enero de 2027"
    )


def test_embargo_moment_uses_the_language_and_offset() -> None:
    from zoneinfo import ZoneInfo

    when = dt.datetime(2027, 1, 20, 9, 0, tzinfo=ZoneInfo("America/Mexico_City"))
    assert (
        localize.moment(when, "en").replace("\u202f", " ")
        == "January 20, 2027, 9:00 AM (GMT-06:00)"
    )
    assert localize.moment(when, "es") == "20 de enero de 2027, 9:00 (GMT-06:00)"
    assert localize.moment(when, "ar").startswith("20 يناير 2027، ")
