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
# Past this size (and four times what a run uses), a table keeps only what the run used:
# the results of texts edited long ago do not slow down reading it for ever.
MAX_ENTRIES = 20_000

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
    entries: dict[bytes, Results]
    added: dict[bytes, Results] = field(default_factory=dict)
    used: set[bytes] = field(default_factory=set)  # looked up since the last flush


_tables: dict[str, _Table] = {}  # by name: a server that reloads the site keeps its table
_names: dict[int, tuple[Glossary, str]] = {}  # each glossary object is dumped once


def _table(glossary: Glossary) -> _Table:
    known = _names.get(id(glossary))
    if known is None or known[0] is not glossary:
        if len(_names) >= 64:
            _names.clear()
        name = parse_cache.key("qa-table", glossary.model_dump_json().encode())
        known = _names[id(glossary)] = (glossary, name)  # held: its id is not reused
    table = _tables.get(known[1])
    if table is None:
        if len(_tables) >= 8:  # a long-running server sees a new glossary now and then
            _tables.clear()
        stored = parse_cache.get(known[1], dict)
        table = _tables[known[1]] = _Table(known[1], stored if stored is not None else {})
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
    if len(table.used) >= 4 * MAX_ENTRIES:  # bounded, for a server that never flushes
        table.used.clear()
    table.used.add(key)
    if found is None or len(found) != len(pairs):
        found = tuple(unit_problems(s, t, lang, glossary, recurring) for s, t in pairs)
        for kept in (table.entries, table.added):
            if len(kept) >= 4 * MAX_ENTRIES:
                kept.clear()
            kept[key] = found
    return found


def flush() -> None:
    """Write back the tables this process added to (a no-op when nothing is new)."""
    for table in _tables.values():
        if not table.added:
            continue
        stored = parse_cache.get(table.name, dict) or {}
        stored.update(table.added)
        if len(stored) > max(MAX_ENTRIES, 4 * len(table.used)):
            stored = {key: stored[key] for key in table.used if key in stored}
        parse_cache.put(table.name, stored)
        table.added = {}
        table.used = set()
