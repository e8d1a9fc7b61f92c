"""The language's own typography, applied when rendering and never stored.

Staff type straight quotes, ``'`` and ``...``; every output (PDF, HTML, index, email
plain text) shows the marks of the edition's language. The PO ``msgid`` keeps the text
exactly as typed, so no translation is invalidated by typography.

markdown-it's typographer does quotes (with per-language marks), apostrophes, dashes
(``--`` en dash, ``---`` em dash) and the ellipsis; French adds its narrow no-break
spaces (U+202F) before ``; : ! ?`` and inside « », and writes ordinal endings as
superscripts (1<sup>er</sup>, 37<sup>e</sup>) in HTML and PDF.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from pipeline.content.segmentation import link_allowed

NNBSP = "\u202f"  # narrow no-break space

# Quotation marks (first open, first close, second open, second close), from CLDR's
# delimiters (babel does not expose them), where the house style follows CLDR. French
# second-level marks are the Imprimerie nationale's “ ”; Arabic uses « » (mirrored by
# the bidi algorithm, so they point the right way in right-to-left text).
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "es": ("«", "»", "“", "”"),
    "fr": ("«" + NNBSP, NNBSP + "»", "“", "”"),
    "de": ("„", "“", "‚", "‘"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "az": ("«", "»", "“", "”"),
    "tr": ("“", "”", "‘", "’"),
    "pt": ("“", "”", "‘", "’"),  # CLDR pt is Brazilian Portuguese
    "pt-PT": ("«", "»", "“", "”"),
    "ar": ("«", "»", "“", "”"),
    "fa": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "nl": ("‘", "’", "“", "”"),
    "pl": ("„", "”", "«", "»"),
}
DEFAULT_QUOTES = QUOTES["en"]

_FRENCH_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]*([;:!?]+)(?=[\s»”’)\]]|$)")
_FRENCH_GUILLEMETS = (
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
)
_FRENCH_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(ers?|res?|es?|nde?s?)(?![\w])")


def quotes(lang: str) -> tuple[str, str, str, str]:
    """The quotation marks of ``lang`` (``pt-PT`` before ``pt``), English as a fallback."""
    parts = lang.split("-")
    if parts[0] == "pt" and len(parts) > 1 and parts[-1] != "BR":
        lang = "pt-PT"  # CLDR: Portuguese outside Brazil follows European Portuguese
    return QUOTES.get(lang) or QUOTES.get(parts[0]) or DEFAULT_QUOTES


def _base(lang: str) -> str:
    return lang.split("-")[0]


def french_spacing(text: str) -> str:
    """Narrow no-break spaces before ``; : ! ?`` and inside « » (French only).

    A mark right after a letter or closing mark gets one too (``Pourquoi?``); a colon
    inside a word or number (``10:30``, ``https://``) does not, since it is not followed
    by a space or the end of the text.
    """

    def before(match: re.Match[str]) -> str:
        start = match.start()
        if start == 0 and not match[0][0].isspace():
            return match[0]  # a mark opening a text token: its neighbour is not ours to see
        return NNBSP + match[1]

    for pattern, replacement in _FRENCH_GUILLEMETS:
        text = pattern.sub(replacement, text)
    return _FRENCH_SPACE_BEFORE.sub(before, text)


def _french_core_rule(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        for index, token in enumerate(children):
            if token.type != "text":
                continue
            text = french_spacing(token.content)
            # A mark at the start of a token after a closed emphasis or link: "**oui** !"
            if index and text[:1] in ";:!?" and children[index - 1].type.endswith("_close"):
                text = NNBSP + text
            token.content = text


def _apostrophes(state: StateCore) -> None:
    """A single quote the typographer could not pair is an apostrophe (’90s, ’twas)."""
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "text" and "'" in token.content:
                token.content = token.content.replace("'", "’")


def _superscript_ordinals(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    escaped = escapeHtml(tokens[idx].content)
    return _FRENCH_ORDINAL.sub(r"\1<sup>\2</sup>", escaped)


@cache
def _markdown(lang: str, superscripts: bool = True) -> MarkdownIt:
    """The inline parser of ``lang``; ``superscripts=False`` leaves 37e on the line."""
    md = MarkdownIt(
        "commonmark", {"html": False, "typographer": True, "quotes": list(quotes(lang))}
    )
    md.disable("image").enable(["replacements", "smartquotes"])
    md.validateLink = link_allowed  # type: ignore[method-assign]
    md.core.ruler.after("smartquotes", "apostrophes", _apostrophes)
    if _base(lang) == "fr":
        md.core.ruler.after("apostrophes", "french_spacing", _french_core_rule)
        if superscripts:
            md.add_render_rule("text", _superscript_ordinals)
    return md


def colon(lang: str) -> str:
    """The colon after a label ("Email:"), with French's narrow no-break space before it."""
    return NNBSP + ":" if _base(lang) == "fr" else ":"


@lru_cache(maxsize=8192)  # the same texts go to print, web and every paper: parsed once
def typeset(text: str, lang: str) -> Markup:
    """Inline Markdown to safe HTML with the typography of ``lang``."""
    return Markup(_markdown(lang).renderInline(text))


@lru_cache(maxsize=8192)
def typeset_plain(text: str, lang: str) -> str:
    """Inline Markdown to plain text with the language's quotes, apostrophes, dashes and
    spaces, and no markup at all (ordinals stay on the line: 37e): for email bodies,
    PDF metadata, titles and the index."""
    rendered = _markdown(lang, superscripts=False).renderInline(text)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))
