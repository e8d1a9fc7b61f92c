"""The pure decision of ``pressroom send``: facts in, planned messages and reasons out."""

from __future__ import annotations

import pytest

from pipeline.content.models import Outlet
from pipeline.content.sent_log import SentRecord
from pipeline.deliver.outbox_plan import (
    ATTACHMENT_LIMIT,
    EditionFacts,
    EditionFile,
    plan_outbox,
)
from pipeline.errors import UsageError


def pdf(lang: str, paper: str = "A4", sha: str = "a", size: int = 1000) -> EditionFile:
    suffix = "-letter" if paper == "letter" else ""
    name = f"r-{lang}{suffix}.pdf"
    return EditionFile(name, f"r/2030-01-20/{lang}/{name}", lang, sha * 64, size)


def facts(
    ready: tuple[str, ...] = ("en", "es"), hold: bool = False, tags: tuple[str, ...] = ("x",)
) -> EditionFacts:
    files: dict[tuple[str, str], tuple[EditionFile, ...]] = {
        (lang, p): (pdf(lang, p),) for lang in ready for p in ("A4", "letter")
    }
    not_ready = {"ru": "not publishable: 2 draft"}
    return EditionFacts("r", "2030-01-20", tags, hold, ("en", "es", "ru"), ready, not_ready, files)


def outlet(**fields: object) -> Outlet:
    return Outlet.model_validate({"name": "O", "languages": ["es"], "email": "o@x.org", **fields})


def record(outlet: str, languages: tuple[str, ...], attachments: dict[str, str]) -> SentRecord:
    return SentRecord(
        "2029-12-01T10:00:00+00:00",
        "r",
        "2030-01-20",
        outlet,
        ("o@x.org",),
        languages,
        "<m>",
        attachments,
    )


def test_languages_in_the_outlets_order_only_ready_ones_on_its_paper() -> None:
    o = outlet(languages=["ru", "es", "en"], paper="letter")
    plan = plan_outbox((o,), [facts()], [])
    [message] = plan.messages
    assert message.languages == ("es", "en")  # ru is not ready: never sent
    assert [f.name for f in message.files] == ["r-es-letter.pdf", "r-en-letter.pdf"]
    assert not message.linked


def test_nothing_ready_says_why_and_tags_and_hold_filter() -> None:
    russian = outlet(name="R", languages=["ru"])
    tagged = outlet(name="T", tags=["other"])
    plan = plan_outbox((russian, tagged), [facts()], [])
    assert plan.messages == []
    assert plan.not_ready == ["r 2030-01-20 to R: no language ready (ru: not publishable: 2 draft)"]
    held = plan_outbox((outlet(),), [facts(hold=True)], [])
    assert held.messages == [] and held.held == ["r: hold: true, never sent"]


def test_sent_unchanged_is_skipped_changed_is_listed_and_corrected_on_request() -> None:
    o = outlet()
    first = plan_outbox((o,), [facts()], [])
    [message] = first.messages
    sent = [record("O", ("es",), message.attachments)]
    assert plan_outbox((o,), [facts()], sent).already_sent == ["r 2030-01-20 to O"]

    changed = facts()
    changed.files[("es", "A4")] = (pdf("es", sha="b"),)
    listed = plan_outbox((o,), [changed], sent)
    assert listed.messages == []
    assert listed.changed == [
        "r 2030-01-20: changed since sent to O on 2029-12-01 10:00 UTC; "
        "pressroom send --correction sends it again, marked as a correction"
    ]
    corrected = plan_outbox((o,), [changed], sent, correction=True)
    [again] = corrected.messages
    assert again.correction_of == sent[0]
    assert again.message_id("x.org") != message.message_id("x.org")
    assert message.message_id("x.org") == first.messages[0].message_id("x.org")


def test_links_for_attach_link_or_large_files_need_a_site_url() -> None:
    linker = outlet(name="L", attach="link")
    big = facts()
    big.files[("es", "A4")] = (pdf("es", size=ATTACHMENT_LIMIT + 1),)
    heavy = outlet(name="H")
    letter = outlet(name="P", attach="link", paper="letter")
    plan = plan_outbox((linker, heavy, letter), [big], [], has_site_url=True)
    assert [m.linked for m in plan.messages] == [True, True, True]
    # The site serves the main paper's PDFs: a Letter outlet's links point there too.
    assert [f.name for f in plan.messages[2].files] == ["r-es.pdf"]
    missing = plan_outbox((linker, heavy), [big], [])
    assert missing.needs_site_url == ["L (attach: link)", "H (attachments above 10 MB)"]


def test_outlets_without_email_and_unknown_names() -> None:
    plan = plan_outbox((outlet(email=None),), [facts()], [])
    assert plan.messages == [] and plan.without_email == ["r 2030-01-20 to O"]
    with pytest.raises(UsageError, match="no outlet named Nope"):
        plan_outbox((outlet(),), [facts()], [], only=("Nope",))
