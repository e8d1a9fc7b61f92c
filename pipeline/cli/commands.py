"""The command line: parse arguments, call one function per command, map errors to exits.

Exit codes: 0 success, 1 content or build errors, 2 usage errors. No traceback reaches
the user for a problem in their files.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from pipeline.errors import ContentErrors, PressroomError, UsageError

if TYPE_CHECKING:
    from pipeline.content.loader import Site

app = typer.Typer(
    name="pressroom",
    help="Press releases from one Markdown file to reviewed, outlet-ready PDF and HTML.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# Piped (cron, logs): wide enough that tables are never truncated.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ContentOpt = Annotated[Path, typer.Option("--content", help="The content folder.")]
OutputOpt = Annotated[Path, typer.Option("--output", help="Where editions are written.")]


def _date_in_range(value: dt.datetime | None) -> dt.datetime | None:
    """A --date whose next anniversary and lead window can still be computed."""
    from pipeline.content.dates import LAST_YEAR

    if value is not None and value.year > LAST_YEAR:
        raise typer.BadParameter(f"dates go up to {LAST_YEAR}-12-31")
    return value


def _language_codes(values: list[str] | str | None) -> list[str] | str | None:
    """--lang and --to take language codes (es, pt-BR), never paths or names."""
    from pipeline.content.models import check_language

    for value in [values] if isinstance(values, str) else values or []:
        try:
            check_language(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return values


DateOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--date",
        formats=["%Y-%m-%d"],
        callback=_date_in_range,
        help="Build as if today were this day "
        "(YYYY-MM-DD; default: today in the organisation's time zone).",
    ),
]


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _moment(value: str | None) -> dt.datetime | None:
    """``--now``: an ISO date and time that says its UTC offset, or a usage error."""
    from pipeline.content.dates import parse_datetime

    if value is None:
        return None
    try:
        return parse_datetime(value)  # impossible days, hours and offsets; years up to 2999
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--now'") from None


@app.command()
def validate(content: ContentOpt = Path("content")) -> None:
    """Load and validate all content and PO files; list every error at once."""
    from pipeline.edition.status import check_site

    summary, warnings = check_site(content)
    for warning in warnings:
        err.print(f"warning: {warning}", markup=False)
    out.print(f"content is valid: {summary}")


@app.command()
def build(
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="Releases to build (default: all)."),
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", callback=_language_codes, help="Only these languages."),
    ] = None,
    date: DateOpt = None,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            metavar="DATETIME",
            help="The moment embargoes are compared with, with its UTC offset "
            "(e.g. 2027-01-20T09:00:00-06:00; default: the clock).",
        ),
    ] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Only editions due within their lead days.")
    ] = False,
    review_copies: Annotated[
        bool,
        typer.Option(
            "--review-copies", help="Render unreviewed languages as watermarked review copies."
        ),
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", min=1, help="Worker processes (default: all cores).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Render even unchanged outputs.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a language is held back (for cron).")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", help="List every held-back language, however many there are."),
    ] = False,
    content: ContentOpt = Path("content"),
    output: OutputOpt = Path("output"),
) -> None:
    """Build editions into OUTPUT/ID/DATE/LANG/ (PDF and HTML), index, manifest and OUTPUT/site/."""
    from pipeline.cli.progress_bar import bar
    from pipeline.files import locked
    from pipeline.publish.build import BuildOptions
    from pipeline.publish.build import build as run_build
    from pipeline.publish.build_summary import (
        broken_lines,
        held_back_lines,
        strict_failure,
        summary,
    )

    options = BuildOptions(
        content=content,
        output=output,
        ids=tuple(ids or ()),
        langs=tuple(lang or ()),
        on=_day(date),
        due=due,
        review_copies=review_copies,
        force=force,
        jobs=jobs,
        now=_moment(now),
    )
    with locked(content), bar("Rendering", enabled=out.is_terminal) as progress:
        report = run_build(options, progress)
    written, unchanged = len(report.written), len(report.unchanged)
    held_back, selected = report.held_back, report.selected
    for line in [*report.held, *held_back_lines(held_back, verbose), *report.withdrawn]:
        err.print(line, markup=False)
    for line in broken_lines(report.broken):
        err.print(line, markup=False)
    for line in report.warnings:
        err.print(f"warning: {line}", markup=False)
    if due and not selected:
        out.print("nothing due")
    else:
        for line in report.notes:
            out.print(line, markup=False)
        out.print(summary(written, unchanged, len(held_back), output), markup=False)
    if report.broken:
        raise typer.Exit(1)
    if strict and selected and (held_back or report.warnings):
        err.print(strict_failure(len(held_back), len(report.warnings)), markup=False)
        raise typer.Exit(1)


@app.command()
def status(
    release: Annotated[str | None, typer.Argument(help="One release (default: all).")] = None,
    date: DateOpt = None,
    content: ContentOpt = Path("content"),
) -> None:
    """Table of release x language: approved / outdated / draft / missing, publishable or not."""
    from pipeline.edition.status import load_reporting, outdated_lines, plan_all, status_table

    site = load_reporting(content)
    if release is not None:
        site.release(release)  # a broken one: its errors, exit 1
    table = status_table(site, release, _day(date))
    if out.is_terminal:
        out.print(table)
    else:  # cron, a pipe, a file: the same frame, fast, one line per row
        from pipeline.cli.plain_table import render

        out.file.write(render(table))
    if release is not None:
        for line in outdated_lines(plan_all(site, _day(date), release)):
            out.print(line, markup=False)
    _report_broken(site)


@app.command()
def translate(
    release: Annotated[str, typer.Argument(metavar="ID", help="The release to translate.")],
    to: Annotated[
        list[str],
        typer.Option("--to", callback=_language_codes, help="Target language (repeatable)."),
    ],
    provider: Annotated[
        str, typer.Option("--provider", help="google, deepl, microsoft, libre, mymemory or pseudo.")
    ] = "google",
    provider_url: Annotated[
        str | None, typer.Option("--provider-url", help="Server of a self-hosted service (libre).")
    ] = None,
    clear_pseudo: Annotated[
        bool,
        typer.Option("--clear-pseudo", help="Remove leftover pseudo drafts; translate nothing."),
    ] = False,
    content: ContentOpt = Path("content"),
) -> None:
    """Machine drafts into drafts/LANG.po for units neither approved nor drafted."""
    from pipeline.cli.progress_bar import bar
    from pipeline.files import locked
    from pipeline.l10n.machine_translation import clear_pseudo as run_clear_pseudo
    from pipeline.l10n.machine_translation import translate as run_translate

    if clear_pseudo:
        with locked(content):
            cleared = run_clear_pseudo(content, release, tuple(to))
        out.print(f"cleared {cleared} pseudo draft(s)")
        return
    with locked(content), bar("Translating", enabled=out.is_terminal) as progress:
        report = run_translate(content, release, tuple(to), provider, provider_url, progress)
    for line in report.skipped_languages:
        err.print(f"skipped {line}", markup=False)
    for line in report.lost_masks:
        err.print(f"QA: {line}", markup=False)
    for line in report.kept_edits:
        err.print(f"kept a person's edit made while translate ran: {line}", markup=False)
    out.print(
        f"drafted {report.machine} unit(s) by machine ({report.calls} call(s)), "
        f"{report.memory} from translation memory, {report.outdated} outdated "
        "unit(s) with their earlier translation; review them, then run pressroom review"
    )


@app.command()
def review(
    release: Annotated[str, typer.Argument(metavar="ID", help="The release to review.")],
    lang: Annotated[
        str, typer.Option("--lang", callback=_language_codes, help="The language reviewed.")
    ],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Your name, for the record.")],
    accept_all: Annotated[
        bool,
        typer.Option(
            "--all", help="Accept every draft, not only those whose fuzzy flag you cleared."
        ),
    ] = False,
    content: ContentOpt = Path("content"),
) -> None:
    """Move accepted drafts into translations/LANG.po, stamped with the reviewer's name."""
    from pipeline.files import locked
    from pipeline.l10n.review import review as run_review

    with locked(content):
        report = run_review(content, release, lang, reviewer, accept_all)
    out.print(
        f"approved {report.approved} unit(s); {report.still_fuzzy} draft(s) still marked fuzzy"
    )
    if report.offered:
        out.print(
            f"{report.offered} outdated unit(s) added to drafts with their earlier "
            "translation: clear the fuzzy flag of each to approve it unchanged"
        )
    if report.refused_pseudo:
        err.print(
            f"refused {report.refused_pseudo} pseudo-localized draft(s): they are for "
            "layout checks only"
        )
    if report.refused_qa:
        err.print(
            f"refused {report.refused_qa} draft(s) whose machine translation lost a "
            "placeholder, name or link: fix them and add the qa-ok flag"
        )
    if report.stale:
        err.print(f"{report.stale} draft(s) no longer match the source text and were left alone")
    for line in report.kept_edits:
        err.print(f"kept a person's edit made while review ran: {line}", markup=False)


