"""Photos made fit to send: scaled, turned upright, stripped of metadata, cached.

A camera photo is 12 megapixels, several megabytes, and carries where it was taken
(EXIF GPS). An outlet needs at most 300 dpi at the size it is printed, and the web a
sensible width. Each photo is re-encoded by Pillow with its EXIF orientation applied and
no metadata at all, deterministically (the same input gives the same bytes, so PDFs stay
reproducible), and kept in a cache folder keyed by the content hash of the original, so a
rebuild does not redo it. The cache is safe to delete.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from pipeline.errors import BuildError
from pipeline.files import atomic_write

# The A4 text column (170 mm) at 300 dpi (Letter is wider: 289 dpi), and the tallest a
# figure is printed (110 mm, see style.css) at 300 dpi.
PRINT_BOX = (2000, 1290)
WEB_BOX = (1600, 1600)
JPEG_QUALITY = 82
CACHE_VERSION = "1"  # bump when the encoding changes: old cache entries are then unused
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "PNG", ".webp": "PNG"}
MIME = {"JPEG": "image/jpeg", "PNG": "image/png"}
IMAGE_CACHE = Path(".cache") / "images"  # inside output/: prepared photos; safe to delete


@dataclass(frozen=True)
class Prepared:
    """One re-encoded image: its bytes, pixel size, and a file name unique to its content."""

    data: bytes
    width: int
    height: int
    kind: str  # "JPEG" | "PNG"
    name: str

    @property
    def data_uri(self) -> str:
        encoded = base64.b64encode(self.data).decode("ascii")
        return f"data:{MIME[self.kind]};base64,{encoded}"


def is_raster(path: Path) -> bool:
    """Photos and bitmaps are prepared; vector images (SVG logos) pass through."""
    return path.suffix.lower() in RASTER


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from an embedded profile to sRGB, so dropping the profile is safe."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


_SRGB = ImageCms.createProfile("sRGB")


def _encode(source: bytes, box: tuple[int, int], out_kind: str) -> tuple[bytes, int, int]:
    with Image.open(io.BytesIO(source)) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened) or opened
        image = _to_srgb(image)
        image.thumbnail(box, Image.Resampling.LANCZOS)  # only ever shrinks
        # Nothing of the original's metadata goes on: no EXIF (GPS), XMP, ICC, comments.
        image.info = {k: v for k, v in image.info.items() if k == "transparency"}
        buffer = io.BytesIO()
        if out_kind == "JPEG":
            image.convert("RGB").save(
                buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False
            )
        else:
            modes = ("1", "L", "LA", "P", "RGB", "RGBA")
            keep = image if image.mode in modes else image.convert("RGBA")
            keep.save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), image.width, image.height


@dataclass
class ImageCache:
    """Prepared images by content hash, in memory and in ``folder`` on disk."""

    folder: Path
    memory: dict[str, Prepared] = field(default_factory=dict)

    def prepare(self, path: Path, box: tuple[int, int]) -> Prepared:
        try:
            source = path.read_bytes()
        except OSError as exc:
            raise BuildError(f"{path}: cannot read image: {exc.strerror}") from None
        out_kind = RASTER[path.suffix.lower()]
        digest = hashlib.sha256(
            source + f"|{box[0]}x{box[1]}|{out_kind}|{JPEG_QUALITY}|{CACHE_VERSION}".encode()
        ).hexdigest()
        if digest in self.memory:
            return self.memory[digest]
        ext = ".jpg" if out_kind == "JPEG" else ".png"
        name = f"{path.stem}-{digest[:12]}{ext}"
        cached = self.folder / f"{digest}{ext}"
        size_file = self.folder / f"{digest}.size"
        try:
            data = cached.read_bytes()
            width, height = (int(n) for n in size_file.read_text().split("x"))
        except (OSError, ValueError):
            try:
                data, width, height = _encode(source, box, out_kind)
            except (OSError, ValueError, Image.DecompressionBombError) as exc:
                raise BuildError(f"{path}: not a readable image ({exc})") from None
            atomic_write(cached, data)
            atomic_write(size_file, f"{width}x{height}".encode())
        prepared = Prepared(data, width, height, out_kind, name)
        self.memory[digest] = prepared
        return prepared

    def for_print(self, path: Path) -> Prepared:
        return self.prepare(path, PRINT_BOX)

    def for_web(self, path: Path) -> Prepared:
        return self.prepare(path, WEB_BOX)
