"""Print PDFs come from stylesheets parsed once per worker and HTML parsed once per edition,
and are the very bytes WeasyPrint gives for the standalone page with its styles inline.

Also: the workers stage their files and hand back only names and hashes, and WeasyPrint
loads its libraries from one ``ldconfig`` listing with the answers ``find_library`` gives.
"""

from __future__ import annotations

import ctypes.util
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from pipeline.content.loader import load_site
from pipeline.content.paths import TEMPLATES
from pipeline.errors import BuildError
from pipeline.files import STAGING_PREFIX, TEMP_MARK, remove_stale_temporaries, staging_area
from pipeline.l10n.template_labels import required_labels
from pipeline.publish import output_files
from pipeline.publish.build import BuildOptions, BuildReport, build, plan_jobs
from pipeline.publish.edition_render import EditionRender, by_edition
from pipeline.publish.jobs import print_copy, render_html
from pipeline.render import weasyprint_import
from pipeline.render.images import IMAGE_CACHE, ImageCache
from pipeline.render.jinja_html import templates
from pipeline.render.weasyprint_pdf import render_pdf

from .conftest import DAY

LETTER_OUTLET = "- {name: Gazette, languages: [es, ar], paper: Letter, email: desk@gazette.test}\n"


def options(content: Path, output: Path) -> BuildOptions:
    return BuildOptions(
        content=content,
        output=output,
        on=dt.date.fromisoformat(DAY),
        review_copies=True,
        jobs=2,
    )


def with_letter_outlet(content: Path) -> Path:
    outlets = content / "outlets.yaml"
    outlets.write_text(outlets.read_text(encoding="utf-8") + LETTER_OUTLET, encoding="utf-8")
    return content


def test_each_pdf_is_the_standalone_page_rendered_by_weasyprint(
    multilingual: Path, tmp_path: Path
) -> None:
    content, output = with_letter_outlet(multilingual), tmp_path / "output"
    opts = options(content, output)
    build(opts)
    site, tmpl = load_site(content), templates()
    jobs = plan_jobs(site, tmpl, opts, BuildReport())
    kinds = {(job.kind, job.paper, job.le.lang) for job in jobs}
    assert ("edition", "letter", "ar") in kinds, "a right-to-left copy on an outlet's paper"
    assert any(kind == "review" for kind, _, _ in kinds), "a review copy with its mark"
    images = ImageCache(output / IMAGE_CACHE)
    for job in jobs:
        page = render_html(job, tmpl, web=False, images=images)
        assert "<style>" in page and "@page" in page, "the standalone page has its styles"
        html, sheets = print_copy(job, tmpl, images)
        assert "<style>" not in html and "@page" in sheets[1]
        alone = render_pdf(page, site.root, [site.root, tmpl.folder], label=job.label)
        assert (output / f"{job.stem}.pdf").read_bytes() == alone, job.stem


def test_copies_on_two_papers_are_one_edition_for_a_worker(
    multilingual: Path, tmp_path: Path
) -> None:
    content = with_letter_outlet(multilingual)
    site, tmpl = load_site(content), templates()
    jobs = plan_jobs(site, tmpl, options(content, tmp_path / "output"), BuildReport())
    editions = by_edition(jobs)
    assert sum(len(group) for group in editions) == len(jobs)
    pairs = [group for group in editions if len(group) > 1]
    assert {group[0].le.lang for group in pairs} == {"es", "ar"}
    for main, letter in pairs:
        assert (main.paper, letter.paper) == (None, "letter")
        assert print_copy(main, tmpl, None)[0] == print_copy(letter, tmpl, None)[0]


def test_a_worker_stages_its_files_and_hands_back_names_not_bytes(
    multilingual: Path, tmp_path: Path
) -> None:
    content, output = with_letter_outlet(multilingual), tmp_path / "output"
    site, tmpl = load_site(content), templates()
    jobs = plan_jobs(site, tmpl, options(content, output), BuildReport())
    staging = tmp_path / "output" / f"{STAGING_PREFIX}test.tmp"
    images = ImageCache(output / IMAGE_CACHE)
    work = EditionRender(site, tmpl, staging, images, by_edition(jobs))
    index = next(i for i, group in enumerate(work.editions) if len(group) == 2)
    assert work.tasks()[index].target == f"{work.editions[index][0].stem}.pdf"
    outputs = work.render(index)  # as a worker runs it, here in process
    names = [item.relpath for item in outputs]
    stem, letter = work.editions[index][0].stem, work.editions[index][1].stem
    assert names[:3] == [f"{stem}.pdf", f"{stem}.html", f"{letter}.pdf"]
    for item in outputs:
        temporary = Path(item.staged.temporary)
        assert TEMP_MARK in temporary.name and temporary.parent == (staging / item.relpath).parent
        assert not (output / item.relpath).exists(), "nothing in place before the run commits"
        assert not hasattr(item, "data")
    manifest = output_files.load_manifest(output)
    assert output_files.publish(output, outputs, manifest, []) == names
    pdf = output / f"{stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert manifest["files"][f"{stem}.pdf"]["size"] == pdf.stat().st_size
    assert not list(staging.rglob("*.tmp")), "every staged file renamed into place"


