"""``pressroom send`` against a real SMTP server (aiosmtpd on 127.0.0.1), and its dry run.

Every message is parsed back with Python's email parser: recipients, subject, language,
the text and HTML parts, the PDFs (their paper read with pypdf) and the sent log.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from .conftest import SAMPLE, Result
from .smtp_support import PASSWORD, Server, smtp_server

Cli = Callable[..., Result]

RELEASE = "january-20-anniversary"
DAY = "2029-12-01"  # builds the 40th-anniversary edition, embargoed until 2030-01-20 09:00
EDITION = "2030-01-20"
SITE_URL = "https://example.org/press/"
OUTLETS = """\
- {name: El Peruano, languages: [es], paper: A4, email: newsroom@example.pe}
- name: La Jornada
  languages: [es, en]
  paper: letter
  email: [desk@jornada.example, editor@jornada.example]
- {name: Azernews, languages: [ru, az, en], email: news@azernews.example, tags: [anniversary]}
- {name: Moscow Daily, languages: [ru], email: desk@moscow.example}
- {name: Archive, languages: [en]}
- {name: Web Desk, languages: [en], email: web@desk.example, attach: link}
"""
SENT_TO = {"El Peruano", "La Jornada", "Azernews", "Web Desk"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The sample content with six outlets: languages, papers, tags, no email, links."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".pressroom.lock"))
    (content / "outlets.yaml").write_text(OUTLETS, encoding="utf-8")
    org = content / "organization.yaml"
    org.write_text(org.read_text(encoding="utf-8") + f"site_url: {SITE_URL}\n", encoding="utf-8")
    return content


def use_server(content: Path, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    org = content / "organization.yaml"
    org.write_text(org.read_text(encoding="utf-8") + server.smtp_yaml(), encoding="utf-8")
    monkeypatch.setenv("PRESSROOM_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("PRESSROOM_SMTP_RETRIES", "1")
    monkeypatch.setenv("PRESSROOM_SMTP_BACKOFF", "0")
    monkeypatch.setenv("PRESSROOM_SMTP_TIMEOUT", "10")
    if server.cafile:
        monkeypatch.setenv("PRESSROOM_SMTP_CAFILE", str(server.cafile))


def send(cli: Cli, content: Path, *args: str) -> Result:
    output = content.parent / "output"
    result: Result = cli("send", *args, "--content", content, "--output", output)
    return result


def sent_log(content: Path) -> list[dict[str, Any]]:
    path = content / "sent.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_outlet(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    names = {
        "newsroom@example.pe": "El Peruano",
        "desk@jornada.example, editor@jornada.example": "La Jornada",
        "news@azernews.example": "Azernews",
        "web@desk.example": "Web Desk",
    }
    return {names[str(m["To"])]: m for m in messages}


def pdfs(message: EmailMessage) -> dict[str, tuple[int, int]]:
    """Each attached PDF's file name and page size in points."""
    sizes = {}
    for part in message.iter_attachments():
        if part.get_content_type() == "application/pdf":
            box = PdfReader(io.BytesIO(part.get_content())).pages[0].mediabox
            sizes[str(part.get_filename())] = (round(float(box.width)), round(float(box.height)))
    return sizes


A4, LETTER = (595, 842), (612, 792)


def body(message: EmailMessage, kind: str) -> str:
    """The text or HTML part, with mail's CRLF line ends read as plain newlines."""
    part = message.get_body((kind,))
    assert part is not None, kind
    return str(part.get_content()).replace("\r\n", "\n")


