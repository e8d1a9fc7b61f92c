"""Edition dates of recurring releases, and the awkward days."""

from __future__ import annotations

import datetime as dt

from pipeline.content.models import FrontMatter
from pipeline.edition.schedule import anniversary_in, edition, next_anniversary

D = dt.date


def front(**extra: object) -> FrontMatter:
    data: dict[str, object] = {
        "language": "en",
        "languages": ["en"],
        "kind": "statement",
        "headline": "h",
        "dateline": "d",
    }
    data.update(extra)
    return FrontMatter.model_validate(data)


def test_next_anniversary_on_or_after() -> None:
    event = D(1990, 1, 20)
    assert next_anniversary(event, D(2026, 11, 22)) == D(2027, 1, 20)
    assert next_anniversary(event, D(2027, 1, 20)) == D(2027, 1, 20), "the day itself counts"
    assert next_anniversary(event, D(2027, 1, 21)) == D(2028, 1, 20)
    assert next_anniversary(event, D(1980, 5, 1)) == D(1991, 1, 20), "first edition: years 1"
    assert next_anniversary(event, D(1990, 1, 20)) == D(1991, 1, 20), "never a 0th anniversary"


def test_29_february_falls_on_28_february_in_common_years() -> None:
    event = D(1992, 2, 29)
    assert anniversary_in(event, 2027) == D(2027, 2, 28)
    assert anniversary_in(event, 2028) == D(2028, 2, 29)
    assert next_anniversary(event, D(2027, 3, 1)) == D(2028, 2, 29)


def test_recurring_edition_years_and_embargo() -> None:
    release = front(anniversary={"event": "1990-01-20", "lead_days": 3, "time": "09:00"})
    ed = edition(release, "America/Mexico_City", D(2026, 11, 22))
    assert (ed.day, ed.years) == (D(2027, 1, 20), 37)
    assert ed.embargo is not None and ed.embargo.isoformat() == "2027-01-20T09:00:00-06:00"


def test_embargo_keeps_local_time_across_daylight_saving() -> None:
    release = front(anniversary={"event": "1990-03-28", "time": "09:00"})
    winter = edition(release, "Europe/Madrid", D(2026, 1, 1)).embargo
    summer = edition(release, "Europe/Madrid", D(2027, 1, 1)).embargo
    assert winter is not None and summer is not None
    assert winter.isoformat() == "2026-03-28T09:00:00+01:00"  # the clocks change on 29 March
    assert summer.isoformat() == "2027-03-28T09:00:00+02:00"  # ... and on 28 March in 2027


def test_unquoted_yaml_time_is_read_as_hours_and_minutes() -> None:
    release = front(anniversary={"event": "1990-01-20", "time": 540})  # YAML 1.1 for 9:00
    assert release.anniversary is not None and release.anniversary.time == dt.time(9, 0)


def test_fixed_embargo_on_a_recurring_release_moves_with_the_year() -> None:
    release = front(anniversary={"event": "1990-01-20"}, embargo="2023-01-21T09:00:00-06:00")
    ed = edition(release, "America/Mexico_City", D(2026, 11, 22))
    assert ed.embargo is not None and ed.embargo.isoformat() == "2027-01-21T09:00:00-06:00"


def test_plain_release_uses_its_date() -> None:
    ed = edition(front(date="2023-01-19"), "UTC", D(2026, 11, 22))
    assert (ed.day, ed.years, ed.embargo) == (D(2023, 1, 19), None, None)
