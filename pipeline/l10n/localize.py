"""Text per language: placeholders, CLDR dates and ordinals, text direction.

Placeholders keep a recurring release's text identical from year to year, so that its
reviewed translations stay valid; only the values filled in here change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_gmt
from babel.numbers import format_decimal

from pipeline.content.placeholders import PLACEHOLDER_RE, has_ordinal, ordinal_suffixes

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})
# Languages written in Arabic script use the Arabic comma (U+060C) in lists and datelines.
ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "sd", "ckb", "ug"})


def locale_of(lang: str) -> Locale:
    return Locale.parse(lang, sep="-")


def direction(lang: str) -> str:
    """ "rtl" or "ltr", from CLDR's character order (with a list as a floor)."""
    if lang.split("-")[0] in RTL_LANGUAGES:
        return "rtl"
    return "rtl" if locale_of(lang).character_order == "right-to-left" else "ltr"


def ordinal(number: int, lang: str) -> str:
    """33 -> 33rd (en), 33.º (es), 33-cü (az); ValueError where the language has no rule."""
    table = ordinal_suffixes(lang)
    if table is None:
        raise ValueError(f"no numeric ordinal for language '{lang}'")
    category = locale_of(lang).ordinal_form(number)
    return f"{number}{table.get(category, table['other'])}"


def number(value: int, lang: str) -> str:
    return str(format_decimal(value, locale=locale_of(lang), group_separator=False))


def long_date(day: dt.date, lang: str) -> str:
    """January 20, 1990 (en), 20 de enero de 1990 (es), 20 yanvar 1990 (az)."""
    return str(format_date(day, "long", locale=locale_of(lang)))


def comma(lang: str) -> str:
    """The list comma of the language's script: ", " or the Arabic "، "."""
    return "، " if lang.split("-")[0] in ARABIC_SCRIPT else ", "


def moment(when: dt.datetime, lang: str) -> str:
    """A date and time with its UTC offset, as an embargo line needs it."""
    loc = locale_of(lang)
    return (
        f"{format_date(when, 'long', locale=loc)}{comma(lang)}"
        f"{format_time(when, 'short', locale=loc)} ({get_timezone_gmt(when, 'long', locale=loc)})"
    )


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace known placeholders; text validated beforehand has no others."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m[1], m[0]), text)


def placeholder_values(
    lang: str, day: dt.date, event: dt.date | None, years: int | None
) -> dict[str, str]:
    """{date}, {years}, {event_date}, {ordinal} in ``lang`` (a new dict: callers may add)."""
    return dict(_placeholder_values(lang, day, event, years))


@lru_cache(maxsize=1024)  # every text of an edition, for print, web and each paper
def _placeholder_values(
    lang: str, day: dt.date, event: dt.date | None, years: int | None
) -> tuple[tuple[str, str], ...]:
    values = {"date": long_date(day, lang)}
    if event is not None and years is not None:
        values["years"] = number(years, lang)
        values["event_date"] = long_date(event, lang)
        if has_ordinal(lang):
            values["ordinal"] = ordinal(years, lang)
    return tuple(values.items())
