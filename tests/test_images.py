"""Photos in outputs: scaled for print and web, upright, stripped of GPS, cached.

A one-page release carries a 12-megapixel camera photo (noisy, so it does not compress
to nothing) with GPS and orientation EXIF; the PDF and the web page read back must be
small, upright, at most 300 dpi, and say nothing of where the photo was taken.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from .conftest import MULTILINGUAL, Result, run_process

MB = 1024 * 1024
FOLDER = "photo/2026-03-01/en"
ORG_FIELDS = ("Calle Ejemplo", "México")


def camera_photo(path: Path) -> None:
    """4000 x 3000 px, shot with the camera turned (EXIF orientation 6), with a GPS fix."""
    gradient = Image.linear_gradient("L").resize((4000, 3000))
    noise = Image.effect_noise((4000, 3000), 40)
    image = Image.merge("RGB", (gradient, noise, Image.blend(gradient, noise, 0.5)))
    draw = ImageDraw.Draw(image)
    for i in range(0, 4000, 250):
        draw.ellipse((i, i % 3000, i + 400, (i % 3000) + 400), outline=(255, 200, 0), width=12)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "ExampleCam"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (19.0, 25.0, 42.0), 3: "W", 4: (99.0, 7.0, 39.0)})
    image.save(path, "JPEG", quality=95, exif=exif.tobytes())


RELEASE = """\
---
language: en
languages: [en]
kind: press-release
headline: The Embassy opens a photo exhibition
dateline: Mexico City
date: 2026-03-01
images:
  - src: assets/photo.jpg
    caption: The exhibition hall
    credit: Press Office
    alt: Visitors in front of large photographs of Baku
---
The exhibition opens on Monday.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    root = tmp_path_factory.mktemp("images")
    content = root / "content"
    shutil.copytree(MULTILINGUAL, content)
    shutil.rmtree(content / "releases" / "national-day")
    (content / "releases" / "photo").mkdir(parents=True)
    (content / "releases" / "photo" / "release.md").write_text(RELEASE, encoding="utf-8")
    camera_photo(content / "assets" / "photo.jpg")
    assert (content / "assets" / "photo.jpg").stat().st_size > 4 * MB, "a real camera-size file"
    output = root / "output"
    result = run_process("build", "--date", "2026-02-27", "--content", content, "--output", output)
    assert result.code == 0, result.err
    return content, output, result


def _web_image(output: Path) -> tuple[Path, str]:
    html = (output / FOLDER / "photo-en.html").read_text(encoding="utf-8")
    tags = re.findall(r"<figure>\s*(<img [^>]*>)", html)
    assert len(tags) == 1, html
    src = re.search(r'src="([^"]+)"', tags[0])
    assert src is not None
    return output / FOLDER / src[1], tags[0]


def test_pdf_is_small_one_page_and_at_most_300_dpi(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    pdf = output / FOLDER / "photo-en.pdf"
    assert pdf.stat().st_size < 1.5 * MB
    assert len(PdfReader(pdf).pages) == 1
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    photos = [row.split() for row in listing if row.split()[2] == "image"]
    assert len(photos) == 1, listing
    width, height, x_ppi, y_ppi = (int(photos[0][i]) for i in (3, 4, 12, 13))
    assert height > width, "turned upright by its EXIF orientation"
    assert x_ppi <= 300 and y_ppi <= 300, photos[0]
    assert x_ppi >= 150, "still sharp enough to print"


def test_html_references_a_small_file_beside_it(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    html_path = output / FOLDER / "photo-en.html"
    assert (
        "base64"
        not in html_path.read_text(encoding="utf-8")
        .split("<body", 1)[1]
        .split('class="logo"')[1][200:]
    ), "the photo is not inlined"
    image_path, tag = _web_image(output)
    assert image_path.parent == html_path.parent and image_path.is_file()
    assert 'alt="Visitors in front of large photographs of Baku"' in tag
    with Image.open(image_path) as image:
        assert f'width="{image.width}"' in tag and f'height="{image.height}"' in tag
        assert image.height > image.width and max(image.size) <= 1600
    assert html_path.stat().st_size + image_path.stat().st_size < 1.5 * MB


def test_no_metadata_survives(built: tuple[Path, Path, Result]) -> None:
    _, output, _ = built
    image_path, _ = _web_image(output)
    pdf = output / FOLDER / "photo-en.pdf"
    with Image.open(image_path) as image:
        assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    public = output / "site" / FOLDER / "photo.jpg"  # the public site's copy
    assert public.read_bytes() == image_path.read_bytes()
    for data in (image_path.read_bytes(), pdf.read_bytes()):
        assert b"Exif" not in data and b"ExampleCam" not in data
    embedded = PdfReader(pdf).pages[0].images
    for picture in embedded:
        with Image.open(io.BytesIO(picture.data)) as image:
            assert not image.getexif().get_ifd(0x8825), "no GPS in the PDF's image"


def test_manifest_lists_the_image_and_a_rebuild_reuses_the_cache(
    built: tuple[Path, Path, Result],
) -> None:
    content, output, _ = built
    image_path, _ = _web_image(output)
    manifest = (output / "manifest.json").read_text(encoding="utf-8")
    assert f'"{FOLDER}/{image_path.name}"' in manifest
    cache = output / ".cache" / "images"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert before, "prepared images are cached"
    old = {p: p.read_bytes() for p in (output / FOLDER).iterdir()}
    forced = run_process(
        "build", "--date", "2026-02-27", "--force", "--content", content, "--output", output
    )
    assert forced.code == 0, forced.err
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before, "nothing redone"
    assert {p: p.read_bytes() for p in (output / FOLDER).iterdir()} == old, "byte-identical"
    image_path.unlink()  # a file beside the page deleted by hand: the next build restores it
    restored = run_process(
        "build", "--date", "2026-02-27", "--content", content, "--output", output
    )
    assert restored.code == 0, restored.err
    assert image_path.read_bytes() == old[image_path]
    shutil.rmtree(output / ".cache")
    again = run_process(
        "build", "--date", "2026-02-27", "--force", "--content", content, "--output", output
    )
    assert again.code == 0, again.err
    assert {p: p.read_bytes() for p in (output / FOLDER).iterdir()} == old, "cache safe to delete"


def test_missing_alt_warns_and_fails_only_strict(built: tuple[Path, Path, Result]) -> None:
    content, output, _ = built
    release = content / "releases" / "photo" / "release.md"
    text = release.read_text(encoding="utf-8")
    release.write_text(
        text.replace("    alt: Visitors in front of large photographs of Baku\n", ""),
        encoding="utf-8",
    )
    try:
        validate = run_process("validate", "--content", content)
        assert validate.code == 0, validate.err
        assert f"warning: {release}:9: images[0].alt: no alt text" in validate.err
        plain = run_process(
            "build", "--date", "2026-02-27", "--content", content, "--output", output
        )
        assert plain.code == 0 and "images[0].alt: no alt text" in plain.err
        for _ in range(2):  # the full build, then the no-op fast path
            strict = run_process(
                "build",
                "--date",
                "2026-02-27",
                "--strict",
                "--content",
                content,
                "--output",
                output,
            )
            assert strict.code == 1, strict.err
            assert "images[0].alt: no alt text" in strict.err and "strict: 1 warning" in strict.err
    finally:
        release.write_text(text, encoding="utf-8")


def test_alt_text_is_a_translatable_unit(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTILINGUAL, content)
    release = content / "releases" / "national-day" / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "tags: [independence]\n",
            "tags: [independence]\nimages: [{src: assets/logo.svg, alt: The emblem}]\n",
        ),
        encoding="utf-8",
    )
    result = run_process("status", "national-day", "--date", "2026-05-01", "--content", content)
    assert result.code == 0, result.err
    assert "1 missing" in result.out.replace("unit(s) ", ""), result.out
    drafted = run_process(
        "translate", "national-day", "--to", "es", "--provider", "pseudo", "--content", content
    )
    assert drafted.code == 0, drafted.err
    po = (content / "releases" / "national-day" / "drafts" / "es.po").read_text(encoding="utf-8")
    assert 'msgctxt "alt"\nmsgid "The emblem"' in po