def check_messages(messages: dict[str, EmailMessage]) -> None:
    """What each outlet of the fixture must receive for the 2030 edition."""
    assert set(messages) == SENT_TO
    for message in messages.values():
        assert message.get_content_type() == "multipart/mixed"
        alternative = message.get_payload()[0]  # type: ignore[index]
        assert isinstance(alternative, EmailMessage)
        assert alternative.get_content_type() == "multipart/alternative"
        kinds = [p.get_content_type() for p in alternative.iter_parts()]
        assert kinds == ["text/plain", "text/html"]
        assert str(message["From"]).endswith("<press@example.org>")
        assert str(message["Reply-To"]) == "Press Office <press@example.org>"
        assert str(message["Message-ID"]).endswith("@example.org>")
        assert message["Date"] is not None

    peruano = messages["El Peruano"]
    assert peruano["Content-Language"] == "es"
    assert str(peruano["Subject"]) == (
        "EMBARGADO HASTA EL 20 DE ENERO DE 2030, 9:00 (GMT-06:00): 40.º aniversario de la "
        "tragedia del 20 de enero: el embajador Mammad Talibov escribe en El Peruano"
    )
    assert pdfs(peruano) == {f"{RELEASE}-es.pdf": A4}
    text = body(peruano, "plain")
    assert "Embargado hasta el 20 de enero de 2030" in text
    assert "Ciudad de México, 20 de enero de 2030 – El Peruano" in text
    assert "- 137 personas murieron;\n- 611 resultaron heridas;" in text
    assert "Contacto de prensa\nPress Office" in text
    html = body(peruano, "html")
    assert '<html lang="es" dir="ltr">' in html
    assert "<h1>40.º aniversario" in html

    jornada = messages["La Jornada"]
    assert jornada["Content-Language"] == "es"
    assert pdfs(jornada) == {f"{RELEASE}-es-letter.pdf": LETTER, f"{RELEASE}-en-letter.pdf": LETTER}
    languages = [p["Content-Language"] for p in jornada.iter_attachments()]
    assert languages == ["es", "en"]

    azernews = messages["Azernews"]  # ru is a draft: never sent; az is its first ready one
    assert azernews["Content-Language"] == "az"
    assert str(azernews["Subject"]).startswith("EMBARQO: 20 YANVAR 2030, 09:00")
    assert str(azernews["Subject"]).endswith(
        "(GMT-06:00) TARİXİNƏDƏK: 20 Yanvar faciəsinin 40-cı ildönümü: "
        "səfir Məmməd Talıbov El Peruano qəzetində yazır"
    )
    assert pdfs(azernews) == {f"{RELEASE}-az.pdf": A4, f"{RELEASE}-en.pdf": A4}

    web = messages["Web Desk"]
    assert list(web.iter_attachments()) == []
    link = f"{SITE_URL}{RELEASE}/{EDITION}/en/{RELEASE}-en.pdf"
    assert link in body(web, "plain")
    assert f'href="{link}"' in body(web, "html")
    assert str(web["Subject"]).startswith("EMBARGOED UNTIL JANUARY 20, 2030")


def test_dry_run_writes_one_readable_message_per_outlet(cli: Cli, site: Path) -> None:
    result = send(cli, site, RELEASE, "--date", DAY, "--dry-run")
    assert result.code == 0, result.err
    outbox = site.parent / "output" / RELEASE / EDITION / "outbox"
    files = sorted(p.name for p in outbox.iterdir())
    assert files == ["azernews.eml", "el-peruano.eml", "la-jornada.eml", "web-desk.eml"]
    from email import message_from_bytes, policy

    messages = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in outbox.iterdir()]
    check_messages(by_outlet(messages))
    assert "not sent: january-20-anniversary 2030-01-20 to Moscow Daily: no language ready" in (
        result.err
    )
    assert "1 to outlet(s) without email" in result.out
    assert not (site / "sent.jsonl").exists(), "a dry run records nothing"