@app.command()
def due(date: DateOpt = None, content: ContentOpt = Path("content")) -> None:
    """Releases with an edition due within their lead days, and whether each language is ready."""
    from pipeline.edition.status import due_editions, load_reporting

    site = load_reporting(content)
    day, timezone, found = due_editions(site, _day(date))
    if not found:
        out.print(f"nothing due on {day.isoformat()}")
    for item in found:
        out.print(item.line(timezone), markup=False)
    _report_broken(site)


@app.command()
def check(
    release: Annotated[str | None, typer.Argument(help="One release (default: all).")] = None,
    content: ContentOpt = Path("content"),
) -> None:
    """QA of every translation and draft: numbers, placeholders, names, links and more."""
    from pipeline.edition.status import check_findings, load_reporting

    site = load_reporting(content)
    if release is not None:
        site.release(release)
    findings = check_findings(site, release)
    for finding in findings:
        out.print(str(finding), markup=False)
    blocking = [f for f in findings if f.blocks]
    out.print(f"{len(findings)} problem(s), {len(blocking)} blocking")
    _report_broken(site)
    if blocking:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    content: ContentOpt = Path("content"),
    output: OutputOpt = Path("output"),
) -> None:
    """The review page in a browser: approve translations without editing PO files."""
    from pipeline.web.serve import serve as run_server

    run_server(content, output, host, port, os.environ.get("PRESSROOM_SERVE_TOKEN"), out.print)


