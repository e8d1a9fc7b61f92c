"""The no-op build: when nothing at all changed, say so without loading the world.

A full plan needs pydantic, Jinja, Babel and Markdown, which take longer to import than a
no-op build may take. So every run records a fingerprint of everything it read (every file
under content/ and templates/, the program's own code and version, WeasyPrint's version,
the fonts, the options and the resolved day) in the manifest, with its report. The next
run with the same options computes the fingerprint with the standard library alone; if it
matches and every recorded output is still on disk as written, the run is a no-op.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.content.clock import now as clock_now
from pipeline.content.paths import ORGANIZATION, PACKAGE
from pipeline.content.sent_log import SENT_LOG
from pipeline.files import LOCK_NAME
from pipeline.publish.input_hashes import file_digest, folder_digest, font_digest
from pipeline.publish.manifest_types import Manifest

SKIP = (LOCK_NAME, SENT_LOG)  # the sent log changes no output


def options_key(
    ids: tuple[str, ...], langs: tuple[str, ...], due: bool, review: bool, templates: Path
) -> str:
    # The templates folder by a digest of its path: the manifest names no server paths.
    where = hashlib.sha256(str(templates.resolve()).encode()).hexdigest()[:16]
    return json.dumps([sorted(ids), sorted(langs), due, review, f"templates {where}"])


def resolved_day(
    content: Path, on: dt.date | None, now: dt.datetime | None = None
) -> dt.date | None:
    """The build's day: the given one, or the day of ``now`` (default: today) where the
    organisation is."""
    if on is not None:
        return on
    from pipeline.content.organization_timezone import organization_timezone  # YAML: only here

    try:
        zone = organization_timezone(content / ORGANIZATION)
        return (now or clock_now()).astimezone(ZoneInfo(zone)).date() if zone else None
    except Exception:  # any doubt: no fast path, the full build reads the file properly
        return None


def fingerprint(content: Path, templates: Path, key: str, day: dt.date) -> str:
    digest = hashlib.sha256(f"{key}\n{day.isoformat()}\n".encode())
    weasyprint = find_spec("weasyprint")  # found, not imported: its __init__ holds VERSION
    if weasyprint is None or weasyprint.origin is None:
        return "no weasyprint"
    digest.update(file_digest(Path(weasyprint.origin)).encode())
    for path in sorted(content.rglob("*")):
        if path.is_file() and path.name not in SKIP and not path.name.endswith(".tmp"):
            digest.update(f"{path.relative_to(content).as_posix()} {file_digest(path)}\n".encode())
    digest.update(folder_digest(templates).encode())
    digest.update(folder_digest(PACKAGE).encode())
    digest.update(font_digest(templates / "style.css").encode())
    return digest.hexdigest()


def intact(output: Path, manifest: Manifest) -> bool:
    """Every recorded output still exists exactly as written (size and time stamp)."""
    if not (output / "index.html").is_file() or not (output / "site" / "index.html").is_file():
        return False
    for relpath, record in manifest.get("files", {}).items():
        try:
            stat = (output / relpath).stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (record.get("size"), record.get("mtime_ns")):
            return False
    return True


def in_window(run: dict[str, Any], now: dt.datetime) -> bool:
    """True while no embargo has passed since the run (and, for ``--now`` in the past, none
    that the run saw passed is still ahead): the public site it wrote is still right."""
    window = run.get("public_window")
    if not isinstance(window, list) or len(window) != 2:
        return False
    try:
        passed, upcoming = (dt.datetime.fromisoformat(t) if t else None for t in window)
    except (TypeError, ValueError):
        return False
    return (passed is None or passed <= now) and (upcoming is None or now < upcoming)


def previous_report(
    content: Path,
    output: Path,
    templates: Path,
    key: str,
    on: dt.date | None,
    now: dt.datetime | None = None,
) -> dict[str, Any] | None:
    """The last report for these options, when nothing it depended on has changed."""
    day = resolved_day(content, on, now)
    if day is None or not content.is_dir():
        return None
    try:
        manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    run = manifest.get("runs", {}).get(key)
    if not isinstance(run, dict) or not intact(output, manifest):
        return None
    if not in_window(run, now or clock_now()):
        return None  # an embargo has passed since: the edition goes public now
    if run.get("fingerprint") != fingerprint(content, templates, key, day):
        return None
    return run
