"""Today, where the organisation is: the one place the wall clock is read for dates.

Review stamps, machine-draft dates, the build's default day and the no-op fast path all
come from here. ``PRESSROOM_NOW`` (an ISO 8601 date-time with a UTC offset, e.g.
``2027-01-17T15:00:00+00:00``) replaces the machine's clock: it exists for tests and for
reproducible runs (re-running a review or a translation as of a given moment); to build a
given day, ``--date`` is the way. It is an instant, not a date, so the organisation's time
zone still decides which day it is there, exactly as with the real clock. Kept free of
heavy imports: the no-op fast path uses it before pydantic loads.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from pipeline.errors import PressroomError

NOW_VARIABLE = "PRESSROOM_NOW"


def now() -> dt.datetime:
    """The current instant (aware): ``PRESSROOM_NOW`` when set, else the machine's clock."""
    fixed = os.environ.get(NOW_VARIABLE)
    if not fixed:
        return dt.datetime.now(dt.UTC)
    try:
        instant = dt.datetime.fromisoformat(fixed)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise PressroomError(f"{NOW_VARIABLE}={fixed!r}: expected a date-time with a UTC offset")
    return instant


def today(timezone: str) -> dt.date:
    """Today where the organisation is (an IANA zone name), not where the machine is."""
    return now().astimezone(ZoneInfo(timezone)).date()
