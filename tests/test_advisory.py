"""Media advisories: validated When / Where / RSVP, in every language, and an .ics file.

The sample content's commemoration at the Embassy (20 January) is built in English and
reviewed Spanish; a copy in all nine shipped template languages is built as review
copies to read the block's labels and dates in each language.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.dates import format_date
from icalendar import Calendar
from pypdf import PdfReader

from .conftest import Result, run_process

ID = "january-20-commemoration"
FOLDER = f"{ID}/2027-01-13"
SHIPPED = ("en", "es", "az", "ru", "ar", "fr", "de", "pt", "tr")
WHEN = {
    "en": "When",
    "es": "Cuándo",
    "az": "Nə vaxt",
    "ru": "Когда",
    "ar": "متى",
    "fr": "Quand",
    "de": "Wann",
    "pt": "Quando",
    "tr": "Ne zaman",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    import shutil

    from .conftest import SAMPLE

    root = tmp_path_factory.mktemp("advisory")
    content = root / "content"
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".pressroom.lock"))
    output = root / "output"
    result = run_process("build", ID, "--content", content, "--output", output)
    assert result.code == 0, result.err
    return content, output, result


def _calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_block_in_the_pdf_and_html(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    en = pdf_text(output / FOLDER / "en" / f"{ID}-en.pdf")
    for phrase in (
        "WHEN Wednesday, January 20, 2027, 11:00",
        "12:30",
        "(GMT-06:00)",
        "WHERE Embassy of the Republic of Azerbaijan, main hall",
        "RSVP press@example.org · Reply by January 18, 2027",
        "ACCREDITATION Media must register by January 18",
    ):
        assert phrase in en.replace("\u202f", " "), phrase
    es = pdf_text(output / FOLDER / "es" / f"{ID}-es.pdf")
    assert "CUÁNDO miércoles, 20 de enero de 2027, 11:00 – 12:30 (GMT-06:00)" in es
    assert "DÓNDE Embajada de la República de Azerbaiyán, salón principal" in es
    assert "Responder antes del 18 de enero de 2027" in es
    html = (output / FOLDER / "es" / f"{ID}-es.html").read_text(encoding="utf-8")
    assert '<time datetime="2027-01-20T11:00:00-06:00">' in html
    assert f'<a href="{ID}-es.ics">Añadir al calendario</a>' in html


def test_ics_beside_the_pdf(built: tuple[Path, Path, Result]) -> None:
    content, output, _ = built
    es_path = output / FOLDER / "es" / f"{ID}-es.ics"
    event = _calendar(es_path).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2027, 1, 20, 17, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2027, 1, 20, 18, 30, tzinfo=dt.UTC)
    assert str(event["summary"]).startswith("La Embajada rinde homenaje")
    assert "Embajada de la República de Azerbaiyán, salón principal" in str(event["location"])
    assert "Calle Ejemplo 123" in str(event["location"])
    en_event = _calendar(output / FOLDER / "en" / f"{ID}-en.ics").walk("VEVENT")[0]
    assert str(en_event["summary"]).startswith("The Embassy commemorates")
    assert str(en_event["uid"]) != str(event["uid"])
    manifest = (output / "manifest.json").read_text(encoding="utf-8")
    assert f'"{FOLDER}/es/{ID}-es.ics"' in manifest
    es_path.unlink()  # deleted by hand: the next build restores it
    restored = run_process("build", ID, "--content", content, "--output", output)
    assert restored.code == 0 and es_path.is_file(), restored.err
    # Stable: a forced rebuild after an edit keeps the UID (the calendar entry updates).
    release = content / "releases" / ID / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace("T12:30:00", "T13:00:00"), encoding="utf-8"
    )
    again = run_process("build", ID, "--lang", "en", "--content", content, "--output", output)
    assert again.code == 0, again.err
    changed = _calendar(output / FOLDER / "en" / f"{ID}-en.ics").walk("VEVENT")[0]
    assert str(changed["uid"]) == str(en_event["uid"])
    assert changed.decoded("dtend") == dt.datetime(2027, 1, 20, 19, 0, tzinfo=dt.UTC)


ADVISORY_FRONT = """\
language: en
languages: [{langs}]
kind: media-advisory
headline: A commemoration
dateline: Mexico City
date: 2027-01-13
advisory:
  starts: {starts}
  ends: {ends}
  venue: The Embassy
  rsvp: {{email: press@example.org, by: {by}}}
"""


def _advisory(content: Path, **values: str) -> Path:
    folder = content / "releases" / "advisory"
    folder.mkdir(parents=True, exist_ok=True)
    fields = {
        "langs": "en",
        "starts": "2027-01-20T11:00:00-06:00",
        "ends": "2027-01-20T12:30:00-06:00",
        "by": "2027-01-18",
    } | values
    path = folder / "release.md"
    path.write_text(f"---\n{ADVISORY_FRONT.format(**fields)}---\nText.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("values", "line", "message"),
    [
        ({"starts": "2027-01-20T11:00:00"}, 9, "advisory.starts: needs a time zone"),
        ({"starts": "'2027-01-20 11:00'"}, 9, "advisory.starts: needs a time zone"),
        ({"ends": "2027-01-20T10:00:00-06:00"}, 10, "advisory.ends: must be after"),
        ({"by": "2027-01-21"}, 12, "advisory.rsvp: rsvp.by must be on or before"),
    ],
)
def test_bad_advisories_are_located_errors(
    values: dict[str, str], line: int, message: str, multilingual: Path
) -> None:
    path = _advisory(multilingual, **values)
    result = run_process("validate", "--content", multilingual)
    assert result.code == 1
    assert f"{path}:{line}: {message}" in result.err, result.err
    assert "Traceback" not in result.err


def test_advisory_only_on_media_advisories(multilingual: Path) -> None:
    path = _advisory(multilingual)
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: media-advisory", "kind: statement"),
        encoding="utf-8",
    )
    result = run_process("validate", "--content", multilingual)
    assert result.code == 1 and "for media advisories only" in result.err


def test_every_shipped_language_has_the_block(multilingual: Path, output: Path) -> None:
    # Given in Baku's offset: shown in the organisation's (Mexico City, UTC-6).
    _advisory(
        multilingual,
        langs=", ".join(SHIPPED),
        starts="2027-01-20T21:00:00+04:00",
        ends="2027-01-20T22:30:00+04:00",
    )
    result = run_process(
        "build", "advisory", "--review-copies", "--content", multilingual, "--output", output
    )
    assert result.code == 0, result.err
    for lang in SHIPPED:
        kind = "en" if lang == "en" else "review"
        name = f"advisory-{lang}" if lang == "en" else f"advisory-{lang}-review"
        html = (output / "advisory/2027-01-13" / kind / f"{name}.html").read_text(encoding="utf-8")
        block = html.split('<section class="advisory"', 1)[1].split("</section>", 1)[0]
        assert f"<dt>{WHEN[lang]}</dt>" in block, lang
        day = format_date(dt.date(2027, 1, 20), "full", locale=lang)
        assert day in block, (lang, day)
        assert re.search(r"11[:.]00", block), (lang, "11:00 in Mexico City, not 21:00")
