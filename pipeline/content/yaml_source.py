"""Files to Python data, with the line of every value, so errors can point at it.

PyYAML's node tree carries marks; we keep a map from the path of every value
(``("author", "role")``, ``("images", 0, "src")``) to its line, and turn Pydantic's
error locations into ``FILE:LINE: field: message``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pipeline.content import control_chars, safe_yaml
from pipeline.errors import ContentError, ContentErrors, Problem

Key = str | int
Path_ = tuple[Key, ...]
M = TypeVar("M", bound=BaseModel)

# `headline: {ordinal} anniversary` is a YAML flow mapping (or a syntax error), not text.
_UNQUOTED_PLACEHOLDER = re.compile(
    r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[\w.-]+):[ \t]+\{(?P<name>\w+)\}"
)


@dataclass
class YamlDoc:
    """Parsed YAML with the line (1-based, in the file) of every key and item."""

    file: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: Path_) -> int:
        """The line of the deepest part of ``path`` that exists in the document."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return self.first_line


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, turning every failure into a located ContentError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(path, 1, "", "file not found") from None
    except OSError as exc:
        raise ContentError(path, 1, "", f"cannot read file: {exc.strerror}") from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None


def placeholder_problems(text: str, file: Path, first_line: int = 1) -> list[Problem]:
    """Values that start with an unquoted {placeholder}: YAML would read them as a mapping."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        if match := _UNQUOTED_PLACEHOLDER.match(line):
            key, name = match["key"], match["name"]
            problems.append(
                Problem(
                    file,
                    number,
                    key,
                    f"a value that starts with {{{name}}} must be quoted: quote it, "
                    f'e.g. {key}: "{{{name}}} ..."',
                )
            )
    return problems


def parse_yaml(text: str, file: Path, first_line: int = 1) -> YamlDoc:
    """Parse YAML text into data and a line map; raises ContentError on syntax errors."""
    problems = placeholder_problems(text, file, first_line)
    problems += control_chars.yaml_text_problems(text, file, first_line)
    if problems:
        raise ContentErrors(problems)
    try:
        node, data = safe_yaml.load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        raise ContentError(file, line, "", safe_yaml.explain(exc)) from None
    except yaml.YAMLError as exc:
        raise ContentError(file, first_line, "", safe_yaml.explain(exc)) from None
    doc = YamlDoc(file, data, first_line=first_line)
    if node is not None:
        _index(node, (), doc, first_line)
    if problems := control_chars.value_problems(data, doc.line_of, file):
        raise ContentErrors(problems)
    return doc


def _index(node: yaml.Node, path: Path_, doc: YamlDoc, first_line: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + first_line
            if key in seen:
                raise ContentError(doc.file, line, _dotted((*path, key)), "duplicate key")
            seen.add(key)
            doc.lines[(*path, key)] = line
            _index(value_node, (*path, key), doc, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            doc.lines[(*path, index)] = item.start_mark.line + first_line
            _index(item, (*path, index), doc, first_line)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _message(error: Any, model: type[BaseModel], loc: Path_) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        names = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("tuple_type", "list_type") and isinstance(error.get("input"), str | int | float):
        items = [part.strip() for part in str(error["input"]).split(",") if part.strip()]
        return f"Input should be a valid list: write it in brackets, e.g. [{', '.join(items)}]"
    message = str(error["msg"])
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _model_at(model: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if (found := _inner_model(arg)) is not None:
            return found
    return None


def validate(doc: YamlDoc, model: type[M], context: dict[str, Any] | None = None) -> M:
    """Validate a YAML document against a model; every error becomes a located Problem."""
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc: Path_ = tuple(p for p in error["loc"] if isinstance(p, str | int))
            problems.append(
                Problem(doc.file, doc.line_of(loc), _dotted(loc), _message(error, model, loc))
            )
        raise ContentErrors(problems) from None
