"""``pressroom build``: the stages in order, everything validated before anything is written.

Load the site (a broken release is left out, not fatal), plan every language edition,
decide what to withdraw, have every edition rendered (HTML and PDF, by worker processes
the renderer forks: ``renderer``, started first so WeasyPrint loads meanwhile), and only
then publish files, index and manifest, all or nothing. An output whose inputs hash to
what the manifest recorded is not rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.content.clock import now as clock_now
from pipeline.content.clock import today
from pipeline.content.language_codes import require_some
from pipeline.content.loader import Release, Site, load_site
from pipeline.content.paths import TEMPLATES
from pipeline.edition import language_edition as editions
from pipeline.edition.schedule import Edition, edition, is_due
from pipeline.errors import BuildError, Problem
from pipeline.files import cannot_write, remove_stale_temporaries, staging_area
from pipeline.l10n import qa_memo
from pipeline.publish import noop_check, output_files, render_workers, withdrawal
from pipeline.publish.edition_render import EditionRender, by_edition
from pipeline.publish.input_hashes import edition_digest, program_digest
from pipeline.publish.jobs import Job, job_files
from pipeline.publish.manifest_types import JobKind
from pipeline.publish.renderer import Renderer
from pipeline.render.images import IMAGE_CACHE, ImageCache
from pipeline.render.jinja_html import Templates, templates
from pipeline.render.template_view import paper_variants

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
    warnings: list[str] = field(default_factory=list)  # fail only a --strict build
    selected: int = 0
    broken: dict[str, tuple[Problem, ...]] = field(default_factory=dict)  # left out: errors
    held: list[str] = field(default_factory=list)  # one line per release on hold
    withdrawn: list[str] = field(default_factory=list)  # one line per edition taken down
    notes: list[str] = field(default_factory=list)  # one line each, e.g. why there is no feed


def selected_editions(site: Site, opts: BuildOptions, on: dt.date) -> list[tuple[Release, Edition]]:
    """The releases this run builds (named, or all; with --due only the due ones)."""
    selected = []
    releases = site.select(opts.ids)
    if opts.langs:
        require_some({r.id: r.front.languages for r in releases}, opts.langs)
    for release in releases:
        ed = edition(release.front, site.organization.timezone, on)
        if not opts.due or is_due(release.front, ed, on):
            selected.append((release, ed))
    return selected


def left_out(site: Site, opts: BuildOptions, report: BuildReport) -> None:
    """Releases not built: with content errors (an error of the run), or on hold (a note)."""
    named = set(opts.ids)
    report.broken = {
        rid: problems for rid, problems in site.broken.items() if not named or rid in named
    }
    report.held = [
        f"skipped {rid}: on hold (hold: true in its {release.file.name}), not built"
        for rid, release in site.held.items()
        if rid in named or not (named or opts.due)
    ]


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
    for release, ed in selected_editions(site, opts, on):
        report.selected += 1
        report.warnings += [str(w) for w in release.warnings]
        report.due.append(f"{release.id} {ed.day.isoformat()}")
        for lang in release.front.languages:
            if opts.langs and lang not in opts.langs:
                continue
            le = planner(release, lang, ed)
            kind: JobKind = "edition"
            if not le.publishable:
                report.held_back.append(
                    f"{release.id} {ed.day.isoformat()} {lang}: not "
                    f"publishable ({le.holding_back()})"
                )
                if not opts.review_copies:
                    continue
                kind = "review"
            inputs = edition_digest(program, site, release, lang, ed.day.isoformat(), kind)
            jobs.append(Job(le, kind, inputs))
            if kind == "edition":
                for paper in paper_variants(site, release, lang):
                    digest = hashlib.sha256(f"{inputs}\npaper {paper}".encode()).hexdigest()
                    jobs.append(Job(le, kind, digest, paper))
    return jobs


def render_editions(
    todo: list[Job],
    site: Site,
    tmpl: Templates,
    opts: BuildOptions,
    images: ImageCache,
    progress: Progress | None,
    staging: Path,
    renderer: Renderer,
) -> list[output_files.Output]:
    """Every file of the jobs to do, rendered and staged by the workers (see edition_render).

    The renderer process, warm since the build started, receives the plan, parses the
    stylesheet and forks the workers. Files are staged in ``staging``, which goes with
    everything in it if any edition fails: output/ is untouched.
    """
    # The photos of these editions only (planning met every release's): they travel with
    # the plan to the renderer, pickled.
    work = EditionRender(site, tmpl, staging, ImageCache(images.folder), by_edition(todo))
    if not work.editions:
        renderer.stop()  # nothing to render: its core is the build's again
        return []
    work.prepare_images()
    run = render_workers.Work(work.tasks(), work.render, before_fork=work.prepare_styles)
    staged = renderer.run(run, opts.jobs or os.cpu_count() or 1, progress)
    return [output for outputs in staged for output in outputs]


def check_output_folder(output: Path) -> None:
    """--output must be a folder (or not exist yet): say so before any work is done."""
    if output.exists() and not output.is_dir():
        raise BuildError(f"--output {output} is a file, not a folder")


def build(opts: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build the selected editions: gather and decide everything, render, then publish.

    A release with content errors is left out (``report.broken``) and the others are
    built. Nothing in output/ changes until every edition file of the run is rendered and
    staged; then the editions, the public site, the index and last the manifest. The
    renderer is started first thing (or the one the console script started is taken), so
    WeasyPrint loads while the site is loaded and planned.
    """
    check_output_folder(opts.output)
    with Renderer.started(opts.templates) as renderer:
        return _build(opts, renderer, progress)


