"""Athena's answers as typed Arrow tables: result pages (GetQueryResults) and result CSVs.

Athena hands every value over as text: `VarCharValue` strings in GetQueryResults, quoted
fields in the CSV it writes to the results location. The column metadata
(`ResultSetMetadata.ColumnInfo`) carries the Athena type of each column, which picks the
Arrow type here. Both readers use the same mapping, so a result reads the same whichever
way it was fetched.

Athena types without an exact Arrow counterpart whose text is still useful to show
(json, array, map, row, varbinary, time, interval, timestamp with time zone, ...) stay
strings, exactly as Athena printed them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.csv as pacsv

from ingest.query.result import ColumnInfo

if TYPE_CHECKING:
    from mypy_boto3_athena.type_defs import ColumnInfoTypeDef, RowTypeDef

#: Names Athena reports (Hive's in DDL/SHOW results, `float` for REAL columns) as the
#: Trino names both engines use.
_ALIASES = {"string": "varchar", "int": "integer", "float": "real"}

_FIXED: dict[str, pa.DataType] = {
    "boolean": pa.bool_(),
    "tinyint": pa.int8(),
    "smallint": pa.int16(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "real": pa.float32(),
    "date": pa.date32(),
}

#: Arrow's decimal128 holds 38 digits, Athena's maximum.
_MAX_DECIMAL128 = 38


def _base_type(info: ColumnInfoTypeDef) -> str:
    name = info["Type"].strip().lower()
    return _ALIASES.get(name, name)


def type_name(info: ColumnInfoTypeDef) -> str:
    """The Athena type name a result reports for a column, e.g. `integer`, `decimal(10,2)`."""
    name = _base_type(info)
    if name == "decimal" and "Precision" in info:
        return f"decimal({info['Precision']},{info.get('Scale', 0)})"
    return name


def arrow_type(info: ColumnInfoTypeDef) -> pa.DataType:
    """The Arrow type that holds a column of this Athena type (string when none fits)."""
    name = _base_type(info)
    if name in _FIXED:
        return _FIXED[name]
    if name == "decimal":
        precision = int(info.get("Precision") or _MAX_DECIMAL128)
        scale = int(info.get("Scale") or 0)
        if precision > _MAX_DECIMAL128:
            return pa.decimal256(precision, scale)
        return pa.decimal128(precision, scale)
    if name == "timestamp":
        # Athena prints milliseconds (Hive tables) or microseconds (Iceberg); `us` holds both.
        return pa.timestamp("ns" if int(info.get("Precision") or 0) > 6 else "us")
    return pa.string()


def result_columns(infos: Sequence[ColumnInfoTypeDef]) -> tuple[ColumnInfo, ...]:
    """The result's columns: names and Athena type names."""
    return tuple(ColumnInfo(info["Name"], type_name(info)) for info in infos)


def row_values(row: RowTypeDef) -> list[str | None]:
    """A result row's values; a datum without `VarCharValue` is NULL."""
    return [datum.get("VarCharValue") for datum in row.get("Data", [])]


def is_header(values: Sequence[str | None], infos: Sequence[ColumnInfoTypeDef]) -> bool:
    """Whether a row is the column-label row Athena puts first in a SELECT's results."""
    if len(values) != len(infos):
        return False
    return all(
        value is not None and value in (info.get("Label"), info["Name"])
        for value, info in zip(values, infos, strict=True)
    )


def table_from_rows(
    rows: Sequence[Sequence[str | None]], infos: Sequence[ColumnInfoTypeDef]
) -> pa.Table:
    """Typed columns from rows of Athena text values (header row already removed).

    Raises ValueError naming the column when a value does not parse as the column's type.
    """
    arrays = []
    for index, info in enumerate(infos):
        target = arrow_type(info)
        texts = [row[index] if index < len(row) else None for row in rows]
        if target != pa.string():
            # Only NULL is ever empty in a typed column; treat a stray "" the same way.
            texts = [None if text == "" else text for text in texts]
        column = pa.array(texts, type=pa.string())
        try:
            arrays.append(column.cast(target))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as err:
            raise ValueError(
                f"column {info['Name']} ({type_name(info)}) holds a value Athena's type "
                f"does not allow: {err}"
            ) from err
    return pa.Table.from_arrays(arrays, names=[info["Name"] for info in infos])


def table_from_csv(data: bytes, infos: Sequence[ColumnInfoTypeDef], *, header: bool) -> pa.Table:
    """Typed columns from a result CSV as Athena writes it.

    Athena quotes every field and writes NULL as an empty unquoted field, so `""` is an
    empty string and a bare empty field (or, for one column, an empty line) is NULL. A
    value may hold newlines inside its quotes. Raises pyarrow.ArrowInvalid when the file
    does not match the columns.
    """
    if not infos:
        return pa.table({})
    # Positional names: result column names may repeat (SELECT a, a) or be unusual.
    positional = [f"c{index}" for index in range(len(infos))]
    table = pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(
            column_names=positional, skip_rows_after_names=1 if header else 0
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={
                name: arrow_type(info) for name, info in zip(positional, infos, strict=True)
            },
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    return table.rename_columns([info["Name"] for info in infos])