@app.command()
def export(
    lang: Annotated[str, typer.Option("--lang", help="The target language.")],
    release: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="The release (optional for tmx: all releases)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="xliff (a job for a CAT tool) or tmx (a memory).")
    ] = "xliff",
    output_file: Annotated[
        Path | None, typer.Option("-o", "--output-file", help="Write here (default: stdout).")
    ] = None,
    content: ContentOpt = Path("content"),
) -> None:
    """XLIFF 1.2 of a release for translators' CAT tools, or TMX of the approved translations."""
    from pipeline.l10n.exports import export_document, write_document

    data = export_document(content, release, lang, fmt)
    if output_file is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        write_document(output_file, data)
        err.print(f"wrote {output_file}", markup=False)


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="XLIFF files.")],
    content: ContentOpt = Path("content"),
) -> None:
    """XLIFF back from a translator: into drafts/ as fuzzy entries to review, never approved."""
    from pipeline.files import locked
    from pipeline.l10n.xliff_import import import_files

    with locked(content):
        report = import_files(content, files)
    for line in report.problems:
        err.print(line, markup=False)
    if report.files:
        out.print(
            f"imported {report.imported} unit(s) into drafts as fuzzy; {report.unchanged} "
            f"unchanged, {report.no_target} without translation, {len(report.problems)} "
            "skipped" + ("; review them, then run pressroom review" if report.imported else "")
        )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def send(
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="Releases to send (default: all)."),
    ] = None,
    date: DateOpt = None,
    due: Annotated[
        bool, typer.Option("--due", help="Only editions due within their lead days.")
    ] = False,
    outlet: Annotated[
        list[str] | None, typer.Option("--outlet", help="Only this outlet (repeatable).")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Write OUTPUT/ID/DATE/outbox/OUTLET.eml, send nothing."),
    ] = False,
    correction: Annotated[
        bool, typer.Option("--correction", help="Send editions changed since they were sent.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when an outlet's languages are not ready.")
    ] = False,
    content: ContentOpt = Path("content"),
    output: OutputOpt = Path("output"),
) -> None:
    """Email each outlet its ready languages on its paper, once (SMTP from organization.yaml)."""
    from pipeline.deliver.send import SendOptions, summary
    from pipeline.deliver.send import send as run_send
    from pipeline.files import locked

    options = SendOptions(
        content=content,
        output=output,
        ids=tuple(ids or ()),
        on=_day(date),
        due=due,
        outlets=tuple(outlet or ()),
        dry_run=dry_run,
        correction=correction,
    )
    with locked(content):
        report = run_send(options)
    plan = report.plan
    for line in [*plan.held, *plan.not_ready, *plan.changed]:
        err.print(f"not sent: {line}", markup=False)
    for line in report.failed:
        err.print(f"failed: {line}", markup=False)
    if due and not report.selected:
        out.print("nothing due")
        return
    out.print(summary(report, dry_run), markup=False)
    if report.failed or (strict and plan.not_ready):
        raise typer.Exit(1)


def _report_broken(site: Site) -> None:
    """The releases left out of a report for their content errors: listed, then exit 1."""
    from pipeline.edition.status import broken_problems

    if problems := broken_problems(site):
        raise ContentErrors(problems)


def main() -> None:
    """Console entry point: run the app, turning known errors into messages and exit codes."""
    try:
        code = app(standalone_mode=False)  # returns typer.Exit's code instead of raising it
        if isinstance(code, int) and code:
            sys.exit(code)
    except ContentErrors as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        err.print(f"{len(exc.problems)} error(s)", markup=False)
        sys.exit(1)
    except UsageError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(2)
    except PressroomError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except typer.BadParameter as exc:
        exc.show()
        sys.exit(2)
    except Exception as exc:  # click's usage errors arrive here in non-standalone mode
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):
            show()
            sys.exit(int(exc.exit_code))
        raise