def test_the_running_heads_of_the_page_stylesheet_are_labels_to_translate() -> None:
    assert "Page %(page)s of %(pages)s" in required_labels(templates().folder)


def test_a_failed_edition_leaves_nothing_staged_and_no_output_folder(
    multilingual: Path, tmp_path: Path
) -> None:
    output = tmp_path / "output"
    release = next((multilingual / "releases").glob("*/release.md"))
    text = release.read_text(encoding="utf-8")
    # A character no font has: the English edition fails in a worker, the others render.
    release.write_text(text.replace("valuable heritage.", "valuable heritage \ue000."))
    with pytest.raises(BuildError, match=r"language en: no installed font has the character"):
        build(options(multilingual, output))
    assert not output.exists(), "the run made output/ and leaves nothing of it"
    output.mkdir()
    (output / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError):
        build(options(multilingual, output))
    assert [p.name for p in output.iterdir()] == ["notes.txt"], "no staged file, no folder"


def test_a_killed_runs_staging_area_is_cleared_by_the_next_run(tmp_path: Path) -> None:
    output = tmp_path / "output"
    with pytest.raises(KeyboardInterrupt), staging_area(output) as staging:
        (staging / "a" / "b.pdf").parent.mkdir(parents=True)
        (staging / "a" / "b.pdf").write_bytes(b"%PDF")
        raise KeyboardInterrupt
    assert not output.exists()
    output.mkdir()
    left = output / f"{STAGING_PREFIX}x1y2.tmp"
    (left / "r").mkdir(parents=True)
    (left / "r" / "x.pdf").write_bytes(b"half")
    (output / ".notes.tmp").write_text("a user's file", encoding="utf-8")
    assert remove_stale_temporaries(output) == 1
    assert [p.name for p in output.iterdir()] == [".notes.tmp"]


@pytest.mark.skipif(not os.path.exists("/sbin/ldconfig"), reason="reads the ldconfig listing")
def test_weasyprint_libraries_are_found_as_find_library_finds_them() -> None:
    for name in ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0", "c"):
        assert weasyprint_import.listed_library(name) == ctypes.util.find_library(name), name
    assert weasyprint_import.listed_library("libgobject-2.0-0") is None  # a Windows name


def test_a_library_path_of_ones_own_gets_the_full_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def slow(name: str) -> str | None:
        asked.append(name)
        return "libfound.so.1"

    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    monkeypatch.delenv("LIBRARY_PATH", raising=False)
    assert weasyprint_import.quick_find_library(slow)("no-such-library-x") is None
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/pango/lib")
    assert weasyprint_import.quick_find_library(slow)("no-such-library-x") == "libfound.so.1"
    assert asked == ["no-such-library-x"]
    before = ctypes.util.find_library
    with weasyprint_import.quick_library_lookup():
        assert ctypes.util.find_library is not before, "answered from the listing"
    assert ctypes.util.find_library is before, "restored after loading"


def test_a_worker_renders_a_media_advisory_with_its_calendar_file(tmp_path: Path) -> None:
    """In process, as a worker runs it: the When block in both pages, the .ics beside them."""
    import shutil

    from .conftest import SAMPLE

    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".pressroom.lock"))
    site, tmpl = load_site(content), templates()
    opts = BuildOptions(content=content, output=output, ids=("january-20-commemoration",))
    jobs = plan_jobs(site, tmpl, opts, BuildReport())
    staging = output / f"{STAGING_PREFIX}test.tmp"
    work = EditionRender(site, tmpl, staging, ImageCache(output / IMAGE_CACHE), by_edition(jobs))
    english = next(i for i, group in enumerate(work.editions) if group[0].le.lang == "en")
    outputs = {item.relpath: Path(item.staged.temporary) for item in work.render(english)}
    stem = work.editions[english][0].stem
    calendar = outputs[f"{stem}.ics"].read_bytes()
    assert b"BEGIN:VEVENT" in calendar and b"DTSTART:" in calendar
    page = outputs[f"{stem}.html"].read_text(encoding="utf-8")
    assert "When" in page and f"{Path(stem).name}.ics" in page


def _staged_output(staging: Path, relpath: str, data: bytes) -> output_files.Output:
    staged = output_files.stage(staging, relpath, data)
    return output_files.Output(relpath, staged, "inputs", "r", "en", "2026-01-01", "edition")


