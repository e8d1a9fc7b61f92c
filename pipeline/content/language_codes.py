"""Language codes as staff type them: the shape of a code, and the likely mistakes.

Light on purpose (no Babel, no pydantic): the fast no-op build path checks ``--lang``
values with the same pattern as the content model before anything heavy is imported.
"""

from __future__ import annotations

import re

from pipeline.errors import UsageError

# BCP 47 as Pressroom uses it: en, es, pt-BR, sr-Latn, es-419.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")

# Country codes and other names people write for a language code.
_LIKELY = {
    "sp": "es", "esp": "es", "spa": "es", "mx": "es", "eng": "en", "uk-en": "en", "gb": "en",
    "us": "en", "jp": "ja", "cn": "zh", "gr": "el", "se": "sv", "dk": "da", "ua": "uk",
    "cz": "cs", "kr": "ko", "vn": "vi", "ir": "fa", "il": "he", "br": "pt-BR", "aze": "az",
    "rus": "ru", "ge": "ka", "am": "hy", "ger": "de", "fre": "fr", "fra": "fr", "deu": "de",
    "arb": "ar", "sa": "ar", "tr-tr": "tr", "por": "pt",
}  # fmt: skip


def language_hint(code: str) -> str:
    """' (did you mean 'es'?)' for a likely mistake, else ''."""
    guess = _LIKELY.get(code.lower())
    if guess is None:  # EN, pt_br, pt-br: only the spelling is wrong
        base, _, rest = code.replace("_", "-").partition("-")
        parts = [base.lower()] + [
            p.upper() if len(p) == 2 else p.title() for p in rest.split("-") if p
        ]
        candidate = "-".join(parts)
        guess = candidate if candidate != code and LANGUAGE_CODE.match(candidate) else None
    return f" (did you mean '{guess}'?)" if guess else ""


def require_languages(release_id: str, has: tuple[str, ...], asked: tuple[str, ...]) -> None:
    """Asking for a language the release does not have is a usage error naming those it has."""
    if missing := [lang for lang in asked if lang not in has]:
        raise UsageError(
            f"release {release_id} has no {', '.join(missing)} edition "
            f"(its languages: {', '.join(has)}; add a language to languages: in its release.md)"
        )


def require_some(selected: dict[str, tuple[str, ...]], asked: tuple[str, ...]) -> None:
    """``build --lang L``: L must be a language of at least one selected release."""
    if len(selected) == 1:
        ((release_id, has),) = selected.items()
        require_languages(release_id, has, asked)
        return
    known = sorted({lang for langs in selected.values() for lang in langs})
    if missing := [lang for lang in asked if lang not in known]:
        raise UsageError(
            f"no release has a {', '.join(missing)} edition (languages: {', '.join(known)})"
        )
