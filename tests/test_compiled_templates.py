"""Compiled templates are kept in the private cache; the cache never changes what renders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.content.paths import TEMPLATES
from pipeline.render.jinja_html import templates


def fresh(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(TEMPLATES, folder)
    return folder


def render(folder: Path) -> str:
    templates.cache_clear()  # a new process, as far as Jinja's environment goes
    tmpl = templates(folder)
    names = tmpl.env.get_template("_names.html")
    return tmpl.env.get_template("style.css").render() + str(names.name)


def compiled(cache: Path) -> list[Path]:
    return sorted((cache / "templates").glob("*.cache"))


def test_a_second_run_reads_what_the_first_compiled(tmp_path: Path, private_cache: Path) -> None:
    folder = fresh(tmp_path, "templates")
    first = render(folder)
    stored = compiled(private_cache)
    assert stored, "the compiled templates are kept"
    assert (private_cache / "templates").stat().st_mode & 0o777 == 0o700
    stamps = [path.stat().st_mtime_ns for path in stored]
    assert render(folder) == first
    assert [path.stat().st_mtime_ns for path in stored] == stamps, "read, not compiled again"


def test_an_edited_template_is_compiled_again(tmp_path: Path, private_cache: Path) -> None:
    folder = fresh(tmp_path, "templates")
    render(folder)
    css = folder / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { color: red; }\n", encoding="utf-8")
    assert render(folder).endswith("h1 { color: red; }_names.html")


@pytest.mark.parametrize("damage", [b"", b"garbage", b"j2\x00\x01not marshal"])
def test_a_damaged_cache_file_is_a_miss(tmp_path: Path, private_cache: Path, damage: bytes) -> None:
    folder = fresh(tmp_path, "templates")
    first = render(folder)
    for path in compiled(private_cache):
        path.write_bytes(damage)
    assert render(folder) == first


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = fresh(tmp_path, "templates")
    monkeypatch.setenv("PRESSROOM_CACHE", "off")
    uncached = render(folder)
    monkeypatch.setenv("PRESSROOM_CACHE", str(private_cache))
    private_cache.mkdir()
    (private_cache / "templates").write_text("a file in the way", encoding="utf-8")
    assert render(folder) == uncached
    (private_cache / "templates").unlink()
    (private_cache / "templates").mkdir()
    (private_cache / "templates").chmod(0o777)  # not ours alone: never read from
    assert render(folder) == uncached
    assert not compiled(private_cache)