def test_what_is_in_the_way_fails_before_anything_is_replaced(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "r").mkdir(parents=True)
    (output / "r" / "a.pdf").write_bytes(b"old")
    (output / "r" / "b.pdf").mkdir()  # a folder where the second file goes
    with staging_area(output) as staging:
        outputs = [_staged_output(staging, f"r/{n}.pdf", b"new") for n in ("a", "b")]
        with pytest.raises(BuildError, match=r"cannot write .*r/b\.pdf: a folder is in the way"):
            output_files.publish(output, outputs, output_files.load_manifest(output), [])
    assert (output / "r" / "a.pdf").read_bytes() == b"old", "nothing replaced"
    assert sorted(p.name for p in (output / "r").iterdir()) == ["a.pdf", "b.pdf"]


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs a second file system")
def test_a_folder_on_another_file_system_gets_its_file(tmp_path: Path) -> None:
    import tempfile

    output = tmp_path / "output"
    output.mkdir()
    with tempfile.TemporaryDirectory(dir="/dev/shm") as elsewhere:
        if os.stat(elsewhere).st_dev == os.stat(output).st_dev:
            pytest.skip("/dev/shm is on the same file system here")
        (output / "r").symlink_to(elsewhere)
        with staging_area(output) as staging:
            outputs = [
                _staged_output(staging, "a.pdf", b"A"),
                _staged_output(staging, "r/b.pdf", b"B"),
            ]
            output_files.publish(output, outputs, output_files.load_manifest(output), [])
        assert (output / "a.pdf").read_bytes() == b"A"
        assert (Path(elsewhere) / "b.pdf").read_bytes() == b"B"
        assert [p.name for p in Path(elsewhere).iterdir()] == ["b.pdf"]


@pytest.mark.parametrize(
    ("template", "old", "new"),
    [
        ("press-release.html", "{% block", "{% block head %}<style>h1 { color: red; }</style>"
         "{% endblock %}\n{% block"),
        ("style.css", "body { margin: 0; }", "body { margin: 0 !important; }"),
        ("style.css", "body { margin: 0; }", "body { margin: 0; }\n@counter-style x { "
         "system: cyclic; symbols: Z; }\nul { list-style: x; }"),
    ],
)  # fmt: skip
def test_styles_that_would_cascade_otherwise_stay_inline(
    multilingual: Path, tmp_path: Path, template: str, old: str, new: str
) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    path = folder / template
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    output = tmp_path / "output"
    opts = BuildOptions(
        content=multilingual, output=output, templates=folder, langs=("en",),
        on=dt.date.fromisoformat(DAY),
    )  # fmt: skip
    build(opts)
    site, tmpl = load_site(multilingual), templates(folder)
    (job,) = plan_jobs(site, tmpl, opts, BuildReport())
    images = ImageCache(output / IMAGE_CACHE)
    html, sheets = print_copy(job, tmpl, images)
    assert sheets == () and "<style>" in html, "the standalone page, styles inline"
    alone = render_pdf(html, site.root, [site.root, folder], label=job.label)
    assert (output / f"{job.stem}.pdf").read_bytes() == alone


def test_weasyprint_loads_the_usual_way_when_the_quick_lookup_fails() -> None:
    code = """
import contextlib, ctypes.util
import pipeline.render.weasyprint_import as w
@contextlib.contextmanager
def failing():
    raise OSError("cannot load library 'pango'")
    yield
w.forget_weasyprint()
w.quick_library_lookup = failing
w.import_weasyprint()
import weasyprint
from weasyprint.text import ffi
print(ffi.pango is not None, ctypes.util.find_library.__module__)
"""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "ctypes.util"]


def test_the_plan_reaches_the_renderer_whole_and_style_css_is_parsed_before_the_fork(
    tmp_path: Path,
) -> None:
    """In process, what the renderer does with the plan it receives: rebuild the Jinja
    environment, parse style.css once, and render with it (a worker's first edition)."""
    import pickle

    from pipeline.render import weasyprint_pdf

    from .conftest import SAMPLE

    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".pressroom.lock"))
    site, tmpl = load_site(content), templates()
    jobs = plan_jobs(site, tmpl, BuildOptions(content=content, output=output), BuildReport())
    staging = output / f"{STAGING_PREFIX}test.tmp"
    work = EditionRender(site, tmpl, staging, ImageCache(output / IMAGE_CACHE), by_edition(jobs))
    travelled = pickle.loads(pickle.dumps(work))
    assert travelled.tmpl.folder == tmpl.folder
    assert [[job.stem for job in group] for group in travelled.editions] == [
        [job.stem for job in group] for group in work.editions
    ]
    weasyprint_pdf.parsed_stylesheet.cache_clear()
    travelled.prepare_styles()
    assert weasyprint_pdf.parsed_stylesheet.cache_info().currsize == 1, "style.css, once"
    (pdf, *_rest) = travelled.render(0)
    assert weasyprint_pdf.parsed_stylesheet.cache_info().hits >= 1, "parsed before, used"
    assert Path(pdf.staged.temporary).read_bytes().startswith(b"%PDF-")
