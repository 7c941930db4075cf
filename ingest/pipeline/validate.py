"""Check each record against its raw table's declared columns; keep the bad ones with a reason.

Fast path: when every record has the same keys, each declared field is converted as a
whole column, as strictly as the record check would judge its values. Only a page that
fails the fast path is checked record by record, which is also what decides each reason.
The fast path is never more lenient than the record check (a property test holds them
together).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ingest.schema import Column
from ingest.sources.base import Page, Record

INT32_RANGE = (-(2**31), 2**31 - 1)
INT64_RANGE = (-(2**63), 2**63 - 1)

#: Python types of JSON values a double column takes (`bool` is its own type here: JSON's
#: true is not the number 1).
_PYTHON_TYPES: dict[str, frozenset[type]] = {"double": frozenset({float, int, type(None)})}
_ARROW_TYPE: dict[str, pa.DataType] = {
    "int": pa.int64(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
    "string": pa.string(),
    "date": pa.string(),
    "timestamp": pa.string(),
}


@dataclass(frozen=True)
class RawSchema:
    """What a record must look like: declared columns and required ones.

    `keys` maps a column to the (lower-cased) JSON key it reads when they differ (OpenX
    SerDe's `mapping.<column>`). Without `check_types`, any JSON value is kept as text:
    the `file` source, whose types are inferred from the very records being checked.
    """

    columns: tuple[Column, ...]
    required: tuple[str, ...]
    keys: dict[str, str] = field(default_factory=dict)
    check_types: bool = True

    def key(self, column: str) -> str:
        return self.keys.get(column, column)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c.name, _ARROW_TYPE[c.type]) for c in self.columns])


@dataclass
class ValidatedPage:
    """The page split into good records (with their columns as Arrow) and rejects."""

    good: list[Record]
    table: pa.Table  # declared columns only, lower-case names, one row per good record
    rejects: list[tuple[Any, str]] = field(default_factory=list)


def _value_problem(value: Any, hive_type: str) -> str | None:
    """Why `value` does not fit `hive_type`, or None when it does (null always fits)."""
    if value is None:
        return None
    if hive_type in ("int", "bigint"):
        low, high = INT32_RANGE if hive_type == "int" else INT64_RANGE
        if isinstance(value, bool) or not isinstance(value, int):
            return "expected an integer"
        return None if low <= value <= high else f"integer out of range for {hive_type}"
    if hive_type == "double":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "expected a number"
        return (
            None if not isinstance(value, float) or math.isfinite(value) else "not a finite number"
        )
    if hive_type == "boolean":
        return None if isinstance(value, bool) else "expected true or false"
    return None if isinstance(value, str) else "expected a string"


def record_problem(record: Any, schema: RawSchema) -> str | None:
    """The reason a record is rejected, or None when it is good. Never raises."""
    if not isinstance(record, dict):
        return f"record is a JSON {type(record).__name__}, not an object"
    lowered: dict[str, Any] = {}
    for key, value in record.items():
        name = str(key).lower()
        if name in lowered:
            return f"field '{key}' appears twice with different letter case"
        lowered[name] = value
    for name in schema.required:
        if lowered.get(schema.key(name)) is None:
            return f"missing required field '{name}'"
    if not schema.check_types:
        return None
    for column in schema.columns:
        problem = _value_problem(lowered.get(schema.key(column.name)), column.type)
        if problem:
            shown = repr(lowered[schema.key(column.name)])
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            return f"field '{column.name}' = {shown}: {problem} ({column.type})"
    return None


def _same_keys(page: Page) -> bool:
    """Every record is an object with exactly the first record's keys (C-speed check)."""
    if not all(isinstance(record, dict) for record in page):
        return False
    first = page[0].keys()
    return not any(map(first.__ne__, map(dict.keys, page)))


def _column_keys(first: Record) -> dict[str, str] | None:
    """Lower-cased key -> the record's own spelling; None if two keys differ only in case."""
    keys: dict[str, str] = {}
    for key in first:
        lowered = str(key).lower()
        if lowered in keys:
            return None
        keys[lowered] = key
    return keys


def _columns_of(page: Page, keys: list[str]) -> list[Sequence[Any]]:
    """The values of each key, one pass over the records (cheaper than a pass per key when
    the records are many and spread over memory)."""
    if not keys:
        return []
    if len(keys) == 1:
        return [list(map(itemgetter(keys[0]), page))]
    return list(zip(*map(itemgetter(*keys), page), strict=True))


def _column_array(values: Sequence[Any], hive_type: str) -> pa.Array | None:
    """A column of JSON values as Arrow, or None when a value does not fit the type.

    Each conversion is as strict as the per-record check, at C speed: text and booleans
    convert with their declared type (which refuses anything else); integers are inferred
    (a float among them makes the column a double, refused); numbers for a double column
    are checked by their Python types first, since Arrow would turn true into 1.0.
    """
    if hive_type in ("int", "bigint"):
        array = pa.array(values)
        if array.type == pa.null():
            return pa.nulls(len(values), pa.int64())
        return array if array.type == pa.int64() else None
    if hive_type == "double" and not set(map(type, values)) <= _PYTHON_TYPES["double"]:
        return None
    return pa.array(values, _ARROW_TYPE[hive_type])


def _fast_table(page: Page, schema: RawSchema) -> pa.Table | None:
    """Validate a whole page with Arrow; None when any column needs a closer look.

    With identical key sets, each declared field is pulled out at C speed and converted
    as a whole column (`_column_array`), which is all the per-record check would test.
    Undeclared fields are never converted.
    """
    if not page or not schema.check_types or schema.keys or not _same_keys(page):
        return None
    keys = _column_keys(page[0])
    if keys is None:
        return None
    present = [c for c in schema.columns if c.name in keys]
    if any(c.name in schema.required and c not in present for c in schema.columns):
        return None
    extracted = _columns_of(page, [keys[c.name] for c in present])
    found: dict[str, pa.Array] = {}
    for column, values in zip(present, extracted, strict=True):
        try:
            array = _column_array(values, column.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            return None
        if array is None or (column.name in schema.required and array.null_count):
            return None
        if column.type == "int" and len(array) > array.null_count:
            bounds = pc.min_max(array)
            if bounds["min"].as_py() < INT32_RANGE[0] or bounds["max"].as_py() > INT32_RANGE[1]:
                return None
        if column.type == "double" and pc.any(pc.invert(pc.is_finite(array))).as_py():
            return None
        found[column.name] = array
    columns = [found.get(c.name, pa.nulls(len(page), _ARROW_TYPE[c.type])) for c in schema.columns]
    return pa.Table.from_arrays(columns, schema=schema.arrow_schema())


def _as_text(value: Any) -> str | None:
    """A JSON value as the text a string column holds (JSON for lists and objects)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _lowered(record: Record, schema: RawSchema) -> dict[str, Any]:
    lowered = {str(key).lower(): value for key, value in record.items()}
    values = {column.name: lowered.get(schema.key(column.name)) for column in schema.columns}
    if not schema.check_types:
        values = {name: _as_text(value) for name, value in values.items()}
    return values


def validate_page(page: Page, schema: RawSchema) -> ValidatedPage:
    """Split a page into good records and (record, reason) rejects."""
    table = _fast_table(page, schema)
    if table is not None:
        return ValidatedPage(good=page, table=table)
    good: list[Record] = []
    rejects: list[tuple[Any, str]] = []
    for record in page:
        problem = record_problem(record, schema)
        if problem is None:
            good.append(record)
        else:
            rejects.append((record, problem))
    rows = [_lowered(record, schema) for record in good]
    return ValidatedPage(good, pa.Table.from_pylist(rows, schema=schema.arrow_schema()), rejects)
