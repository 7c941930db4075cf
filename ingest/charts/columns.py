"""What each result column can be in a chart: a number, a date or season, or a label.

Roles come from the Arrow types (the same on both engines) and, for the two cases types
do not tell, from the column: an integer `season`/`year` is a time axis, a string column
that holds ISO dates (raw tables keep dates as text) is one too. Ids are numbers nobody
wants summed or plotted, so they are never proposed as a measure (a user may still pick them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

Role = Literal["number", "time", "text", "other"]

#: Integer columns that are points in time, not quantities.
TIME_NAMES = frozenset({"season", "year", "month", "week", "day"})
_ID = re.compile(r"((^|_)id|(player|team|game|person|stat|season)id)$", re.IGNORECASE)
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}([ T].*)?$"
#: Rows looked at to decide whether a text column holds dates.
_SAMPLE = 200


@dataclass(frozen=True)
class ColumnRole:
    """A result column and what it can be on a chart."""

    name: str
    role: Role
    #: an identifier (player_id, teamid): numeric, but never proposed as a measure
    is_id: bool = False
    #: the column is a date or timestamp (its values become day numbers on the x axis)
    is_date: bool = False


def _is_iso_dates(column: pa.ChunkedArray) -> bool:
    sample = column.slice(0, _SAMPLE).drop_null()
    if len(sample) == 0:
        return False
    return bool(pc.all(pc.match_substring_regex(sample, _ISO_DATE)).as_py())


def role_of(name: str, column: pa.ChunkedArray) -> ColumnRole:
    kind = column.type
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return ColumnRole(name, "time", is_date=True)
    if pa.types.is_integer(kind) and name.lower() in TIME_NAMES:
        return ColumnRole(name, "time")
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        return ColumnRole(name, "number", is_id=bool(_ID.search(name)))
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if _is_iso_dates(column):
            return ColumnRole(name, "time", is_date=True)
        return ColumnRole(name, "text")
    if pa.types.is_boolean(kind):
        return ColumnRole(name, "text")
    return ColumnRole(name, "other")


def roles(table: pa.Table) -> list[ColumnRole]:
    """Every column's role, in the result's order."""
    return [role_of(name, table.column(name)) for name in table.column_names]
