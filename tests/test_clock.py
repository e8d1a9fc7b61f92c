"""One clock: PRESSROOM_NOW, today in the organisation's zone, read alike by the fast path."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.content.clock import now, today
from pipeline.content.loader import load_site
from pipeline.content.organization_timezone import organization_timezone
from pipeline.publish.noop_check import resolved_day

from .conftest import NOW, CliRunner
from .site_builder import SiteBuilder


def test_the_fixed_instant_is_a_different_day_on_each_side_of_the_date_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRESSROOM_NOW", "2027-01-16T10:30:00+00:00")
    assert now() == dt.datetime(2027, 1, 16, 10, 30, tzinfo=dt.UTC)
    assert today("Pacific/Kiritimati") == dt.date(2027, 1, 17)
    assert today("Pacific/Pago_Pago") == dt.date(2027, 1, 15)
    assert today("Europe/Madrid") == dt.date(2027, 1, 16)


def test_without_the_variable_it_is_the_machines_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESSROOM_NOW")
    before = dt.datetime.now(dt.UTC)
    instant = now()
    after = dt.datetime.now(dt.UTC)
    assert instant.tzinfo is not None and before <= instant <= after


@pytest.mark.parametrize("value", ["tomorrow", "2027-01-17T10:00:00"])
def test_a_bad_fixed_instant_is_one_line_and_exit_1(
    value: str, site: SiteBuilder, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESSROOM_NOW", value)
    result = cli("due", "--content", site.root)
    assert result.code == 1
    assert result.err.strip() == (
        f"error: PRESSROOM_NOW={value!r}: expected a date-time with a UTC offset"
    )


def test_the_no_op_fast_path_and_the_loader_agree_on_today(site: SiteBuilder) -> None:
    site.organization(timezone="Pacific/Kiritimati")
    zone = load_site(site.root).organization.timezone
    assert resolved_day(site.root, None) == today(zone) == dt.date(2026, 11, 26), NOW
    assert resolved_day(site.root, dt.date(2030, 1, 1)) == dt.date(2030, 1, 1), "--date wins"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: X\ntimezone: Asia/Baku\n", "Asia/Baku"),
        ("name: X\n", "UTC"),  # the model's default
        ("timezone: Mars/Olympus\n", None),  # the loader reports it
        ("timezone: 7\n", None),
        ("- a list\n", None),
        ("a: &anchor Asia/Baku\ntimezone: *anchor\n", None),  # the loader judges aliases
        ("timezone: [unclosed\n", None),
    ],
)
def test_the_fast_path_reads_the_zone_as_the_loader_does_or_not_at_all(
    text: str, expected: str | None, site: SiteBuilder
) -> None:
    path = site.root / "organization.yaml"
    path.write_text(text, encoding="utf-8")
    assert organization_timezone(path) == expected
    if expected is not None:
        site.organization(timezone=None if expected == "UTC" else expected)
        assert organization_timezone(path) == load_site(site.root).organization.timezone


def test_a_missing_or_binary_organization_file_means_no_fast_path(site: SiteBuilder) -> None:
    path = site.root / "organization.yaml"
    path.write_bytes(b"timezone: \xff\n")
    assert organization_timezone(path) is None
    path.unlink()
    assert organization_timezone(path) is None
