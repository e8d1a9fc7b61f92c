"""Machine translation providers behind one small interface.

deep-translator is convenient but thin, so its gaps are handled here: it sets no HTTP
timeout (we give every request one), its exceptions share no base class (we sort them
into "try again" and "stop"), Google and MyMemory limit the text length (we split at
sentence ends), LibreTranslate wants an API key even when self-hosted and a URL ending
in "/" and does not list Azerbaijani (we pass the code straight through). DeepL goes
through its official client. Keys come from the environment and are never printed.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

import requests

from pipeline.errors import PressroomError

PROVIDERS = ("google", "deepl", "microsoft", "libre", "mymemory", "pseudo")
KEY_VARIABLES = {
    "deepl": "DEEPL_API_KEY",
    "microsoft": "MICROSOFT_API_KEY",
    "libre": "LIBRE_API_KEY",
}


class TransientError(Exception):
    """A failure worth retrying: timeout, refused connection, rate limit, server error."""


class ProviderError(PressroomError):
    """A failure retrying cannot fix: bad key, unsupported language, bad answer."""


@dataclass(frozen=True)
class Settings:
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0

    @classmethod
    def from_environment(cls) -> Settings:
        """PRESSROOM_MT_TIMEOUT / _RETRIES / _BACKOFF tune the network behaviour."""
        return cls(
            _number("PRESSROOM_MT_TIMEOUT", 30.0, float, "a number of seconds above 0", 0.001),
            int(_number("PRESSROOM_MT_RETRIES", 4, int, "a whole number from 0 to 100", 0, 100)),
            _number("PRESSROOM_MT_BACKOFF", 1.0, float, "a number of seconds, 0 or more", 0),
        )


def _number(
    name: str,
    default: float,
    kind: Callable[[str], float],
    expected: str,
    low: float,
    high: float = 86400,
) -> float:
    """An environment setting, or one clear line naming the variable and what it takes."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw.strip())
    except ValueError:
        value = None
    if value is None or value != value or not low <= value <= high:
        raise PressroomError(f"{name}={raw!r} is not valid: it takes {expected}")
    return value