@pytest.mark.parametrize("security", ["none", "starttls", "tls"])
def test_send_delivers_once_over_plain_starttls_and_tls(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, security: str
) -> None:
    with smtp_server(tmp_path, security, login=security != "none") as server:
        use_server(site, server, monkeypatch)
        first = send(cli, site, RELEASE, "--date", DAY)
        assert first.code == 0, first.err
        assert first.out.strip().startswith("sent 4 message(s); 0 already sent")
        received = server.recorder.received
        messages = by_outlet([r.message for r in received])
        check_messages(messages)
        jornada = next(r for r in received if "desk@jornada.example" in r.rcpt_tos)
        assert jornada.rcpt_tos == ["desk@jornada.example", "editor@jornada.example"]
        assert all(r.mail_from == "press@example.org" for r in received)

        records = sent_log(site)
        assert [r["message_id"] for r in records] == [r.message["Message-ID"] for r in received]
        assert {r["outlet"] for r in records} == SENT_TO
        for record in records:
            message = messages[str(record["outlet"])]
            assert record["message_id"] == message["Message-ID"]
            assert record["release"] == RELEASE and record["edition"] == EDITION
            assert str(record["time"]).endswith("+00:00")
        azernews = next(r for r in records if r["outlet"] == "Azernews")
        assert azernews["languages"] == ["az", "en"]
        assert azernews["attachments"].keys() == {f"{RELEASE}-az.pdf", f"{RELEASE}-en.pdf"}

        # A second run, and a run after output/ is deleted, send nothing; the Letter PDFs
        # are outputs like the others, kept when their inputs did not change.
        letter = site.parent / "output" / RELEASE / EDITION / "en" / f"{RELEASE}-en-letter.pdf"
        stamp = letter.stat().st_mtime_ns
        again = send(cli, site, RELEASE, "--date", DAY)
        assert letter.stat().st_mtime_ns == stamp
        assert again.code == 0 and "sent 0 message(s); 4 already sent" in again.out
        shutil.rmtree(site.parent / "output")
        rebuilt = send(cli, site, RELEASE, "--date", DAY)
        assert rebuilt.code == 0 and "sent 0 message(s); 4 already sent" in rebuilt.out
        assert len(server.recorder.received) == 4
        assert len(sent_log(site)) == 4
        everything = [*(site.parent / "output").rglob("*"), *site.rglob("*")]
        for path in everything:
            if path.is_file():
                assert PASSWORD.encode() not in path.read_bytes(), path


