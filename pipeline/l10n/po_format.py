"""PO text the way GNU gettext (msgmerge, msgcat) and Poedit write it.

polib wraps lines differently from gettext, writes the header's first line in one piece and
drops obsolete entries' ``#~|`` previous source. A translator who opens our file in Poedit
and saves it, or runs ``msgcat`` on it, would then see a noisy diff of re-wrapped lines.
So we parse with polib (after teaching it ``#~|``) and write the text ourselves, with
gettext's layout: a 79-column page, breaks after spaces and hyphens, an empty first line
when a string does not fit or holds several lines.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import polib  # type: ignore[import-untyped]

PAGE_WIDTH = 79
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_OBSOLETE_PREVIOUS = re.compile(r"^#~\|", re.MULTILINE)


def parse(text: str) -> polib.POFile:
    """polib's parser, which skips the ``#~|`` lines of obsolete entries: read them as ``#|``."""
    return polib.pofile(_OBSOLETE_PREVIOUS.sub("#|", text), wrapwidth=PAGE_WIDTH)


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text)


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        for c in text
    )


_AFTER_BEFORE_LETTER = frozenset("-/.:,;،")  # hyphen, slash, full stop ...: not before digits
_AFTER_ALWAYS = frozenset("!?—–}…")  # !, ?, dashes, ellipsis
_NO_BREAK_BEFORE = frozenset(")]}!?.,;:/")  # closing and infix punctuation stay on the line


_QUOTES = frozenset("\"'\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019")
_OPENING = frozenset("([{")


def _may_break(before: str, char: str, following: str) -> bool:
    """A simplified Unicode line breaking (UAX #14) as GNU libunistring applies it to PO text.

    ``before`` is the last character before a run of spaces that ``char`` ends.
    """
    if following.isspace() or following in _NO_BREAK_BEFORE:
        return False
    if char in ")]" and following in "([":
        return True
    if char == " ":
        return not (
            before in _OPENING
            or (before in _QUOTES and following in _OPENING)
            or before == following == "\u2014"
        )
    if following == "\u2014":  # a break before an em dash, as after it
        return char != "\u2014"
    if char in _AFTER_BEFORE_LETTER:
        return following.isalpha()
    return char in _AFTER_ALWAYS and following.isalnum()


def _pieces(text: str) -> list[str]:
    """Split where a line may break: after spaces, after a hyphen or slash inside a word ..."""
    pieces: list[str] = []
    start = 0
    before = ""
    for index in range(len(text) - 1):
        if text[index] != " ":
            before = text[index]
        if _may_break(before, text[index], text[index + 1]):
            pieces.append(text[start : index + 1])
            start = index + 1
    pieces.append(text[start:])
    return pieces


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line, used = "", 0
    for piece in map(_escape, _pieces(text)):
        size = _width(piece)
        if line and used + size > width:
            lines.append(line)
            line, used = piece, size
        else:
            line, used = line + piece, used + size
    lines.append(line)
    return lines


def field(keyword: str, value: str, prefix: str = "") -> list[str]:
    """``msgid "..."`` and its continuation lines, wrapped like gettext."""
    portions = [p for p in re.split(r"(?<=\n)", value) if p] or [""]
    one = f'{prefix}{keyword} "{_escape(value)}"'
    if len(portions) == 1 and _width(one) <= PAGE_WIDTH:
        return [one]
    lines = [f'{prefix}{keyword} ""']
    for portion in portions:
        chunks = _wrap(portion, PAGE_WIDTH - _width(prefix) - 2)
        lines += [f'{prefix}"{chunk}"' for chunk in chunks]
    return lines


def _comments(marker: str, text: str | None) -> list[str]:
    if not text:
        return []
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def entry_lines(entry: polib.POEntry) -> tuple[str, ...]:
    """An entry's lines; cached, as translate rewrites a long file after every unit."""
    return _entry_lines(
        bool(entry.obsolete),
        entry.tcomment or "",
        entry.comment or "",
        tuple(entry.occurrences),
        tuple(entry.flags),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural or "",
        tuple(sorted(entry.msgstr_plural.items())),
        entry.msgstr,
    )


@functools.lru_cache(maxsize=16384)
def _entry_lines(
    obsolete: bool,
    tcomment: str,
    comment: str,
    occurrences: tuple[tuple[str, str], ...],
    entry_flags: tuple[str, ...],
    previous_msgctxt: str | None,
    previous_msgid: str | None,
    msgctxt: str | None,
    msgid: str,
    msgid_plural: str,
    msgstr_plural: tuple[tuple[int, str], ...],
    msgstr: str,
) -> tuple[str, ...]:
    lines = _comments("#", tcomment) + _comments("#.", comment)
    if occurrences:
        refs = " ".join(f"{f}:{n}" if n else f for f, n in occurrences)
        lines.append(f"#: {refs}")
    flags = sorted(entry_flags, key=lambda flag: flag != "fuzzy")
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if obsolete else "#| "
    if previous_msgctxt is not None:
        lines += field("msgctxt", previous_msgctxt, previous)
    if previous_msgid is not None:
        lines += field("msgid", previous_msgid, previous)
    prefix = "#~ " if obsolete else ""
    if msgctxt is not None:
        lines += field("msgctxt", msgctxt, prefix)
    lines += field("msgid", msgid, prefix)
    if msgid_plural:
        lines += field("msgid_plural", msgid_plural, prefix)
        for index, text in msgstr_plural:
            lines += field(f"msgstr[{index}]", text, prefix)
    else:
        lines += field("msgstr", msgstr, prefix)
    return tuple(lines)


def header_lines(po: polib.POFile) -> list[str]:
    lines = _comments("#", po.header)
    if "fuzzy" in (po.metadata_is_fuzzy or []) or po.metadata_is_fuzzy is True:
        lines.append("#, fuzzy")
    value = "".join(f"{key}: {text}\n" for key, text in po.metadata.items())
    return [*lines, 'msgid ""', *field("msgstr", value)]


def format_po(po: polib.POFile) -> str:
    """The whole file: header entry, entries, then obsolete entries, a blank line between."""
    blocks: list[Sequence[str]] = [header_lines(po)]
    blocks += [entry_lines(e) for e in po if not e.obsolete]
    blocks += [entry_lines(e) for e in po if e.obsolete]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
