"""The publish stage: files into output/, atomically, with a manifest of what was built.

Every write goes to a temporary file in the same folder and is renamed into place, so a
killed build never leaves half a PDF where an outlet could pick it up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.files import atomic_write, sha256, write_if_changed

MANIFEST = "manifest.json"


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
    paper: str | None = None  # set on a PDF-only variant on an outlet's paper (ID-LANG-letter.pdf)


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
            **({"paper": item.paper} if item.paper else {}),
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
