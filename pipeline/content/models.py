"""The content model: what staff may write, checked strictly.

Frozen models with ``extra="forbid"``: a typo such as ``headlin:`` is an error, not a
silently ignored field, and nothing downstream can mutate what was validated.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pipeline.content.dates import parse_date, parse_datetime, parse_time
from pipeline.content.language_codes import LANGUAGE_CODE, language_hint
from pipeline.content.organization_timezone import DEFAULT_TIMEZONE

DEFAULT_LEAD_DAYS = 3  # also the window of a plain release in `pressroom due`
ReleaseKind = Literal["press-release", "statement", "op-ed", "media-advisory"]
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_language(code: str) -> str:
    """A BCP 47 tag that CLDR knows: en, es, pt-BR, en-GB, sr-Latn ..."""
    if not LANGUAGE_CODE.match(code):
        raise ValueError(
            f"'{code}' is not a language code (BCP 47, e.g. en, es, pt-BR){language_hint(code)}"
        )
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"unknown language code '{code}'{language_hint(code)}") from None
    return code


def check_relative_path(path: str) -> str:
    """A path inside content/: relative, no '..', no scheme (checked again on disk)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path) or path.startswith(("/", "\\")):
        raise ValueError(f"'{path}' must be a relative path inside content/")
    if ".." in re.split(r"[\\/]", path):
        raise ValueError(f"'{path}' points outside content/")
    return path


def check_url(url: str) -> str:
    if not re.match(r"^https?://[^\s/]+", url):
        raise ValueError(f"'{url}' is not an http(s) address")
    return url


def check_email(value: str) -> str:
    if not _EMAIL_RE.match(value):
        raise ValueError(f"'{value}' is not an email address")
    return value


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone '{name}' (use an IANA name such as Europe/Madrid)"
        ) from None
    return name


def _yaml_time(value: object) -> object:
    """YAML 1.1 reads an unquoted 9:00 as the base-60 integer 540: read it back as 09:00."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    return value


def _tag(value: object) -> object:
    """A tag is a short text (a bare number or year is fine); never a list, map or null."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("a tag is a short text: write tags: [January 20, anniversary]")
    return str(value)


def _no_bool(value: object) -> object:
    """YAML 1.1 reads yes/no/on/off as booleans; a text field must say so plainly."""
    if isinstance(value, bool):
        raise ValueError("expected text, got a yes/no value: quote it")
    return value


Lang = Annotated[str, AfterValidator(check_language)]
Text = Annotated[str, BeforeValidator(_no_bool), Field(min_length=1)]
RelPath = Annotated[str, AfterValidator(check_relative_path)]
Url = Annotated[str, AfterValidator(check_url)]
Email = Annotated[str, AfterValidator(check_email)]


class Strict(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )


class Contact(Strict):
    name: Text
    role: Text | None = None
    email: Email | None = None
    phone: Text | None = None


class Smtp(Strict):
    """The mail server ``pressroom send`` uses; the password comes only from the environment."""

    host: Text
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: Text | None = None
    from_: Email = Field(alias="from")


class Organization(Strict):
    language: Lang = "en"  # the language the translatable fields are written in
    name: Text
    short_name: Text
    address: Text | None = None
    phone: Text | None = None
    email: Email | None = None
    website: Url | None = None
    site_url: Url | None = None  # where output/site/ is served: feeds, sitemap, canonical links
    logo: RelPath | None = None
    timezone: Annotated[str, AfterValidator(check_timezone)] = DEFAULT_TIMEZONE
    about: Text
    contact: Contact
    paper: Literal["A4", "letter"] = "A4"  # the main PDFs' paper; outlets may ask for the other
    smtp: Smtp | None = None

    @model_validator(mode="before")
    @classmethod
    def _paper_case(cls, data: object) -> object:
        return _paper_name(data)


class Glossary(Strict):
    keep: tuple[Text, ...] = ()
    terms: dict[str, dict[Lang, Text]] = {}

    def mandated(self, term: str, lang: str) -> str | None:
        """The translation a term must have in a language (pt-BR falls back to pt)."""
        by_lang = self.terms.get(term, {})
        return by_lang.get(lang) or by_lang.get(lang.split("-")[0])

    def applicable(self, source: str, lang: str) -> list[tuple[str, str]]:
        """The entries a source text calls for: (term, the form it must take in ``lang``);
        a keep term keeps its own form. The review page and the XLIFF notes show the same."""
        found = [(term, term) for term in self.keep if term in source]
        for term in self.terms:
            wanted = self.mandated(term, lang)
            if wanted and term.lower() in source.lower():
                found.append((term, wanted))
        return found


def _paper_name(data: object) -> object:
    """A4 and letter, whatever the case staff typed them in."""
    if isinstance(data, dict) and isinstance(data.get("paper"), str):
        data = {
            **data,
            "paper": {"a4": "A4", "letter": "letter"}.get(data["paper"].lower(), data["paper"]),
        }
    return data


