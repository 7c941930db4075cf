"""Names and types for a file's records: snake_case column names, Hive types inferred
from every value.

Inference never fails: a column it cannot type consistently is a string. Names are made
unique in one pass (a counter per base name), so a file with thousands of clashing
headers costs linear time, not quadratic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Final

from ingest.sources.base import InferredColumn, Record

#: The widest file the lake takes (distinct columns or keys); see README "Loading data".
MAX_COLUMNS: Final = 10_000


# --- names -----------------------------------------------------------------------------

_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z])([A-Z])")
_DIGIT_WORD = re.compile(r"([0-9])([A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_MAX_NAME = 255  # Glue's limit for a column name


def to_snake_case(name: str) -> str:
    """A Glue/Athena-friendly column name: `Points Per Game` -> points_per_game, `PlayerID` ->
    player_id, `FG%` -> fg_pct, `3PM` -> col_3pm. Accents are folded to ASCII; a name with
    nothing usable left becomes "" (callers pick a positional name)."""
    text = name.replace("%", " pct ").replace("#", " num ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _ACRONYM_WORD.sub(r"\1_\2", text)
    text = _LOWER_UPPER.sub(r"\1_\2", text)
    text = _DIGIT_WORD.sub(r"\1_\2", text)
    snake = _NOT_ALNUM.sub("_", text.lower()).strip("_")
    if snake[:1].isdigit():
        snake = f"col_{snake}"
    return snake[:_MAX_NAME].rstrip("_")


class UniqueNames:
    """Hands out names never handed out before: `x`, then `x_2`, `x_3` ... In linear time:
    each base remembers the next suffix to try, so 10,000 clashing names cost 10,000 steps."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def claim(self, base: str) -> str:
        if base not in self._used:
            self._used.add(base)
            return base
        n = self._next.get(base, 2)
        while f"{base}_{n}" in self._used:  # each taken name is skipped once per base
            n += 1
        self._next[base] = n + 1
        name = f"{base}_{n}"
        self._used.add(name)
        return name


# --- types ------------------------------------------------------------------------------

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
# Leading zeros ("007", "02134") mark identifiers, which a number type would mangle.
_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # no "+": Arrow will not parse it as an int
_FLOAT_TEXT = re.compile(r"[+-]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_NUMERIC = frozenset({"int", "bigint", "double"})
_TEMPORAL = frozenset({"date", "timestamp"})


def _int_kind(value: int) -> str:
    if _INT32[0] <= value <= _INT32[1]:
        return "int"
    return "bigint" if _INT64[0] <= value <= _INT64[1] else "string"


def _text_kind(text: str) -> str | None:
    """The narrowest type that holds a string value as written; None for an empty one."""
    if not text:
        return None
    if _INT_TEXT.fullmatch(text):  # past 20 characters it fits no integer type (and int()
        return _int_kind(int(text)) if len(text) <= 20 else "string"  # refuses 4,300 digits)
    if _FLOAT_TEXT.fullmatch(text):
        return "double"
    if text.lower() in ("true", "false"):
        return "boolean"
    if _DATE_TEXT.fullmatch(text):
        return "date" if _valid(date.fromisoformat, text) else "string"
    if _TIMESTAMP_TEXT.fullmatch(text):
        return "timestamp" if _valid(datetime.fromisoformat, text) else "string"
    return "string"


def _valid(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _kind(value: object) -> str | None:
    """A value's type: JSON types map directly, strings by what they hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return _int_kind(value)
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return _text_kind(value)
    return "string"  # a nested object or array: kept as its JSON text


def _merge(kinds: set[str]) -> str:
    """One type for everything a column holds; anything inconsistent is a string."""
    if not kinds or "string" in kinds:
        return "string"
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= _NUMERIC:
        return "double" if "double" in kinds else "bigint"
    if kinds <= _TEMPORAL:
        return "timestamp"
    return "string"


class SchemaInference:
    """Infers columns incrementally, so the pipeline can feed pages as it streams them."""

    def __init__(self) -> None:
        self._kinds: dict[str, set[str]] = {}

    def update(self, records: Iterable[Record]) -> None:
        kinds = self._kinds
        for record in records:
            for key, value in record.items():
                seen = kinds.get(key)
                if seen is None:
                    seen = kinds[key] = set()
                elif "string" in seen:
                    continue  # already as wide as it gets
                kind = _kind(value)
                if kind is not None:
                    seen.add(kind)

    def columns(self, reserved: Iterable[str] = ()) -> list[InferredColumn]:
        """Columns in first-seen key order, with unique snake_case names; `reserved` names
        (a partition key of the table, say) are never given to a column."""
        names = UniqueNames()
        for name in reserved:
            names.claim(name)
        return [
            InferredColumn(
                name=names.claim(to_snake_case(str(key)) or f"column_{position}"),
                source_key=key,
                type=_merge(kinds),
            )
            for position, (key, kinds) in enumerate(self._kinds.items(), start=1)
        ]


def infer_columns(records: Iterable[Record]) -> list[InferredColumn]:
    """Columns for records: snake_case names and Hive types inferred over every value.

    int/bigint, double, boolean, date (YYYY-MM-DD), timestamp (ISO 8601), else string.
    Nulls and empty strings say nothing; ints mixed with doubles widen to double, dates with
    timestamps to timestamp, anything else mixed falls back to string.
    """
    inference = SchemaInference()
    inference.update(records)
    return inference.columns()