def test_photos_are_prepared_once_before_the_workers_fork(tmp_path: Path) -> None:
    """Every photo scaled for print and web in the parent; a worker's render reuses them."""
    import datetime as dt

    from pipeline.content.loader import load_site
    from pipeline.publish.build import BuildOptions, BuildReport, plan_jobs
    from pipeline.publish.edition_render import EditionRender, by_edition
    from pipeline.render.images import IMAGE_CACHE, ImageCache
    from pipeline.render.jinja_html import templates

    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(MULTILINGUAL, content)
    shutil.rmtree(content / "releases" / "national-day")
    (content / "releases" / "photo").mkdir(parents=True)
    (content / "releases" / "photo" / "release.md").write_text(RELEASE, encoding="utf-8")
    Image.new("RGB", (3000, 2000), (30, 90, 160)).save(content / "assets" / "photo.jpg")
    site, tmpl = load_site(content), templates()
    opts = BuildOptions(content=content, output=output, on=dt.date(2026, 2, 27), force=True)
    jobs = plan_jobs(site, tmpl, opts, BuildReport())
    images = ImageCache(output / IMAGE_CACHE)
    work = EditionRender(site, tmpl, output / ".staging", images, by_edition(jobs))
    work.prepare_images()
    assert len(images.memory) == 2, "the photo for print and for the web"
    prepared = dict(images.memory)
    names = [item.relpath for item in work.render(0)]
    assert images.memory == prepared, "the worker encoded nothing again"
    assert any(name.endswith(".jpg") for name in names)


def test_only_the_photos_of_the_editions_rendered_travel_to_the_renderer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit to one release: its editions are rendered; the other's photo stays behind."""
    from pipeline.publish.build import BuildOptions, build
    from pipeline.publish.edition_render import EditionRender
    from pipeline.publish.renderer import Renderer

    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(MULTILINGUAL, content)
    shutil.rmtree(content / "releases" / "national-day")
    Image.new("RGB", (3000, 2000), (30, 90, 160)).save(content / "assets" / "photo.jpg")
    Image.new("RGB", (2000, 3000), (160, 90, 30)).save(content / "assets" / "other.jpg")
    for name, photo in (("photo", "photo.jpg"), ("other", "other.jpg")):
        (content / "releases" / name).mkdir(parents=True)
        text = RELEASE.replace("assets/photo.jpg", f"assets/{photo}")
        (content / "releases" / name / "release.md").write_text(text, encoding="utf-8")
    opts = BuildOptions(content=content, output=output)
    build(opts)  # every photo prepared and published once
    sent: list[EditionRender] = []
    real = Renderer.run

    def spy(self: Renderer, work: object, workers: int, progress: object) -> object:
        sent.append(work.run.__self__)  # type: ignore[attr-defined]
        return real(self, work, workers, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "run", spy)
    release = content / "releases" / "photo" / "release.md"
    release.write_text(release.read_text().replace("photo exhibition", "new exhibition"))
    report = build(opts)
    assert any("photo/" in name for name in report.written)
    assert not any(name.startswith("other/") for name in report.written)
    (work,) = sent
    assert len(work.images.memory) == 2, "this release's photo, for print and web: no other"
