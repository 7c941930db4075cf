"""DuckDB's run-time errors as the error Athena raises for the same failure.

The analyzer raises Trino's own categories through DuckDB's error() (`CATEGORY: message`)
and from the Python functions it registers; the rest are DuckDB's own checks (an integer
overflow, a text that is not a number). Either way the user sees `CATEGORY: message` and
never DuckDB's error class or the SQL it ran.
"""

from __future__ import annotations

import re

from ingest.query.trino import errors as err

_OURS = re.compile(r"\b([A-Z][A-Z_]{3,}): (.*)$", re.S)
_BY_PREFIX = (
    ("Conversion Error: Type INT", err.NUMERIC_VALUE_OUT_OF_RANGE),
    ("Conversion Error: Type UINT", err.NUMERIC_VALUE_OUT_OF_RANGE),
    ("Out of Range Error", err.NUMERIC_VALUE_OUT_OF_RANGE),
    ("Conversion Error", err.INVALID_CAST_ARGUMENT),
)
_BY_TEXT = (
    ("Division by zero", err.DIVISION_BY_ZERO),
    ("Overflow", err.NUMERIC_VALUE_OUT_OF_RANGE),
    ("out of range", err.NUMERIC_VALUE_OUT_OF_RANGE),
    ("Map keys must be unique", err.INVALID_FUNCTION_ARGUMENT),
    ("Map keys can not be NULL", err.INVALID_FUNCTION_ARGUMENT),
    ("Map key can not be NULL", err.INVALID_FUNCTION_ARGUMENT),
    ("duplicate key", err.INVALID_FUNCTION_ARGUMENT),
    ("Invalid Input Error: Malformed JSON", err.INVALID_FUNCTION_ARGUMENT),
    ("Malformed JSON", err.INVALID_FUNCTION_ARGUMENT),
    ("Invalid regular expression", err.INVALID_FUNCTION_ARGUMENT),
    ("More than one row returned by a subquery", "SUBQUERY_MULTIPLE_ROWS"),
    ("Unknown TimeZone", err.INVALID_FUNCTION_ARGUMENT),
    ("Invalid UTF8", err.INVALID_FUNCTION_ARGUMENT),
    ("Invalid Input Error", err.INVALID_FUNCTION_ARGUMENT),
)


def category_and_message(text: str) -> tuple[str, str]:
    """(Athena error category, one-line message) for a DuckDB error's text."""
    first = " ".join(text.strip().split("\n")[0].split())
    found = _OURS.search(first)
    if found:
        category, message = found.group(1), found.group(2)
        message = message.split(" LINE ")[0].strip()
        return category, message
    for prefix, category in _BY_PREFIX:
        if first.startswith(prefix):
            return category, first.split(": ", 1)[-1]
    for fragment, category in _BY_TEXT:
        if fragment in first:
            return category, first.split(": ", 1)[-1]
    return "GENERIC_INTERNAL_ERROR", first.split(": ", 1)[-1]
