"""Invisible control characters in text: caught where they are written, not at render time.

A bell (U+0007) pasted from a word processor has no glyph, so WeasyPrint would stop the
build with a font error naming no file. Tab, line feed and carriage return are layout;
every other C0 or C1 control character (and DEL) is refused with its file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pipeline.errors import Problem

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_KEY = re.compile(r"^\s*(?:-\s+)?(?P<key>[\w.-]+)\s*:")


def describe(text: str) -> str | None:
    """'a control character U+0007' for the first one in ``text``, or None."""
    if match := CONTROL.search(text):
        return (
            f"contains an invisible control character U+{ord(match.group()):04X}: "
            "delete it (retype the text around it)"
        )
    return None


def text_problems(text: str, file: Path, first_line: int, field: str = "") -> list[Problem]:
    """Control characters in raw text (a Markdown body), one problem per line."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        if message := describe(line):
            problems.append(Problem(file, number, field, message))
    return problems


def yaml_text_problems(text: str, file: Path, first_line: int) -> list[Problem]:
    """Control characters in YAML source, named by the field on (or above) their line."""
    problems = []
    keys: list[tuple[int, str]] = []  # (column, key) of the fields enclosing this line
    for number, line in enumerate(text.split("\n"), start=first_line):
        if match := _KEY.match(line):
            column = match.start("key")
            while keys and keys[-1][0] >= column:
                keys.pop()
            keys.append((column, match["key"]))
        if message := describe(line):
            problems.append(Problem(file, number, ".".join(k for _, k in keys), message))
    return problems


def value_problems(
    data: Any, line_of: Callable[[tuple[str | int, ...]], int], file: Path
) -> list[Problem]:
    """Control characters that YAML escapes (``"\\a"``) put into parsed values."""
    problems = []
    for path, value in _strings(data, ()):
        if message := describe(value):
            problems.append(Problem(file, line_of(path), _dotted(path), message))
    return problems


def _strings(data: Any, path: tuple[str | int, ...]) -> Iterable[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
