"""The templates' own words (For immediate release, Page N of M, About) in each language.

They come from ``templates/locales/LANG.po``. A language is publishable only when every
label the templates ask for is translated, so the set of labels is extracted from the
templates themselves, as ``pybabel extract`` would, not kept in a second list.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup

from pipeline.content import parse_cache
from pipeline.content.paths import TEMPLATE_SOURCE_LANGUAGE, template_labels_po
from pipeline.l10n.unit_status import PoStore, read_po

# Templates staff read, not outlets or the public: their labels fall back to English and
# never hold a language edition back.
STAFF_TEMPLATES = frozenset({"index.html"})


class Labels:
    """The templates' own words in one language, from templates/locales/LANG.po."""

    def __init__(self, lang: str, store: PoStore, required: frozenset[str]) -> None:
        self.lang = lang
        self.store = store
        self.required = required

    def translation(self, msgid: str) -> str | None:
        entry = self.store.get((None, msgid))
        if entry and entry.msgstr and not entry.fuzzy:
            return entry.msgstr
        return msgid if self.lang == TEMPLATE_SOURCE_LANGUAGE else None

    def gettext(self, msgid: str, **variables: Any) -> Markup:
        """Jinja's new-style gettext: the label is text, the variables are escaped into it."""
        text = Markup.escape(self.translation(msgid) or msgid)
        return text % variables if variables else text

    @property
    def missing(self) -> list[str]:
        return list(self._missing)

    @cached_property  # asked for every edition of a site; the store never changes
    def _missing(self) -> tuple[str, ...]:
        return tuple(sorted(m for m in self.required if self.translation(m) is None))


def labels_for(templates: Path, lang: str) -> Labels:
    """The labels of one language, parsed once per version of the PO file and templates."""
    path = template_labels_po(templates, lang)
    version = path.stat().st_mtime_ns if path.exists() else 0
    return _labels(path, lang, required_labels(templates), version)


def _template_files(folder: Path) -> list[Path]:
    """The templates that may hold labels: pages, and stylesheets (the running heads)."""
    return sorted([*folder.glob("*.html"), *folder.glob("*.css")])


def required_labels(templates: Path) -> frozenset[str]:
    """Every label msgid the templates ask for."""
    versions = tuple(p.stat().st_mtime_ns for p in _template_files(templates))
    return _required(templates, versions)


@lru_cache(maxsize=16)
def _required(folder: Path, versions: tuple[int, ...]) -> frozenset[str]:
    sources = [
        (path.name, path.read_bytes())
        for path in _template_files(folder)
        if path.name not in STAFF_TEMPLATES
    ]
    # Extracting takes Jinja and most of a tenth of a second: the parse cache keeps the
    # result under the templates' exact bytes (and Jinja's version, with the code's).
    data = b"".join(f"{name}\0{len(source)}\0".encode() + source for name, source in sources)
    name = parse_cache.key("template-labels", data)
    cached = parse_cache.get(name, frozenset)
    if cached is not None:
        return cast(frozenset[str], cached)
    import jinja2

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    found: set[str] = set()
    for _name, source in sources:
        text = source.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
        for _line, _func, message in env.extract_translations(text):  # type: ignore[attr-defined]
            found.update(m for m in ([message] if isinstance(message, str) else message) if m)
    parse_cache.put(name, frozenset(found))
    return frozenset(found)


@lru_cache(maxsize=128)
def _labels(path: Path, lang: str, required: frozenset[str], version: int) -> Labels:
    return Labels(lang, read_po(path), required)
