"""The PDF stage: WeasyPrint with one door to the outside, and no silent blank boxes.

``GuardedFetcher`` serves files under ``templates/`` and ``content/`` (and ``data:`` URLs)
and refuses everything else, network included, by stopping the render. WeasyPrint logs
a missing glyph and draws a box; we turn that log line into a build error.

Parsing the stylesheet is a fifth of the work of a small document, and every edition
uses the same one: stylesheets come as texts beside the HTML (not inline in it) and are
parsed once per process (``parsed_stylesheet``), so only the small ``@page`` part of an
edition is new. An edition's copies on other paper share one parsed HTML document.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf

# isort: off
from pipeline.render import weasyprint_import  # noqa: F401  (first: loads WeasyPrint quickly)
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# isort: on

from pipeline.errors import BuildError
from pipeline.l10n.localize import direction
from pipeline.render import pdf_lang, subset_arrays

pdf_lang.install()  # passages in another language keep their /Lang in the structure tree
subset_arrays.install()  # font subsets without parsing a C type name per glyph count

# fontTools stamps subset fonts with the current time unless this is set.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

_NOTDEF = re.compile(r'unsupported by fonts: "(.*)" \(U\+([0-9A-F]+)\)', re.S)


class RefusedURL(FatalURLFetchingError):  # type: ignore[misc]
    """A fetch outside the allowed folders: stops rendering at once."""


class GuardedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves local files under the allowed roots, and data: URLs; refuses all else."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"))
        self.roots = tuple(r.resolve() for r in roots)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        raise RefusedURL(
            f"refused to fetch {url}: only files under templates/ and content/ are allowed"
        )


# Tagged PDF/UA-1: structure tree, /Lang, /MarkInfo, alt text of figures, the title
# shown in the window (DisplayDocTitle) and pdfuaid:part in the XMP metadata.
PDF_VARIANT = "pdf/ua-1"


def _reading_direction(document: Any, pdf: Any) -> None:
    """Right-to-left documents say so, so viewers lay out spreads and scroll that way."""
    lang = document.metadata.lang
    if lang and direction(lang) == "rtl":
        preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary({})
        preferences["Direction"] = "/R2L"
        pdf.catalog["ViewerPreferences"] = preferences


_IMAGE_CACHE: dict[str, object] = {}  # WeasyPrint's image cache, reused by every render
_IMAGE_CACHE_LIMIT = 256  # images kept before the cache starts afresh (a server runs for weeks)


@cache
def font_config() -> FontConfiguration:
    """One FontConfiguration per process: building it is the slow part of a render."""
    return FontConfiguration()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@lru_cache(maxsize=64)
def parsed_stylesheet(text: str, base_url: str, roots: tuple[Path, ...]) -> CSS:
    """A stylesheet parsed once per process and text, with the process's fonts.

    Stylesheets given this way cascade as user stylesheets, after the document's own;
    print HTML carries no stylesheet of its own (see ``external_styles`` in base.html), so
    the cascade is the one the same CSS inline would give.
    """
    return CSS(
        string=text, base_url=base_url, url_fetcher=GuardedFetcher(roots), font_config=font_config()
    )


_WARM_UP = '<html lang="en"><title>Pressroom</title><p>Pressroom, <b>1</b> <i>2</i></p></html>'


def warm_up() -> None:
    """Render a small document once, so that no worker forked after this pays for a
    process's first render (libraries initialised, fonts found, the PDF writer ready)."""
    document = HTML(string=_WARM_UP, url_fetcher=GuardedFetcher(()))
    document.write_pdf(font_config=font_config(), pdf_variant=PDF_VARIANT, pdf_tags=True)


def _where(base: Path, roots: Sequence[Path]) -> tuple[str, tuple[Path, ...]]:
    """The base URL and allowed folders a stylesheet is parsed with: one form for
    ``prepare`` and ``render_pdfs``, so a stylesheet parsed ahead is found again."""
    return base.resolve().as_uri() + "/", tuple(Path(r).resolve() for r in roots)


def prepare(stylesheets: Sequence[str], base: Path, roots: Sequence[Path], *, label: str) -> None:
    """Parse stylesheets ahead (in the parent, before the workers fork and share them)."""
    base_url, folders = _where(base, roots)
    try:
        for text in stylesheets:
            parsed_stylesheet(text, base_url, folders)
    except RefusedURL as exc:
        raise BuildError(f"{label}: {exc}") from None


def render_pdfs(
    copies: Sequence[tuple[str, Sequence[str]]],
    base: Path,
    roots: Sequence[Path],
    *,
    label: str,
) -> list[bytes]:
    """One PDF per copy (its HTML and stylesheet texts), in order.

    Copies of one edition on several papers have the same HTML: it is parsed once.
    ``label`` (release and language) names the edition in errors.
    """
    fetcher = GuardedFetcher(roots)
    base_url, folders = _where(base, roots)
    pdfs: list[bytes] = []
    parsed: dict[str, HTML] = {}
    with _captured() as log:
        try:
            for html, texts in copies:
                if html not in parsed:
                    parsed[html] = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
                document = parsed[html]
                if len(_IMAGE_CACHE) > _IMAGE_CACHE_LIMIT:
                    _IMAGE_CACHE.clear()
                sheets = [parsed_stylesheet(text, base_url, folders) for text in texts]
                pdf = document.write_pdf(
                    font_config=font_config(),
                    stylesheets=sheets,
                    pdf_variant=PDF_VARIANT,
                    pdf_tags=True,
                    cache=_IMAGE_CACHE,
                    finisher=_reading_direction,
                )
                assert isinstance(pdf, bytes)
                pdfs.append(pdf)
        except RefusedURL as exc:
            raise BuildError(f"{label}: {exc}") from None
    _check_log(log.messages, label)
    return pdfs


def render_pdf(
    html: str, base: Path, roots: Sequence[Path], *, label: str, stylesheets: Sequence[str] = ()
) -> bytes:
    """HTML to PDF bytes. ``label`` (release and language) names the edition in errors."""
    return render_pdfs([(html, stylesheets)], base, roots, label=label)[0]


def _check_log(messages: list[str], label: str) -> None:
    """WeasyPrint's warnings that mean a wrong PDF (a box for a glyph, an image left out)."""
    problems = []
    for message in messages:
        if match := _NOTDEF.search(message):
            char, code = match[1], match[2]
            problems.append(
                f"{label}: no installed font has the character '{char}' (U+{code}); "
                "install a font that covers it (see the README, Fonts)"
            )
        elif "Failed to load" in message or "Failed to open" in message:
            problems.append(f"{label}: {message}")
    if problems:
        raise BuildError("\n".join(dict.fromkeys(problems)))