def test_message_ids_are_stable_across_runs(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dry = send(cli, site, RELEASE, "--date", DAY, "--dry-run")
    assert dry.code == 0, dry.err
    outbox = site.parent / "output" / RELEASE / EDITION / "outbox"
    from email import message_from_bytes, policy

    planned = {
        str(m["To"]): str(m["Message-ID"])
        for m in (
            message_from_bytes(p.read_bytes(), policy=policy.default) for p in outbox.iterdir()
        )
    }
    with smtp_server(tmp_path) as server:
        use_server(site, server, monkeypatch)
        assert send(cli, site, RELEASE, "--date", DAY).code == 0
        sent = {
            str(r.message["To"]): str(r.message["Message-ID"]) for r in server.recorder.received
        }
    assert sent == planned
    assert len(set(sent.values())) == 4


@pytest.mark.parametrize("code", ["451 4.3.0 Try again later", "421 4.3.2 Service shutting down"])
def test_a_failing_server_stops_the_run_and_the_next_run_sends_the_rest(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    with smtp_server(tmp_path) as server:
        use_server(site, server, monkeypatch)
        server.recorder.fail_after, server.recorder.fail_code = 2, code
        failed = send(cli, site, RELEASE, "--date", DAY)
        assert failed.code == 1
        lines = failed.err.strip().splitlines()
        assert len(lines) == 1, failed.err
        assert lines[0].startswith("error: SMTP server 127.0.0.1:")
        assert "unavailable after 2 attempt(s)" in lines[0] and code.split()[0] in lines[0]
        assert "Traceback" not in failed.err
        first = [r.message for r in server.recorder.received]
        assert len(first) == 2
        assert [r["message_id"] for r in sent_log(site)] == [m["Message-ID"] for m in first]

        server.recorder.fail_after = None
        rest = send(cli, site, RELEASE, "--date", DAY)
        assert rest.code == 0, rest.err
        assert "sent 2 message(s); 2 already sent" in rest.out
    everything = [r.message for r in server.recorder.received]
    assert len(everything) == 4
    check_messages(by_outlet(everything))
    assert len(sent_log(site)) == 4


def test_a_refused_recipient_fails_that_outlet_only(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(tmp_path) as server:
        use_server(site, server, monkeypatch)
        server.recorder.refuse = {"news@azernews.example"}
        result = send(cli, site, RELEASE, "--date", DAY)
        assert result.code == 1
        assert "failed: january-20-anniversary 2030-01-20 to Azernews: recipients refused: " in (
            result.err
        )
        assert "news@azernews.example (550)" in result.err
        assert {str(r.message["To"]) for r in server.recorder.received} == {
            "newsroom@example.pe",
            "desk@jornada.example, editor@jornada.example",
            "web@desk.example",
        }
        assert {r["outlet"] for r in sent_log(site)} == SENT_TO - {"Azernews"}
        server.recorder.refuse = set()
        retry = send(cli, site, RELEASE, "--date", DAY)
        assert retry.code == 0 and "sent 1 message(s); 3 already sent" in retry.out
        assert str(server.recorder.received[-1].message["To"]) == "news@azernews.example"


def test_a_changed_edition_is_listed_and_sent_again_only_as_a_correction(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(tmp_path) as server:
        use_server(site, server, monkeypatch)
        assert send(cli, site, RELEASE, "--date", DAY).code == 0
        po = site / "releases" / RELEASE / "translations" / "es.po"
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace("Lo que sucedió el", "Lo que ocurrió el"), encoding="utf-8")

        listed = send(cli, site, RELEASE, "--date", DAY)
        assert listed.code == 0
        for outlet in ("El Peruano", "La Jornada"):
            assert f"{RELEASE} {EDITION}: changed since sent to {outlet} on " in listed.err
        assert "sent 0 message(s); 2 already sent; 2 changed since sent" in listed.out
        assert len(server.recorder.received) == 4

        corrected = send(cli, site, RELEASE, "--date", DAY, "--correction")
        assert corrected.code == 0, corrected.err
        assert "sent 2 message(s); 2 already sent" in corrected.out
        new = by_outlet([r.message for r in server.recorder.received[4:]])
        assert set(new) == {"El Peruano", "La Jornada"}
        old = by_outlet([r.message for r in server.recorder.received[:4]])
        peruano = new["El Peruano"]
        assert str(peruano["Subject"]).startswith("CORRECCIÓN: EMBARGADO HASTA EL 20 DE ENERO")
        assert peruano["Message-ID"] != old["El Peruano"]["Message-ID"]
        text = body(peruano, "plain")
        assert text.startswith("CORRECCIÓN: Esta versión corrige la enviada el ")
        assert "LO QUE OCURRIÓ EL 20 DE ENERO DE 1990" in text  # a subheading, in capitals
        records = sent_log(site)
        assert [r["correction"] for r in records] == [False] * 4 + [True] * 2

        assert "sent 0 message(s); 4 already sent" in send(cli, site, RELEASE, "--date", DAY).out
        status = cli("status", RELEASE, "--date", DAY, "--content", site)
        assert status.code == 0
        es_row = next(line for line in status.out.splitlines() if "│ es " in line)
        assert "El Peruano" in es_row and "La Jornada" in es_row and "(correction)" in es_row


def test_login_refused_names_server_and_user_never_the_password(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(tmp_path, "starttls", login=True) as server:
        use_server(site, server, monkeypatch)
        monkeypatch.setenv("PRESSROOM_SMTP_PASSWORD", "wrong-" + PASSWORD)
        result = send(cli, site, RELEASE, "--date", DAY)
    assert result.code == 1
    line = result.err.strip()
    assert "\n" not in line
    assert f"127.0.0.1:{server.port} refused the login of user press@example.org" in line
    assert PASSWORD not in result.err + result.out
    assert server.recorder.received == [] and sent_log(site) == []


def test_sending_for_real_needs_smtp_and_known_outlets(cli: Cli, site: Path) -> None:
    result = send(cli, site, RELEASE, "--date", DAY)
    assert result.code == 1
    assert "organization.yaml:1: smtp: required to send email" in result.err
    unknown = send(cli, site, RELEASE, "--date", DAY, "--outlet", "Le Monde")
    assert unknown.code == 2
    assert "no outlet named Le Monde" in unknown.err
    only = send(cli, site, RELEASE, "--date", DAY, "--dry-run", "--outlet", "El Peruano")
    assert only.code == 0, only.err
    outbox = site.parent / "output" / RELEASE / EDITION / "outbox"
    assert [p.name for p in outbox.iterdir()] == ["el-peruano.eml"]


def test_bad_outlets_are_located_errors(cli: Cli, site: Path) -> None:
    (site / "outlets.yaml").write_text(
        "- {name: A, languages: [spanish], email: a@example.org}\n"
        "- {name: B, languages: [es], email: [b@example.org, not-an-address]}\n"
        "- {name: C, languages: [es], attach: fax}\n",
        encoding="utf-8",
    )
    result = send(cli, site, RELEASE, "--date", DAY, "--dry-run")
    assert result.code == 1
    assert "outlets.yaml:1: outlets[0].languages[0]: 'spanish' is not a language code" in result.err
    assert "outlets.yaml:2: outlets[1].email[1]: 'not-an-address' is not an email address" in (
        result.err
    )
    assert "outlets.yaml:3: outlets[2].attach:" in result.err
    assert "Traceback" not in result.err


def test_links_need_a_site_url(cli: Cli, site: Path) -> None:
    org = site / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(f"site_url: {SITE_URL}\n", ""), encoding="utf-8"
    )
    result = send(cli, site, RELEASE, "--date", DAY, "--dry-run")
    assert result.code == 1
    assert "organization.yaml:1: site_url: needed to send links" in result.err
    assert "Web Desk (attach: link)" in result.err


def test_cron_sends_what_is_due_in_one_line(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(tmp_path) as server:
        use_server(site, server, monkeypatch)
        early = send(cli, site, "--due", "--date", DAY)
        assert (early.code, early.out.strip(), early.err) == (0, "nothing due", "")
        due = send(cli, site, "--due", "--date", "2030-01-18")
        assert due.code == 0, due.err
        assert due.out.strip().splitlines() == [
            "sent 4 message(s); 0 already sent; 1 held back (see above); "
            "1 to outlet(s) without email"
        ]
        [held] = due.err.strip().splitlines()
        assert held.startswith(
            "not sent: january-20-anniversary 2030-01-20 to Moscow Daily: no language ready "
            "(ru: not publishable: "
        )
        strict = send(cli, site, "--due", "--date", "2030-01-18", "--strict")
        assert strict.code == 1
        assert "sent 0 message(s); 4 already sent" in strict.out
    assert {r.message["X-Pressroom-Release"] for r in server.recorder.received} == {
        f"{RELEASE} {EDITION}"
    }


def test_a_server_that_is_down_is_one_line_and_nothing_recorded(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(tmp_path) as server:
        use_server(site, server, monkeypatch)
    # The server has stopped: its port now refuses connections.
    result = send(cli, site, RELEASE, "--date", DAY)
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert line.startswith(f"error: SMTP server 127.0.0.1:{server.port} unavailable after 2 ")
    assert "run pressroom send again to send the rest" in line
    assert sent_log(site) == []


def test_one_refused_address_of_two_records_the_other(
    cli: Cli, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(tmp_path) as server:
        use_server(site, server, monkeypatch)
        server.recorder.refuse = {"editor@jornada.example"}
        result = send(cli, site, RELEASE, "--date", DAY, "--outlet", "La Jornada")
        assert result.code == 1
        assert "La Jornada: recipients refused: editor@jornada.example (550)" in result.err
        [received] = server.recorder.received
        assert received.rcpt_tos == ["desk@jornada.example"]
        [record] = sent_log(site)
        assert record["to"] == ["desk@jornada.example"]


def test_an_advisory_calendar_beside_the_pdf_travels_with_it(cli: Cli, site: Path) -> None:
    """The .ics a media advisory's build writes beside its PDF is attached (text/calendar)."""
    assert send(cli, site, RELEASE, "--date", DAY, "--dry-run").code == 0
    folder = site.parent / "output" / RELEASE / EDITION / "es"
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
    (folder / f"{RELEASE}-es.ics").write_text(ics, encoding="utf-8")
    assert send(cli, site, RELEASE, "--date", DAY, "--dry-run", "--outlet", "El Peruano").code == 0
    from email import message_from_bytes, policy

    eml = site.parent / "output" / RELEASE / EDITION / "outbox" / "el-peruano.eml"
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    parts = {p.get_filename(): p for p in message.iter_attachments()}
    assert set(parts) == {f"{RELEASE}-es.pdf", f"{RELEASE}-es.ics"}
    calendar = parts[f"{RELEASE}-es.ics"]
    assert calendar.get_content_type() == "text/calendar"
    assert "BEGIN:VCALENDAR" in calendar.get_content()
