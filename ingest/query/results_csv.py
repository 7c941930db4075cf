"""A result as the CSV Athena writes to the results location.

Athena's format: a quoted header, every value quoted, NULL as an empty unquoted field,
timestamps as `2021-04-14 03:12:45.123`, arrays as `[1, 2]`, maps and rows as `{k=v}`.
"""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv


def _render(value: Any, kind: pa.DataType) -> str:
    """Trino's text for a nested value: [1, 2], {k=v}, {field=value}."""
    if value is None:
        return "null"
    if pa.types.is_map(kind):
        return (
            "{"
            + ", ".join(
                f"{_render(k, kind.key_type)}={_render(v, kind.item_type)}" for k, v in value
            )
            + "}"
        )
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return "[" + ", ".join(_render(v, kind.value_type) for v in value) + "]"
    if pa.types.is_struct(kind):
        return (
            "{"
            + ", ".join(
                f"{kind.field(i).name}={_render(value[kind.field(i).name], kind.field(i).type)}"
                for i in range(kind.num_fields)
            )
            + "}"
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _is_plain(kind: pa.DataType) -> bool:
    """Types pyarrow's CSV writer prints the way Athena does."""
    return bool(
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_decimal(kind)
        or pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_date(kind)
        or pa.types.is_null(kind)
    )


def athena_text(column: pa.ChunkedArray) -> pa.Array:
    """A nested (array, map, row) column as the text Athena writes for it."""
    kind = column.type
    return pa.array(
        [None if v is None else _render(v, kind) for v in column.to_pylist()], pa.string()
    )


def _text_column(column: pa.ChunkedArray) -> pa.ChunkedArray | pa.Array:
    kind = column.type
    if _is_plain(kind):
        return column
    if pa.types.is_timestamp(kind):
        millis = pc.cast(column, pa.timestamp("ms", tz=kind.tz), safe=False)
        return pc.strftime(millis, format="%Y-%m-%d %H:%M:%S" + (" %Z" if kind.tz else ""))
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        return pa.array(
            [None if v is None else v.hex(" ") for v in column.to_pylist()], pa.string()
        )
    return athena_text(column)


def to_csv(table: pa.Table) -> bytes:
    """CSV bytes of `table` in Athena's style (header always present, even with no rows)."""
    columns = [_text_column(table.column(i)) for i in range(table.num_columns)]
    text_table = pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(table.num_columns)])
    out = io.BytesIO()
    header = ",".join('"' + name.replace('"', '""') + '"' for name in table.column_names)
    out.write(header.encode("utf-8") + b"\n")
    if table.num_rows:
        options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
        pa_csv.write_csv(text_table, out, options)
    return out.getvalue()
