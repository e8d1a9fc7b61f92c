"""The language's own typography in every output, while PO msgids keep what was typed.

A release typed with straight quotes, apostrophes, ``--`` and ``...`` is translated (also
with straight marks, as translators type) into es, fr, de, ru, ar, az, tr and pt; the
PDFs read back are compared with golden texts (refresh with PRESSROOM_UPDATE_GOLDEN=1,
then read the diff), and the HTML is checked for French superscript ordinals.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader

from pipeline.render.typography import NNBSP, typeset, typeset_plain

from .conftest import Result, run_process

GOLDEN = Path(__file__).parent / "golden"
LANGS = ("en", "es", "fr", "de", "ru", "ar", "az", "tr", "pt")
FOLDER = "quotes/2026-03-01"

ORG = """\
name: Embassy of Azerbaijan
short_name: Embassy
timezone: America/Mexico_City
about: The Embassy's press office.
contact: {name: Press Office, role: Press Section, email: press@example.org}
"""

RELEASE = """\
---
language: en
languages: [en, es, fr, de, ru, ar, az, tr, pt]
kind: statement
headline: "\\"On the State of the Nation\\": the ambassador's article"
dateline: Mexico City
date: 2026-03-01
---
The ambassador said: "We remember 'January 20' -- always."

Questions? Write to us... today!

