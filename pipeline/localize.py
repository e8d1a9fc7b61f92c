"""Text per language: placeholders, CLDR dates and ordinals, text direction.

Placeholders keep a recurring release's text identical from year to year, so that its
reviewed translations stay valid; only the values filled in here change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_gmt
from babel.numbers import format_decimal

PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
PLACEHOLDERS = ("years", "ordinal", "event_date", "date")
RECURRING_ONLY = frozenset({"years", "ordinal", "event_date"})
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})

# Suffix per CLDR ordinal category (babel's Locale.ordinal_form), per language.
# A language that is not here has no numeric ordinal that fits every noun (Russian and
# Arabic agree the ordinal with the noun's gender and case): translations write {years}.
ORDINAL_SUFFIXES: dict[str, dict[str, str]] = {
    "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
    "es": {"other": ".º"},
    "az": {"one": "-ci", "few": "-cü", "many": "-cı", "other": "-cu"},
    "fr": {"one": "er", "other": "e"},
    "de": {"other": "."},
    "pt": {"other": ".º"},
    "pt-BR": {"other": "º"},
    "tr": {"other": "."},
    "it": {"other": "º", "many": "º"},
    "nl": {"other": "e"},
    "ca": {"one": "r", "two": "n", "few": "t", "other": "è"},
}


def locale_of(lang: str) -> Locale:
    return Locale.parse(lang, sep="-")


def direction(lang: str) -> str:
    """ "rtl" or "ltr", from CLDR's character order (with a list as a floor)."""
    if lang.split("-")[0] in RTL_LANGUAGES:
        return "rtl"
    return "rtl" if locale_of(lang).character_order == "right-to-left" else "ltr"


def _ordinal_table(lang: str) -> dict[str, str] | None:
    return ORDINAL_SUFFIXES.get(lang) or ORDINAL_SUFFIXES.get(lang.split("-")[0])


def has_ordinal(lang: str) -> bool:
    return _ordinal_table(lang) is not None


def ordinal(number: int, lang: str) -> str:
    """33 -> 33rd (en), 33.º (es), 33-cü (az); ValueError where the language has no rule."""
    table = _ordinal_table(lang)
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
    return "، " if lang.split("-")[0] in ("ar", "fa", "ur", "ps", "sd", "ckb", "ug") else ", "


def moment(when: dt.datetime, lang: str) -> str:
    """A date and time with its UTC offset, as an embargo line needs it."""
    loc = locale_of(lang)
    return (
        f"{format_date(when, 'long', locale=loc)}{comma(lang)}"
        f"{format_time(when, 'short', locale=loc)} ({get_timezone_gmt(when, 'long', locale=loc)})"
    )


def placeholder_problems(text: str, lang: str, recurring: bool) -> list[str]:
    """What is wrong with the placeholders of one text in one language."""
    problems = []
    for name in sorted(set(PLACEHOLDER_RE.findall(text))):
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            problems.append(f"unknown placeholder {{{name}}} (known: {known})")
        elif name in RECURRING_ONLY and not recurring:
            problems.append(f"{{{name}}} needs an anniversary: in the front matter")
        elif name == "ordinal" and not has_ordinal(lang):
            problems.append(
                f"{{ordinal}} has no numeric form in '{lang}' (it depends on the noun): "
                "write {years} with the ordinal ending the language needs"
            )
    return problems


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace known placeholders; text validated beforehand has no others."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m[1], m[0]), text)


def placeholder_values(
    lang: str, day: dt.date, event: dt.date | None, years: int | None
) -> dict[str, str]:
    values = {"date": long_date(day, lang)}
    if event is not None and years is not None:
        values["years"] = number(years, lang)
        values["event_date"] = long_date(event, lang)
        if has_ordinal(lang):
            values["ordinal"] = ordinal(years, lang)
    return values
