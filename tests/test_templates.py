"""The templates' own labels and fonts: complete for every shipped language, and installed."""

from __future__ import annotations

import re

import pytest

from pipeline.content.paths import TEMPLATES
from pipeline.l10n.template_labels import labels_for
from pipeline.l10n.unit_status import read_po
from pipeline.render.jinja_html import css_label, css_string

SHIPPED = ["en", "es", "az", "ru", "ar", "fr", "de", "pt", "tr"]
ROOT = TEMPLATES.parent


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_label_is_translated_with_its_placeholders(lang: str) -> None:
    labels = labels_for(TEMPLATES, lang)
    assert labels.required >= {
        "For immediate release",
        "Embargoed until %(datetime)s",
        "Media contact",
        "Page %(page)s of %(pages)s",
        "About",
    }
    assert labels.missing == []
    store = read_po(TEMPLATES / "locales" / f"{lang}.po")
    for msgid in labels.required:
        entry = store.get((None, msgid))
        assert entry is not None and not entry.fuzzy, msgid
        assert sorted(re.findall(r"%\(\w+\)s", entry.msgstr)) == sorted(
            re.findall(r"%\(\w+\)s", msgid)
        ), (lang, msgid)


def test_page_label_becomes_css_counters() -> None:
    assert str(css_label("Página %(page)s de %(pages)s")) == (
        '"Página " counter(page) " de " counter(pages)'
    )
    assert str(css_string('a"b</style>')) == '"a\\22 b\\3c \\2f style\\3e "'


def test_the_fonts_the_css_declares_are_the_ones_the_makefile_installs() -> None:
    css = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    declared = set(re.findall(r'"((?:Noto|DejaVu)[^"]*)"', css))
    script = (ROOT / "scripts" / "system-deps.sh").read_text(encoding="utf-8")
    checked = set(re.findall(r'"((?:Noto|DejaVu)[^"]*)"', script.split("FONTS=(")[1].split(")")[0]))
    assert declared <= checked, declared - checked
