"""Shared fixtures: a copy of the real sample content, and the real CLI run in-process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the sample content that a test may edit."""
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


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
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
