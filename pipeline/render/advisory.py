"""A media advisory's practical block (When / Where / RSVP) and its iCalendar file.

Times are shown in the organisation's time zone, in the edition language's own date and
time formats, with the UTC offset spelled out so a journalist abroad cannot misread them.
The ``.ics`` file lets them put the event in a calendar: its UID is derived from the
release and language, so a corrected advisory updates the same calendar entry instead
of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_gmt

from pipeline.content.models import Advisory
from pipeline.l10n import localize


def when(starts: dt.datetime, ends: dt.datetime, lang: str) -> str:
    """Wednesday, January 20, 2027, 11:00 AM – 12:30 PM (GMT-06:00), in ``lang``."""
    loc = localize.locale_of(lang)
    comma = localize.comma(lang)
    start_day = format_date(starts, "full", locale=loc)
    start_time = format_time(starts, "short", locale=loc)
    end_time = format_time(ends, "short", locale=loc)
    zone = get_timezone_gmt(starts, "long", locale=loc)
    if starts.date() == ends.date():
        return f"{start_day}{comma}{start_time} – {end_time} ({zone})"
    end_day = format_date(ends, "full", locale=loc)
    return f"{start_day}{comma}{start_time} – {end_day}{comma}{end_time} ({zone})"


def block(
    advisory: Advisory, lang: str, timezone: str, venue: Any, accreditation: Any
) -> dict[str, Any]:
    """The template context of the When / Where / RSVP block."""
    zone = ZoneInfo(timezone)
    starts, ends = advisory.starts.astimezone(zone), advisory.ends.astimezone(zone)
    rsvp = None
    if advisory.rsvp is not None:
        rsvp = {
            "email": advisory.rsvp.email,
            "by": localize.long_date(advisory.rsvp.by, lang),
        }
    return {
        "when": when(starts, ends, lang),
        "starts": starts.isoformat(),
        "ends": ends.isoformat(),
        "venue": venue,
        "address": advisory.address,
        "rsvp": rsvp,
        "accreditation": accreditation,
    }


def uid(release_id: str, lang: str, domain: str) -> str:
    """Stable across rebuilds and corrections: the same event keeps its calendar entry."""
    digest = hashlib.sha256(f"{release_id}/{lang}".encode()).hexdigest()[:16]
    return f"{release_id}-{lang}-{digest}@{domain}"


def ics(
    advisory: Advisory,
    *,
    release_id: str,
    lang: str,
    summary: str,
    venue: str,
    description: str,
    organizer: tuple[str, str | None],
    stamp: dt.datetime,
    domain: str,
) -> bytes:
    """An RFC 5545 calendar with one event; ``stamp`` (DTSTAMP) comes from the content,
    not the clock, so the same inputs give the same bytes."""
    from icalendar import Calendar, Event, vCalAddress, vText  # only where a calendar is made

    calendar = Calendar()
    calendar.add("prodid", "-//Pressroom//Media advisory//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(release_id, lang, domain))
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", advisory.starts.astimezone(dt.UTC))
    event.add("dtend", advisory.ends.astimezone(dt.UTC))
    event.add("summary", vText(summary), parameters={"LANGUAGE": lang})
    location = ", ".join(part for part in (venue, advisory.address) if part)
    event.add("location", vText(location), parameters={"LANGUAGE": lang})
    if description:
        event.add("description", vText(description), parameters={"LANGUAGE": lang})
    name, email = organizer
    if email:
        who = vCalAddress(f"mailto:{email}")
        who.params["cn"] = vText(name)
        event.add("organizer", who)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
