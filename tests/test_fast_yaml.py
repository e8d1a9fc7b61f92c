"""libyaml composes content YAML when it is harmless; the answer is always the reference's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.content import safe_yaml
from pipeline.content.yaml_source import parse_yaml
from pipeline.errors import ContentError

TEXTS = [
    "language: en\nheadline: A statement\ndate: 2024-03-01T10:00:00+01:00\n",
    "headline: >\n  folded\n  text\nbody: |\n  kept\n   lines\n\nn: 12\nf: 1.5\nb: yes\nz: ~\n",
    "images:\n  - {src: a.png, alt: 'It''s'}\n  - src: b.png\n"
    '    caption: "Tab\\tand é ü 日本"\n',
    "languages: [en, es, ar]  # a comment\ntags:\n- one\n- two\n\nempty: {}\nnone: []\n",
    "# only a comment\n",
    "",
    "a:\n  b:\n    c:\n      d: deep\n",
    "plain: multi\n  line\n  plain scalar\nnext: 'single\n\n  quoted'\n",
]


def _reference(text: str) -> tuple[yaml.Node | None, Any]:
    loader = safe_yaml.ContentLoader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _marks(node: yaml.Node | None) -> list[tuple[object, ...]]:
    if node is None:
        return []
    out: list[tuple[object, ...]] = [
        (node.tag, node.start_mark.line, node.start_mark.column, node.end_mark.line)
    ]
    if isinstance(node.value, list):
        for item in node.value:
            for child in item if isinstance(item, tuple) else (item,):
                out += _marks(child)
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_the_fast_reader_gives_the_reference_data_and_lines(text: str) -> None:
    fast = safe_yaml._fast_load(text)
    assert fast is not None, "harmless text takes the fast way"
    node, data = _reference(text)
    assert fast[1] == data
    assert _marks(fast[0]) == _marks(node)


def test_dates_stay_text_on_the_fast_way() -> None:
    fast = safe_yaml._fast_load("date: 2024-03-01\n")
    assert fast is not None and fast[1] == {"date": "2024-03-01"}


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!binary aGVsbG8=\nb: &anchor [1]\n",
        "v: " + "[" * 25 + "]" * 25 + "\n",
        "v: [unclosed\n",
        "n: 1" + "0" * 5000 + "\n",
        "a: 1\n---\nb: 2\n",
    ],
)
def test_refused_or_broken_text_goes_the_reference_way(text: str) -> None:
    assert safe_yaml._fast_load(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x 1\nb: *x\n", "anchors and aliases"),
        ("v: " + "[" * 25 + "]" * 25 + "\n", "nested more than 20 levels"),
        ("a: 1\n b: 2\n  c: [\n", "invalid YAML"),
    ],
)
def test_messages_are_the_reference_messages(text: str, words: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, Path("x.yaml"))
    assert words in caught.value.problem.message


def test_nesting_at_the_limit_is_read() -> None:
    text = "v: " + "[" * 18 + "1" + "]" * 18 + "\n"
    assert parse_yaml(text, Path("x.yaml")).data["v"] is not None
