"""DuckDB result types under Athena's (Trino's) names, so a result reads the same on both engines.

Also the Arrow fix-ups that make the values match those names: DuckDB sums integers into
HUGEINT (128-bit), which Athena does not have; Athena's `sum` over integers is a bigint.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ingest.query.result import QueryError

_SIMPLE: dict[str, str] = {
    "boolean": "boolean",
    "tinyint": "tinyint",
    "smallint": "smallint",
    "integer": "integer",
    "bigint": "bigint",
    "hugeint": "bigint",
    "utinyint": "smallint",
    "usmallint": "integer",
    "uinteger": "bigint",
    "ubigint": "bigint",
    "uhugeint": "bigint",
    "float": "real",
    "double": "double",
    "varchar": "varchar",
    "date": "date",
    "time": "time",
    "timestamp": "timestamp",
    "timestamp_s": "timestamp",
    "timestamp_ms": "timestamp",
    "timestamp_ns": "timestamp",
    "timestamp with time zone": "timestamp with time zone",
    "interval": "interval day to second",
    "blob": "varbinary",
    "uuid": "uuid",
    "bit": "varbinary",
    "null": "unknown",
    '"null"': "unknown",
}


def athena_type(duck_type: Any) -> str:
    """A DuckDBPyType as Athena names it: INTEGER[] -> array(integer), STRUCT -> row(...)."""
    type_id = str(duck_type.id)
    if str(duck_type) == "JSON":
        return "json"
    if type_id == "decimal":
        params = dict(duck_type.children)
        return f"decimal({params['precision']},{params['scale']})"
    if type_id in ("list", "array"):
        return f"array({athena_type(dict(duck_type.children)['child'])})"
    if type_id == "map":
        children = dict(duck_type.children)
        return f"map({athena_type(children['key'])}, {athena_type(children['value'])})"
    if type_id == "struct":
        fields = ", ".join(f"{name} {athena_type(child)}" for name, child in duck_type.children)
        return f"row({fields})"
    return _SIMPLE.get(type_id, type_id)


def _is_hugeint(duck_type: Any) -> bool:
    return str(duck_type.id) in ("hugeint", "uhugeint")


def bigint_for_hugeint(table: pa.Table, duck_types: list[Any]) -> pa.Table:
    """Cast top-level HUGEINT columns (DuckDB's integer sums) to int64, failing on overflow."""
    for index, duck_type in enumerate(duck_types):
        if not _is_hugeint(duck_type):
            continue
        try:
            column = pc.cast(table.column(index), pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise QueryError(
                f"NUMERIC_VALUE_OUT_OF_RANGE: column {table.column_names[index]} overflows bigint",
                "cast it to double or decimal",
            ) from None
        table = table.set_column(index, table.schema.field(index).name, column)
    return table
