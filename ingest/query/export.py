"""Write a query result to CSV, Parquet or JSON (for `nba-lake query --output` and the TUI)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Literal, cast

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ingest.atomic import atomic_write_bytes
from ingest.errors import LakeError

ExportFormat = Literal["csv", "parquet", "json"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "parquet", "json")


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


def _jsonable(table: pa.Table) -> list[dict[str, object]]:
    return cast(list[dict[str, object]], table.to_pylist())


def render(table: pa.Table, fmt: ExportFormat) -> bytes:
    """The bytes of `table` in a format (JSON: one object per line, like Athena's JSON)."""
    if fmt == "csv":
        sink = io.BytesIO()
        pacsv.write_csv(table, sink)
        return sink.getvalue()
    if fmt == "parquet":
        sink = io.BytesIO()
        pq.write_table(table, sink, compression="zstd")
        return sink.getvalue()
    option = orjson.OPT_NAIVE_UTC | orjson.OPT_SERIALIZE_NUMPY
    return b"".join(
        orjson.dumps(row, option=option, default=str) + b"\n" for row in _jsonable(table)
    )


def export_table(table: pa.Table, path: Path, fmt: str | None = None) -> tuple[Path, int]:
    """Write atomically (an existing file is replaced whole or not at all); (path, rows)."""
    target = path.expanduser().resolve()
    chosen = format_for(target, fmt)
    if target.is_dir():
        raise LakeError(f"{target} is a folder", "give a file name, e.g. results.csv")
    if not target.parent.is_dir():
        raise LakeError(
            f"folder {target.parent} does not exist", "create it or choose another path"
        )
    try:
        atomic_write_bytes(target, render(table, chosen))
    except PermissionError:
        raise LakeError(
            f"cannot write {target}: permission denied", "choose another path"
        ) from None
    return target, int(table.num_rows)
