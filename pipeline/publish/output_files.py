"""The publish stage: files into output/, atomically, with a manifest of what was built.

Every write goes to a temporary file on the same file system and is renamed into place,
so a killed build never leaves half a PDF where an outlet could pick it up. Render
workers write a run's files to its staging area (``stage``) and hand back only their
names and hashes; the run renames them all at once (``publish``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BuildError
from pipeline.files import (
    StagedWrites,
    cannot_write,
    sha256,
    write_if_changed,
    write_temporary,
)
from pipeline.publish.manifest_types import FileRecord, JobKind, Manifest
from pipeline.publish.withdrawal import Withdrawal

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Staged:
    """A file written to the run's staging area, waiting to be renamed into its place."""

    temporary: str
    sha256: str
    size: int
    mtime_ns: int


def stage(staging: Path, relpath: str, data: bytes) -> Staged:
    """Write one output file in the run's staging area (a render worker does); see ``publish``."""
    tmp = write_temporary(staging / relpath, data, keep_mode=False)
    stat = tmp.stat()
    return Staged(str(tmp), sha256(data), stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Output:
    """One file to publish, staged, with what it was built from."""

    relpath: str  # relative to the output folder, with forward slashes
    staged: Staged
    inputs: str  # hash of the inputs
    release: str
    language: str
    edition: str
    kind: JobKind
    paper: str | None = None  # set on a PDF-only variant on an outlet's paper (ID-LANG-letter.pdf)


def load_manifest(output: Path) -> Manifest:
    path = output / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}
    return data if isinstance(data.get("files"), dict) else {"files": {}}


def unchanged(manifest: Manifest, output: Path, relpath: str, inputs: str) -> bool:
    """True when ``relpath`` exists, is intact and was built from the same inputs."""
    record = manifest["files"].get(relpath)
    if not record or record.get("inputs") != inputs:
        return False
    path = output / relpath
    try:
        return bool(sha256(path.read_bytes()) == record.get("sha256"))
    except OSError:
        return False


def _record(item: Output) -> FileRecord:
    return {
        "sha256": item.staged.sha256,
        "size": item.staged.size,
        "mtime_ns": item.staged.mtime_ns,
        "inputs": item.inputs,
        "release": item.release,
        "language": item.language,
        "edition": item.edition,
        "kind": item.kind,
        **({"paper": item.paper} if item.paper else {}),
    }


def withdraw(manifest: Manifest, withdrawn: Iterable[Withdrawal]) -> None:
    """Move withdrawn files from ``files`` to ``withdrawn`` (what was published, and why not)."""
    listed = manifest.setdefault("withdrawn", {})
    for item in withdrawn:
        for relpath in item.relpaths:
            record = manifest["files"].pop(relpath, {})
            listed[relpath] = {
                "release": item.release,
                "language": item.language,
                "edition": item.edition,
                "kind": item.kind,
                "sha256": record.get("sha256"),
                "reason": item.reason,
            }


def publish(
    output: Path, outputs: list[Output], manifest: Manifest, withdrawn: list[Withdrawal]
) -> list[str]:
    """A run's edition files all or nothing: every file is staged, then all are renamed.

    A full disk or a read-only folder fails while staging (in the workers), before
    anything in output/ changed: the previous complete output stays (BuildError).
    Withdrawn files are removed once the new ones are in place. The manifest is updated
    in memory only: it is written last, by ``finish``, after the index (and whatever else
    reads the new files).
    """
    staged = StagedWrites()
    for item in outputs:
        staged.adopt(Path(item.staged.temporary), output / item.relpath)
    try:
        for item in outputs:
            manifest["files"][item.relpath] = _record(item)
            manifest.get("withdrawn", {}).pop(item.relpath, None)
        staged.commit()
        withdraw(manifest, withdrawn)
        for gone in withdrawn:
            for relpath in gone.relpaths:
                _remove(output, relpath)
    except OSError as exc:
        staged.discard()
        raise BuildError(cannot_write(exc)) from None
    return [item.relpath for item in outputs]


def finish(output: Path, index: bytes, manifest: Manifest) -> None:
    """The staff index, then the manifest: the last files of a run, both or neither."""
    staged = StagedWrites()
    try:
        if _differs(output / "index.html", index):
            staged.add(output / "index.html", index)
        text = manifest_bytes(manifest)
        if _differs(output / MANIFEST, text):
            staged.add(output / MANIFEST, text)
        staged.commit()
    except OSError as exc:
        staged.discard()
        raise BuildError(cannot_write(exc)) from None


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def _remove(output: Path, relpath: str) -> None:
    """Delete a withdrawn file, and the folders it leaves empty (never output/ itself)."""
    path = output / relpath
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == output or not folder.is_relative_to(output):
            break
        try:
            folder.rmdir()
        except OSError:
            break


def manifest_bytes(manifest: Manifest) -> bytes:
    files = dict(sorted(manifest["files"].items()))
    runs = dict(sorted(manifest.get("runs", {}).items()))
    withdrawn = dict(sorted(manifest.get("withdrawn", {}).items()))
    document = {"generator": "pressroom", "files": files, "withdrawn": withdrawn, "runs": runs}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def save_manifest(output: Path, manifest: Manifest) -> None:
    write_if_changed(output / MANIFEST, manifest_bytes(manifest), keep_mode=False)
