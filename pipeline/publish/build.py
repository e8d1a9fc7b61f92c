"""``pressroom build``: the stages in order, everything validated before anything is written.

Load the site, plan every language edition, check every translation, render all HTML,
then the PDFs (in worker processes), and only then write files, index and manifest.
An output whose inputs hash to what the manifest recorded is not rendered again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.content.clock import now as clock_now
from pipeline.content.clock import today
from pipeline.content.loader import Site, load_site
from pipeline.content.paths import TEMPLATES
from pipeline.edition import language_edition as editions
from pipeline.edition.schedule import edition, is_due
from pipeline.errors import ContentErrors, Problem
from pipeline.files import remove_stale_temporaries
from pipeline.publish import noop_check, output_files
from pipeline.publish.input_hashes import edition_digest, program_digest
from pipeline.render.jinja_html import Templates, templates
from pipeline.render.template_view import view

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    templates: Path = TEMPLATES
    ids: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    on: dt.date | None = None
    due: bool = False
    review_copies: bool = False
    force: bool = False
    jobs: int | None = None
    now: dt.datetime | None = None  # the moment embargoes are compared with (default: the clock)


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)  # one line per unpublishable language
    due: list[str] = field(default_factory=list)  # release/edition pairs considered
    selected: int = 0
    notes: list[str] = field(default_factory=list)  # one line each, e.g. why there is no feed


@dataclass(frozen=True)
class Job:
    """One language edition to render: its HTML for print and web, and where they go."""

    le: editions.LanguageEdition
    kind: str  # "edition" | "review"
    inputs: str

    @property
    def stem(self) -> str:
        rel, day = self.le.release.id, self.le.edition.day.isoformat()
        if self.kind == "review":
            return f"{rel}/{day}/review/{rel}-{self.le.lang}-review"
        return f"{rel}/{day}/{self.le.lang}/{rel}-{self.le.lang}"

    @property
    def label(self) -> str:
        return f"{self.le.release.id}, language {self.le.lang}"


def plan_jobs(
    site: Site,
    tmpl: Templates,
    opts: BuildOptions,
    report: BuildReport,
    planner: editions.Planner | None = None,
) -> list[Job]:
    """Every output to consider, with the hash of its inputs; nothing is rendered yet."""
    planner = planner or editions.Planner(site, tmpl.folder)
    on = opts.on or today(site.organization.timezone)
    program = program_digest(tmpl.folder)
    jobs: list[Job] = []
    problems: list[Problem] = []
    for release in site.select(opts.ids):
        ed = edition(release.front, site.organization.timezone, on)
        if opts.due and not is_due(release.front, ed, on):
            continue
        report.selected += 1
        report.due.append(f"{release.id} {ed.day.isoformat()}")
        for lang in release.front.languages:
            if opts.langs and lang not in opts.langs:
                continue
            le = planner(release, lang, ed)
            problems += editions.translation_problems(le)
            if le.publishable:
                kind = "edition"
            else:
                report.held_back.append(
                    f"{release.id} {ed.day.isoformat()} {lang}: not "
                    f"publishable ({le.holding_back()})"
                )
                if not opts.review_copies:
                    continue
                kind = "review"
            inputs = edition_digest(program, site, release, lang, ed.day.isoformat(), kind)
            jobs.append(Job(le, kind, inputs))
    if problems:
        raise ContentErrors(problems)
    return jobs


def render_html(job: Job, tmpl: Templates, web: bool) -> str:
    le = job.le
    context = view(le, review=job.kind == "review", web=web)
    return tmpl.render(f"{le.release.front.kind}.html", context, le.labels)


def _render(html: str, base: str, roots: tuple[str, ...], label: str) -> bytes:
    from pipeline.render.weasyprint_pdf import (
        render_pdf,  # WeasyPrint loads only where PDFs are made
    )

    return render_pdf(html, Path(base), [Path(r) for r in roots], label=label)


def render_all(
    jobs: list[Job], site: Site, tmpl: Templates, workers: int, progress: Progress | None
) -> list[bytes]:
    roots = (str(site.root), str(tmpl.folder))
    args = [(render_html(job, tmpl, web=False), str(site.root), roots, job.label) for job in jobs]
    results: list[bytes] = []
    if workers <= 1 or len(jobs) <= 1:
        for index, arg in enumerate(args):
            results.append(_render(*arg))
            if progress:
                progress(index + 1, len(jobs))
        return results
    import weasyprint  # noqa: F401 - imported once here, inherited by the forked workers

    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        for index, pdf in enumerate(pool.map(_render, *zip(*args, strict=True))):
            results.append(pdf)
            if progress:
                progress(index + 1, len(jobs))
    return results


def build(opts: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build the selected editions; raises ContentErrors/BuildError before writing anything."""
    from pipeline.publish.site_writer import build_site
    from pipeline.publish.staff_index import write_index

    key = noop_check.options_key(opts.ids, opts.langs, opts.due, opts.review_copies, opts.templates)
    now = opts.now or clock_now()
    day = noop_check.resolved_day(opts.content, opts.on, opts.now)
    # Taken before reading anything: an edit made during the build makes the next run work.
    fingerprint = noop_check.fingerprint(opts.content, opts.templates, key, day) if day else None
    site = load_site(opts.content)
    tmpl = templates(opts.templates.resolve())
    report = BuildReport()
    if opts.on is None and opts.now is not None:  # --now alone: the build's day is now's day
        opts = replace(opts, on=opts.now.astimezone(ZoneInfo(site.organization.timezone)).date())
    remove_stale_temporaries(opts.output)
    planner = editions.Planner(site, tmpl.folder)
    jobs = plan_jobs(site, tmpl, opts, report, planner)
    manifest = output_files.load_manifest(opts.output)
    todo = [
        j
        for j in jobs
        if opts.force
        or not all(
            output_files.unchanged(manifest, opts.output, f"{j.stem}{ext}", j.inputs)
            for ext in (".pdf", ".html")
        )
    ]
    report.unchanged = [f"{j.stem}.pdf" for j in jobs if j not in todo]
    pdfs = render_all(todo, site, tmpl, opts.jobs or os.cpu_count() or 1, progress)
    outputs = []
    for job, pdf in zip(todo, pdfs, strict=True):
        common = dict(
            inputs=job.inputs,
            release=job.le.release.id,
            language=job.le.lang,
            edition=job.le.edition.day.isoformat(),
            kind=job.kind,
        )
        outputs.append(output_files.Output(f"{job.stem}.pdf", pdf, **common))
        web = render_html(job, tmpl, web=True).encode("utf-8")
        outputs.append(output_files.Output(f"{job.stem}.html", web, **common))
    report.written = output_files.write_outputs(opts.output, outputs, manifest)
    on = opts.on or today(site.organization.timezone)
    public = build_site(site, tmpl, planner, manifest, opts.output, now)
    report.notes = public.notes
    write_index(site, tmpl, opts.output, manifest, on, planner, public.public)
    if fingerprint is not None and day == on:
        manifest.setdefault("runs", {})[key] = {
            "fingerprint": fingerprint,
            "held_back": report.held_back,
            "unchanged": len(jobs),
            "selected": report.selected,
            "notes": report.notes,
            "public_window": public.window(),
        }
    output_files.save_manifest(opts.output, manifest)
    return report
