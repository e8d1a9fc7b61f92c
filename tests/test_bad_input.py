"""Every bad input of DESIGN.md "Bad input": exit 1, FILE:LINE: field: message, no output."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MINIMAL_FRONT, CliRunner, run_process, write_release
from .site_builder import SiteBuilder


def replace_line(front: str, key: str, new: str) -> str:
    lines = [new if line.startswith(f"{key}:") else line for line in front.splitlines()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def content(site: SiteBuilder) -> Path:
    """A valid site with one release, next to which each test puts its bad input."""
    site.release("good", MINIMAL_FRONT, "A valid release.\n")
    return site.root


CASES = {
    # name: (front matter, body, expected line, expected text in the message)
    "typo field": (
        MINIMAL_FRONT + "headlin: Oops\n",
        "x\n",
        8,
        "headlin: unknown field (did you mean 'headline'?)",
    ),
    "broken yaml": (MINIMAL_FRONT + "tags: [a, b\n", "x\n", 9, "invalid YAML"),
    "unquoted placeholder": (
        replace_line(MINIMAL_FRONT, "headline", "headline: {date} statement"),
        "x\n",
        5,
        "headline: a value that starts with {date} must be quoted: quote it",
    ),
    "wrong type": (
        replace_line(MINIMAL_FRONT, "languages", "languages: 7"),
        "x\n",
        3,
        "languages:",
    ),
    "unknown language": (
        replace_line(MINIMAL_FRONT, "languages", "languages: [en, xx]"),
        "x\n",
        3,
        "languages[1]: unknown language code 'xx'",
    ),
    "naive embargo": (
        MINIMAL_FRONT + "embargo: 2024-03-01T09:00:00\n",
        "x\n",
        8,
        "embargo: embargo needs a time zone",
    ),
    "image outside content": (
        MINIMAL_FRONT + "images: [{src: ../../etc/passwd, caption: x}]\n",
        "x\n",
        8,
        "images[0].src: '../../etc/passwd' points outside content/",
    ),
    "absolute image path": (
        MINIMAL_FRONT + "images: [{src: /etc/passwd}]\n",
        "x\n",
        8,
        "images[0].src: '/etc/passwd' must be a relative path inside content/",
    ),
    "missing image": (
        MINIMAL_FRONT + "images: [{src: assets/nope.jpg}]\n",
        "x\n",
        8,
        "images[0].src: file 'assets/nope.jpg' not found",
    ),
    "bad kind": (
        replace_line(MINIMAL_FRONT, "kind", "kind: memo"),
        "x\n",
        4,
        "kind: Input should be",
    ),
    "bad date": (replace_line(MINIMAL_FRONT, "date", "date: tomorrow"), "x\n", 7, "date:"),
    "source not in languages": (
        replace_line(MINIMAL_FRONT, "languages", "languages: [es]"),
        "x\n",
        3,
        "languages: languages must include the source language 'en'",
    ),
    "javascript link": (
        MINIMAL_FRONT,
        "Para.\n\nSee [this](javascript:alert(1)).\n",
        11,
        "body: link 'javascript:alert(1)' is not allowed",
    ),
    "file link": (
        MINIMAL_FRONT,
        "See [x](file:///etc/passwd).\n",
        9,
        "body: link 'file:///etc/passwd' is not allowed",
    ),
    "image in body": (
        MINIMAL_FRONT,
        "![x](file:///etc/passwd)\n",
        9,
        "body: images go in the front matter",
    ),
    "unknown placeholder": (
        MINIMAL_FRONT,
        "In {yeers} years.\n",
        9,
        "body: unknown placeholder {yeers}",
    ),
    "placeholder needs anniversary": (
        MINIMAL_FRONT,
        "For {years} years.\n",
        9,
        "body: {years} needs an anniversary",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_release_is_reported_with_file_line_field(
    name: str, content: Path, output: Path, cli: CliRunner
) -> None:
    front, body, line, text = CASES[name]
    path = write_release(content, "bad-one", front, body)
    result = cli("validate", "--content", content)
    assert result.code == 1, result
    assert f"{path}:{line}: {text}" in result.err, result.err
    assert "Traceback" not in result.err
    build = cli("build", "--content", content, "--output", output)
    assert build.code == 1
    assert f"{path}:{line}: {text}" in build.err, build.err
    assert not (output / "bad-one").exists(), "a broken release is skipped, the others built"


def test_every_error_is_reported_at_once(content: Path, cli: CliRunner) -> None:
    write_release(content, "first", MINIMAL_FRONT + "headlin: x\n")
    write_release(
        content, "second", replace_line(MINIMAL_FRONT, "languages", "languages: [en, zz]")
    )
    (content / "outlets.yaml").write_text(
        "- {name: X, languages: [es], paper: A3}\n", encoding="utf-8"
    )
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert "first/release.md:8: headlin: unknown field" in result.err
    assert "second/release.md:3: languages[1]: unknown language code 'zz'" in result.err
    assert "outlets.yaml:1: outlets[0].paper:" in result.err
    assert "3 error(s)" in result.err


def test_non_utf8_file(content: Path, cli: CliRunner) -> None:
    path = write_release(content, "latin1", MINIMAL_FRONT, "ok\n")
    path.write_bytes(path.read_bytes() + "Se\u00f1or\n".encode("latin-1"))
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert f"{path}:10: not UTF-8 text (byte 0xf1)" in result.err


def test_missing_front_matter(content: Path, cli: CliRunner) -> None:
    folder = content / "releases" / "no-front"
    folder.mkdir()
    (folder / "release.md").write_text("Just text.\n", encoding="utf-8")
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert "no-front/release.md:1: a release starts with YAML front matter" in result.err


def test_missing_release_file(content: Path, cli: CliRunner) -> None:
    (content / "releases" / "empty").mkdir()
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert "empty/release.md:1: file not found" in result.err


def test_bad_release_folder_name(content: Path, cli: CliRunner) -> None:
    write_release(content, "Bad_Name", MINIMAL_FRONT)
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert "release folder 'Bad_Name' must be lowercase" in result.err


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "timezone",
            "Mars/Olympus",
            "organization.yaml:5: timezone: unknown time zone 'Mars/Olympus'",
        ),
        (
            "website",
            "ftp://example.org",
            "organization.yaml:4: website: 'ftp://example.org' is not an http(s) address",
        ),
        (
            "logo",
            "../secret.svg",
            "organization.yaml:8: logo: '../secret.svg' points outside content/",
        ),
    ],
)
def test_bad_organization(
    field: str, value: str, expected: str, content: Path, cli: CliRunner
) -> None:
    SiteBuilder(content).organization(**{field: value})
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert expected in result.err, result.err


def test_missing_organization(content: Path, cli: CliRunner) -> None:
    (content / "organization.yaml").unlink()
    result = cli("validate", "--content", content)
    assert result.code == 1
    assert "organization.yaml:1: file not found" in result.err


def test_real_process_prints_no_traceback(content: Path, tmp_path: Path) -> None:
    write_release(content, "bad-one", MINIMAL_FRONT + "headlin: Oops\n")
    result = run_process("build", "--content", content, "--output", tmp_path / "out")
    assert result.code == 1
    assert "release.md:8: headlin: unknown field" in result.err
    assert "Traceback" not in result.err + result.out
    assert not (tmp_path / "out" / "bad-one").exists()


def test_usage_errors_exit_2(content: Path, cli: CliRunner) -> None:
    assert cli("build", "--date", "yesterday", "--content", content).code == 2
    assert cli("build", "no-such-release", "--content", content).code == 2
    assert cli("validate", "--content", content).code == 0, "the site itself is valid"
    assert cli("frobnicate").code == 2