@contextmanager
def http_timeout(seconds: float) -> Iterator[None]:
    """Give every requests call made inside a timeout (deep-translator passes none)."""
    original = requests.Session.request

    def request(self: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", seconds)
        if kwargs["timeout"] is None:
            kwargs["timeout"] = seconds
        return original(self, method, url, **kwargs)

    requests.Session.request = request  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        requests.Session.request = original  # type: ignore[method-assign]


_TRANSIENT_MESSAGES = (
    "ERR_TOO_MANY_REQUESTS",
    "ERR_INTERNAL_SERVER_ERROR",
    "ERR_SERVICE_NOT_AVAIBLE",
    "API server error",
)


def classify(exc: BaseException, secrets: tuple[str, ...] = ()) -> Exception:
    """Sort any provider exception into TransientError or ProviderError, keys removed."""
    name = type(exc).__name__
    message = str(exc) or name
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    if isinstance(exc, requests.exceptions.Timeout | TimeoutError):
        return TransientError(f"no answer within the timeout ({message})")
    if isinstance(exc, requests.exceptions.ConnectionError | ConnectionError):
        return TransientError(f"cannot connect ({name})")
    if name in (
        "TooManyRequests",
        "TooManyRequestsException",
        "RequestError",
        "ConnectionException",
    ) or any(m in message for m in _TRANSIENT_MESSAGES):
        return TransientError(f"the service is busy or failing ({message.strip()})")
    return ProviderError(f"{name}: {' '.join(message.split())}")


def split_text(text: str, limit: int) -> list[str]:
    """Pieces under ``limit`` characters, cut after sentence ends where possible."""
    if len(text) < limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in re.split(r"(?<=[.!?;:])\s+", text):
        while len(sentence) >= limit:
            pieces += [current] if current else []
            current = ""
            pieces.append(sentence[: limit - 1])
            sentence = sentence[limit - 1 :]
        candidate = f"{current} {sentence}" if current else sentence
        if len(candidate) >= limit:
            pieces.append(current)
            candidate = sentence
        current = candidate
    if current:
        pieces.append(current)
    return pieces


class Provider:
    """Translates one text from ``source`` to ``target``; subclasses do the talking."""

    name = "provider"
    max_chars = 10_000

    def __init__(self, source: str, target: str, url: str | None) -> None:
        self.source, self.target, self.url = source, target, url

    def call(self, text: str) -> str:
        raise NotImplementedError

    def secrets(self) -> tuple[str, ...]:
        variable = KEY_VARIABLES.get(self.name)
        return (os.environ.get(variable, ""),) if variable else ()

    def translate(self, text: str) -> str:
        return " ".join(self.call(piece) for piece in split_text(text, self.max_chars))


class Pseudo(Provider):
    """Offline pseudo-localization: accented, about 30% longer, bracketed."""

    name = "pseudo"
    _ACCENTS: ClassVar[dict[str, str]] = dict(
        zip("aeiouyAEIOUYcnszCNSZ", "áéíóúýÁÉÍÓÚÝçñšžÇÑŠŽ", strict=True)
    )

    def call(self, text: str) -> str:
        def accent(match: re.Match[str]) -> str:
            return "".join(self._ACCENTS.get(c, c) for c in match[0])

        # Masks (⟦0⟧) and Markdown link targets are not words: leave them alone.
        body = re.sub(r"(?<![⟦\w])[^\W\d_]+", accent, text)
        padding = "~" * max(1, round(len(text) * 0.3))
        return f"[{body} {padding}]"


def _deep(name: str) -> Callable[[Provider], Any]:
    def make(provider: Provider) -> Any:
        import deep_translator as dt

        source, target = provider.source, provider.target
        if name == "google":
            return dt.GoogleTranslator(
                source=_code(source, dt.GoogleTranslator), target=_code(target, dt.GoogleTranslator)
            )
        if name == "mymemory":
            return dt.MyMemoryTranslator(
                source=_code(source, dt.MyMemoryTranslator),
                target=_code(target, dt.MyMemoryTranslator),
            )
        if name == "microsoft":
            key = _key("microsoft")
            return dt.MicrosoftTranslator(
                api_key=key, source=source, target=target, region=os.environ.get("MICROSOFT_REGION")
            )
        assert name == "libre"
        url = provider.url or "https://libretranslate.com/"
        # deep-translator requires a key even for a self-hosted server, and lacks some
        # languages (az) in its list: build it for en->es, then set the real codes.
        translator = dt.LibreTranslator(
            api_key=os.environ.get("LIBRE_API_KEY") or "no-key",
            source="en",
            target="es",
            custom_url=url.rstrip("/") + "/",
        )
        translator.source = source.split("-")[0]
        translator.target = target.split("-")[0]
        return translator

    return make


def _code(lang: str, translator_class: Any) -> str:
    """The provider's own code for a BCP 47 tag (es -> es, or es-ES for MyMemory)."""
    codes = set(_languages(translator_class).values())
    base = lang.split("-")[0]
    for candidate in (lang, lang.lower(), base):
        if candidate in codes:
            return candidate
    for code in sorted(codes):
        if code.split("-")[0].lower() == base:
            return str(code)
    raise ProviderError(f"the provider does not offer language '{lang}'")


def _languages(translator_class: Any) -> dict[str, str]:
    from deep_translator import constants

    table = {
        "GoogleTranslator": constants.GOOGLE_LANGUAGES_TO_CODES,
        "MyMemoryTranslator": constants.MY_MEMORY_LANGUAGES_TO_CODES,
    }
    return dict(table[translator_class.__name__])


def _key(provider: str) -> str:
    variable = KEY_VARIABLES[provider]
    value = os.environ.get(variable)
    if not value:
        raise ProviderError(
            f"the {provider} provider needs an API key in the environment variable {variable}"
        )
    return value


class DeepTranslator(Provider):
    """google, mymemory, microsoft and libre through deep-translator."""

    def __init__(self, name: str, source: str, target: str, url: str | None) -> None:
        super().__init__(source, target, url)
        self.name = name
        self.max_chars = {"google": 5000, "mymemory": 500}.get(name, 10_000)
        self._client = _deep(name)(self)

    def call(self, text: str) -> str:
        result = self._client.translate(text)
        if not isinstance(result, str) or not result.strip():
            raise ProviderError(f"{self.name} returned no translation")
        return unicodedata.normalize("NFC", result)


class DeepL(Provider):
    """DeepL through its official client (it handles retries of its own, and timeouts)."""

    name = "deepl"

    def __init__(self, source: str, target: str, url: str | None) -> None:
        super().__init__(source, target, url)
        import deepl

        self._client = deepl.Translator(_key("deepl"), server_url=url)

    def call(self, text: str) -> str:
        target = {"en": "EN-GB", "pt": "PT-PT"}.get(self.target, self.target.upper())
        result = self._client.translate_text(
            text, source_lang=self.source.split("-")[0].upper(), target_lang=target
        )
        return str(getattr(result, "text", result))


def make_provider(name: str, source: str, target: str, url: str | None) -> Provider:
    if name == "pseudo":
        return Pseudo(source, target, url)
    if name == "deepl":
        return DeepL(source, target, url)
    try:
        return DeepTranslator(name, source, target, url)
    except PressroomError:
        raise
    except Exception as exc:  # deep-translator's exceptions share no base class
        raise ProviderError(str(classify(exc))) from None
