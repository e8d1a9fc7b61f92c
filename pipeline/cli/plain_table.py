"""A rich Table as text, fast, for output that is not a terminal (cron mail, a pipe, a file).

rich lays out every cell of a table with its measuring and wrapping machinery: on a site
of 500 releases x 4 languages (2,000 rows) ``status`` spent seconds on it. Piped output
needs none of that: the same frame (rich's default heavy-head box), the same alignment,
one line per row, never wrapped (so ``grep`` finds a whole row). A terminal still gets
rich's own rendering, fitted to its width.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table


def _cells(table: Table) -> list[list[str]]:
    columns = [list(map(str, column.cells)) for column in table.columns]
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def _fit(text: str, width: int, right: bool) -> str:
    """Padded to ``width`` terminal cells (a CJK character takes two, a combining mark none)."""
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


def render(table: Table) -> str:
    """The table as rich draws it on a wide enough screen, without wrapping any cell."""
    headers = [str(column.header) for column in table.columns]
    rows = _cells(table)
    right = [column.justify == "right" for column in table.columns]
    widths = [
        max([cell_len(h), *(cell_len(row[i]) for row in rows)]) for i, h in enumerate(headers)
    ]

    def line(left: str, fill: str, middle: str, end: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + end

    def cells(values: list[str], bar: str) -> str:
        parts = (f" {_fit(v, w, r)} " for v, w, r in zip(values, widths, right, strict=True))
        return bar + bar.join(parts) + bar

    lines = [str(table.title)] if table.title else []
    lines += [line("┏", "━", "┳", "┓"), cells(headers, "┃"), line("┡", "━", "╇", "┩")]
    lines += [cells(row, "│") for row in rows]
    lines.append(line("└", "─", "┴", "┘"))
    return "\n".join(lines) + "\n"
