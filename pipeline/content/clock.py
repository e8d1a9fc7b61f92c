"""Today, where the organisation is: the one place the wall clock is read for dates.

Review stamps, machine-draft dates and the build's default day all come from here, so
a test or a reproducible run can fix the day in one place.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def today(timezone: str) -> dt.date:
    """Today where the organisation is, not where the machine is."""
    return dt.datetime.now(ZoneInfo(timezone)).date()
