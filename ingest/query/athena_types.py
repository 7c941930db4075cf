"""The Arrow type a result column holds for its Trino type, so a result reads the same on
both engines: integer is int32, bigint int64, decimal(p,s) decimal128(p,s), and so on.

Only top-level primitive columns are conformed; nested values keep DuckDB's Arrow layout
(the analyzer already typed them exactly).
"""

from __future__ import annotations

import pyarrow as pa

from ingest.query.trino.types import TrinoType

_FIXED: dict[str, pa.DataType] = {
    "boolean": pa.bool_(),
    "tinyint": pa.int8(),
    "smallint": pa.int16(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "real": pa.float32(),
    "double": pa.float64(),
    "varchar": pa.string(),
    "json": pa.string(),
    "varbinary": pa.binary(),
    "date": pa.date32(),
    "interval day to second": pa.string(),
    "interval year to month": pa.string(),
    "timestamp with time zone": pa.string(),
}


def arrow_for(kind: TrinoType) -> pa.DataType | None:
    """The Arrow type for a top-level column of `kind` (None: keep what DuckDB gave)."""
    if kind.base in _FIXED:
        return _FIXED[kind.base]
    if kind.base == "decimal":
        return pa.decimal128(kind.precision, kind.scale)
    if kind.base == "timestamp":
        return pa.timestamp("us")
    return None
