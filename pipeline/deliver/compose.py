"""One planned message as a MIME email: text and HTML alternatives, then the PDFs.

``multipart/mixed`` holding ``multipart/alternative`` (plain text a journalist can paste,
and HTML) and the outlet's files (PDFs on its paper, an advisory's .ics), or links to
them on the public site. Headers: the headline as subject (with the localized embargo
and correction prefixes), From the organisation, Reply-To the media contact, To the
outlet, Date, Content-Language and a Message-ID that only changes when the message does.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import quopri
from dataclasses import dataclass
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.content.models import Organization
from pipeline.deliver.outbox_plan import PlannedMessage
from pipeline.deliver.plain_text import plain_text
from pipeline.edition.language_edition import LanguageEdition
from pipeline.l10n import localize
from pipeline.render.jinja_html import Templates
from pipeline.render.template_view import view

EMAIL_TEMPLATE = "email/message.html"
_DOTTED_I = frozenset({"tr", "az", "crh", "tt", "kk"})  # i -> İ when upper-cased


def upper(text: str, lang: str) -> str:
    """Upper case as the language writes it (Turkish and Azerbaijani keep the dot on İ)."""
    if lang.split("-")[0] in _DOTTED_I:
        text = text.replace("i", "İ")
    return text.upper()


@dataclass(frozen=True)
class Envelope:
    """Who a message is from, and the domain of its Message-ID."""

    sender: str
    reply_to: str | None
    domain: str


def envelope(org: Organization) -> Envelope:
    sender = org.smtp.from_ if org.smtp else (org.email or org.contact.email or "")
    domain = sender.rpartition("@")[2] or "pressroom.invalid"
    return Envelope(sender, org.contact.email or org.email, domain)


def link_of(site_url: str, relpath: str) -> str:
    return site_url.rstrip("/") + "/" + relpath


def compose(
    planned: PlannedMessage,
    le: LanguageEdition,
    tmpl: Templates,
    output: Path,
    env: Envelope,
    now: dt.datetime,
) -> MIMEMultipart:
    """The message for ``planned``, in the language of ``le`` (the outlet's first ready one)."""
    org = le.site.organization
    lang = le.lang
    labels = le.labels

    def label(msgid: str) -> str:
        return labels.translation(msgid) or msgid

    context = view(le, paper=planned.outlet.paper)
    zone = ZoneInfo(org.timezone)
    embargo = le.edition.embargo
    embargoed = embargo is not None and embargo > now
    moment = localize.moment(embargo.astimezone(zone), lang) if embargo else ""
    correction = None
    if planned.correction_of is not None:
        when = dt.datetime.fromisoformat(planned.correction_of.time).astimezone(zone)
        correction = label("This corrects the version sent on %(date)s.") % {
            "date": localize.long_date(when.date(), lang)
        }
    links = (
        [link_of(org.site_url or "", f.relpath) for f in planned.files] if planned.linked else []
    )
    top = (
        label("Embargoed until %(datetime)s") % {"datetime": moment}
        if embargoed
        else label("For immediate release")
    )
    subject = str(context["headline"])
    if embargoed:
        subject = f"{label('EMBARGOED UNTIL %(datetime)s') % {'datetime': upper(moment, lang)}}: "
        subject += str(context["headline"])
    if correction:
        subject = f"{label('CORRECTION')}: {subject}"

    text = plain_text(context, label, top=top, correction=correction, links=links)
    html_context = {
        **context,
        "embargo": moment if embargoed else None,
        "correction": correction,
        "links": links,
    }
    html = tmpl.render(EMAIL_TEMPLATE, html_context, labels)
    alternative = MIMEMultipart("alternative")
    alternative.attach(_text_part(text, "plain"))
    alternative.attach(_text_part(html, "html"))
    msg = MIMEMultipart("mixed")
    # compat32 headers: RFC 2047 words folded without the stray spaces the newer policy adds.
    msg["Subject"] = Header(subject, "utf-8")  # type: ignore[assignment]
    msg["From"] = email.utils.formataddr((str(context["org"]["short_name"]), env.sender), "utf-8")
    if env.reply_to:
        msg["Reply-To"] = email.utils.formataddr((org.contact.name, env.reply_to), "utf-8")
    msg["To"] = ", ".join(planned.outlet.email)
    msg["Date"] = email.utils.format_datetime(now)
    msg["Message-ID"] = planned.message_id(env.domain)
    msg["Content-Language"] = lang
    msg["X-Pressroom-Release"] = f"{planned.facts.release} {planned.facts.edition}"
    msg.attach(alternative)
    if not planned.linked:
        for item in planned.files:
            data = (output / item.relpath).read_bytes()
            part: MIMEBase
            if item.name.endswith(".ics"):
                part = MIMEText(data.decode("utf-8"), "calendar", "utf-8")
            else:
                part = MIMEApplication(data, "pdf")
            part.add_header("Content-Disposition", "attachment", filename=item.name)
            part["Content-Language"] = item.lang
            msg.attach(part)
    return msg


def _text_part(text: str, subtype: str) -> MIMEText:
    """UTF-8 text, quoted-printable: readable in any mail program, safe for any line length."""
    part = MIMEText("", subtype, "utf-8")
    part.replace_header("Content-Transfer-Encoding", "quoted-printable")
    part.set_payload(quopri.encodestring(text.encode("utf-8")).decode("ascii"))
    return part
