"""``pressroom send``: build what is due, decide what to send, then send it, once.

The order matters. The selected editions are built first (incrementally: usually nothing
to render), so the files mailed are exactly the files on disk and a deleted output/ is
rebuilt byte for byte. Then the facts are gathered, the pure planner decides, and each
message is composed and either written to output/ID/DATE/outbox/ (``--dry-run``) or
handed to the mail server and recorded in content/sent.jsonl before the next one goes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.content import clock
from pipeline.content.clock import today
from pipeline.content.loader import Site, load_site
from pipeline.content.paths import ORGANIZATION, TEMPLATES
from pipeline.content.sent_log import SentRecord, append_sent, read_sent
from pipeline.deliver.compose import compose, envelope
from pipeline.deliver.outbox_plan import (
    EditionFacts,
    EditionFile,
    OutboxPlan,
    check_outlet_names,
    plan_outbox,
)
from pipeline.deliver.smtp_client import Mailer, OutletRefused
from pipeline.edition import language_edition as editions
from pipeline.edition.schedule import edition, is_due
from pipeline.errors import BuildError, ContentErrors
from pipeline.files import atomic_write, sha256
from pipeline.publish.build import BuildOptions, build
from pipeline.render.jinja_html import templates
from pipeline.render.template_view import paper_variants


@dataclass(frozen=True)
class SendOptions:
    content: Path
    output: Path
    templates: Path = TEMPLATES
    ids: tuple[str, ...] = ()
    on: dt.date | None = None
    due: bool = False
    outlets: tuple[str, ...] = ()
    dry_run: bool = False
    correction: bool = False


@dataclass
class SendReport:
    plan: OutboxPlan = field(default_factory=OutboxPlan)
    sent: list[str] = field(default_factory=list)  # "release edition outlet"
    written: list[Path] = field(default_factory=list)  # dry-run .eml files
    failed: list[str] = field(default_factory=list)  # outlets refused by the server
    selected: int = 0


def outlet_slug(name: str) -> str:
    """La Jornada -> la-jornada; Azərbaycan -> azerbaycan (file names safe everywhere)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "outlet"


def _file(output: Path, relpath: str, lang: str) -> EditionFile:
    path = output / relpath
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{path}: cannot read the file to send: {exc.strerror}") from None
    return EditionFile(path.name, relpath, lang, sha256(data), len(data))


def gather(
    site: Site, planner: editions.Planner, opts: SendOptions, on: dt.date
) -> list[EditionFacts]:
    """The selected editions, their ready languages and their files on every paper wanted."""
    out = []
    main = site.organization.paper
    for release in site.select(opts.ids):
        ed = edition(release.front, site.organization.timezone, on)
        if opts.due and not is_due(release.front, ed, on):
            continue
        day = ed.day.isoformat()
        ready, not_ready = [], {}
        files: dict[tuple[str, str], tuple[EditionFile, ...]] = {}
        hold = bool(getattr(release.front, "hold", False))
        for lang in release.front.languages:
            le = planner(release, lang, ed)
            if not le.publishable:
                not_ready[lang] = f"not publishable: {le.holding_back()}"
                continue
            ready.append(lang)
            if hold:
                continue
            stem = f"{release.id}/{day}/{lang}/{release.id}-{lang}"
            ics = (
                [_file(opts.output, f"{stem}.ics", lang)]
                if (opts.output / f"{stem}.ics").is_file()
                else []
            )
            files[(lang, main)] = (_file(opts.output, f"{stem}.pdf", lang), *ics)
            for paper in paper_variants(site, release, lang):
                variant = _file(opts.output, f"{stem}-{paper.lower()}.pdf", lang)
                files[(lang, paper)] = (variant, *ics)
        out.append(
            EditionFacts(
                release.id,
                day,
                release.front.tags,
                hold,
                release.front.languages,
                tuple(ready),
                not_ready,
                files,
                main,
            )
        )
    return out


