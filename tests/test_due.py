"""Scheduled builds: the due window, the organisation's today, strict runs for cron."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.content.loader import load_site
from pipeline.edition.schedule import edition, is_due

from .conftest import CliRunner, run_process
from .site_builder import SiteBuilder, statement

RELEASE = "anniversary"  # event 1990-01-20, lead_days 3, embargo 09:00
PLAIN = "plain-op-ed"  # dated 2023-01-19, the default lead days (3)


@pytest.fixture
def content(site: SiteBuilder) -> Path:
    """A recurring release (es, az approved; ru machine drafts only) and a plain one."""
    site.release(
        RELEASE,
        statement(
            kind="press-release",
            languages=["en", "es", "az", "ru"],
            headline="Remembering the January 20 tragedy",
            date=None,
            anniversary={"event": dt.date(1990, 1, 20), "lead_days": 3, "time": "09:00"},
        ),
        "Remembered {years} years after {event_date}.\n\nThe Alley of Martyrs in Baku.\n",
    )
    site.approve_all(RELEASE, "es", lambda text: f"[es] {text}")
    site.approve_all(RELEASE, "az", lambda text: f"[az] {text}")
    site.approve_all(RELEASE, "ru", lambda text: f"[ru] {text}", drafts=True)
    for lang in ("es", "az", "ru"):
        site.approve_all(None, lang, f"[{lang}] {{}}".format)
    site.release(PLAIN, statement(language="es", languages=["es"], date=dt.date(2023, 1, 19)))
    return site.root


def recurring(content: Path, release_id: str, event: str, lead: int) -> None:
    front = statement(
        date=None,
        anniversary={"event": dt.date.fromisoformat(event), "lead_days": lead, "time": "10:00"},
    )
    SiteBuilder(content).release(release_id, front, "In {years} years.\n")


def due_ids(content: Path, day: str) -> set[str]:
    site = load_site(content)
    on = dt.date.fromisoformat(day)
    return {
        r.id
        for r in site.releases.values()
        if is_due(r.front, edition(r.front, site.organization.timezone, on), on)
    }


def test_window_bounds_are_inclusive(content: Path, cli: CliRunner) -> None:
    assert RELEASE not in due_ids(content, "2027-01-16"), "the day before the window opens"
    assert RELEASE in due_ids(content, "2027-01-17"), "the window opens lead_days ahead"
    assert RELEASE in due_ids(content, "2027-01-20"), "the day itself"
    assert RELEASE not in due_ids(content, "2027-01-21"), "the day after: next year's edition"
    opening = cli("due", "--date", "2027-01-17", "--content", content)
    assert opening.code == 0
    assert (
        "anniversary 2027-01-20 (37 years), embargoed until 2027-01-20 09:00 "
        "America/Mexico_City: en ready, es ready, az ready, ru NOT READY (4 draft)"
    ) in opening.out
    before = cli("due", "--date", "2027-01-16", "--content", content)
    assert before.out.strip() == "nothing due on 2027-01-16"


def test_lead_days_zero_and_new_year_crossing(content: Path) -> None:
    recurring(content, "same-day", "2001-03-10", 0)
    recurring(content, "new-year", "2001-01-01", 3)
    assert "same-day" not in due_ids(content, "2027-03-09")
    assert "same-day" in due_ids(content, "2027-03-10")
    assert "new-year" in due_ids(content, "2026-12-29"), "the window crosses into 2027"
    assert "new-year" not in due_ids(content, "2026-12-28")


def test_29_february_event_is_due_on_28_february_in_common_years(
    content: Path, cli: CliRunner
) -> None:
    recurring(content, "leap", "1992-02-29", 3)
    result = cli("due", "--date", "2027-02-25", "--content", content)
    assert "leap 2027-02-28 (35 years)" in result.out
    leap_year = cli("due", "--date", "2028-02-26", "--content", content)
    assert "leap 2028-02-29 (36 years)" in leap_year.out


def test_plain_release_is_due_when_its_date_falls_in_the_window(content: Path) -> None:
    assert PLAIN in due_ids(content, "2023-01-16")
    assert PLAIN not in due_ids(content, "2023-01-15")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 10:30 UTC: 2027-01-17 00:30 in Kiritimati (UTC+14), the window opens; the machine
        # (Pago Pago, UTC-11) is still on 2027-01-15.
        (
            "2027-01-16T10:30:00+00:00",
            "anniversary 2027-01-20 (37 years), embargoed until 2027-01-20 09:00 "
            "Pacific/Kiritimati: en ready, es ready, az ready, ru NOT READY (4 draft)",
        ),
        # 09:30 UTC: still 2027-01-16 in Kiritimati, the day before the window opens.
        ("2027-01-16T09:30:00+00:00", "nothing due on 2027-01-16"),
    ],
)
def test_today_is_the_organisations_not_the_machines(
    content: Path, now: str, expected: str
) -> None:
    SiteBuilder(content).organization(timezone="Pacific/Kiritimati")
    env = {**os.environ, "TZ": "Pacific/Pago_Pago", "PRESSROOM_NOW": now}  # 25 hours behind
    proc = run_process("due", "--content", content, env=env)
    assert proc.code == 0, proc.err
    assert proc.out.strip() == expected


def test_due_build_with_nothing_due_is_quiet(content: Path, output: Path, cli: CliRunner) -> None:
    result = cli(
        "build",
        "--due",
        "--strict",
        "--date",
        "2027-06-01",
        "--content",
        content,
        "--output",
        output,
    )
    assert result.code == 0
    assert result.out.strip() == "nothing due" and result.err == ""
    assert not list(output.rglob("*.pdf"))


def test_strict_due_build_builds_what_it_can_then_fails(
    content: Path, output: Path, cli: CliRunner
) -> None:
    result = cli(
        "build",
        "--due",
        "--strict",
        "--date",
        "2027-01-18",
        "--content",
        content,
        "--output",
        output,
    )
    assert result.code == 1
    assert "skipped anniversary 2027-01-20 ru: not publishable (4 draft)" in result.err
    assert "strict: 1 language(s) not publishable" in result.err
    for lang in ("en", "es", "az"):
        assert (output / RELEASE / "2027-01-20" / lang / f"{RELEASE}-{lang}.pdf").exists()
    assert not (output / PLAIN).exists(), "not due: not built"


def test_a_second_due_run_the_same_day_changes_nothing(
    content: Path, output: Path, cli: CliRunner
) -> None:
    assert (
        cli("build", "--due", "--date", "2027-01-18", "--content", content, "--output", output).code
        == 0
    )
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    again = cli("build", "--due", "--date", "2027-01-18", "--content", content, "--output", output)
    assert again.code == 0 and "built 0 file(s)" in again.out
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()} == stamps


@pytest.mark.parametrize("runs", [2])
def test_two_due_runs_at_once_are_serialized(runs: int, content: Path, output: Path) -> None:
    args = [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        "--due",
        "--date",
        "2027-01-18",
        "--content",
        str(content),
        "--output",
        str(output),
    ]
    procs = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(runs)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0] * runs, outs
    built = sorted(o[0] for o in outs)
    assert "built 0 file(s)" in built[0], "the second run found the first one's work done"
    assert (
        run_process(
            "build", "--due", "--date", "2027-01-18", "--content", content, "--output", output
        ).code
        == 0
    )