def _build(opts: BuildOptions, renderer: Renderer, progress: Progress | None) -> BuildReport:
    from pipeline.publish.site_writer import build_site
    from pipeline.publish.staff_index import index_html

    key = noop_check.options_key(opts.ids, opts.langs, opts.due, opts.review_copies, opts.templates)
    now = opts.now or clock_now()
    day = noop_check.resolved_day(opts.content, opts.on, opts.now)
    # Taken before reading anything: an edit made during the build makes the next run work.
    fingerprint = noop_check.fingerprint(opts.content, opts.templates, key, day) if day else None
    site = load_site(opts.content, keep_going=True)
    tmpl = templates(opts.templates.resolve())
    report = BuildReport()
    if opts.on is None and opts.now is not None:  # --now alone: the build's day is now's day
        opts = replace(opts, on=opts.now.astimezone(ZoneInfo(site.organization.timezone)).date())
    left_out(site, opts, report)
    remove_stale_temporaries(opts.output)
    planner = editions.Planner(site, tmpl.folder)
    on = opts.on or today(site.organization.timezone)
    jobs = plan_jobs(site, tmpl, opts, report, planner)
    manifest = output_files.load_manifest(opts.output)
    withdrawn = withdrawal.withdrawals(
        manifest["files"], selected_editions(site, opts, on), planner, opts.langs
    )
    images = ImageCache(opts.output / IMAGE_CACHE)
    todo = [
        j
        for j in jobs
        if opts.force
        or not all(
            output_files.unchanged(manifest, opts.output, relpath, j.inputs)
            for relpath in job_files(j, images)
        )
    ]
    report.unchanged = [f"{j.stem}.pdf" for j in jobs if j not in todo]
    with staging_area(opts.output) as staging:
        outputs = render_editions(todo, site, tmpl, opts, images, progress, staging, renderer)
        report.written = output_files.publish(opts.output, outputs, manifest, withdrawn)
    report.withdrawn = [w.line() for w in withdrawn]
    try:  # the public site reads the editions just published
        public = build_site(site, tmpl, planner, manifest, opts.output, now)
    except OSError as exc:
        raise BuildError(cannot_write(exc)) from None
    report.notes = public.notes
    runs = manifest.setdefault("runs", {})
    if report.broken:
        runs.pop(key, None)  # errors are reported by every run until fixed: no fast path
    elif fingerprint is not None and day == on:
        runs[key] = {
            "fingerprint": fingerprint,
            "held_back": report.held_back,
            "held": report.held,
            "warnings": report.warnings,
            "unchanged": len(jobs),
            "selected": report.selected,
            "notes": report.notes,
            "public_window": public.window(),
        }
    index = index_html(site, tmpl, manifest, on, planner, public.public)
    output_files.finish(opts.output, index, manifest)
    qa_memo.flush()  # the QA results of this run's editions: the next run plans faster
    return report
