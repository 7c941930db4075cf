"""`nba-lake query ... --chart`: draw a result in the terminal with plotext.

The chart is the core's (`ingest.charts`): the same proposal and reduction as the
workbench's chart view. It goes to stdout; the chart's own `--chart` text goes to stderr,
so a user can copy it and change a column. Piped output has no colour codes.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console

from ingest.charts.draw import draw
from ingest.charts.reduce import prepare
from ingest.charts.spec import complete, parse_request
from ingest.errors import LakeError
from ingest.query.result import QueryResult

#: Without colour (a pipe, a file), series differ by their marker instead.
PLAIN_MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%")
#: The chart's size in a terminal of unknown height (a pipe, a file).
DEFAULT_HEIGHT = 24
MAX_HEIGHT = 40


def check_chart_request(request: str, fmt: str) -> None:
    """Refuse a --chart that cannot be read, or one asked with CSV/JSON output."""
    parse_request(request)
    if fmt != "table":
        raise LakeError(
            f"--chart draws on the terminal, --format {fmt} prints data",
            "use one of them (--output FILE keeps the data beside a chart)",
        )


def chart_text(result: QueryResult, request: str, width: int, height: int, *, colour: bool) -> str:
    """The chart of `result` as `--chart request` asks, `width` x `height` characters."""
    import plotext  # loads on use: only --chart needs it

    spec = complete(result.table, parse_request(request))
    data = prepare(result.table, spec, width, height)
    plotext.clear_figure()
    plotext.theme("pro" if colour else "clear")
    plotext.plotsize(width, height)
    draw(plotext, data, markers=() if colour else PLAIN_MARKERS)
    text = str(plotext.build())
    plotext.clear_figure()
    return text if colour else str(plotext.uncolorize(text))


def print_chart(
    result: QueryResult, request: str, errors: Console, out: TextIO | None = None
) -> None:
    """Draw the chart on stdout, sized to the terminal, and say on stderr how to change it."""
    out = out or sys.stdout
    tty = out.isatty()
    size = Console(file=out).size if tty else None
    width = size.width if size else 100
    height = min(max(size.height - 6, 12), MAX_HEIGHT) if size else DEFAULT_HEIGHT
    spec = complete(result.table, parse_request(request))
    out.write(chart_text(result, spec.describe(), width, height, colour=tty) + "\n")
    out.flush()
    errors.print(f'[dim]chart: --chart "{spec.describe()}"[/]')
