"""``validate`` and ``status``: the whole site checked, and where every language stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.table import Table

from pipeline.content.clock import today
from pipeline.content.loader import Site, load_site
from pipeline.content.paths import TEMPLATES, release_po_languages
from pipeline.content.sent_log import SentRecord, read_sent
from pipeline.edition import language_edition as editions
from pipeline.edition.schedule import edition, is_due
from pipeline.errors import ContentError, ContentErrors, Problem
from pipeline.l10n import qa_memo
from pipeline.l10n.po_files import po_problems
from pipeline.l10n.qa_checks import Finding
from pipeline.l10n.unit_status import Status, age_days


def plan_all(
    site: Site, on: dt.date | None, only: str | None = None
) -> list[editions.LanguageEdition]:
    site.select((only,) if only else ())
    day = on or today(site.organization.timezone)
    shared = editions.PerLanguage(site, TEMPLATES)
    out = []
    for release in site.releases.values():
        if only is not None and release.id != only:
            continue
        ed = edition(release.front, site.organization.timezone, day)
        out += [
            editions.plan(site, release, lang, ed, TEMPLATES, shared)
            for lang in release.front.languages
        ]
    return out


def check_site(content: Path) -> tuple[str, list[Problem]]:
    """Every content and PO problem at once (ContentErrors), or a one-line summary and
    the warnings (problems that only a --strict build refuses).

    Problems of a translation (a draft that kept {ordinal} in Russian) are QA findings
    of that language (``check``, ``status``), not content errors.
    """
    problems: list[Problem] = po_problems(content) if content.is_dir() else []
    try:
        site = load_site(content)
    except ContentErrors as exc:
        raise ContentErrors(exc.problems + problems) from None
    except ContentError as exc:
        raise ContentErrors([exc.problem, *problems]) from None
    if problems:
        raise ContentErrors(problems)
    # Every PO file was read above: planning each edition only to count them would read
    # them all again. What planning could still refuse is a language's template labels.
    languages = [lang for release in site.select() for lang in release.front.languages]
    shared = editions.PerLanguage(site, TEMPLATES)
    for lang in dict.fromkeys(languages):
        shared.labels(lang)
    held = f", {len(site.held)} on hold" if site.held else ""
    warnings = [w for release in site.releases.values() for w in release.warnings]
    return f"{len(site.releases)} release(s){held}, {len(languages)} language edition(s)", warnings


def load_reporting(content: Path) -> Site:
    """The site for status, due and check: a broken release does not hide the others."""
    return load_site(content, keep_going=True)


def broken_problems(site: Site) -> list[Problem]:
    """The content errors of the releases left out, to list after the report."""
    return [p for problems in site.broken.values() for p in problems]


def outdated_lines(les: list[editions.LanguageEdition]) -> list[str]:
    """For reviewers: what changed in the source of every outdated unit, and its old translation."""
    lines = []
    for le in les:
        for state in le.states + le.org_states:
            own = state.translation
            if state.previous is None and own is not None and state.entry is own and own.fuzzy:
                lines.append(
                    f"{own.file}:{own.line}: {le.lang}: needs review (marked fuzzy in "
                    f"translations/): {state.unit.msgid[:60]}"
                )
            if state.previous is None:
                continue
            unit, previous = state.unit, state.previous
            lines.append(
                f"{unit.file}:{unit.line}: {le.lang}: outdated {unit.context or 'paragraph'}\n"
                f"  was:  {previous.msgid}\n  now:  {unit.msgid}\n"
                f"  old translation ({previous.file}:{previous.line}): {previous.msgstr}"
            )
    return lines


def drafts_summary(le: editions.LanguageEdition, on: dt.date) -> str:
    """Where the drafts of a language edition come from, and how old they are."""
    groups: dict[str, list[int]] = {}
    for state in le.states + le.org_states:
        if state.entry is None or state.status is Status.APPROVED:
            continue
        line = state.entry.provider or "by hand"
        kind = line.split()[1] if line.startswith("machine:") else line.split(":")[0]
        age = age_days(line, on) if line.startswith("machine:") else None
        groups.setdefault(kind, []).append(-1 if age is None else age)
    parts = []
    for kind, ages in sorted(groups.items()):
        known = [a for a in ages if a >= 0]
        oldest = f", {max(known)} day(s) old" if known else ""
        parts.append(f"{kind} x{len(ages)}{oldest}")
    return "; ".join(parts)


def status_table(site: Site, only: str | None, on: dt.date | None) -> Table:
    table = Table(title="Translation status", title_justify="left")
    for column in (
        "release",
        "edition",
        "lang",
        "approved",
        "outdated",
        "draft",
        "missing",
        "publishable",
        "drafts from",
    ):
        table.add_column(
            column,
            justify="right" if column in ("approved", "outdated", "draft", "missing") else "left",
        )
    sent = read_sent(site.root)
    if sent:
        table.add_column("sent to")
    day = on or today(site.organization.timezone)
    for le in plan_all(site, on, only):
        counts = le.counts
        if not le.publishable:
            verdict = f"no: {le.holding_back()}"
        else:
            verdict = "yes (source)" if le.is_source else "yes"
        table.add_row(
            le.release.id,
            le.edition.day.isoformat(),
            le.lang,
            str(counts.approved),
            str(counts.outdated),
            str(counts.draft),
            str(counts.missing),
            verdict,
            drafts_summary(le, day),
            *([sent_to(sent, le)] if sent else []),
        )
    qa_memo.flush()
    return table


def sent_to(records: list[SentRecord], le: editions.LanguageEdition) -> str:
    """Which outlets received this language edition by email (pressroom send), and when."""
    got = {
        r.outlet: f"{r.outlet} {r.time.replace('T', ' ')[:16]} UTC"
        + (" (correction)" if r.correction else "")
        for r in records
        if r.release == le.release.id
        and r.edition == le.edition.day.isoformat()
        and le.lang in r.languages
    }
    return "; ".join(got.values())


def check_findings(site: Site, only: str | None) -> list[Finding]:
    """QA of every approved translation and draft of every language a release has files for."""
    site.select((only,) if only else ())
    day = today(site.organization.timezone)
    findings: list[Finding] = []
    shared = editions.PerLanguage(site, TEMPLATES)
    for release in site.releases.values():
        if only is not None and release.id != only:
            continue
        langs = set(release.front.languages) | release_po_languages(site.root, release.id)
        ed = edition(release.front, site.organization.timezone, day)
        for lang in sorted(langs - {release.front.language}):
            le = editions.plan(site, release, lang, ed, TEMPLATES, shared)
            findings += le.findings(include_drafts=True)
    qa_memo.flush()
    return sorted(set(findings), key=lambda f: (f.file, f.line, f.problem.message))


@dataclass(frozen=True)
class Due:
    """An edition due in the window, and where each of its languages stands."""

    le_list: tuple[editions.LanguageEdition, ...]

    def line(self, timezone: str) -> str:
        first = self.le_list[0]
        ed, release = first.edition, first.release
        years = f" ({ed.years} years)" if ed.years is not None else ""
        embargo = (
            f", embargoed until {ed.embargo.astimezone(ZoneInfo(timezone)):%Y-%m-%d %H:%M}"
            f" {timezone}"
            if ed.embargo
            else ", for immediate release"
        )
        langs = ", ".join(
            f"{le.lang} ready" if le.publishable else f"{le.lang} NOT READY ({le.holding_back()})"
            for le in self.le_list
        )
        return f"{release.id} {ed.day.isoformat()}{years}{embargo}: {langs}"


def due_editions(site: Site, on: dt.date | None) -> tuple[dt.date, str, list[Due]]:
    """Editions whose day falls in [D, D + lead_days] (D: today where the organisation is)."""
    day = on or today(site.organization.timezone)
    timezone = site.organization.timezone
    shared = editions.PerLanguage(site, TEMPLATES)
    found = []
    for release in site.select():  # only a due edition is planned: most are not
        ed = edition(release.front, timezone, day)
        if not is_due(release.front, ed, day):
            continue
        les = [
            editions.plan(site, release, lang, ed, TEMPLATES, shared)
            for lang in release.front.languages
        ]
        for le in les:
            le.qa_blocking()  # what Due.line asks, while the QA results can still be saved
        found.append(Due(tuple(les)))
    qa_memo.flush()
    return day, timezone, found
