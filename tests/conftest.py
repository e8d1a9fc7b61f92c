"""Shared fixtures: a fixture site built per test, a fixed clock, and the real CLI in-process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from .site_builder import SiteBuilder, new_site

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
# The sample's recurring release, built as on this day, is its 37th-anniversary edition.
DAY = "2026-11-22"
EDITION = "2027-01-20"


@dataclass
class Result:
    code: int
    out: str
    err: str


# The instant every test runs at (pipeline.content.clock): no test follows the wall clock.
NOW = "2026-11-25T17:00:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Freeze Pressroom's clock for the test and the processes it starts; returns the instant."""
    monkeypatch.setenv("PRESSROOM_NOW", NOW)
    yield NOW


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own parse cache (pipeline.content.parse_cache), never the user's."""
    folder = tmp_path / "parse-cache"
    monkeypatch.setenv("PRESSROOM_CACHE", str(folder))
    return folder


@pytest.fixture
def site(tmp_path: Path) -> SiteBuilder:
    """An empty fixture site (organisation only) in tmp_path/content; see site_builder.py."""
    return new_site(tmp_path / "content")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the sample content: only for tests of the sample itself.

    Every other test builds its own site with the ``site`` fixture, so that a change to the
    sample cannot break it.
    """
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".pressroom.lock"))
    return target


MULTILINGUAL = Path(__file__).parent / "fixtures" / "multilingual" / "content"


@pytest.fixture
def multilingual(tmp_path: Path) -> Path:
    """A private copy of the multilingual fixture site (en es az ar approved, ru draft, de)."""
    target = tmp_path / "content"
    shutil.copytree(MULTILINGUAL, target)
    return target


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "output"


class CliRunner(Protocol):
    """The ``cli`` fixture: ``cli("validate", "--content", path)`` runs it, returns a Result."""

    def __call__(self, *args: str | Path) -> Result: ...


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``pressroom ARGS`` in this process, through the console script's entry point."""
    from pipeline.cli.console_entry import main

    def run(*args: str | Path) -> Result:
        monkeypatch.setattr(sys, "argv", ["pressroom", *map(str, args)])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def pdf_catalog(path: Path) -> DictionaryObject:
    """The PDF's document catalog (/Lang, /MarkInfo, /StructTreeRoot)."""
    return PdfReader(path).root_object


def pdf_title(path: Path) -> str:
    """The PDF's document title; a PDF without one fails the test."""
    metadata = PdfReader(path).metadata
    assert metadata is not None and metadata.title is not None, f"{path} has no title"
    return metadata.title


def run_process(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Result:
    """Run ``python -m pipeline ARGS`` in a child process: the real thing, tracebacks and all."""
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def write_release(content: Path, release_id: str, front: str, body: str = "Text.\n") -> Path:
    folder = content / "releases" / release_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "release.md"
    path.write_text(f"---\n{front.strip()}\n---\n{body}", encoding="utf-8")
    return path


MINIMAL_FRONT = """\
language: en
languages: [en]
kind: statement
headline: A statement
dateline: Mexico City
date: 2024-03-01
"""
