"""Scheduled builds: the due window, the organisation's today, strict runs for cron."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.content.loader import load_site
from pipeline.edition.schedule import edition, is_due

from .conftest import MINIMAL_FRONT, run_process, write_release

RELEASE = "january-20-anniversary"  # event 1990-01-20, lead_days 3, embargo 09:00


def recurring(content: Path, release_id: str, event: str, lead: int) -> None:
    front = MINIMAL_FRONT.replace(
        "date: 2024-03-01", f"anniversary: {{event: {event}, lead_days: {lead}, time: '10:00'}}"
    )
    write_release(content, release_id, front, "In {years} years.\n")


def due_ids(content: Path, day: str) -> set[str]:
    site = load_site(content)
    on = dt.date.fromisoformat(day)
    return {
        r.id
        for r in site.releases.values()
        if is_due(r.front, edition(r.front, site.organization.timezone, on), on)
    }


def test_window_bounds_are_inclusive(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert RELEASE not in due_ids(content, "2027-01-16"), "the day before the window opens"
    assert RELEASE in due_ids(content, "2027-01-17"), "the window opens lead_days ahead"
    assert RELEASE in due_ids(content, "2027-01-20"), "the day itself"
    assert RELEASE not in due_ids(content, "2027-01-21"), "the day after: next year's edition"
    opening = cli("due", "--date", "2027-01-17", "--content", content)
    assert opening.code == 0
    assert (
        "january-20-anniversary 2027-01-20 (37 years), embargoed until 2027-01-20 09:00 "
        "America/Mexico_City: en ready, es ready, az ready, ru NOT READY (16 draft)"
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


def test_29_february_event_is_due_on_28_february_in_common_years(content: Path, cli) -> None:  # type: ignore[no-untyped-def]
    recurring(content, "leap", "1992-02-29", 3)
    result = cli("due", "--date", "2027-02-25", "--content", content)
    assert "leap 2027-02-28 (35 years)" in result.out
    leap_year = cli("due", "--date", "2028-02-26", "--content", content)
    assert "leap 2028-02-29 (36 years)" in leap_year.out


def test_plain_release_is_due_when_its_date_falls_in_the_window(content: Path) -> None:
    assert "ambassador-article-el-peruano" in due_ids(content, "2023-01-16")
    assert "ambassador-article-el-peruano" not in due_ids(content, "2023-01-15")


def test_today_is_the_organisations_not_the_machines(content: Path) -> None:
    org = content / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "timezone: America/Mexico_City", "timezone: Pacific/Kiritimati"
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "TZ": "Pacific/Pago_Pago"}  # 25 hours behind Kiritimati
    proc = run_process("due", "--content", content, env=env)
    kiritimati = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    pago_pago = dt.datetime.now(ZoneInfo("Pacific/Pago_Pago")).date()
    assert kiritimati != pago_pago
    assert proc.code == 0, proc.err
    if "nothing due" in proc.out:
        assert proc.out.strip() == f"nothing due on {kiritimati.isoformat()}"
    assert pago_pago.isoformat() not in proc.out.split(" on ")[-1]


def test_due_build_with_nothing_due_is_quiet(content: Path, output: Path, cli) -> None:  # type: ignore[no-untyped-def]
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


def test_strict_due_build_builds_what_it_can_then_fails(content: Path, output: Path, cli) -> None:  # type: ignore[no-untyped-def]
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
    assert "skipped january-20-anniversary 2027-01-20 ru: not publishable (16 draft)" in result.err
    assert "strict: 1 language(s) not publishable" in result.err
    for lang in ("en", "es", "az"):
        assert (output / RELEASE / "2027-01-20" / lang / f"{RELEASE}-{lang}.pdf").exists()
    assert not (output / "ambassador-article-el-peruano").exists(), "not due: not built"


def test_a_second_due_run_the_same_day_changes_nothing(content: Path, output: Path, cli) -> None:  # type: ignore[no-untyped-def]
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
