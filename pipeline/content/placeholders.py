"""Placeholders: the names a release may use, and which languages can fill each one.

They live with the content because validating a release needs them before any
localization runs; ``l10n.localize`` fills them with each language's values.
"""

from __future__ import annotations

import re

PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
PLACEHOLDERS = ("years", "ordinal", "event_date", "date")
RECURRING_ONLY = frozenset({"years", "ordinal", "event_date"})

# Suffix per CLDR ordinal category (babel's Locale.ordinal_form), per language.
# A language that is not here has no numeric ordinal that fits every noun (Russian and
# Arabic agree the ordinal with the noun's gender and case): translations write {years}.
ORDINAL_SUFFIXES: dict[str, dict[str, str]] = {
    "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
    "es": {"other": ".º"},
    "az": {"one": "-ci", "few": "-cü", "many": "-cı", "other": "-cu"},
    "fr": {"one": "er", "other": "e"},
    "de": {"other": "."},
    "pt": {"other": "º"},  # CLDR's pt is Brazilian Portuguese: 1º
    "pt-PT": {"other": ".º"},  # European Portuguese (and Africa, Asia): 1.º
    "tr": {"other": "."},
    "it": {"other": "º", "many": "º"},
    "nl": {"other": "e"},
    "ca": {"one": "r", "two": "n", "few": "t", "other": "è"},
}


def _cldr_variant(lang: str) -> str:
    """The table entry a locale code follows: CLDR's pt-AO, pt-MZ ... inherit from pt-PT."""
    parts = lang.split("-")
    if parts[0] == "pt" and len(parts) > 1 and parts[-1] not in ("BR", "PT"):
        return "pt-PT"
    return lang


def ordinal_suffixes(lang: str) -> dict[str, str] | None:
    """The suffix per CLDR ordinal category, or None where the language has no numeric form."""
    lang = _cldr_variant(lang)
    return ORDINAL_SUFFIXES.get(lang) or ORDINAL_SUFFIXES.get(lang.split("-")[0])


def has_ordinal(lang: str) -> bool:
    return ordinal_suffixes(lang) is not None


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
