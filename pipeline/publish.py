"""The publish stage: files into output/, atomically, with a manifest of what was built.

Every write goes to a temporary file in the same folder and is renamed into place, so a
killed build never leaves half a PDF where an outlet could pick it up.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporary files of an atomic write that a killed run left behind.

    Called under the run lock, so no other run can be writing them.
    """
    removed = 0
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            if path.is_file():
                path.unlink()
                removed += 1
    return removed


@dataclass(frozen=True)
class Output:
    """One file to publish, with what it was built from."""

    relpath: str  # relative to the output folder, with forward slashes
    data: bytes
    inputs: str  # hash of the inputs
    release: str
    language: str
    edition: str
    kind: str  # "edition" or "review"


def load_manifest(output: Path) -> dict[str, Any]:
    path = output / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}
    return data if isinstance(data.get("files"), dict) else {"files": {}}


def unchanged(manifest: dict[str, Any], output: Path, relpath: str, inputs: str) -> bool:
    """True when ``relpath`` exists, is intact and was built from the same inputs."""
    record = manifest["files"].get(relpath)
    if not record or record.get("inputs") != inputs:
        return False
    path = output / relpath
    try:
        return bool(sha256(path.read_bytes()) == record.get("sha256"))
    except OSError:
        return False


def write_outputs(output: Path, outputs: Iterable[Output], manifest: dict[str, Any]) -> list[str]:
    """Write files and record them in the manifest (written last, also atomically)."""
    written = []
    for item in outputs:
        atomic_write(output / item.relpath, item.data)
        stat = (output / item.relpath).stat()
        manifest["files"][item.relpath] = {
            "sha256": sha256(item.data),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "inputs": item.inputs,
            "release": item.release,
            "language": item.language,
            "edition": item.edition,
            "kind": item.kind,
        }
        written.append(item.relpath)
    return written


def save_manifest(output: Path, manifest: dict[str, Any]) -> None:
    files = dict(sorted(manifest["files"].items()))
    runs = dict(sorted(manifest.get("runs", {}).items()))
    text = json.dumps(
        {"generator": "pressroom", "files": files, "runs": runs}, indent=2, ensure_ascii=False
    )
    write_if_changed(output / MANIFEST, (text + "\n").encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> None:
    """Leave a file alone (its time stamp too) when it already says the same thing."""
    if not path.exists() or path.read_bytes() != data:
        atomic_write(path, data)
