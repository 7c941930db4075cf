"""Trino functions DuckDB has no equivalent for, written in Python and registered on the
engine's connection (one module per documentation page; this one holds the registry).

Each raises `ValueError('CATEGORY: message')` where Trino raises that error; the engine
reads the category back (see runtime_errors). NULL arguments never reach them (DuckDB
returns NULL first), matching Trino's NULL-in, NULL-out rule.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Udf:
    name: str
    function: Callable[..., Any]
    parameters: tuple[str, ...]
    returns: str
    #: True when the function must see NULL arguments itself
    special_nulls: bool = False


UDFS: list[Udf] = []


def udf(
    name: str,
    parameters: list[str],
    returns: str,
    *,
    special_nulls: bool = False,
    may_return_null: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a Python function. DuckDB hands NULL arguments to it (and takes a None
    result) only in its 'special' NULL mode, so a function that can answer NULL for
    non-NULL arguments (`may_return_null`) is wrapped to keep NULL-in, NULL-out."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        target = function
        if may_return_null and not special_nulls:

            @functools.wraps(function)  # DuckDB reads the arity from the signature
            def target(*args: Any) -> Any:
                return None if any(a is None for a in args) else function(*args)

        UDFS.append(Udf(name, target, tuple(parameters), returns, special_nulls or may_return_null))
        return function

    return register


def invalid(message: str) -> ValueError:
    return ValueError(f"INVALID_FUNCTION_ARGUMENT: {message}")


_CALLED = re.compile(r"\b(athena_[a-z0-9_]+)\s*\(", re.IGNORECASE)


def _load() -> None:
    from ingest.query.trino.udf import binary, conversion, datetime, json, mathematics, strings, url  # noqa: F401  (fill UDFS)


def register_used(con: Any, sql: str, registered: set[str]) -> None:
    """Create the functions `sql` calls that the connection does not have yet (`registered`
    holds those it has). Creating all of them up front would cost every engine a quarter of
    a second, while most statements call none."""
    wanted = {found.group(1).lower() for found in _CALLED.finditer(sql)} - registered
    if not wanted:
        return
    _load()
    for item in UDFS:
        if item.name in wanted:
            _create(con, item)
            registered.add(item.name)


def _create(con: Any, item: Udf) -> None:
    con.create_function(
        item.name,
        item.function,
        list(item.parameters),
        item.returns,
        null_handling="special" if item.special_nulls else "default",
        side_effects=False,
    )
