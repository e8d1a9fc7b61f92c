"""The shape of output/manifest.json, typed: what each record holds, for every reader.

Standard library only: the no-op fast path reads the manifest before anything heavy loads.
Keys are optional (``total=False``) because a manifest from an earlier version, or a damaged
one, may lack them; readers treat a missing key as "rebuild".
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

JobKind = Literal["edition", "review"]


class FileRecord(TypedDict, total=False):
    """One file in output/: how to tell it is intact, and what it was built from."""

    sha256: str
    size: int
    mtime_ns: int
    inputs: str  # the hash of everything it was built from (publish.input_hashes)
    release: str
    language: str
    edition: str  # the edition's date, YYYY-MM-DD
    kind: JobKind
    paper: str  # set on a PDF-only variant on an outlet's paper


class WithdrawnRecord(TypedDict, total=False):
    """A file that was published and was taken down, and why."""

    release: str
    language: str
    edition: str
    kind: JobKind
    sha256: str | None
    reason: str


class RunRecord(TypedDict, total=False):
    """What a run with given options reported, for the no-op fast path to repeat."""

    fingerprint: str
    held_back: list[str]
    held: list[str]
    warnings: list[str]
    unchanged: int
    selected: int
    notes: list[str]
    public_window: Any  # the last and next embargo around the run (ISO text once saved)


class Manifest(TypedDict, total=False):
    generator: str
    files: dict[str, FileRecord]
    withdrawn: dict[str, WithdrawnRecord]
    runs: dict[str, RunRecord]
