"""Withdrawn editions: what was published and may no longer be.

A language edition that was published and is no longer publishable (its source changed,
a translation became outdated, a QA block appeared, the language left the release) is
taken out of output/ and listed as withdrawn in the manifest. A review copy whose
language is now published (or gone) is no longer needed and goes too. The decision is a
pure function of the manifest and the plans; ``output_files.publish`` removes the files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.content.loader import Release
from pipeline.edition.language_edition import LanguageEdition
from pipeline.edition.schedule import Edition
from pipeline.publish.manifest_types import FileRecord, JobKind

PlanOf = Callable[[Release, str, Edition], LanguageEdition]
KINDS = ("edition", "review")  # the outputs a language edition's plan decides


@dataclass(frozen=True)
class Withdrawal:
    """The files of one language edition (or its review copy) to take out of output/."""

    release: str
    edition: str
    language: str
    kind: JobKind
    reason: str
    relpaths: tuple[str, ...]

    def line(self) -> str:
        what = "review copy" if self.kind == "review" else "edition"
        return (
            f"withdrawn {self.release} {self.edition} {self.language} {what}: {self.reason}; "
            f"removed {', '.join(self.relpaths)}"
        )


def _groups(files: dict[str, FileRecord]) -> dict[tuple[str, str, str, JobKind], list[str]]:
    groups: dict[tuple[str, str, str, JobKind], list[str]] = defaultdict(list)
    for relpath, record in files.items():
        if isinstance(record, dict) and record.get("kind") in KINDS:
            key = (record["release"], record["edition"], record["language"], record["kind"])
            groups[key].append(relpath)
    return groups


def _reason(release: Release, lang: str, kind: JobKind, plan: LanguageEdition | None) -> str | None:
    if lang not in release.front.languages:
        return "no longer one of the release's languages"
    if plan is None:
        return None
    if kind == "edition" and not plan.publishable:
        return f"no longer publishable ({plan.holding_back()})"
    if kind == "review" and plan.publishable:
        return "the language is published, its review copy no longer applies"
    return None


def withdrawals(
    files: dict[str, FileRecord],
    selected: list[tuple[Release, Edition]],
    plan_of: PlanOf,
    langs: tuple[str, ...] = (),
) -> list[Withdrawal]:
    """The published files of the selected editions that must come out of output/."""
    groups = _groups(files)
    out = []
    for release, ed in selected:
        day = ed.day.isoformat()
        for (rel, edition_day, lang, kind), relpaths in sorted(groups.items()):
            if rel != release.id or edition_day != day:
                continue
            if langs and lang not in langs and lang in release.front.languages:
                continue  # not considered by this run
            plan = plan_of(release, lang, ed) if lang in release.front.languages else None
            if reason := _reason(release, lang, kind, plan):
                out.append(Withdrawal(rel, day, lang, kind, reason, tuple(sorted(relpaths))))
    return out
