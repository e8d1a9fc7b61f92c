"""The YAML reader for content files: safe, bounded, and plain about what went wrong.

Content YAML is written by hand and never needs YAML's programming features, so the
reader refuses them *before* anything is expanded: an anchor or alias (a 400-byte
"billion laughs" file otherwise takes minutes and gigabytes), values nested deeper
than ``MAX_DEPTH`` (Python's recursion limit otherwise), huge numbers. Dates stay text,
so the content model can check them (``2023-02-30``) and demand UTC offsets. Every
parser message gets a hint a non-programmer can act on.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

MAX_DEPTH = 20  # a release needs 3 (images: [{caption: ...}]); anything deeper is an accident
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class ContentLoader(yaml.SafeLoader):
    """SafeLoader without anchors, aliases, deep nesting or implicit timestamps."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class-level table)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ComposerError(
                None,
                None,
                "anchors and aliases (& and *) are not allowed in content files: "
                "write the value out in full (if the text starts with & or *, put it in quotes)",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"values are nested more than {MAX_DEPTH} levels deep "
                    "(check the brackets [ ] and { })",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:  # e.g. a number of 5,000 digits
            message = f"cannot read this value: {exc}"
            raise ConstructorError(None, None, message, node.start_mark) from None


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


ContentLoader.add_constructor(_TIMESTAMP, _timestamp_as_text)


_CLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)


def _refused(text: str) -> bool:
    """True when the text has an anchor, an alias or deep nesting: read by libyaml's events.

    Events are produced one by one and nothing is expanded, so this pass is as safe as
    the pure-Python composer's own checks; a True (or a syntax error) sends the text to
    that composer, which says exactly what is wrong.
    """
    assert _CLoader is not None
    loader = _CLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return True
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth >= MAX_DEPTH:
                    return True
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    return False


class _FastLoader(_CLoader or yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's composer with ContentLoader's resolvers and constructors."""

    yaml_implicit_resolvers = ContentLoader.yaml_implicit_resolvers
    yaml_constructors = ContentLoader.yaml_constructors


def _fast_load(text: str) -> tuple[yaml.Node | None, Any] | None:
    """The C composer's result for harmless text, or None to use the pure-Python reader.

    A syntax error, a refused feature or a value that cannot be constructed all go the slow
    way, so every message (and its line) is the one the pure-Python reader gives.
    """
    if _CLoader is None:
        return None
    try:
        if _refused(text):
            return None
        return _compose(_FastLoader(text))
    except (yaml.YAMLError, ValueError, OverflowError):
        return None


def load(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data, composed once.

    libyaml (C) composes harmless text about ten times faster; anything else, errors
    included, is read by ContentLoader, whose checks and messages are the reference.
    """
    fast = _fast_load(text)
    if fast is not None:
        return fast
    return _compose(ContentLoader(text))


def _compose(loader: Any) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data of the one document ``loader`` reads, composed once."""
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


_HINTS = (
    (
        "mapping values are not allowed",
        "a ':' inside a value: put the text in quotes, e.g. headline: \"Baku: a statement\"",
    ),
    ("'\\t'", "a tab character: indent with spaces, never tabs"),
    (
        "expected <block end>",
        "check the indentation: fields of the same level start in the same column",
    ),
    (
        "did not find expected key",
        "check the indentation: fields of the same level start in the same column",
    ),
    (
        "could not find expected ':'",
        "each line is 'field: value'; check the quotes and the indentation",
    ),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("did not find expected ',' or ']'", "a list is not closed: write [en, es]"),
    ("did not find expected ',' or '}'", "a '{' is not closed by '}'"),
    ("found character '@'", "a value starting with @ must be quoted"),
    ("found character '`'", "a value starting with ` must be quoted"),
    ("found unknown escape character", "in double quotes a backslash starts an escape: use '...'"),
)


def explain(error: yaml.YAMLError) -> str:
    """The parser's words plus what to do about them."""
    if isinstance(error, yaml.MarkedYAMLError):
        reason = error.problem or error.context or "invalid YAML"
        where = f"{error.context} {error.problem}"
    else:
        reason = where = str(error).splitlines()[0]
    for needle, hint in _HINTS:
        if needle in where:
            return f"invalid YAML: {reason}: {hint}"
    return f"invalid YAML: {reason}"
