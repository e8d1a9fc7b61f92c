"""Which edition of a release a given day asks for: its date, years and embargo.

A recurring release has one edition a year, on the anniversary of its event. The
rules for the awkward days live here and nowhere else:

* an event on 29 February is commemorated on 28 February in common years;
* the embargo is the anniversary at ``anniversary.time`` in the organisation's time
  zone, so it follows daylight-saving changes (09:00 stays 09:00 local time);
* the first edition is the first anniversary (years = 1): a build dated on or before the
  event itself makes that one, so no release ever says "0th anniversary";
* a window that crosses the new year needs nothing special: it is plain date arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pipeline.content.models import DEFAULT_LEAD_DAYS, FrontMatter


@dataclass(frozen=True)
class Edition:
    """One dated edition of a release."""

    day: dt.date
    event: dt.date | None = None
    years: int | None = None
    embargo: dt.datetime | None = None


def anniversary_in(event: dt.date, year: int) -> dt.date:
    """The anniversary of ``event`` in ``year`` (29 February -> 28 February in common years)."""
    try:
        return event.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def next_anniversary(event: dt.date, on_or_after: dt.date) -> dt.date:
    """The first anniversary (years >= 1) on or after the given day."""
    if on_or_after.year <= event.year:
        return anniversary_in(event, event.year + 1)
    day = anniversary_in(event, on_or_after.year)
    return day if day >= on_or_after else anniversary_in(event, on_or_after.year + 1)


def edition(front: FrontMatter, timezone: str, on: dt.date) -> Edition:
    """The edition a build on day ``on`` makes."""
    recurring = front.anniversary
    if recurring is None:
        assert front.date is not None  # the model requires a date or an anniversary
        return Edition(front.date, embargo=front.embargo)
    day = next_anniversary(recurring.event, on)
    zone = ZoneInfo(timezone)
    embargo: dt.datetime | None = None
    if recurring.time is not None:
        embargo = dt.datetime.combine(day, recurring.time, zone)
    elif front.embargo is not None:
        # A fixed embargo on a recurring release keeps its distance from the anniversary.
        local = front.embargo.astimezone(zone)
        offset = local.date() - anniversary_in(recurring.event, local.year)
        embargo = dt.datetime.combine(day + offset, local.time().replace(tzinfo=None), zone)
    return Edition(day, recurring.event, day.year - recurring.event.year, embargo)


def lead_days(front: FrontMatter) -> int:
    """How many days ahead an edition is built; a plain release uses the model's default."""
    return front.anniversary.lead_days if front.anniversary else DEFAULT_LEAD_DAYS


def is_due(front: FrontMatter, ed: Edition, on: dt.date) -> bool:
    """Due when the edition's day falls in [on, on + lead_days], both ends included."""
    return on <= ed.day <= on + dt.timedelta(days=lead_days(front))
