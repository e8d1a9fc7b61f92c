"""The render stage: Jinja templates to HTML, with labels from templates/locales.

Content is data: autoescape is on, undefined names fail, Markdown is rendered without
raw HTML and links other than http(s)/mailto stay plain text.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from .catalog import PoStore, read_po
from .errors import BuildError
from .units import link_allowed

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE_SOURCE_LANGUAGE = "en"


@cache
def _inline_md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.validateLink = link_allowed  # type: ignore[method-assign]
    return md


def inline(text: str) -> Markup:
    """Inline Markdown (bold, italic, links) to safe HTML."""
    return Markup(_inline_md().renderInline(text))


def plain(text: str) -> str:
    """Inline Markdown to plain text, for PDF metadata and titles."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(inline(text))))


def css_string(text: str) -> Markup:
    """A CSS string literal, safe inside a <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;-_()" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def css_label(template: str) -> Markup:
    """``Page %(page)s of %(pages)s`` -> ``"Page " counter(page) " of " counter(pages)``."""
    parts = re.split(r"%\((page|pages)\)s", template)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(str(css_string(part)))
    return Markup(" ".join(out))


class Labels:
    """The templates' own words in one language, from templates/locales/LANG.po."""

    def __init__(self, lang: str, store: PoStore, required: frozenset[str]) -> None:
        self.lang = lang
        self.store = store
        self.required = required

    def translation(self, msgid: str) -> str | None:
        entry = self.store.get((None, msgid))
        if entry and entry.msgstr and not entry.fuzzy:
            return entry.msgstr
        return msgid if self.lang == TEMPLATE_SOURCE_LANGUAGE else None

    def gettext(self, msgid: str, **variables: Any) -> Markup:
        """Jinja's new-style gettext: the label is text, the variables are escaped into it."""
        text = Markup.escape(self.translation(msgid) or msgid)
        return text % variables if variables else text

    @property
    def missing(self) -> list[str]:
        return sorted(m for m in self.required if self.translation(m) is None)


@dataclass(frozen=True)
class Templates:
    folder: Path
    env: jinja2.Environment

    def labels(self, lang: str) -> Labels:
        path = self.folder / "locales" / f"{lang}.po"
        if not path.exists() and "-" in lang:
            path = self.folder / "locales" / f"{lang.split('-')[0]}.po"
        version = path.stat().st_mtime_ns if path.exists() else 0
        return _labels(path, lang, self.required(), version)

    def required(self) -> frozenset[str]:
        versions = tuple(p.stat().st_mtime_ns for p in sorted(self.folder.glob("*.html")))
        return _required(self.folder, versions)

    def render(self, name: str, context: Mapping[str, Any], labels: Labels) -> str:
        try:
            template = self.env.get_template(name)
            return template.render(**context, _=labels.gettext, gettext=labels.gettext)
        except jinja2.TemplateNotFound as exc:
            raise BuildError(f"{self.folder}: template '{exc.name}' not found") from None
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename}:{exc.lineno}"
            raise BuildError(f"{where}: template error: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            raise BuildError(f"{self.folder}/{name}: template error: {exc.message}") from None


@cache
def templates(folder: Path = TEMPLATES) -> Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(inline=inline, plain=plain, css_string=css_string, css_label=css_label)
    return Templates(folder, env)


@cache
def _required(folder: Path, versions: tuple[int, ...]) -> frozenset[str]:
    """Every label msgid the templates ask for (what ``pybabel extract`` would find)."""
    env = templates(folder).env
    found: set[str] = set()
    for path in sorted(folder.glob("*.html")):
        source = path.read_text(encoding="utf-8")
        for _line, _func, message in env.extract_translations(source):  # type: ignore[attr-defined]
            found.update(m for m in ([message] if isinstance(message, str) else message) if m)
    return frozenset(found)


@cache
def _labels(path: Path, lang: str, required: frozenset[str], version: int) -> Labels:
    return Labels(lang, read_po(path), required)


def data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
