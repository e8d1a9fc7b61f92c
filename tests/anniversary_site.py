"""A test-owned recurring press release with every kind of unit, for the translation flows.

translate, review and the concurrency tests need a release with placeholders, glossary
terms, a link, figures, a heading and a quote, reviewed Spanish and Azerbaijani, and
Russian machine drafts. They used to borrow the sample content for it; this is the same
shape, written by the tests, so the sample may change freely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .site_builder import SiteBuilder, statement

RELEASE = "anniversary"
EDITION = "2027-01-20"  # the edition a build on conftest.DAY makes (37 years after 1990-01-20)
UNITS = 12  # headline, subheadline, dateline and 9 in the body
ORG_UNITS = 3  # the default fixture organisation's name, short_name and about

HEADLINE = "{ordinal} anniversary of the January 20 tragedy: an article in El Peruano"
BODY = """\
El Peruano has published an article on the {ordinal} anniversary of the January 20 tragedy.

## What happened on {event_date}

- 137 people were killed;
- 611 were wounded;
- 5 went missing.

> The intervention was unable to stop the people fighting for their freedom.

The author recalls those tragic events clearly.

## A day of sorrow and of pride

The full article is available on the website of [El Peruano](https://elperuano.pe/).
"""

SPANISH = {
    HEADLINE: "{ordinal} aniversario de la tragedia del 20 de enero: un artículo en El Peruano",
    "The events of {event_date} in Baku": "Los sucesos del {event_date} en Bakú",
    "Mexico City": "Ciudad de México",
    "El Peruano has published an article on the {ordinal} anniversary of the January 20 "
    "tragedy.": "El Peruano ha publicado un artículo sobre el {ordinal} aniversario de la "
    "tragedia del 20 de enero.",
    "What happened on {event_date}": "Qué ocurrió el {event_date}",
    "137 people were killed;": "137 personas murieron;",
    "611 were wounded;": "611 resultaron heridas;",
    "5 went missing.": "5 desaparecieron.",
    "The intervention was unable to stop the people fighting for their freedom.": (
        "La intervención no pudo detener al pueblo que luchaba por su libertad."
    ),
    "The author recalls those tragic events clearly.": (
        "El autor recuerda con claridad aquellos trágicos sucesos."
    ),
    "A day of sorrow and of pride": "Un día de dolor y de orgullo",
    "The full article is available on the website of [El Peruano](https://elperuano.pe/).": (
        "El artículo completo está en el sitio de [El Peruano](https://elperuano.pe/)."
    ),
}
TERMS = {"es": "tragedia del 20 de enero", "az": "20 Yanvar faciəsi", "ru": "трагедия 20 января"}


def spanish(text: str) -> str:
    return SPANISH[text]


def build_anniversary_site(site: SiteBuilder) -> SiteBuilder:
    """The release, its glossary, es and az reviewed, ru drafted; the organisation in all three."""
    site.glossary(
        keep=["El Peruano"],
        terms={"January 20 tragedy": TERMS},
    )
    site.release(
        RELEASE,
        statement(
            kind="press-release",
            languages=["en", "es", "az", "ru"],
            headline=HEADLINE,
            subheadline="The events of {event_date} in Baku",
            date=None,
            anniversary={"event": dt.date(1990, 1, 20), "lead_days": 3, "time": "09:00"},
            tags=["January 20", "anniversary"],
        ),
        BODY,
    )
    assert len(site.units(RELEASE)) == UNITS and len(site.units(None)) == ORG_UNITS
    site.approve_all(RELEASE, "es", spanish)
    site.approve_all(RELEASE, "az", _translator("az"))
    site.approve_all(RELEASE, "ru", _translator("ru"), drafts=True)
    for lang in ("es", "az", "ru"):
        site.approve_all(None, lang, _translator(lang))
    return site


def _translator(lang: str) -> Callable[[str], str]:
    """A stand-in translation that keeps figures, links, keep terms and mandated terms."""

    def translate(text: str) -> str:
        text = text.replace("January 20 tragedy", TERMS[lang])
        if lang == "ru":  # Russian writes ordinals with the noun's ending, not {ordinal}
            text = text.replace("{ordinal}", "{years}-я")
        return f"[{lang}] {text}"

    return translate