def _check_config(site: Site, plan: OutboxPlan, dry_run: bool) -> None:
    file = site.root / ORGANIZATION
    if plan.needs_site_url:
        raise ContentErrors.one(
            file,
            1,
            "site_url",
            "needed to send links instead of attachments to "
            f"{', '.join(plan.needs_site_url)}: add the address where output/site/ is served",
        )
    if plan.messages and not dry_run and site.organization.smtp is None:
        raise ContentErrors.one(
            file,
            1,
            "smtp",
            "required to send email (host, port, security, username, from); "
            "pressroom send --dry-run writes the messages to output/ID/DATE/outbox/ instead",
        )


def send(opts: SendOptions) -> SendReport:
    """Build, plan and send (or write) every message due; call under the run lock."""
    site = load_site(opts.content)
    check_outlet_names(site.outlets, opts.outlets)
    on = opts.on or today(site.organization.timezone)
    built = build(
        BuildOptions(opts.content, opts.output, opts.templates, opts.ids, on=on, due=opts.due)
    )
    report = SendReport(selected=built.selected)
    tmpl = templates(opts.templates.resolve())
    planner = editions.Planner(site, tmpl.folder)
    facts = gather(site, planner, opts, on)
    report.plan = plan = plan_outbox(
        site.outlets,
        facts,
        read_sent(opts.content),
        only=opts.outlets,
        correction=opts.correction,
        has_site_url=site.organization.site_url is not None,
    )
    _check_config(site, plan, opts.dry_run)
    env = envelope(site.organization)
    mailer = None
    if plan.messages and not opts.dry_run:
        assert site.organization.smtp is not None
        mailer = Mailer(site.organization.smtp)
    try:
        for planned in plan.messages:
            release = site.releases[planned.facts.release]
            ed = edition(release.front, site.organization.timezone, on)
            le = planner(release, planned.languages[0], ed)
            now = clock.now().astimezone(dt.UTC).replace(microsecond=0)
            msg = compose(planned, le, tmpl, opts.output, env, now)
            where = f"{planned.facts.release} {planned.facts.edition} to {planned.outlet.name}"
            if mailer is None:
                path = (
                    opts.output
                    / planned.facts.release
                    / planned.facts.edition
                    / "outbox"
                    / f"{outlet_slug(planned.outlet.name)}.eml"
                )
                atomic_write(path, bytes(msg))
                report.written.append(path)
                continue
            to = list(planned.outlet.email)
            try:
                refused = mailer.send(msg, to)
            except OutletRefused as exc:
                report.failed.append(f"{where}: {exc}")
                continue
            delivered = tuple(a for a in to if a not in refused)
            append_sent(
                opts.content,
                SentRecord(
                    time=now.isoformat(),
                    release=planned.facts.release,
                    edition=planned.facts.edition,
                    outlet=planned.outlet.name,
                    to=delivered,
                    languages=planned.languages,
                    message_id=str(msg["Message-ID"]),
                    attachments=planned.attachments,
                    attach="link" if planned.linked else "pdf",
                    correction=planned.correction_of is not None,
                ),
            )
            report.sent.append(where)
            if refused:
                addresses = ", ".join(f"{a} ({c})" for a, (c, _) in refused.items())
                report.failed.append(f"{where}: recipients refused: {addresses}")
    finally:
        if mailer is not None:
            mailer.close()
    return report


def summary(report: SendReport, dry_run: bool) -> str:
    """The one line a press officer reads in cron's mail when all is well."""
    plan = report.plan
    done = (
        f"wrote {len(report.written)} message(s) to outbox/ (dry run, nothing sent)"
        if dry_run
        else f"sent {len(report.sent)} message(s)"
    )
    parts = [done, f"{len(plan.already_sent)} already sent"]
    if plan.changed:
        parts.append(f"{len(plan.changed)} changed since sent (see above)")
    if plan.not_ready:
        parts.append(f"{len(plan.not_ready)} held back (see above)")
    if plan.without_email:
        parts.append(f"{len(plan.without_email)} to outlet(s) without email")
    return "; ".join(parts)