The 37th meeting -- and the 1st of its kind.
"""

# Translations as a translator types them: straight quotes and apostrophes.
UNITS: dict[str, dict[tuple[str | None, str], str]] = {
    "es": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            '"Sobre el estado de la nación": el artículo del embajador'
        ),
        ("dateline", "Mexico City"): "Ciudad de México",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "El embajador dijo: \"Recordamos el '20 de enero' -- siempre.\""
        ),
        (None, "Questions? Write to us... today!"): "¿Preguntas? Escríbanos... ¡hoy!",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "La 37.ª reunión -- y la 1.ª de su tipo."
        ),
    },
    "fr": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            "\"Sur l'état de la nation\" : l'article de l'ambassadeur"
        ),
        ("dateline", "Mexico City"): "Mexico",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "L'ambassadeur a déclaré: \"Nous nous souvenons du '20 janvier' -- toujours.\""
        ),
        (None, "Questions? Write to us... today!"): "Des questions? Écrivez-nous... aujourd'hui !",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "La 37e réunion -- et la 1re du genre."
        ),
    },
    "de": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            '"Zur Lage der Nation": der Artikel des Botschafters'
        ),
        ("dateline", "Mexico City"): "Mexiko-Stadt",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "Der Botschafter sagte: \"Wir erinnern uns an den '20. Januar' -- immer.\""
        ),
        (None, "Questions? Write to us... today!"): "Fragen? Schreiben Sie uns... heute!",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "Das 37. Treffen -- und das 1. seiner Art."
        ),
    },
    "ru": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            '"О положении нации": статья посла'
        ),
        ("dateline", "Mexico City"): "Мехико",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "Посол сказал: \"Мы помним '20 января' -- всегда.\""
        ),
        (None, "Questions? Write to us... today!"): "Вопросы? Пишите нам... сегодня!",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "37-я встреча -- и 1-я в своём роде."
        ),
    },
    "ar": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            '"عن حال الأمة": مقال السفير'
        ),
        ("dateline", "Mexico City"): "مكسيكو سيتي",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "قال السفير: \"نتذكر '20 يناير' -- دائماً.\""
        ),
        (None, "Questions? Write to us... today!"): "أسئلة؟ اكتبوا إلينا... اليوم!",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "الاجتماع رقم 37 -- والأول (رقم 1) من نوعه."
        ),
    },
    "az": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            '"Millətin vəziyyəti haqqında": səfirin məqaləsi'
        ),
        ("dateline", "Mexico City"): "Mexiko",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "Səfir dedi: \"Biz '20 Yanvar' faciəsini -- həmişə xatırlayırıq.\""
        ),
        (None, "Questions? Write to us... today!"): "Suallar? Bizə yazın... bu gün!",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "37-ci görüş -- və öz növündə 1-ci."
        ),
    },
    "tr": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            '"Ulusun Durumu Üzerine": büyükelçinin makalesi'
        ),
        ("dateline", "Mexico City"): "Meksiko",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "Büyükelçi dedi ki: \"'20 Ocak' trajedisini -- her zaman hatırlıyoruz.\""
        ),
        (None, "Questions? Write to us... today!"): "Sorular? Bize yazın... bugün!",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "37. toplantı -- ve türünün 1. örneği."
        ),
    },
    "pt": {
        ("headline", '"On the State of the Nation": the ambassador\'s article'): (
            '"Sobre o estado da nação": o artigo do embaixador'
        ),
        ("dateline", "Mexico City"): "Cidade do México",
        (None, "The ambassador said: \"We remember 'January 20' -- always.\""): (
            "O embaixador disse: \"Lembramos o '20 de janeiro' -- sempre.\""
        ),
        (None, "Questions? Write to us... today!"): "Perguntas? Escreva-nos... hoje!",
        (None, "The 37th meeting -- and the 1st of its kind."): (
            "A 37ª reunião -- e a 1ª do gênero."
        ),
    },
}

ORG_UNITS: dict[str, tuple[str, str, str, str]] = {
    "es": ("Embajada de Azerbaiyán", "Embajada", "La oficina de prensa de la Embajada.", "Prensa"),
    "fr": (
        "Ambassade d'Azerbaïdjan",
        "Ambassade",
        "Le service de presse de l'Ambassade.",
        "Presse",
    ),
    "de": ("Botschaft Aserbaidschans", "Botschaft", "Das Pressebüro der Botschaft.", "Presse"),
    "ru": ("Посольство Азербайджана", "Посольство", "Пресс-служба посольства.", "Пресса"),
    "ar": ("سفارة أذربيجان", "السفارة", "المكتب الصحفي للسفارة.", "الصحافة"),
    "az": ("Azərbaycan Səfirliyi", "Səfirlik", "Səfirliyin mətbuat xidməti.", "Mətbuat"),
    "tr": ("Azerbaycan Büyükelçiliği", "Büyükelçilik", "Büyükelçiliğin basın ofisi.", "Basın"),
    "pt": (
        "Embaixada do Azerbaijão",
        "Embaixada",
        "A assessoria de imprensa da Embaixada.",
        "Imprensa",
    ),
}


def _po(lang: str, entries: dict[tuple[str | None, str], str], path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8"}
    for (context, msgid), msgstr in entries.items():
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def make_site(root: Path) -> Path:
    content = root / "content"
    (content / "releases" / "quotes").mkdir(parents=True)
    (content / "organization.yaml").write_text(ORG, encoding="utf-8")
    (content / "releases" / "quotes" / "release.md").write_text(RELEASE, encoding="utf-8")
    org_msgids: tuple[tuple[str | None, str], ...] = (
        ("name", "Embassy of Azerbaijan"),
        ("short_name", "Embassy"),
        ("about", "The Embassy's press office."),
        ("contact.role", "Press Section"),
    )
    for lang, units in UNITS.items():
        _po(lang, units, content / "releases" / "quotes" / "translations" / f"{lang}.po")
        org = dict(zip(org_msgids, ORG_UNITS[lang], strict=True))
        _po(lang, org, content / "translations" / f"{lang}.po")
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    root = tmp_path_factory.mktemp("typography")
    content = make_site(root)
    output = root / "output"
    result = run_process("build", "--date", "2026-02-27", "--content", content, "--output", output)
    assert result.code == 0, result.err
    return content, output, result


def pdf_lines(path: Path) -> list[str]:
    lines = []
    for page in PdfReader(path).pages:
        lines += [" ".join(line.split(" ")).strip() for line in page.extract_text().splitlines()]
    return [line for line in lines if line]


@pytest.mark.parametrize("lang", LANGS)
def test_golden_typography(lang: str, site: tuple[Path, Path, Result]) -> None:
    _, output, _ = site
    lines = pdf_lines(output / FOLDER / lang / f"quotes-{lang}.pdf")
    golden = GOLDEN / f"typography-{lang}.txt"
    if os.environ.get("PRESSROOM_UPDATE_GOLDEN"):
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("lang", "marks"),
    [
        (
            "en",
            [
                "“On the State of the Nation”",
                "ambassador’s",
                "“We remember ‘January 20’ – always.”",
            ],
        ),
        ("es", ["«Sobre el estado de la nación»", "«Recordamos el “20 de enero” – siempre.»"]),
        (
            "fr",
            [
                f"«{NNBSP}Sur l’état de la nation{NNBSP}»{NNBSP}:",
                f"déclaré{NNBSP}:",
                f"questions{NNBSP}?",
                f"Courriel{NNBSP}:",
            ],
        ),
        ("de", ["„Zur Lage der Nation“", "„Wir erinnern uns an den ‚20. Januar‘ – immer.“"]),
        ("ru", ["«О положении нации»", "«Мы помним „20 января“ – всегда.»"]),
        ("ar", ["«عن حال الأمة»", "اليوم!"]),
        ("az", ["«Millətin vəziyyəti haqqında»", "«Biz “20 Yanvar” faciəsini – həmişə"]),
        ("tr", ["“Ulusun Durumu Üzerine”", "“‘20 Ocak’ trajedisini – her zaman"]),
        ("pt", ["“Sobre o estado da nação”", "“Lembramos o ‘20 de janeiro’ – sempre.”"]),
    ],
)
def test_each_language_gets_its_own_marks(
    lang: str, marks: list[str], site: tuple[Path, Path, Result]
) -> None:
    _, output, _ = site
    pdf = output / FOLDER / lang / f"quotes-{lang}.pdf"
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    title = str(PdfReader(pdf).metadata.title)  # type: ignore[union-attr]
    text = " ".join(pdf_lines(pdf))
    for mark in marks:
        assert mark in html, (lang, mark)
    assert marks[0] in title, "the PDF title is typeset too"
    assert '"' not in text and "'" not in text and "..." not in text, text
    assert "…" in text


def test_french_ordinals_are_superscript_in_html_and_pdf(site: tuple[Path, Path, Result]) -> None:
    _, output, _ = site
    pdf = output / FOLDER / "fr" / "quotes-fr.pdf"
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert "La 37<sup>e</sup> réunion" in html and "la 1<sup>re</sup> du genre" in html
    # In the PDF the ending is set smaller and raised: drawn with a smaller font size.
    sizes: dict[str, float] = {}

    def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes[text.strip()] = size * abs(tm[3])

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    assert sizes.get("e", 99) < sizes.get("La 37", 0), sizes


def test_po_msgids_keep_the_text_as_typed(site: tuple[Path, Path, Result]) -> None:
    content, _, _ = site
    result = run_process("status", "quotes", "--content", content)
    assert result.code == 0, result.err
    assert result.out.count("yes") == len(LANGS), "every translation still approved"
    po = polib.pofile(str(content / "releases" / "quotes" / "translations" / "fr.po"))
    assert any(e.msgid.startswith('"On the State') for e in po)


def test_index_headline_is_typeset(site: tuple[Path, Path, Result]) -> None:
    _, output, _ = site
    index = (output / "index.html").read_text(encoding="utf-8")
    assert "“On the State of the Nation”: the ambassador’s article" in index


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", '"Don\'t" -- he said...', "“Don’t” – he said…"),
        ("en", "In the '90s, 'twas", "In the ’90s, ’twas"),
        (
            "fr",
            'Il a dit : "oui"! Le 1er mai, **la** 37e fois ?',
            f"Il a dit{NNBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}! Le 1er mai, la 37e fois{NNBSP}?",
        ),
        ("fr", "Voir https://example.org à 10:30.", "Voir https://example.org à 10:30."),
        ("pt-PT", '"Olá"', "«Olá»"),
        ("pt-BR", '"Olá"', "“Olá”"),
        ("pt-AO", '"Olá"', "«Olá»"),
        ("de", "\"a 'b' c\"", "„a ‚b‘ c“"),
    ],
)
def test_plain_text_typography(lang: str, text: str, expected: str) -> None:
    assert typeset_plain(text, lang) == expected


def test_french_html_keeps_links_and_escapes() -> None:
    html = str(typeset('Voir [le "site"](https://example.org/a?b=1) : <b>1er</b>', "fr"))
    assert '<a href="https://example.org/a?b=1">le «\u202fsite\u202f»</a>\u202f:' in html
    assert "&lt;b&gt;1<sup>er</sup>&lt;/b&gt;" in html
