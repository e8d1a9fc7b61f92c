"""Compiled templates are kept in the private cache; the cache never changes what renders."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
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
    return sorted(cache.glob("templates-*/*.cache"))


def test_a_second_run_reads_what_the_first_compiled(tmp_path: Path, private_cache: Path) -> None:
    folder = fresh(tmp_path, "templates")
    first = render(folder)
    stored = compiled(private_cache)
    assert stored, "the compiled templates are kept"
    assert stored[0].parent.stat().st_mode & 0o777 == 0o700
    stamps = [path.stat().st_mtime_ns for path in stored]
    assert render(folder) == first
    assert [path.stat().st_mtime_ns for path in stored] == stamps, "read, not compiled again"


def test_an_edited_template_is_compiled_again(tmp_path: Path, private_cache: Path) -> None:
    folder = fresh(tmp_path, "templates")
    render(folder)
    css = folder / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { color: red; }\n", encoding="utf-8")
    assert render(folder).endswith("h1 { color: red; }_names.html")


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"j2\x00\x01not marshal", jinja2.bccache.bc_magic + b"\x80\x04trunc"],
)
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
    render(folder)
    (sub,) = private_cache.glob("templates-*")
    shutil.rmtree(sub)
    sub.write_text("a file in the way", encoding="utf-8")
    assert render(folder) == uncached
    sub.unlink()
    sub.mkdir()
    sub.chmod(0o777)  # not ours alone: never read from, never written
    assert render(folder) == uncached
    assert not compiled(private_cache)


def test_a_new_program_never_meets_code_compiled_by_the_old_one(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = fresh(tmp_path, "templates")
    render(folder)
    monkeypatch.setattr(jinja2, "__version__", "0.0-another")
    render(folder)
    assert len(list(private_cache.glob("templates-*"))) == 2, "each program its own folder"
