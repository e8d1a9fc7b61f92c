"""Passages in another language keep their language in the PDF's structure tree, and
right-to-left text reads in logical order.

A review copy shows the source text where a translation is missing, marked
``<mark lang="en">`` inside a German page. WeasyPrint writes only the document's /Lang;
this wraps its structure-tree builder so that every structure element made for an HTML
element with its own ``lang`` carries ``/Lang`` too (ISO 32000-1, 14.9.2), and a screen
reader switches voice instead of reading English with German rules.

Right-to-left glyphs are drawn in visual order, so text taken from the page comes out
reversed. Each right-to-left paragraph, heading, list item and caption therefore carries
its text in logical order as ``/ActualText`` (ISO 32000-1, 14.9.4), which assistive
technology reads instead of the glyphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf
from weasyprint.pdf import tags

_ORIGINAL = tags._build_box_tree
_TEXT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "figcaption"})


def _logical_text(box: Any, element: Any, tag: str | None) -> str | None:
    """The element's text in logical order, for right-to-left text blocks that hold no
    other text block (a list item holding paragraphs leaves the text to them)."""
    style = getattr(box, "style", None)
    if tag not in _TEXT_BLOCKS or style is None or style["direction"] != "rtl":
        return None
    if any(child.tag in _TEXT_BLOCKS for child in element.iter() if child is not element):
        return None
    return " ".join(_text(element).split()) or None


def _text(element: Any) -> str:
    """The text of an element, a line break counting as a space."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag == "br" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _with_lang(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    lang = element.get("lang") if element is not None and tag not in ("html", "body") else None
    text = _logical_text(box, element, tag) if element is not None else None
    for struct in _ORIGINAL(box, parent, *args):
        if lang and "Lang" not in struct:
            struct["Lang"] = pydyf.String(lang)
        if text and "ActualText" not in struct and str(struct.get("S")) != "/Figure":
            struct["ActualText"] = pydyf.String(text)
        yield struct


def install() -> None:
    """Idempotent: the recursive builder looks itself up by module attribute."""
    tags._build_box_tree = _with_lang