def _addresses(value: object) -> object:
    """One address or a list of them (or none, left empty): always a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


class Outlet(Strict):
    name: Text
    languages: tuple[Lang, ...] = Field(min_length=1)
    paper: Literal["A4", "letter"] = "A4"
    email: Annotated[tuple[Email, ...], BeforeValidator(_addresses)] = ()
    attach: Literal["pdf", "link"] = "pdf"
    tags: tuple[Annotated[str, BeforeValidator(str)], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _paper_case(cls, data: object) -> object:
        return _paper_name(data)

    def takes(self, release_tags: tuple[str, ...]) -> bool:
        """An outlet with tags takes only releases carrying one of them; without, every one."""
        return not self.tags or bool(set(self.tags) & set(release_tags))


class Outlets(Strict):
    outlets: tuple[Outlet, ...]

    @field_validator("outlets")
    @classmethod
    def _unique(cls, value: tuple[Outlet, ...]) -> tuple[Outlet, ...]:
        names = [o.name for o in value]
        if twice := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"outlet named twice: {', '.join(twice)} (names identify outlets)")
        return value


Day = Annotated[dt.date, BeforeValidator(parse_date)]


class Anniversary(Strict):
    event: Day
    lead_days: int = Field(default=DEFAULT_LEAD_DAYS, ge=0, le=366)
    time: Annotated[
        dt.time | None, BeforeValidator(lambda v: None if v is None else parse_time(_yaml_time(v)))
    ] = None


class Author(Strict):
    name: Text
    role: Text | None = None


class Image(Strict):
    src: RelPath
    caption: Text | None = None
    credit: Text | None = None
    alt: Text | None = None


def _aware_datetime(value: object) -> object:
    """A moment with its UTC offset; a bare date or a time without offset is refused."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        raise ValueError("needs a time and a time zone, e.g. 2027-01-20T11:00:00-06:00")
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        raise ValueError("needs a time zone, e.g. 2027-01-20T11:00:00-06:00 (a UTC offset)")
    if isinstance(value, str) and not re.search(r"(Z|[+-]\d\d:?\d\d)$", value.strip()):
        raise ValueError("needs a time zone, e.g. 2027-01-20T11:00:00-06:00 (a UTC offset)")
    return value


AwareDatetime = Annotated[dt.datetime, BeforeValidator(_aware_datetime)]


class Rsvp(Strict):
    email: Email
    by: dt.date  # the last day to reply


class Advisory(Strict):
    """The practical block of a media advisory: When / Where / RSVP."""

    starts: AwareDatetime
    ends: AwareDatetime
    venue: Text  # translatable (msgctxt advisory.venue)
    address: Text | None = None
    rsvp: Rsvp | None = None
    accreditation: Text | None = None  # translatable (msgctxt advisory.accreditation)

    @field_validator("ends")
    @classmethod
    def _after_start(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        starts = info.data.get("starts")
        if starts is not None and value <= starts:
            raise ValueError("must be after advisory.starts")
        return value

    @field_validator("rsvp")
    @classmethod
    def _before_start(cls, value: Rsvp | None, info: ValidationInfo) -> Rsvp | None:
        starts = info.data.get("starts")
        if value is not None and starts is not None and value.by > starts.date():
            raise ValueError("rsvp.by must be on or before the day the event starts")
        return value


class FrontMatter(Strict):
    language: Lang
    languages: tuple[Lang, ...] = Field(min_length=1)
    kind: ReleaseKind
    headline: Text
    subheadline: Text | None = None
    dateline: Text
    date: Day | None = None
    embargo: dt.datetime | None = None
    anniversary: Anniversary | None = None
    author: Author | None = None
    tags: tuple[Annotated[str, BeforeValidator(_tag)], ...] = ()
    images: tuple[Image, ...] = ()
    advisory: Advisory | None = None
    hold: bool = False  # work in progress: validated, never built, sent or published

    @field_validator("languages")
    @classmethod
    def _includes_source(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        source = info.data.get("language")
        if source is not None and source not in value:
            raise ValueError(f"languages must include the source language '{source}'")
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value

    @field_validator("embargo", mode="before")
    @classmethod
    def _aware(cls, value: object, info: ValidationInfo) -> object:
        """A moment with its UTC offset; the example uses the organisation's time zone."""
        if value is None:
            return None
        timezone = (info.context or {}).get("timezone")
        try:
            return parse_datetime(value, timezone)
        except ValueError as exc:
            message = str(exc)
            raise ValueError(
                f"embargo {message}" if message.startswith("needs") else message
            ) from None

    @model_validator(mode="after")
    def _dated(self) -> FrontMatter:
        if self.date is None and self.anniversary is None:
            raise ValueError("a release needs a date (or an anniversary, to recur every year)")
        if self.advisory is not None and self.kind != "media-advisory":
            raise ValueError("advisory: is for media advisories only (kind: media-advisory)")
        return self
