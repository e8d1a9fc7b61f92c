"""Every PO file under content/, checked on its own: one broken file never hides another.

``validate`` reports the problems of all PO files together with those of the YAML and
Markdown files, so a translator's typo in ``es.po`` and a staff member's typo in a
release show up in the same run.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.content.paths import RELEASES
from pipeline.errors import ContentError, Problem
from pipeline.l10n.unit_status import read_po

_PATTERNS = (
    "translations/*.po",
    "drafts/*.po",
    f"{RELEASES}/*/translations/*.po",
    f"{RELEASES}/*/drafts/*.po",
)


def po_files(content: Path) -> list[Path]:
    return sorted(path for pattern in _PATTERNS for path in content.glob(pattern))


def po_problems(content: Path) -> list[Problem]:
    """The problem of each broken (or linked-out) PO file in the content folder."""
    problems = []
    for path in po_files(content):
        try:
            read_po(path)
        except ContentError as exc:
            problems.append(exc.problem)
    return problems
