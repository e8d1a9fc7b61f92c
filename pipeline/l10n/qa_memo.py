"""QA results of (source, translation) pairs, remembered from one run to the next.

``status`` and ``check`` run the QA checks on every translated unit of every language
edition: on a site of 500 releases that is most of their time, and almost every pair is
the same as in the last run. The checks are a pure function of the source text, the
translation, the language, whether the release recurs (which placeholders it may use),
the glossary, and our code; so their result is stored under exactly those inputs.

One table per glossary and version of the code lives in the parse cache
(``pipeline.content.parse_cache``: private, safe to delete, ``PRESSROOM_CACHE=off``
turns it off): a sha256 of a language edition's pairs, its language and whether it
recurs maps to the problems of each pair. A changed text, glossary or program simply
finds no entry, so the cache can never change a result. The table is read once per
process and written back by :func:`flush` when a command has added to it; two runs
writing at once lose at most the other's new entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.content import parse_cache
from pipeline.content.models import Glossary
from pipeline.content.placeholders import placeholder_problems
from pipeline.l10n.qa_checks import Context, QaProblem, run_checks

UNFILLABLE = "placeholders for this language"  # the check name of unfillable placeholders
# A table that grows past this (years of edits) is started afresh rather than kept forever.
MAX_ENTRIES = 500_000

Problems = tuple[QaProblem, ...]
Results = tuple[Problems, ...]  # one per pair, in order


def unit_problems(
    source: str, translation: str, lang: str, glossary: Glossary, recurring: bool
) -> Problems:
    """Every QA problem of one translation: the checks, then the placeholders this
    language cannot fill ({ordinal} in Russian), which are blocking and allow no qa-ok."""
    found = run_checks(source, translation, Context(lang, glossary))
    found += [
        QaProblem(UNFILLABLE, message, True)
        for message in placeholder_problems(translation, lang, recurring)
    ]
    return tuple(found)


@dataclass
class _Table:
    name: str  # the parse cache entry: the glossary and the code are in it
    glossary: Glossary  # kept so that its id is not reused while the table is in use
    entries: dict[bytes, Results]
    added: dict[bytes, Results] = field(default_factory=dict)


_tables: dict[int, _Table] = {}


def _table(glossary: Glossary) -> _Table:
    table = _tables.get(id(glossary))
    if table is not None and table.glossary is glossary:
        return table
    name = parse_cache.key("qa-table", glossary.model_dump_json().encode())
    stored = parse_cache.get(name, dict)
    table = _Table(name, glossary, stored if stored is not None else {})
    if len(_tables) >= 8:  # a long-running server sees a new glossary now and then
        _tables.clear()
    _tables[id(glossary)] = table
    return table


def _key(pairs: Sequence[tuple[str, str]], lang: str, recurring: bool) -> bytes:
    # Every text is preceded by its length: no two lists of pairs give the same bytes.
    text = "".join(f"{len(s)}:{len(t)}:{s}{t}" for s, t in pairs)
    return hashlib.sha256(f"{lang}\0{int(recurring)}\0{len(pairs)}\0{text}".encode()).digest()


def problems_of(
    pairs: Sequence[tuple[str, str]], lang: str, glossary: Glossary, recurring: bool
) -> Results:
    """:func:`unit_problems` of each (source, translation) pair of one language edition,
    from the table when these very pairs were checked before."""
    table = _table(glossary)
    key = _key(pairs, lang, recurring)
    found = table.entries.get(key)
    if found is None or len(found) != len(pairs):
        found = tuple(unit_problems(s, t, lang, glossary, recurring) for s, t in pairs)
        table.entries[key] = table.added[key] = found
    return found


def flush() -> None:
    """Write back the tables this process added to (a no-op when nothing is new)."""
    for table in _tables.values():
        if not table.added:
            continue
        stored = parse_cache.get(table.name, dict) or {}
        if len(stored) + len(table.added) > MAX_ENTRIES:
            stored = {}
        stored.update(table.added)
        parse_cache.put(table.name, stored)
        table.added = {}
