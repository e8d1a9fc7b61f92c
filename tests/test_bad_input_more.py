"""Issue 11, bad input: impossible dates, YAML bombs, control characters, naive datetimes,
YAML hints, all errors at once, links out of content/, and checked command-line values.

Every case runs the real CLI and checks the one-line ``FILE:LINE: field: message`` with
exit 1 (2 for a bad command-line value) and no traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import DAY, MINIMAL_FRONT, Result, run_process, write_release
from .test_bad_input import replace_line

Cli = Callable[..., Result]

IMPOSSIBLE = {
    # name: (front-matter lines replacing "date:", line of the error, message)
    "30 February": ("date: 2023-02-30", 7, "date: '2023-02-30' is not a real date"),
    "month 13": ("date: 2023-13-01", 7, "date: '2023-13-01' is not a real date: there is no month"),
    "hour 25": (
        "date: 2023-01-01\nembargo: 2023-01-01T25:00:00-05:00",
        8,
        "embargo: '2023-01-01T25:00:00-05:00' is not a real time",
    ),
    "offset +99:00": (
        "date: 2023-01-01\nembargo: 2023-01-01T09:00:00+99:00",
        8,
        "embargo: UTC offset +99:00 does not exist",
    ),
    "year 0": ("date: 0000-01-01", 7, "date: '0000-01-01' is not a real date: there is no year 0"),
    "year 9999": ("date: 9999-12-31", 7, "date: '9999-12-31': year 9999 is too far ahead"),
    "anniversary in 9999": (
        "anniversary: {event: 9999-01-20}",
        7,
        "anniversary.event: '9999-01-20': year 9999 is too far ahead",
    ),
    "impossible anniversary": (
        "anniversary:\n  event: 1990-02-30",
        8,
        "anniversary.event: '1990-02-30' is not a real date",
    ),
    "hour 25 anniversary time": (
        'anniversary:\n  event: 1990-01-20\n  time: "25:00"',
        9,
        "anniversary.time: '25:00' is not a time of day",
    ),
}


@pytest.mark.parametrize("name", sorted(IMPOSSIBLE))
@pytest.mark.parametrize("command", ["validate", "build", "due", "status"])
def test_impossible_dates_are_one_line_in_every_command(
    name: str, command: str, content: Path, tmp_path: Path, cli: Cli
) -> None:
    lines, line, message = IMPOSSIBLE[name]
    path = write_release(content, "bad-date", replace_line(MINIMAL_FRONT, "date", lines))
    extra = ["--output", str(tmp_path / "out")] if command == "build" else []
    result = cli(command, "--content", content, *extra)
    assert result.code == 1, result
    assert f"{path}:{line}: {message}" in result.err, result.err
    assert "Traceback" not in result.err
    # One broken release never stops the others: the build may write its index, but nothing
    # of the broken release itself.
    assert not list((tmp_path / "out").glob("bad-date*"))


@pytest.mark.parametrize("command", ["build", "due", "status"])
def test_a_date_near_year_10000_is_a_usage_error(command: str, content: Path, cli: Cli) -> None:
    result = cli(command, "--date", "9999-12-31", "--content", content)
    assert result.code == 2, result
    assert "dates go up to 2999-12-31" in result.err


@pytest.mark.parametrize(
    ("now", "message"),
    [
        ("2026-02-30T09:00:00-05:00", "'2026-02-30' is not a real date: February 2026 has 28"),
        ("2026-01-01T25:00:00-05:00", "is not a real time: hours run 00-23"),
        ("2026-01-01T09:00:00+99:00", "UTC offset +99:00 does not exist"),
        ("9999-12-31T23:00:00+00:00", "year 9999 is too far ahead"),
    ],
)
def test_an_impossible_now_is_a_usage_error(now: str, message: str, content: Path) -> None:
    result = run_process(
        "build", "--now", now, "--content", content, "--output", content.parent / "o"
    )
    assert result.code == 2, result
    assert message in result.err
    assert "Traceback" not in result.err
    assert not (content.parent / "o").exists()


def test_the_last_allowed_date_still_schedules_the_next_anniversary(
    content: Path, cli: Cli
) -> None:
    front = replace_line(MINIMAL_FRONT, "date", "anniversary: {event: 2999-12-31}")
    write_release(content, "far-future", front)
    result = cli("status", "far-future", "--date", "2999-12-31", "--content", content)
    assert result.code == 0, result
    assert "3000-12-31" in result.out
    assert cli("due", "--date", "2999-12-31", "--content", content).code == 0


def test_the_fast_build_path_leaves_a_far_date_to_the_full_cli(content: Path) -> None:
    result = run_process("build", "--date", "9999-12-31", "--content", content)
    assert result.code == 2
    assert "dates go up to 2999-12-31" in result.err
    assert "Traceback" not in result.err


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize("where", ["release", "organization.yaml", "glossary.yaml"])
def test_yaml_aliases_are_refused_before_expansion(where: str, content: Path, cli: Cli) -> None:
    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB
    if where == "release":
        path = write_release(
            content, "bomb", MINIMAL_FRONT + "\n".join("x" + line for line in bomb.splitlines())
        )
        line = 8
    else:
        path = content / where
        path.write_text(bomb, encoding="utf-8")
        line = 1
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert (
        f"{path}:{line}: invalid YAML: anchors and aliases (& and *) are not allowed" in result.err
    )


def test_deep_nesting_is_one_line(content: Path, cli: Cli) -> None:
    path = write_release(content, "deep", MINIMAL_FRONT + "tags: " + "[" * 500 + "]" * 500)
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert f"{path}:8: invalid YAML: values are nested more than 20 levels deep" in result.err
    assert "Traceback" not in result.err


def test_the_fast_path_survives_absurd_nesting_in_organization_yaml(content: Path) -> None:
    org = content / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8") + "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
        encoding="utf-8",
    )
    result = run_process("build", "--content", content, "--output", content.parent / "out")
    assert result.code == 1, result  # libyaml's recursive reader used to kill the process
    assert "organization.yaml:21: invalid YAML: values are nested more than 20" in result.err


def test_tags_hold_text_only(content: Path, cli: Cli, tmp_path: Path) -> None:
    path = write_release(content, "tags", MINIMAL_FRONT + "tags: [Baku, [a], {b: c}, null, 2024]")
    result = cli("validate", "--content", content)
    assert result.code == 1
    for index in (1, 2, 3):
        assert f"{path}:8: tags[{index}]: a tag is a short text" in result.err
    assert "tags[0]" not in result.err and "tags[4]" not in result.err


BELL = "\u0007"


def test_control_characters_are_content_errors(content: Path, cli: Cli) -> None:
    front = replace_line(MINIMAL_FRONT, "headline", f"headline: A {BELL}statement")
    front += f"author: {{name: Ann, role: Press{BELL}}}\n"
    path = write_release(content, "bell", front, f"Fine.\n\nA {BELL} in the body.\n")
    org = content / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("Press Office", f"Press{BELL} Office"),
        encoding="utf-8",
    )
    result = cli("validate", "--content", content)
    assert result.code == 1
    message = "contains an invisible control character U+0007"
    assert f"{path}:5: headline: {message}" in result.err, result.err
    assert f"{path}:8: author: {message}" in result.err
    assert f"{path}:12: body: {message}" in result.err
    assert f"{org}:17: contact.name: {message}" in result.err
    # no build-time font error: the build stops at the content
    build = cli("build", "--content", content, "--output", content.parent / "out")
    assert build.code == 1 and message in build.err


def test_escaped_and_c1_control_characters(content: Path, cli: Cli) -> None:
    front = MINIMAL_FRONT + 'subheadline: "escaped \\a bell"\n'
    path = write_release(content, "bell", front, "Text \u009b here.\n")
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert f"{path}:8: subheadline: contains an invisible control character U+0007" in result.err
    assert f"{path}:10: body: contains an invisible control character U+009B" in result.err


@pytest.mark.parametrize(
    "written",
    ["2026-11-24 08:00", "2026-11-24T08:00", "2026-11-24T08:00:00", "2026-11-24 08:00:00"],
)
def test_a_datetime_without_offset_is_never_read_as_utc(
    written: str, content: Path, cli: Cli
) -> None:
    path = write_release(content, "naive", MINIMAL_FRONT + f"embargo: {written}\n")
    result = cli("validate", "--content", content)
    assert result.code == 1, result
    # The organisation is in America/Mexico_City: UTC-6 in November.
    assert f"{path}:8: embargo: embargo needs a time zone (a UTC offset)" in result.err
    assert "write 2026-11-24T08:00:00-06:00" in result.err


def test_a_date_only_embargo_gets_the_example(content: Path, cli: Cli) -> None:
    path = write_release(content, "naive", MINIMAL_FRONT + "embargo: 2026-11-24\n")
    result = cli("validate", "--content", content)
    assert (
        f"{path}:8: embargo: embargo needs a time and a UTC offset, e.g. 2026-11-24T09:00:00-06:00"
        in result.err
    )


HINTS = {
    "colon in a value": (
        "subheadline: Baku: a statement",
        8,
        "put the text in quotes",
    ),
    "tab": ("\tsubheadline: x", 8, "a tab character: indent with spaces"),
    "indentation": (
        "author:\n  name: Ann\n role: Ambassador",
        10,
        "check the indentation",
    ),
    "comma list": (
        "languages: en, es",
        3,
        "languages: Input should be a valid list: write it in brackets, e.g. [en, es]",
    ),
    "slashed date": (
        "date: 24/11/2026",
        7,
        "date: '24/11/2026' is not a date: write 2026-11-24 (YYYY-MM-DD)",
    ),
    "sp": (
        "languages: [en, sp]",
        3,
        "languages[1]: unknown language code 'sp' (did you mean 'es'?)",
    ),
    "uppercase": ("languages: [en, ES]", 3, "(did you mean 'es'?)"),
}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_yaml_errors_say_what_to_do(name: str, content: Path, cli: Cli) -> None:
    line_text, line, hint = HINTS[name]
    key = line_text.lstrip().split(":")[0]
    front = (
        replace_line(MINIMAL_FRONT, key, line_text)
        if f"\n{key}:" in "\n" + MINIMAL_FRONT
        else MINIMAL_FRONT + line_text + "\n"
    )
    path = write_release(content, "hint", front)
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert f"{path}:{line}:" in result.err and hint in result.err, result.err


BROKEN_PO = 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'


def test_every_error_at_once_with_every_broken_po_file(content: Path, cli: Cli) -> None:
    org = content / "organization.yaml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("logo: assets/logo.svg", "logo: assets/nope.svg")
    text = text.replace("email: press@example.org\nwebsite", "email: nope\nwebsite")
    org.write_text(text, encoding="utf-8")
    release = write_release(content, "broken", MINIMAL_FRONT + "headlin: x\n", "See [a][nope].\n")
    es = content / "translations" / "es.po"
    es_lines = len(es.read_text(encoding="utf-8").splitlines())
    es.write_text(es.read_text(encoding="utf-8") + "\n" + BROKEN_PO, encoding="utf-8")
    az = content / "releases" / "january-20-anniversary" / "translations" / "az.po"
    az_lines = len(az.read_text(encoding="utf-8").splitlines())
    az.write_text(
        az.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgid "y"\nmsgstr "z"\n', encoding="utf-8"
    )
    drafts = content / "releases" / "january-20-anniversary" / "drafts" / "ru.po"
    drafts.write_text(drafts.read_text(encoding="utf-8") + "\nnonsense\n", encoding="utf-8")
    result = cli("validate", "--content", content)
    assert result.code == 1
    expected = [
        f"{org}:7: email: 'nope' is not an email address",
        f"{org}:9: logo: file 'assets/nope.svg' not found in content/",
        f"{release}:8: headlin: unknown field",
        f"{release}:10: body: link reference [nope] is not defined",
        f'{es}:{es_lines + 5}: broken PO file: msgid "a" is there twice',
        f"{az}:{az_lines + 3}: broken PO file:",
        f"{drafts}:",
    ]
    for line in expected:
        assert line in result.err, (line, result.err)
    assert f"{len(expected)} error(s)" in result.err


def test_po_and_release_files_linked_from_outside_are_refused(
    content: Path, tmp_path: Path, cli: Cli
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "fr.po"
    secret.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n', encoding="utf-8")
    linked_po = content / "releases" / "january-20-anniversary" / "translations" / "fr.po"
    linked_po.symlink_to(secret)
    org_po = content / "translations" / "fr.po"
    org_po.symlink_to(secret)
    release_source = outside / "release.md"
    release_source.write_text(f"---\n{MINIMAL_FRONT}---\nText.\n", encoding="utf-8")
    (content / "releases" / "linked").mkdir()
    linked_release = content / "releases" / "linked" / "release.md"
    linked_release.symlink_to(release_source)
    result = cli("validate", "--content", content)
    assert result.code == 1
    for path in (linked_po, org_po, linked_release):
        assert f"{path}:1: is a link to a file outside the content folder" in result.err
    inside = content / "releases" / "january-20-anniversary" / "translations" / "de.po"
    inside.symlink_to(content / "translations" / "es.po")  # a link inside content/ is fine
    linked_po.unlink()
    org_po.unlink()
    linked_release.unlink()
    (content / "releases" / "linked").rmdir()
    assert cli("validate", "--content", content).code == 0


def test_label_translations_print_as_typed_in_the_running_header(
    content: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from pipeline.content.paths import TEMPLATES
    from pipeline.publish.build import BuildOptions, build

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    en = templates / "locales" / "en.po"
    en.write_text(
        en.read_text(encoding="utf-8")
        .replace('msgstr "Statement"', 'msgstr "Editor\'s Statement & Note"')
        .replace(
            'msgstr "Page %(page)s of %(pages)s"',
            'msgstr "Page %(page)s of %(pages)s, O\'Brien & Co"',
        ),
        encoding="utf-8",
    )
    long_body = "".join(
        f"Paragraph {n} of a long statement, long enough to fill pages.\n\n" for n in range(80)
    )
    write_release(content, "quoted", MINIMAL_FRONT, long_body)  # the header starts on page 2
    output = tmp_path / "output"
    build(
        BuildOptions(content=content, output=output, templates=templates, ids=("quoted",), jobs=1)
    )
    pdf = output / "quoted" / "2024-03-01" / "en" / "quoted-en.pdf"
    pages = PdfReader(pdf).pages
    assert len(pages) > 1
    text = pages[1].extract_text()
    assert "EDITOR'S STATEMENT & NOTE" in text.upper(), text  # the header is in capitals
    assert "O'Brien & Co" in text
    assert "&#39;" not in text and "&AMP;" not in text.upper()


def test_reference_links_are_kept_as_links(content: Path, tmp_path: Path, cli: Cli) -> None:
    from pipeline.content.loader import load_site

    body = (
        "Read [the article][peruano] and the [Embassy] page.\n\n"
        "- a list item citing [the article][Peruano]\n\n"
        '[peruano]: https://elperuano.pe/article "El Peruano"\n'
        "[embassy]: https://example.org/embassy\n"
    )
    write_release(content, "refs", MINIMAL_FRONT, body)
    units = [u.msgid for u in load_site(content).releases["refs"].units if u.field == "body"]
    assert units == [
        'Read [the article](https://elperuano.pe/article "El Peruano") and the '
        "[Embassy](https://example.org/embassy) page.",
        'a list item citing [the article](https://elperuano.pe/article "El Peruano")',
    ]
    output = tmp_path / "output"
    assert cli("build", "refs", "--content", content, "--output", output).code == 0
    html = (output / "refs" / "2024-03-01" / "en" / "refs-en.html").read_text(encoding="utf-8")
    assert html.count('href="https://elperuano.pe/article"') == 2
    assert 'href="https://example.org/embassy"' in html
    assert "[peruano]" not in html


def test_a_reference_link_to_a_bad_scheme_is_refused(content: Path, cli: Cli) -> None:
    path = write_release(
        content, "refs", MINIMAL_FRONT, "See [this][x].\n\n[x]: javascript:alert(1)\n"
    )
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert f"{path}:9: body: link 'javascript:alert(1)' is not allowed" in result.err


RELEASE = "january-20-anniversary"


@pytest.mark.parametrize(
    "args",
    [
        ("review", RELEASE, "--lang", "../translations/es", "--reviewer", "Ann", "--all"),
        ("review", RELEASE, "--lang", "sp", "--reviewer", "Ann"),
        ("translate", RELEASE, "--to", "../drafts/ru", "--provider", "pseudo"),
        ("translate", RELEASE, "--to", "xx", "--provider", "pseudo"),
        ("build", "--lang", "es/../es"),
        ("build", "--lang", "EN"),
    ],
)
def test_language_options_take_codes_only(args: tuple[str, ...], content: Path, cli: Cli) -> None:
    po = content / "releases" / RELEASE / "translations" / "es.po"
    before = po.read_bytes()
    extra = ("--output", content.parent / "out") if args[0] == "build" else ()
    result = cli(*args, "--content", content, *extra)
    assert result.code == 2, result
    assert "Invalid value for '--" in result.err
    assert "not a language code" in result.err or "unknown language code" in result.err
    assert po.read_bytes() == before
    assert not (content.parent / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("review", RELEASE, "--lang", "fr", "--reviewer", "Ann"),
        ("build", RELEASE, "--lang", "fr"),
    ],
)
def test_a_language_the_release_lacks_is_an_error_naming_its_languages(
    args: tuple[str, ...], content: Path, cli: Cli
) -> None:
    extra = ("--output", content.parent / "out") if args[0] == "build" else ()
    result = cli(*args, "--content", content, *extra)
    assert result.code == 2, result
    assert not (content.parent / "out").exists()
    assert f"release {RELEASE} has no fr edition (its languages: en, es, az, ru" in result.err


def test_build_lang_that_no_release_has(content: Path, cli: Cli) -> None:
    output = content.parent / "out"
    result = cli("build", "--lang", "fr", "--content", content, "--date", DAY, "--output", output)
    assert result.code == 2
    assert "no release has a fr edition (languages: az, en, es, ru)" in result.err


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PRESSROOM_MT_RETRIES", "lots"),
        ("PRESSROOM_MT_RETRIES", "-1"),
        ("PRESSROOM_MT_TIMEOUT", "0"),
        ("PRESSROOM_MT_BACKOFF", "nan"),
    ],
)
def test_invalid_mt_settings_are_one_line(
    variable: str, value: str, content: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    result = cli("translate", RELEASE, "--to", "ru", "--provider", "pseudo", "--content", content)
    assert result.code == 1
    assert result.err.startswith(f"error: {variable}={value!r} is not valid: it takes ")
    assert len(result.err.strip().splitlines()) == 1
