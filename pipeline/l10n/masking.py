"""Masks: what a machine translation service must not touch travels as ⟦n⟧ tokens.

Placeholders, link targets and glossary ``keep`` terms are replaced before sending and put
back after; a token the service lost is reported, never silently repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.content.placeholders import PLACEHOLDER_RE

MASK = "⟦{}⟧"
_MASK_RE = re.compile(r"⟦(\d+)⟧")
_LINK_TARGET = re.compile(r"(?<=\]\()[^)\s]+(?=\))")
# Autolinks (<press@example.org>, <https://...>), bare mailto: links and e-mail addresses:
# a service (or pseudo) would accent, translate or space them like words.
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][\w+.-]*:[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>")
_MAILTO = re.compile(r"\bmailto:[^\s<>()\[\]]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Masked:
    text: str
    originals: list[str]

    def restore(self, translated: str) -> tuple[str, list[str]]:
        """Put the originals back; return the text and the originals that were lost."""
        found = [int(n) for n in _MASK_RE.findall(translated)]
        text = _MASK_RE.sub(
            lambda m: self.originals[int(m[1])] if int(m[1]) < len(self.originals) else m[0],
            translated,
        )
        lost = [o for i, o in enumerate(self.originals) if found.count(i) != 1]
        return text, lost


def mask(text: str, keep: tuple[str, ...]) -> Masked:
    """Replace placeholders, link targets, autolinks, e-mail addresses and keep terms by ⟦n⟧."""
    originals: list[str] = []

    def token(value: str) -> str:
        originals.append(value)
        return MASK.format(len(originals) - 1)

    out = _LINK_TARGET.sub(lambda m: token(m[0]), text)
    for pattern in (_AUTOLINK, _MAILTO, _EMAIL):
        out = pattern.sub(lambda m: token(m[0]), out)
    out = PLACEHOLDER_RE.sub(lambda m: token(m[0]), out)
    for term in sorted(keep, key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", lambda m: token(m[0]), out)
    return Masked(out, originals)
