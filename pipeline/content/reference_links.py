"""Reference-style Markdown links, written out as inline links in each unit.

A body may say ``see [the article][peruano]`` and define ``[peruano]: https://...`` at
the end. Each unit is rendered and translated on its own, far from that definition, so
the link would be lost (or shown as ``[the article][peruano]``). The unit's msgid
therefore gets the link inline, ``[the article](https://...)``: translators see the
target (and machine translation masks it like any other link), QA compares it, and the
definition line itself is no unit. A full reference to a label that is not defined is a
located error, never a silently dropped link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_BRACKETS = r"((?:[^\[\]\\]|\\.)+)"
_REFERENCE = re.compile(rf"(?<![\\\]])\[{_BRACKETS}\](?:\[((?:[^\[\]\\]|\\.)*)\])?(?![(:\[])")


def _destination(href: str) -> str:
    return f"<{href}>" if re.search(r"[\s()<>]", href) else href


def _inline_link(text: str, target: Mapping[str, Any]) -> str:
    title = str(target.get("title") or "")
    quoted = ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
    return f"[{text}]({_destination(str(target['href']))}{quoted})"


def inline_references(
    text: str, references: Mapping[str, Mapping[str, Any]]
) -> tuple[str, list[str]]:
    """``text`` with every defined reference link made inline, and the undefined labels."""
    from markdown_it.common.utils import normalizeReference  # only when a text is parsed

    undefined: list[str] = []

    def replace(match: re.Match[str]) -> str:
        label_text, label = match[1], match[2]
        target = references.get(normalizeReference(label or label_text))
        if target is not None:
            return _inline_link(label_text, target)
        if label is not None:  # [text][label] or [text][]: clearly meant as a link
            undefined.append(label or label_text)
        return match[0]

    out: list[str] = []
    position = 0
    for code in _CODE_SPAN.finditer(text):
        out.append(_REFERENCE.sub(replace, text[position : code.start()]))
        out.append(code[0])
        position = code.end()
    out.append(_REFERENCE.sub(replace, text[position:]))
    return "".join(out), undefined
