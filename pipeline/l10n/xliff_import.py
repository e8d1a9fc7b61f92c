"""``pressroom import FILE...``: translations from a CAT tool land in drafts/, fuzzy.

Each ``<file>`` of each XLIFF is matched to a release (or the organisation) through its
``original``, its languages are checked against the content, and ``import_decisions``
decides unit by unit. Accepted units are written to drafts/LANG.po as fuzzy entries with
``#. import: FILE DATE`` in place of any machine provenance (the text is now the
translator's), so ``pressroom review`` treats them like any draft. translations/ is never
written. A unit that changes nothing is not written either, so importing the same file a
second time leaves every PO file byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib  # type: ignore[import-untyped]

from pipeline.content.clock import today
from pipeline.content.loader import Site, load_site
from pipeline.content.models import check_language
from pipeline.errors import ContentError
from pipeline.l10n.exchange import JobFile, file_for_original
from pipeline.l10n.import_decisions import Decision, Verdict, decide_units
from pipeline.l10n.po_writer import Header, open_po, save_po, set_comment, upsert
from pipeline.l10n.unit_status import read_po, unit_states
from pipeline.l10n.xliff_read import ReadFile, read_xliff

IMPORT_NOTE = "import:"
# Notes about the text that was there before: they do not describe the translator's text.
_REPLACED_NOTES = ("machine:", "memory:", "qa:", "outdated:", IMPORT_NOTE)


@dataclass
class ImportReport:
    files: int = 0  # files read (not refused)
    imported: int = 0
    unchanged: int = 0
    no_target: int = 0
    problems: list[str] = field(default_factory=list)  # FILE:LINE: ... one per line

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def _same_language(given: str, wanted: str) -> bool:
    """en-US in a file is our en (po2xliff writes en-US by default); es is not es-MX."""
    given, wanted = given.replace("_", "-").lower(), wanted.lower()
    return given == wanted or ("-" not in wanted and given.split("-")[0] == wanted)


def _tidy_tag(tag: str) -> str:
    """RU, ru_RU, ru-ru as CAT tools write them: ru, ru-RU (BCP 47's usual case)."""
    parts = tag.strip().replace("_", "-").split("-")
    tidy = [parts[0].lower()]
    for part in parts[1:]:
        tidy.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part)
    return "-".join(tidy)


def _resolve_document(
    site: Site, files: Sequence[ReadFile]
) -> list[tuple[ReadFile, JobFile, str]] | list[tuple[ReadFile, str]]:
    """Every ``<file>`` of one XLIFF document resolved, or the problems of those that are not.

    A document is one job (a release and its organisation text in one language): when any of
    its files is refused, none is imported, so a wrong target language writes nothing.
    """
    resolved = [(read, _resolve(site, read)) for read in files]
    refused = [(read, why) for read, why in resolved if isinstance(why, str)]
    if refused:
        return refused
    jobs = [(read, *ok) for read, ok in resolved if not isinstance(ok, str)]
    release_langs = {lang for _, job, lang in jobs if job.label in site.releases}
    out: list[tuple[ReadFile, JobFile, str]] = []
    for read, job, lang in jobs:
        same = [r for r in release_langs if r != lang and _same_language(lang, r)]
        if job.label not in site.releases and same:  # ru-RU beside its release's ru
            job = file_for_original(site, read.original, same[0]) or job
            lang = same[0]
        out.append((read, job, lang))
    return out


def _resolve(site: Site, read: ReadFile) -> tuple[JobFile, str] | str:
    """The job file and target language of one ``<file>``, or why it cannot be imported."""
    if not read.target_language:
        return "the <file> has no target-language"
    lang = _tidy_tag(read.target_language)
    try:
        check_language(lang)
    except ValueError as exc:
        return f"target-language: {exc}"
    job = file_for_original(site, read.original, lang)
    if job is None:
        return (
            f"original '{read.original}' is no release (releases/ID/release.md) of this "
            "content, nor organization.yaml in another language than its own"
        )
    if job.label in site.releases:
        release = site.releases[job.label]
        spelled = [x for x in release.front.languages if x.lower() == lang.lower()]
        spelled = spelled or [x for x in release.front.languages if _same_language(lang, x)]
        if not spelled or spelled[0] == release.front.language:
            have = ", ".join(release.front.languages)
            return f"target-language '{lang}' is not a translation of {job.label} (it has: {have})"
        lang = spelled[0]
        job = file_for_original(site, read.original, lang) or job
    if not _same_language(read.source_language, job.source_language):
        return (
            f"source-language '{read.source_language}' is not the source of {job.label} "
            f"('{job.source_language}')"
        )
    return job, lang


def _write(job: JobFile, lang: str, accepted: Sequence[Decision], note: str, on: dt.date) -> None:
    po = open_po(job.drafts, lang, f"Drafts (not reviewed, never published): {job.label}, {lang}.")
    for decision in accepted:
        assert decision.key is not None
        entry: polib.POEntry = upsert(
            po, decision.key, decision.text, fuzzy=True, previous_msgid=decision.previous_msgid
        )
        for prefix in _REPLACED_NOTES:
            set_comment(entry, "comment", prefix, None)
        set_comment(entry, "comment", IMPORT_NOTE, note)
        if "qa-ok" in entry.flags:
            entry.flags.remove("qa-ok")  # a reviewer's override was for the text replaced
    save_po(po, job.drafts, Header(f"Pressroom {job.label}", lang, "XLIFF import", on))


def import_files(content: Path, paths: Sequence[Path]) -> ImportReport:
    """Import every file; problems are gathered, the rest is imported."""
    site = load_site(content)
    on = today(site.organization.timezone)
    stamp = on.isoformat()
    report = ImportReport()
    for path in paths:
        try:
            files = read_xliff(path)
        except ContentError as exc:
            report.problems.append(str(exc.problem))
            continue
        report.files += 1
        document = _resolve_document(site, files)
        for item in document:
            if len(item) == 2:
                read, why = item
                report.problems.append(
                    f"{path}:{read.line}: {why}: nothing imported from this file"
                )
                continue
            read, job, lang = item
            drafts = read_po(job.drafts)
            states = unit_states(job.units, read_po(job.translations), drafts)
            texts = {key: entry for key, entry in drafts.entries.items() if entry.msgstr}
            decisions = decide_units(read.units, states, texts)
            accepted = [d for d in decisions if d.verdict is Verdict.ACCEPT]
            for decision in decisions:
                if decision.verdict.is_problem:
                    report.problems.append(
                        f"{path}:{decision.unit.line}: unit {decision.unit.id}: "
                        f"{decision.verdict}: {decision.reason}: skipped"
                    )
            report.unchanged += sum(d.verdict is Verdict.UNCHANGED for d in decisions)
            report.no_target += sum(d.verdict is Verdict.NO_TARGET for d in decisions)
            if accepted:
                _write(job, lang, accepted, f"{IMPORT_NOTE} {path.name} {stamp}", on)
                report.imported += len(accepted)
    return report
