"""Write a query result to CSV, Parquet or JSON (for `nba-lake query --output` and the TUI).

Array, map and row columns go into CSV as Athena writes them in its own result CSVs
(`[1, 2]`, `{k=v}`, `{field=value}`). The result's column types, in Athena's (Trino's)
names, travel with the file: inside a Parquet file's schema metadata, and beside a CSV or
JSON file as `<file>.metadata.json` (Athena too writes a `.metadata` file beside each
result CSV).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, cast

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ingest.atomic import atomic_write_bytes
from ingest.errors import LakeError
from ingest.query.result import ColumnInfo
from ingest.query.results_csv import athena_text

ExportFormat = Literal["csv", "parquet", "json"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "parquet", "json")
#: Schema metadata key (Parquet) holding the columns' Athena types.
METADATA_KEY = b"athena.columns"
METADATA_SUFFIX = ".metadata.json"


def format_for(path: Path, requested: str | None = None) -> ExportFormat:
    """The format asked for, else the one the file's extension names."""
    name = (requested or path.suffix.lstrip(".")).lower()
    name = {"ndjson": "json", "jsonl": "json", "pq": "parquet"}.get(name, name)
    if name not in FORMATS:
        raise LakeError(
            f"cannot tell the export format of '{path.name}'",
            "use a .csv, .parquet or .json file name, or choose the format",
        )
    return name


def _as_json(value: object, kind: pa.DataType) -> object:
    """Maps as JSON objects (Arrow hands them over as pairs), nested values too."""
    if value is None:
        return None
    if pa.types.is_map(kind):
        pairs = cast(list[tuple[object, object]], value)
        return {str(k): _as_json(v, kind.item_type) for k, v in pairs}
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return [_as_json(v, kind.value_type) for v in cast(list[object], value)]
    if pa.types.is_struct(kind):
        fields = cast(dict[str, object], value)
        return {
            kind.field(i).name: _as_json(fields[kind.field(i).name], kind.field(i).type)
            for i in range(kind.num_fields)
        }
    return value


def _jsonable(table: pa.Table) -> list[dict[str, object]]:
    rows = cast(list[dict[str, object]], table.to_pylist())
    nested = [f for f in table.schema if _nested(f.type)]
    for row in rows:
        for field in nested:
            row[field.name] = _as_json(row[field.name], field.type)
    return rows


def _nested(kind: pa.DataType) -> bool:
    return bool(
        pa.types.is_list(kind)
        or pa.types.is_large_list(kind)
        or pa.types.is_fixed_size_list(kind)
        or pa.types.is_map(kind)
        or pa.types.is_struct(kind)
    )


def _csv_ready(table: pa.Table) -> pa.Table:
    """Nested columns as Athena's text; everything else as pyarrow writes it."""
    columns = [
        athena_text(table.column(i)) if _nested(table.schema.field(i).type) else table.column(i)
        for i in range(table.num_columns)
    ]
    return pa.Table.from_arrays(columns, names=table.column_names)


def _described(columns: Sequence[ColumnInfo] | None) -> list[dict[str, str]]:
    return [{"name": c.name, "type": c.type} for c in columns or ()]


def render(
    table: pa.Table, fmt: ExportFormat, columns: Sequence[ColumnInfo] | None = None
) -> bytes:
    """The bytes of `table` in a format (JSON: one object per line, like Athena's JSON)."""
    if fmt == "csv":
        sink = io.BytesIO()
        pacsv.write_csv(_csv_ready(table), sink)
        return sink.getvalue()
    if fmt == "parquet":
        sink = io.BytesIO()
        if columns:
            metadata = {
                **(table.schema.metadata or {}),
                METADATA_KEY: json.dumps(_described(columns)).encode(),
            }
            table = table.replace_schema_metadata(metadata)
        pq.write_table(table, sink, compression="zstd")
        return sink.getvalue()
    option = orjson.OPT_NAIVE_UTC | orjson.OPT_SERIALIZE_NUMPY
    return b"".join(
        orjson.dumps(row, option=option, default=str) + b"\n" for row in _jsonable(table)
    )


def export_table(
    table: pa.Table,
    path: Path,
    fmt: str | None = None,
    columns: Sequence[ColumnInfo] | None = None,
) -> tuple[Path, int]:
    """Write atomically (an existing file is replaced whole or not at all); (path, rows).
    With `columns`, their Athena types are kept (see the module docstring)."""
    target = path.expanduser().resolve()
    chosen = format_for(target, fmt)
    if target.is_dir():
        raise LakeError(f"{target} is a folder", "give a file name, e.g. results.csv")
    if not target.parent.is_dir():
        raise LakeError(
            f"folder {target.parent} does not exist", "create it or choose another path"
        )
    try:
        atomic_write_bytes(target, render(table, chosen, columns))
        if columns and chosen != "parquet":
            sidecar = target.with_name(target.name + METADATA_SUFFIX)
            atomic_write_bytes(
                sidecar, json.dumps({"columns": _described(columns)}, indent=2).encode()
            )
    except PermissionError:
        raise LakeError(
            f"cannot write {target}: permission denied", "choose another path"
        ) from None
    return target, int(table.num_rows)
