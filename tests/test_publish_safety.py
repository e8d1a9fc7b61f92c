"""What a build leaves in output/: readable by a web server, relative, all or nothing.

Withdrawn editions leave output/; files follow the umask; the manifest names no server
path; a full disk, a read-only folder, a folder in the way or a file as --output is one
line and exit 1, and the previous complete output stays as it was.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Result

DAY = "2026-05-01"
EDITION = "national-day/2026-05-28"
NOBODY = 65534


def snapshot(output: Path) -> dict[str, bytes]:
    files = (p for p in output.rglob("*") if p.is_file())
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in files}


def build(cli: Any, content: Path, output: Path, *more: str) -> Result:
    result: Result = cli("build", "--date", DAY, "--content", content, "--output", output, *more)
    return result


def one_line_error(result: Result, *words: str) -> None:
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    for word in words:
        assert word in lines[0], lines[0]


# -- withdrawn ---------------------------------------------------------------------------


def test_an_edition_no_longer_publishable_is_withdrawn(
    multilingual: Path, output: Path, cli: Any
) -> None:
    assert build(cli, multilingual, output).code == 0
    es = output / EDITION / "es"
    assert (es / "national-day-es.pdf").is_file()
    # the source of one paragraph changes: its translations are outdated
    release = multilingual / "releases" / "national-day" / "release.md"
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("40 photographs", "45 photographs"), encoding="utf-8")
    result = build(cli, multilingual, output)
    assert result.code == 0, result.err
    assert "withdrawn national-day 2026-05-28 es edition: no longer publishable" in result.err
    assert not es.exists()
    assert (output / EDITION / "en" / "national-day-en.pdf").is_file()
    index = (output / "index.html").read_text(encoding="utf-8")
    assert "national-day-es.pdf" not in index and "national-day-en.pdf" in index
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert f"{EDITION}/es/national-day-es.pdf" not in manifest["files"]
    gone = manifest["withdrawn"][f"{EDITION}/es/national-day-es.pdf"]
    assert gone["language"] == "es" and gone["kind"] == "edition"
    assert "outdated" in gone["reason"]
    # a second run says nothing more, and re-approving publishes it again
    again = build(cli, multilingual, output)
    assert "withdrawn" not in again.err
    release.write_text(text, encoding="utf-8")
    back = build(cli, multilingual, output)
    assert back.code == 0 and (es / "national-day-es.pdf").is_file()
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert f"{EDITION}/es/national-day-es.pdf" not in manifest["withdrawn"]


def test_a_review_copy_that_no_longer_applies_is_removed(
    multilingual: Path, output: Path, cli: Any
) -> None:
    assert build(cli, multilingual, output, "--review-copies").code == 0
    review = output / EDITION / "review" / "national-day-ru-review.pdf"
    assert review.is_file()
    release = multilingual / "releases" / "national-day" / "release.md"
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("ar, ru, de]", "ar, de]"), encoding="utf-8")
    result = build(cli, multilingual, output, "--review-copies")
    assert result.code == 0, result.err
    assert "withdrawn national-day 2026-05-28 ru review copy" in result.err
    assert not review.exists()
    assert (output / EDITION / "review" / "national-day-de-review.pdf").is_file()
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["withdrawn"][f"{EDITION}/review/national-day-ru-review.pdf"]["kind"] == "review"


# -- permissions and temporaries -----------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[Any]:
    previous = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_output_files_follow_the_umask(
    multilingual: Path, output: Path, cli: Any, umask: Any, mask: int, mode: int
) -> None:
    umask(mask)
    assert build(cli, multilingual, output).code == 0
    files = [p for p in output.rglob("*") if p.is_file()]
    assert {"index.html", "manifest.json", "national-day-en.pdf"} <= {p.name for p in files}
    for path in files:
        assert path.stat().st_mode & 0o777 == mode, path


def test_rewritten_po_files_keep_their_mode(multilingual: Path, cli: Any, umask: Any) -> None:
    drafts = multilingual / "releases" / "national-day" / "drafts" / "de.po"
    drafts.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n', encoding="utf-8")
    drafts.chmod(0o640)
    result: Result = cli(
        "translate", "national-day", "--to", "de", "--provider", "pseudo", "--content", multilingual
    )
    assert result.code == 0, result.err
    assert "msgstr" in drafts.read_text(encoding="utf-8")
    assert drafts.stat().st_mode & 0o777 == 0o640


def test_only_pressroom_temporaries_are_cleaned_up(
    multilingual: Path, output: Path, cli: Any
) -> None:
    assert build(cli, multilingual, output).code == 0
    notes = [multilingual / ".my-notes.tmp", output / ".my-notes.tmp"]
    for path in notes:
        path.write_text("mine", encoding="utf-8")
    stale = output / EDITION / "en" / ".national-day-en.pdf.pressroom-x1y2.tmp"
    stale.write_bytes(b"%PDF half")
    assert build(cli, multilingual, output, "--force").code == 0
    result: Result = cli(
        "translate", "national-day", "--to", "de", "--provider", "pseudo", "--content", multilingual
    )
    assert result.code == 0, result.err
    assert all(path.read_text(encoding="utf-8") == "mine" for path in notes)
    assert not stale.exists()
    assert not list(output.rglob("*.pressroom-*.tmp"))


def test_the_manifest_holds_only_relative_paths(multilingual: Path, output: Path, cli: Any) -> None:
    assert build(cli, multilingual, output, "--review-copies").code == 0
    text = (output / "manifest.json").read_text(encoding="utf-8")
    roots = {str(output.parent), str(Path(__file__).resolve().parent.parent)}
    assert not any(root in text for root in roots)

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for found in strings(json.loads(text)):
        assert not found.startswith("/") and "/tmp/" not in found, found


# -- failures: one line, exit 1, previous output intact --------------------------------------


def test_a_full_disk_leaves_the_previous_output(
    multilingual: Path, output: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(cli, multilingual, output).code == 0
    before = snapshot(output)
    real_write = os.write

    def full_disk(fd: int, data: Any) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.startswith(str(output)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    result = build(cli, multilingual, output, "--force")
    one_line_error(result, "cannot write", str(output), "No space left on device")
    monkeypatch.undo()
    assert snapshot(output) == before


def test_a_folder_in_the_way_of_a_file(multilingual: Path, output: Path, cli: Any) -> None:
    (output / EDITION / "es" / "national-day-es.pdf").mkdir(parents=True)
    result = build(cli, multilingual, output)
    one_line_error(result, "national-day-es.pdf")
    assert not (output / "index.html").exists()
    assert not (output / "manifest.json").exists()
    assert not list(output.rglob("*.pdf.pressroom-*"))


def test_a_file_in_the_way_of_a_folder(multilingual: Path, output: Path, cli: Any) -> None:
    output.mkdir()
    (output / "national-day").write_text("a stray file", encoding="utf-8")
    result = build(cli, multilingual, output)
    one_line_error(result, "national-day", "a file is in the way of a folder")
    assert not (output / "index.html").exists()


def test_output_that_is_a_file(multilingual: Path, tmp_path: Path, cli: Any) -> None:
    target = tmp_path / "output.txt"
    target.write_text("not a folder", encoding="utf-8")
    one_line_error(build(cli, multilingual, target), "--output", "not a folder")
    assert target.read_text(encoding="utf-8") == "not a folder"


def run_unprivileged(*args: str | Path) -> Result:
    """The real CLI without the power to write where permissions say no (root drops it)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root ignores read-only permissions, and setpriv is not installed")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


@pytest.fixture
def writable_again(tmp_path: Path) -> Iterator[None]:
    yield
    for path in tmp_path.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)


def test_a_read_only_content_folder_builds(
    multilingual: Path, output: Path, writable_again: None
) -> None:
    content = multilingual
    read_only(content)
    before = snapshot(content)
    result = run_unprivileged("build", "--date", DAY, "--content", content, "--output", output)
    assert result.code == 0, result.err
    assert (output / EDITION / "en" / "national-day-en.pdf").is_file()
    assert snapshot(content) == before  # nothing written there, not even a lock


def test_a_read_only_output_folder(
    multilingual: Path, output: Path, cli: Any, writable_again: None
) -> None:
    content = multilingual
    assert build(cli, content, output).code == 0
    before = snapshot(output)
    read_only(output)
    result = run_unprivileged(
        "build", "--force", "--date", DAY, "--content", content, "--output", output
    )
    one_line_error(result, "cannot write", "Permission denied")
    assert snapshot(output) == before
