"""``output/site/``: gather the public site, write what changed, remove what is no longer wanted.

The site is fully derived. Whatever the build does not produce this time (an edition
withdrawn, a release removed, a file someone copied in) is deleted, so the folder a web
server publishes holds exactly the public editions and nothing from the rest of output/.
Unchanged files keep their bytes and time stamps, so a sync to the web host copies little.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.content.loader import Site
from pipeline.edition import language_edition as editions
from pipeline.files import atomic_write
from pipeline.publish.manifest_types import Manifest
from pipeline.publish.public_site import PublicSite, gather
from pipeline.publish.site_pages import NO_SITE_URL, site_files
from pipeline.render.jinja_html import Templates

SITE = "site"


@dataclass
class SiteResult:
    public: PublicSite
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def window(self) -> list[str | None]:
        """[last embargo passed, next embargo], ISO: outside it, a rerun must rebuild."""
        return [t.isoformat() if t else None for t in self.public.window()]


def _write(path: Path, data: bytes) -> bool:
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True


def prune(root: Path, wanted: dict[str, bytes]) -> list[str]:
    """Delete files under ``root`` not in ``wanted`` and the folders left empty."""
    removed = []
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted:
            path.unlink()
            removed.append(rel)
    return sorted(removed)


def build_site(
    site: Site,
    tmpl: Templates,
    planner: editions.Planner,
    manifest: Manifest,
    output: Path,
    now: dt.datetime,
) -> SiteResult:
    """Rebuild output/site/ for the moment ``now``; everything is computed before writing."""
    public = gather(site, planner, manifest, output, now)
    files = site_files(public, tmpl, output)
    root = output / SITE
    result = SiteResult(public, notes=[] if public.base else [NO_SITE_URL])
    result.written = [rel for rel, data in sorted(files.items()) if _write(root / rel, data)]
    result.removed = prune(root, files)
    return result
