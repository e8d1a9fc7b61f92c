"""The plain-text part of an outlet's email: the release as a journalist pastes it.

Built from the same template view as the PDF and HTML, so the three never disagree:
paragraphs separated by blank lines, list items with "- " or "1. ", quotes with "> ",
inline Markdown reduced to its words.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from pipeline.render.template_view import TemplateContext


def _blocks(nodes: list[dict[str, Any]], lead: str = "") -> list[str]:
    out: list[str] = []
    for index, node in enumerate(nodes):
        first = lead if index == 0 else ""
        if node["type"] == "text":
            text = str(node["text"])
            out.append(f"{first}{text.upper() if node['tag'] != 'p' else text}")
        elif node["type"] == "list":
            if first:
                out.append(first.rstrip(" –"))
            items = []
            for number, item in enumerate(node["items"], start=node["start"] or 1):
                marker = f"{number}. " if node["ordered"] else "- "
                inner = "\n".join(_blocks(item))
                items.append(marker + textwrap.indent(inner, " " * len(marker))[len(marker) :])
            out.append("\n".join(items))
        elif node["type"] == "quote":
            if first:
                out.append(first.rstrip(" –"))
            inner = "\n\n".join(_blocks(node["children"]))
            out.append(textwrap.indent(inner, "> ", lambda _line: True))
        else:
            out.append("* * *")
    return out


def plain_text(
    context: TemplateContext,
    label: Callable[[str], str],
    *,
    top: str,
    correction: str | None,
    links: list[str],
) -> str:
    """The whole message body as text (``top``: the embargo or immediate-release line)."""
    parts = []
    if correction:
        parts.append(f"{label('CORRECTION')}: {correction}")
    parts.append(top)
    headline = str(context["headline"])
    parts.append(headline)
    if context["subheadline"]:
        parts.append(str(context["subheadline"]))
    lead = f"{context['dateline']}{context['comma']}{context['date']} – "
    parts += _blocks(context["body"], lead)
    parts.append("###")
    if links:
        parts.append(label("Download") + "\n" + "\n".join(links))
    contact = context["contact"]
    lines = [f"{label('Media contact')}", str(contact["name"])]
    if contact["role"]:
        lines.append(str(contact["role"]))
    if contact["email"]:
        lines.append(f"{label('Email')}: {contact['email']}")
    if contact["phone"]:
        lines.append(f"{label('Phone')}: {contact['phone']}")
    parts.append("\n".join(lines))
    about = [label("About"), str(context["org"]["about"])]
    if context["org"]["website"]:
        about.append(str(context["org"]["website"]))
    parts.append("\n".join(about))
    return "\n\n".join(parts) + "\n"
