"""Passages in another language keep their language in the PDF's structure tree.

A review copy shows the source text where a translation is missing, marked
``<mark lang="en">`` inside a German page. WeasyPrint writes only the document's /Lang;
this wraps its structure-tree builder so that every structure element made for an HTML
element with its own ``lang`` carries ``/Lang`` too (ISO 32000-1, 14.9.2), and a screen
reader switches voice instead of reading English with German rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf
from weasyprint.pdf import tags

_ORIGINAL = tags._build_box_tree


def _with_lang(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    lang = element.get("lang") if element is not None and tag not in ("html", "body") else None
    for struct in _ORIGINAL(box, parent, *args):
        if lang and "Lang" not in struct:
            struct["Lang"] = pydyf.String(lang)
        yield struct


def install() -> None:
    """Idempotent: the recursive builder looks itself up by module attribute."""
    tags._build_box_tree = _with_lang
