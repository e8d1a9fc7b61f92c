"""The digest of a folder (templates/, the package) follows its files, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.publish.input_hashes import folder_digest


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    (root / "locales").mkdir(parents=True)
    (root / "style.css").write_text("body { color: black; }\n")
    (root / "locales" / "es.po").write_text('msgid ""\nmsgstr ""\n')
    return root


def test_a_changed_or_added_file_changes_it(tmp_path: Path) -> None:
    root = folder(tmp_path)
    before = folder_digest(root)
    (root / "locales" / "fr.po").write_text('msgid ""\nmsgstr ""\n')
    added = folder_digest(root)
    (root / "style.css").write_text("body { color: navy; }\n")
    assert len({before, added, folder_digest(root)}) == 3


def test_bytecode_dangling_links_and_link_loops_leave_it_alone(tmp_path: Path) -> None:
    root = folder(tmp_path)
    before = folder_digest(root)
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    os.symlink(root / "gone.html", root / ".#style.css")  # an editor's lock: a dangling link
    os.symlink(root / "loop", root / "loop")  # a link to itself
    assert folder_digest(root) == before
