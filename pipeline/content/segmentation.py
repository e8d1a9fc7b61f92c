"""Segmentation: a release body and its front matter become translatable units.

A unit's ``msgid`` is its source text with inline Markdown kept and block markers
removed, soft line breaks joined by one space. Front-matter units carry a ``msgctxt``
naming the field; body blocks carry none, so inserting, deleting or moving a paragraph
leaves the translations of the others valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.content.reference_links import inline_references
from pipeline.errors import Problem

if TYPE_CHECKING:  # markdown-it loads when a text is parsed: a warm status parses none
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Unit:
    """One translatable piece of text and where it came from."""

    msgid: str
    context: str | None
    file: Path
    line: int
    field: str

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (tag "p") or subheading ("h2", "h3" ...) holding one unit."""

    tag: str
    unit: Unit


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class QuoteBlock:
    children: tuple[Block, ...]


@dataclass(frozen=True)
class RuleBlock:
    pass


Block = TextBlock | ListBlock | QuoteBlock | RuleBlock


def link_allowed(url: str) -> bool:
    return url.lower().startswith(ALLOWED_SCHEMES)


@cache
def _parser() -> MarkdownIt:
    """CommonMark without raw HTML; every link is kept so that we can report bad ones."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def normalize(text: str) -> str:
    """Join soft line breaks with one space and trim, as msgids are written."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _inline_tokens(text: str) -> list[Token]:
    return [child for token in _parser().parseInline(text) for child in token.children or []]


def link_targets(text: str) -> list[str]:
    """The targets of every link in inline Markdown, valid or not, in order."""
    return [str(t.attrGet("href") or "") for t in _inline_tokens(text) if t.type == "link_open"]


def inline_problems(text: str, file: Path, line: int, field: str) -> list[Problem]:
    """Links that are not http(s)/mailto and images in running text."""
    problems = []
    for child in _inline_tokens(text):
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if not link_allowed(href):
                message = (
                    f"link '{href}' is not allowed: "
                    "links must start with http://, https:// or mailto:"
                )
                problems.append(Problem(file, line, field, message))
        elif child.type == "image":
            message = "images go in the front matter (images:), not in the text"
            problems.append(Problem(file, line, field, message))
    return problems


class _Walker:
    def __init__(
        self,
        tokens: list[Token],
        file: Path,
        first_line: int,
        references: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.tokens = tokens
        self.references = references
        self.pos = 0
        self.file = file
        self.first_line = first_line
        self.units: list[Unit] = []
        self.problems: list[Problem] = []

    def unit(self, content: str, token: Token) -> Unit:
        line = self.first_line + (token.map[0] if token.map else 0)
        if token.type not in ("code_block", "fence"):
            content, undefined = inline_references(content, self.references)
            self.problems += [
                Problem(
                    self.file,
                    line,
                    "body",
                    f"link reference [{label}] is not defined: add a line "
                    f"'[{label}]: https://...' below the text, or write [text](https://...)",
                )
                for label in undefined
            ]
        unit = Unit(normalize(content), None, self.file, line, "body")
        self.problems.extend(inline_problems(unit.msgid, self.file, line, "body"))
        self.units.append(unit)
        return unit

    def blocks(self, until: str | None = None) -> tuple[Block, ...]:
        out: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if until is not None and token.type == until:
                break
            if block := self.block(token):
                out.append(block)
        return tuple(out)

    def block(self, token: Token) -> Block | None:
        kind = token.type
        if kind in ("paragraph_open", "heading_open"):
            inline = self.tokens[self.pos]
            self.pos += 2  # inline, close
            if not normalize(inline.content):
                return None
            tag = "p" if kind == "paragraph_open" else ("h2" if token.tag == "h1" else token.tag)
            return TextBlock(tag, self.unit(inline.content, token))
        if kind in ("bullet_list_open", "ordered_list_open"):
            close = kind.replace("_open", "_close")
            items: list[tuple[Block, ...]] = []
            while self.tokens[self.pos].type != close:
                self.pos += 1  # list_item_open
                items.append(self.blocks(until="list_item_close"))
            self.pos += 1
            start = int(token.attrGet("start") or 1)
            return ListBlock(kind == "ordered_list_open", start, tuple(items))
        if kind == "blockquote_open":
            return QuoteBlock(self.blocks(until="blockquote_close"))
        if kind == "hr":
            return RuleBlock()
        if kind in ("code_block", "fence") and normalize(token.content):
            # Indented text is almost always an accident in a release: keep it as text.
            return TextBlock("p", self.unit(token.content, token))
        return None


def parse_body(
    text: str, file: Path, first_line: int
) -> tuple[tuple[Block, ...], list[Unit], list[Problem]]:
    """Markdown body to blocks, units (in reading order) and located problems."""
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    walker = _Walker(tokens, file, first_line, env.get("references", {}))
    blocks = walker.blocks()
    return blocks, walker.units, walker.problems
