"""Dates and datetimes as staff write them, checked with messages a non-programmer can act on.

The YAML reader keeps dates as text (see ``safe_yaml``), so an impossible date such as
``2023-02-30`` reaches these validators instead of crashing the parser, and a datetime
without a UTC offset (``2026-11-24 08:00``) is refused with the line to write instead
of being read as UTC. Years stop at ``LAST_YEAR`` so that "the next anniversary" and
"today + lead days" can always be computed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

LAST_YEAR = 2999
MAX_OFFSET = dt.timedelta(hours=14)  # real UTC offsets run from -12:00 to +14:00

_DATE = re.compile(r"^(\d{1,4})-(\d{1,2})-(\d{1,2})$")
_DATETIME = re.compile(
    r"^(?P<date>\d{1,4}-\d{1,2}-\d{1,2})(?:[Tt]|\s+)"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
    r"\s*(?P<offset>[Zz]|[+-]\d{1,2}(?::?\d{2})?)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_DATE_EXAMPLE = "write YYYY-MM-DD, e.g. 2026-11-24"


def check_day(year: int, month: int, day: int, text: str) -> dt.date:
    """A real calendar day within the years Pressroom can schedule, or a plain ValueError."""
    if year < 1:
        raise ValueError(f"'{text}' is not a real date: there is no year {year}")
    if year > LAST_YEAR:
        raise ValueError(
            f"'{text}': year {year} is too far ahead (dates go up to {LAST_YEAR}-12-31)"
        )
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' is not a real date: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ValueError(f"'{text}' is not a real date: {name} {year} has {last} days")
    return dt.date(year, month, day)


def parse_date(value: object) -> dt.date:
    """``YYYY-MM-DD`` text (or a date) to a date; anything else says what to write."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a day without a time; {_DATE_EXAMPLE}")
    if isinstance(value, dt.date):
        return check_day(value.year, value.month, value.day, value.isoformat())
    if not isinstance(value, str):
        raise ValueError(f"'{value}' is not a date: {_DATE_EXAMPLE}")
    text = value.strip()
    if match := _DATE.match(text):
        year, month, day = map(int, match.groups())
        return check_day(year, month, day, text)
    if match := _SLASHED.match(text):
        first, second, year = map(int, match.groups())
        if first > 12 >= second:
            hint = f"write {year:04d}-{second:02d}-{first:02d} (YYYY-MM-DD)"
        elif second > 12 >= first:
            hint = f"write {year:04d}-{first:02d}-{second:02d} (YYYY-MM-DD)"
        else:
            hint = _DATE_EXAMPLE
        raise ValueError(f"'{text}' is not a date: {hint}")
    raise ValueError(f"'{text}' is not a date: {_DATE_EXAMPLE}")


def parse_time(value: object) -> dt.time:
    """``HH:MM`` (or ``HH:MM:SS``) to a time of day."""
    if isinstance(value, dt.time):
        return value
    text = str(value).strip()
    match = _TIME.match(text) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"'{text}' is not a time of day: write HH:MM in quotes, e.g. \"09:00\"")
    hour, minute, second = (int(g or 0) for g in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"'{text}' is not a time of day: hours run 00-23, minutes 00-59")
    return dt.time(hour, minute, second)


def _offset(text: str) -> dt.timezone:
    if text in ("Z", "z"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if minutes > 59:
        raise ValueError(f"UTC offset {text} does not exist (minutes run 00-59)")
    delta = dt.timedelta(hours=hours, minutes=minutes)
    if delta > MAX_OFFSET:
        raise ValueError(f"UTC offset {text} does not exist (offsets run from -12:00 to +14:00)")
    return dt.timezone(sign * delta)


def example_with_offset(day: dt.date, time: dt.time, timezone: str | None) -> str:
    """``2026-11-24T08:00:00-05:00``: the moment written with the organisation's offset."""
    naive = dt.datetime.combine(day, time)
    if timezone:
        written = naive.replace(tzinfo=ZoneInfo(timezone)).isoformat()
        return f"{written} (the offset of {timezone} on that day)"
    return f"{naive.isoformat()}-05:00 (with the UTC offset of your time zone, here UTC-5)"


def parse_datetime(value: object, timezone: str | None = None) -> dt.datetime:
    """An aware datetime; a time without a UTC offset is refused, never read as UTC."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            example = example_with_offset(value.date(), value.time(), timezone)
            raise ValueError(f"needs a UTC offset: write {example}")
        check_day(value.year, value.month, value.day, value.isoformat())
        return value
    if isinstance(value, dt.date):
        example = example_with_offset(value, dt.time(9), timezone)
        raise ValueError(f"needs a time and a UTC offset, e.g. {example}")
    text = str(value).strip()
    if isinstance(value, str) and _DATE.match(text):
        example = example_with_offset(parse_date(text), dt.time(9), timezone)
        raise ValueError(f"needs a time and a UTC offset, e.g. {example}")
    match = _DATETIME.match(text) if isinstance(value, str) else None
    if match is None:
        example = example_with_offset(dt.date(2026, 11, 24), dt.time(8), timezone)
        raise ValueError(f"'{text}' is not a date and time: write {example}")
    day = parse_date(match["date"])
    clock = f"{match['hour']}:{match['minute']}" + (
        f":{match['second']}" if match["second"] else ""
    )
    try:
        time = parse_time(clock)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a real time: hours run 00-23, minutes and seconds 00-59"
        ) from None
    if match["fraction"]:
        time = time.replace(microsecond=int(match["fraction"].ljust(6, "0")))
    if match["offset"] is None:
        example = example_with_offset(day, time, timezone)
        raise ValueError(
            f"needs a time zone (a UTC offset): '{text}' has none, and it is never read as "
            f"UTC; write {example}"
        )
    return dt.datetime.combine(day, time, _offset(match["offset"]))
