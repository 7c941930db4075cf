"""A result's rows: textual-fastdatatable over the result's Arrow table.

Textual's own DataTable copies every cell into Python objects (over 20 s for 100,000
rows); the Arrow backend reads only the rows on screen, so a large result opens at once.
"""

from __future__ import annotations

import pyarrow as pa
from rich.text import Text
from textual_fastdatatable import ArrowBackend, DataTable

from ingest.query.result import QueryResult

#: Long strings are cut in the grid (the whole value is in exports).
MAX_CELL_WIDTH = 40


#: Floats are shown to 6 significant digits; the backend sizes a number column by its
#: largest and smallest values only, which cuts the digits of the values between.
FLOAT_WIDTH = 10


def header_label(name: str, athena_type: str) -> Text:
    """The column name and its Athena type, on the header's one line."""
    label = Text(name, style="bold")
    if athena_type:  # italic, not dim: dimmed text falls under 4.5:1 in the light theme
        label.append(f" {athena_type}", style="italic")
    return label


def column_widths(result: QueryResult, labels: list[Text]) -> list[int | None]:
    """Fixed widths for float columns (see FLOAT_WIDTH); the rest size themselves."""
    return [
        max(FLOAT_WIDTH, label.cell_len) if pa.types.is_floating(field.type) else None
        for field, label in zip(result.table.schema, labels, strict=False)
    ]


class ResultsTable(DataTable):
    """The rows of one result, with each column's type in its header."""

    def __init__(self, result: QueryResult, *, id: str | None = None) -> None:
        self.result = result
        labels = [header_label(c.name, c.type) for c in result.columns]
        if len(labels) != result.table.num_columns:  # never trust two sources to agree
            labels = [header_label(name, "") for name in result.table.column_names]
        super().__init__(
            backend=ArrowBackend(result.table),
            column_labels=list[str | Text](labels),
            column_widths=column_widths(result, labels),
            max_column_content_width=MAX_CELL_WIDTH,
            null_rep="[dim]∅[/]",
            render_markup=False,
            zebra_stripes=True,
            cursor_type="cell",
            id=id,
        )
