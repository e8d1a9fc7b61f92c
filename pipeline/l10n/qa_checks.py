"""Quality checks of a translation against its source, in Babel's ``checkers`` shape.

Each check is a small function ``(source, translation, context) -> list[Problem]``. The
checks that protect facts (numbers, placeholders, names that must stay verbatim, link
targets) are blocking: a language with one of them standing is not published unless a
reviewer puts the ``qa-ok`` flag on that entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pipeline.content.models import Glossary
from pipeline.content.placeholders import PLACEHOLDER_RE
from pipeline.content.segmentation import link_targets


@dataclass(frozen=True)
class QaProblem:
    check: str
    message: str
    blocking: bool


@dataclass(frozen=True)
class Context:
    lang: str
    glossary: Glossary


Check = Callable[[str, str, Context], list[QaProblem]]

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEP = r"[ ,.'\u00a0\u202f\u066c\u066b]"
_NUMBER = re.compile(rf"(?<![\w.,])\d+(?:{_SEP}\d+)*")
_SAME_VALUE = {"{ordinal}": "{years}"}


_OTHER_DIGITS = re.compile("[٠-٩۰-۹]")


def numbers(text: str) -> set[Decimal]:
    """Every number in ``text``, its locale formatting undone: 40,000 = 40.000 = 40 000."""
    return set(_numbers(text))


@functools.lru_cache(maxsize=8192)  # a source text is checked against each of its languages
def _numbers(text: str) -> frozenset[Decimal]:
    if _OTHER_DIGITS.search(text):  # str.translate is slow: only when there is work for it
        text = text.translate(_DIGITS)
    text = PLACEHOLDER_RE.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are checked on their own
    found: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        found.update(_parse(match[0]))
    return frozenset(found)


def _grouped(parts: list[str], seps: list[str]) -> bool:
    """1,234,567 / 40 000 / 1.500: a head of 1-3 digits, then groups of three, one separator."""
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]) and len(set(seps)) <= 1


def _parse(raw: str) -> list[Decimal]:
    parts, seps = re.split(_SEP, raw), re.findall(_SEP, raw)
    if len(parts) == 1 or _grouped(parts, seps):
        return [Decimal("".join(parts))]
    head, head_seps = parts[:-1], seps[:-1]
    if seps[-1] in ",.\u066b" and (
        len(head) == 1 or (_grouped(head, head_seps) and head_seps[0] != seps[-1])
    ):
        return [Decimal(f"{''.join(head)}.{parts[-1]}").normalize()]
    return [Decimal(p) for p in parts]  # a date such as 20.01.1990, or numbers side by side


def _differences(check: str, noun: str, src: set[str], dst: set[str]) -> list[QaProblem]:
    """What the translation lost and what it added, both blocking."""
    return [
        QaProblem(check, f"{noun} {v} of the source is missing", True) for v in sorted(src - dst)
    ] + [QaProblem(check, f"{noun} {v} is not in the source", True) for v in sorted(dst - src)]


def check_numbers(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    def as_text(text: str) -> set[str]:
        return {_fmt(n) for n in numbers(text)}

    return _differences("numbers", "number", as_text(source), as_text(translation))


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def check_placeholders(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    def normalized(text: str) -> set[str]:
        return {_SAME_VALUE.get(m[0], m[0]) for m in PLACEHOLDER_RE.finditer(text)}

    return _differences("placeholders", "placeholder", normalized(source), normalized(translation))


def check_keep_terms(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    return [
        QaProblem("glossary", f"'{term}' must appear verbatim", True)
        for term in ctx.glossary.keep
        if term in source and term not in translation
    ]


_STEMMERS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
    "uk": "ukrainian",
}


@functools.cache
def _stemmer(lang: str) -> Callable[[list[str]], list[str]]:
    import snowballstemmer  # here: with the QA results cached, most runs stem nothing

    name = _STEMMERS.get(lang.split("-")[0])
    if name is None or name not in snowballstemmer.algorithms():
        return lambda words: words
    stemmer = snowballstemmer.stemmer(name)
    known: dict[str, str] = {}  # Snowball in pure Python is slow; a site repeats its words

    def stem(words: list[str]) -> list[str]:
        out = []
        for word in words:
            found = known.get(word)
            if found is None:
                if len(known) > 200_000:  # bounded for a long-running server
                    known.clear()
                found = known[word] = stemmer.stemWord(word)
            out.append(found)
        return out

    return stem


@functools.lru_cache(maxsize=8192)  # each source text is compared with every glossary term
def _stem_tuple(text: str, lang: str) -> tuple[str, ...]:
    return tuple(_stemmer(lang)(re.findall(r"\w+", text.casefold())))


def contains_term(text: str, term: str, lang: str) -> bool:
    """Whether ``term`` appears in ``text``, inflected or not (a Snowball stemmer per language):
    Russian "трагедии 20 января" holds the mandated "трагедия 20 января"."""
    if term.casefold() in text.casefold():
        return True
    wanted, words = _stem_tuple(term, lang), _stem_tuple(text, lang)
    if not wanted:
        return False
    start, size = 0, len(wanted)
    while True:  # the places where the term's first word stands (found in C), compared whole
        try:
            start = words.index(wanted[0], start)
        except ValueError:
            return False
        if words[start : start + size] == wanted:
            return True
        start += 1


def check_mandated_terms(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    problems = []
    for term in ctx.glossary.terms:
        wanted = ctx.glossary.mandated(term, ctx.lang)
        if (
            wanted
            and contains_term(source, term, "en")
            and not contains_term(translation, wanted, ctx.lang)
        ):
            problems.append(
                QaProblem("glossary", f"'{term}' should be translated as '{wanted}'", False)
            )
    return problems


def links(text: str) -> list[str]:
    if "](" not in text and "<" not in text:
        return []  # no inline link or autolink: skip the Markdown parser
    return list(_links(text))


@functools.lru_cache(maxsize=8192)  # a source text is checked against each of its languages
def _links(text: str) -> tuple[str, ...]:
    return tuple(sorted(link_targets(text)))


def check_links(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    src, dst = links(source), links(translation)
    if src == dst:
        return []
    return [
        QaProblem(
            "links",
            f"link targets differ: source {src or 'none'}, translation {dst or 'none'}",
            True,
        )
    ]


def check_empty_or_identical(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    if not translation.strip():
        return [QaProblem("empty", "the translation is empty", False)]
    if translation.strip() == source.strip() and len(source.split()) > 3:
        return [QaProblem("identical", "the translation is identical to the source", False)]
    return []


def check_length(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    if len(source) < 20 or not translation:
        return []
    ratio = len(translation) / len(source)
    if 0.4 <= ratio <= 2.5:
        return []
    return [
        QaProblem(
            "length",
            f"the translation is {ratio:.1f} times the length of the source (expected 0.4-2.5)",
            False,
        )
    ]


def check_emphasis(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    bold = translation.count("**")
    single = translation.replace("**", "").count("*")
    if bold % 2 or single % 2:
        return [QaProblem("markdown", "unbalanced ** or * emphasis", False)]
    return []


CHECKS: tuple[Check, ...] = (
    check_placeholders,
    check_numbers,
    check_keep_terms,
    check_links,
    check_mandated_terms,
    check_empty_or_identical,
    check_length,
    check_emphasis,
)


def run_checks(source: str, translation: str, ctx: Context) -> list[QaProblem]:
    return [problem for check in CHECKS for problem in check(source, translation, ctx)]


@dataclass(frozen=True)
class Finding:
    """A QA problem located in a PO file, for ``check`` and for the publish decision."""

    file: str
    line: int
    lang: str
    unit: str
    problem: QaProblem
    source: str
    translation: str
    overridden: bool  # the entry carries the reviewer's qa-ok flag

    @property
    def blocks(self) -> bool:
        return self.problem.blocking and not self.overridden

    def __str__(self) -> str:
        tag = (
            "blocking"
            if self.blocks
            else ("overridden by qa-ok" if self.problem.blocking else "warning")
        )
        return (
            f"{self.file}:{self.line}: {self.lang}: {self.unit}: {self.problem.message} "
            f"[{tag}]\n  source:      {_excerpt(self.source)}\n"
            f"  translation: {_excerpt(self.translation)}"
        )


def _excerpt(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
