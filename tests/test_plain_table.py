"""Piped status output: the frame rich draws, rendered fast, one line per row."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from pipeline.cli.plain_table import render
from tests.conftest import DAY, CliRunner
from tests.site_builder import SiteBuilder, statement


def _rich(table: Table, width: int = 200) -> str:
    buffer = io.StringIO()
    Console(file=buffer, highlight=False, soft_wrap=True, width=width).print(table)
    return buffer.getvalue()


def _table(*rows: tuple[str, str, str]) -> Table:
    table = Table(title="Translation status", title_justify="left")
    table.add_column("release")
    table.add_column("approved", justify="right")
    table.add_column("drafts from")
    for row in rows:
        table.add_row(*row)
    return table


def test_a_table_that_fits_is_drawn_exactly_as_rich_draws_it() -> None:
    table = _table(
        ("national-day", "12", "libre x3, 2 day(s) old"),
        ("visita-日本", "7", ""),
        ("يوم-وطني", "1234", "by hand x1"),
    )
    assert render(table) == _rich(table)


def test_an_empty_table_is_drawn_as_rich_draws_it() -> None:
    assert render(_table()) == _rich(_table())


def test_a_wide_row_stays_on_one_line() -> None:
    long = "libre x3, 2 day(s) old; " * 12
    table = _table(("national-day", "12", long), ("visit", "1", ""))
    text = render(table)
    assert len(_rich(table).splitlines()) > len(text.splitlines()) == 7
    assert long in text


def test_piped_status_keeps_the_frame(site: SiteBuilder, cli: CliRunner) -> None:
    site.release("visit", statement(languages=["en", "es"]))
    site.approve_all("visit", "es", lambda text: f"ES {text}")
    result = cli("status", "--content", site.root, "--date", DAY)
    assert result.code == 0, result.err
    rows = [line for line in result.out.splitlines() if line.startswith("│ visit")]
    assert [row.split("│")[3].strip() for row in rows] == ["en", "es"]
    assert result.out.splitlines()[0] == "Translation status"
