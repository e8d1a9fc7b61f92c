"""The words a build prints: one summary line for cron, and the --strict failure.

Shared by the full build and the no-op fast path, which must say exactly the same thing;
standard library only, because the fast path imports it before anything heavy loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path


def summary(written: int, unchanged: int, held_back: int, output: Path) -> str:
    """The one line a build prints on stdout (what cron mails when all is well)."""
    return (
        f"built {written} file(s), {unchanged} edition(s) unchanged, {held_back} "
        f"language(s) held back; index: {output / 'index.html'}"
    )


# Up to this many held-back languages are listed one per line; more are one summary line
# (a big site's cron mail would otherwise be hundreds of lines): --verbose lists them all.
FEW_HELD_BACK = 10


def held_back_lines(held_back: list[str], verbose: bool) -> list[str]:
    """What a build says on stderr about languages it did not publish."""
    if verbose or len(held_back) <= FEW_HELD_BACK:
        return [f"skipped {line}" for line in held_back]
    releases = {line.split(" ", 1)[0] for line in held_back}
    return [
        f"skipped {len(held_back)} language(s) not publishable in {len(releases)} "
        "release(s); pressroom status shows why (build --verbose lists each)"
    ]


def strict_failure(held_back: int, warnings: int = 0) -> str:
    if not held_back:
        return f"strict: {warnings} warning(s) stand (see above); everything else was built."
    return (
        f"strict: {held_back} language(s) not publishable; the others were built. "
        "Review the drafts (pressroom status, pressroom check)."
    )


def broken_lines(broken: Mapping[str, Iterable[object]]) -> list[str]:
    """A release left out for its content errors: every error, then one line saying so."""
    lines = []
    for release_id, problems in sorted(broken.items()):
        found = [str(p) for p in problems]
        lines += found
        lines.append(f"skipped {release_id}: {len(found)} content error(s), not built")
    return lines
