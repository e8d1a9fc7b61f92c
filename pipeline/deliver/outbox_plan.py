"""What ``pressroom send`` sends: a pure decision, from facts to a list of planned messages.

The inputs are data (the site's outlets, each selected edition with its ready languages and
the files on disk with their hashes, and the sent log); the output says, per outlet and
edition, what goes, what was already sent, what changed since it was sent, and why
anything is held back. Nothing here reads a file or opens a connection, so the CLI, a
dry run and the tests all get the same answer for the same facts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from pipeline.content.models import Outlet
from pipeline.content.sent_log import SentRecord, last_sent
from pipeline.errors import UsageError

ATTACHMENT_LIMIT = 10 * 1024 * 1024  # above this, an email carries links instead of files


@dataclass(frozen=True)
class EditionFile:
    """A file an outlet may receive: a PDF on one paper, or an advisory's .ics."""

    name: str
    relpath: str  # inside output/, forward slashes (also its path on the public site)
    lang: str
    sha256: str
    size: int


@dataclass(frozen=True)
class EditionFacts:
    """One selected edition of one release, as the planner needs to know it."""

    release: str
    edition: str  # YYYY-MM-DD
    tags: tuple[str, ...]
    hold: bool
    languages: tuple[str, ...]  # every language the release has, in its own order
    ready: tuple[str, ...]  # the published ones
    not_ready: dict[str, str]  # language -> what holds it back
    files: dict[tuple[str, str], tuple[EditionFile, ...]]  # (language, paper) -> files
    main_paper: str = "A4"  # the paper of the files the public site serves


@dataclass(frozen=True)
class PlannedMessage:
    outlet: Outlet
    facts: EditionFacts
    languages: tuple[str, ...]  # the first is the email's language
    files: tuple[EditionFile, ...]
    linked: bool  # links to the site instead of attachments
    correction_of: SentRecord | None  # the earlier message this one corrects

    @property
    def attachments(self) -> dict[str, str]:
        return {f.name: f.sha256 for f in self.files}

    def message_id(self, domain: str) -> str:
        """The same message always has the same Message-ID; a changed one a new one."""
        seed = json.dumps(
            [
                self.facts.release,
                self.facts.edition,
                self.outlet.name,
                list(self.languages),
                sorted(self.attachments.items()),
                self.correction_of is not None,
            ]
        )
        return f"<{hashlib.sha256(seed.encode()).hexdigest()[:32]}.pressroom@{domain}>"


@dataclass
class OutboxPlan:
    messages: list[PlannedMessage] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # sent before, changed since: listed
    not_ready: list[str] = field(default_factory=list)  # an outlet got nothing: why
    held: list[str] = field(default_factory=list)  # releases with hold: true
    without_email: list[str] = field(default_factory=list)
    needs_site_url: list[str] = field(default_factory=list)  # outlets that need links


def check_outlet_names(outlets: tuple[Outlet, ...], names: tuple[str, ...]) -> None:
    known = {o.name for o in outlets}
    if unknown := [n for n in names if n not in known]:
        listed = ", ".join(sorted(known)) or "none"
        raise UsageError(f"no outlet named {', '.join(unknown)} (outlets: {listed})")


def _outlet_plan(
    outlet: Outlet,
    facts: EditionFacts,
    sent: dict[str, SentRecord],
    correction: bool,
    has_site_url: bool,
    plan: OutboxPlan,
) -> None:
    where = f"{facts.release} {facts.edition} to {outlet.name}"
    wanted = [lang for lang in outlet.languages if lang in facts.languages]
    if not wanted:
        return  # the outlet takes none of this release's languages: nothing to say
    languages = tuple(lang for lang in wanted if lang in facts.ready)
    if not languages:
        why = "; ".join(f"{lang}: {facts.not_ready.get(lang, 'not published')}" for lang in wanted)
        plan.not_ready.append(f"{where}: no language ready ({why})")
        return
    if not outlet.email:
        plan.without_email.append(where)
        return
    files = tuple(f for lang in languages for f in facts.files.get((lang, outlet.paper), ()))
    linked = outlet.attach == "link" or sum(f.size for f in files) > ATTACHMENT_LIMIT
    if linked:  # links go to the public site, which serves the main paper's PDFs
        files = tuple(
            f for lang in languages for f in facts.files.get((lang, facts.main_paper), ())
        )
    message = PlannedMessage(outlet, facts, languages, files, linked, None)
    previous = sent.get(outlet.name)
    if previous is not None:
        same = previous.languages == languages and previous.attachments == message.attachments
        if same:
            plan.already_sent.append(where)
            return
        if not correction:
            plan.changed.append(
                f"{facts.release} {facts.edition}: changed since sent to {outlet.name} on "
                f"{previous.time.replace('T', ' ')[:16]} UTC; "
                "pressroom send --correction sends it again, marked as a correction"
            )
            return
        message = PlannedMessage(outlet, facts, languages, files, linked, previous)
    if linked and not has_site_url:
        reason = "attach: link" if outlet.attach == "link" else "attachments above 10 MB"
        plan.needs_site_url.append(f"{outlet.name} ({reason})")
        return
    plan.messages.append(message)


def plan_outbox(
    outlets: tuple[Outlet, ...],
    editions: list[EditionFacts],
    sent: list[SentRecord],
    *,
    only: tuple[str, ...] = (),
    correction: bool = False,
    has_site_url: bool = False,
) -> OutboxPlan:
    """Per selected edition and outlet: send, already sent, changed, or held back and why."""
    check_outlet_names(outlets, only)
    plan = OutboxPlan()
    for facts in editions:
        if facts.hold:
            plan.held.append(f"{facts.release}: hold: true, never sent")
            continue
        previous = last_sent(sent, facts.release, facts.edition)
        for outlet in outlets:
            if only and outlet.name not in only:
                continue
            if outlet.takes(facts.tags):
                _outlet_plan(outlet, facts, previous, correction, has_site_url, plan)
    return plan
