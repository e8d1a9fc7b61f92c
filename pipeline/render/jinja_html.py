"""The render stage: Jinja templates to HTML, with labels from templates/locales.

Content is data: autoescape is on, undefined names fail, Markdown is rendered without
raw HTML and links other than http(s)/mailto stay plain text. Compiled templates are kept
in the private cache folder (``parse_cache``), keyed by Jinja on each template's source,
so a run does not compile them again; a cache that cannot be read or written is a miss.
"""

from __future__ import annotations

import base64
import hashlib
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

from pipeline.content.parse_cache import private_subfolder, source_digest
from pipeline.content.paths import TEMPLATES
from pipeline.content.segmentation import link_allowed
from pipeline.errors import BuildError
from pipeline.l10n.template_labels import Labels
from pipeline.render.typography import typeset, typeset_plain


@cache
def _inline_md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.validateLink = link_allowed  # type: ignore[method-assign]
    return md


def inline(text: str, lang: str | None = None) -> Markup:
    """Inline Markdown (bold, italic, links) to safe HTML, with the typography of ``lang``."""
    if lang is not None:
        return typeset(text, lang)
    return Markup(_inline_md().renderInline(text))


def plain(text: str, lang: str | None = None) -> str:
    """Inline Markdown to plain text, for PDF metadata and titles."""
    if lang is not None:
        return typeset_plain(text, lang)
    return html.unescape(re.sub(r"<[^>]+>", "", str(inline(text))))


def _as_typed(text: str) -> str:
    """Labels arrive HTML-escaped (``&#39;``); CSS has its own escapes, so undo HTML's first."""
    return text.unescape() if isinstance(text, Markup) else text


def css_string(text: str) -> Markup:
    """A CSS string literal, safe inside a <style> element."""
    text = _as_typed(text)
    escaped = "".join(c if c.isalnum() or c in " .,:;-_()" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def css_label(template: str) -> Markup:
    """``Page %(page)s of %(pages)s`` -> ``"Page " counter(page) " of " counter(pages)``."""
    parts = re.split(r"%\((page|pages)\)s", _as_typed(template))
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(str(css_string(part)))
    return Markup(" ".join(out))


@dataclass(frozen=True)
class Templates:
    folder: Path
    env: jinja2.Environment

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

    def preload(self) -> None:
        """Load every page and stylesheet template now (compiled, from the cache if it
        can), so a process forked after this has them; an error is said when one is used."""
        for name in self.env.list_templates(extensions=["html", "css"]):
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                continue


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk; never an error, at worst a compilation."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk or a read-only cache: the next run compiles again
            return


def _compiled_templates() -> CompiledTemplates | None:
    """Jinja keys compiled code on each template's source only; what else shapes it (Jinja
    itself, the environment's options below and our filters, which it may fold into the
    code) names the folder: the Jinja version and the source of the render layer."""
    shaped_by = f"jinja2 {jinja2.__version__} {source_digest('render')}"
    folder = private_subfolder(f"templates-{hashlib.sha256(shaped_by.encode()).hexdigest()[:16]}")
    return CompiledTemplates(str(folder)) if folder is not None else None


@cache
def templates(folder: Path = TEMPLATES) -> Templates:
    env = jinja2.Environment(
        bytecode_cache=_compiled_templates(),
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(inline=inline, plain=plain, css_string=css_string, css_label=css_label)
    return Templates(folder, env)


def data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
