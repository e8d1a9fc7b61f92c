"""Segmentation: msgid and msgctxt exactly as DESIGN.md "Translation store" says."""

from __future__ import annotations

from pathlib import Path

from pipeline.content.loader import load_site
from pipeline.content.segmentation import ListBlock, QuoteBlock, TextBlock, parse_body

from .conftest import MINIMAL_FRONT, write_release
from .site_builder import SiteBuilder

BODY = """\
First paragraph with a soft
line break and **bold**, *italic* and [a link](https://example.org).

## A *subheading*

- first item
- second item
  continued on a second line

1. ordered one
2. ordered two

> A quoted paragraph
> on two lines.
>
> A second quoted paragraph.

---

Last paragraph.
"""


def test_body_units_keep_inline_markdown_and_drop_block_markers() -> None:
    blocks, units, problems = parse_body(BODY, Path("r.md"), first_line=10)
    assert problems == []
    assert [u.msgid for u in units] == [
        "First paragraph with a soft line break and **bold**, *italic* and "
        "[a link](https://example.org).",
        "A *subheading*",
        "first item",
        "second item continued on a second line",
        "ordered one",
        "ordered two",
        "A quoted paragraph on two lines.",
        "A second quoted paragraph.",
        "Last paragraph.",
    ]
    assert all(u.context is None for u in units)
    assert [u.line for u in units] == [10, 13, 15, 16, 19, 20, 22, 25, 29]
    assert isinstance(blocks[1], TextBlock) and blocks[1].tag == "h2"
    assert isinstance(blocks[2], ListBlock) and not blocks[2].ordered
    assert isinstance(blocks[3], ListBlock) and blocks[3].ordered
    assert isinstance(blocks[4], QuoteBlock) and len(blocks[4].children) == 2


def test_front_matter_units_carry_their_field_as_context(site: SiteBuilder) -> None:
    content = site.root
    site.asset("logo.svg")
    front = MINIMAL_FRONT.replace("kind: statement", "kind: op-ed") + (
        'subheadline: "  A sub  "\n'
        "author: {name: A. Writer, role: Ambassador}\n"
        "images: [{src: assets/logo.svg, caption: The flag, credit: Embassy}]\n"
    )
    write_release(content, "ctx", front, "Body text.\n")
    release = load_site(content).releases["ctx"]
    assert [(u.context, u.msgid) for u in release.units] == [
        ("headline", "A statement"),
        ("subheadline", "A sub"),
        ("dateline", "Mexico City"),
        ("author.role", "Ambassador"),
        ("caption", "The flag"),
        (None, "Body text."),
    ]


def test_moving_a_paragraph_keeps_every_msgid() -> None:
    one = "Alpha.\n\nBeta.\n\nGamma.\n"
    two = "Gamma.\n\nAlpha.\n\nNew paragraph.\n\nBeta.\n"
    _, before, _ = parse_body(one, Path("r.md"), 1)
    _, after, _ = parse_body(two, Path("r.md"), 1)
    assert {u.key for u in before} <= {u.key for u in after}


def test_raw_html_is_text_not_markup() -> None:
    _, units, problems = parse_body("<script>alert(1)</script>\n", Path("r.md"), 1)
    assert problems == []
    assert units[0].msgid == "<script>alert(1)</script>"
