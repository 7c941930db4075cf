"""Errors shaped like Athena's: `CATEGORY: line L:C: sentence`, with a suggestion when a
name is close to one that exists.

Athena (Trino) reports analysis errors with an error name (COLUMN_NOT_FOUND,
TYPE_MISMATCH, ...) and the position of the offending expression; this module builds the
same line from a parsed node, so no Python class name or translated SQL ever reaches it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlglot import exp

from ingest.query.result import QueryError

SYNTAX_ERROR = "SYNTAX_ERROR"
COLUMN_NOT_FOUND = "COLUMN_NOT_FOUND"
TABLE_NOT_FOUND = "TABLE_NOT_FOUND"
SCHEMA_NOT_FOUND = "SCHEMA_NOT_FOUND"
TYPE_MISMATCH = "TYPE_MISMATCH"
FUNCTION_NOT_FOUND = "FUNCTION_NOT_FOUND"
NOT_SUPPORTED = "NOT_SUPPORTED"
AMBIGUOUS_NAME = "AMBIGUOUS_NAME"
MISSING_ATTRIBUTE = "MISSING_ATTRIBUTE"
EXPRESSION_NOT_AGGREGATE = "EXPRESSION_NOT_AGGREGATE"
INVALID_LITERAL = "INVALID_LITERAL"
INVALID_FUNCTION_ARGUMENT = "INVALID_FUNCTION_ARGUMENT"
INVALID_CAST_ARGUMENT = "INVALID_CAST_ARGUMENT"
NUMERIC_VALUE_OUT_OF_RANGE = "NUMERIC_VALUE_OUT_OF_RANGE"
DIVISION_BY_ZERO = "DIVISION_BY_ZERO"
INVALID_ARGUMENTS = "INVALID_ARGUMENTS"
MISMATCHED_COLUMN_ALIASES = "MISMATCHED_COLUMN_ALIASES"
INVALID_COLUMN_REFERENCE = "INVALID_COLUMN_REFERENCE"
NESTED_AGGREGATION = "NESTED_AGGREGATION"
NESTED_WINDOW = "NESTED_WINDOW"
DUPLICATE_COLUMN_NAME = "DUPLICATE_COLUMN_NAME"
MISSING_GROUP_BY = "MISSING_GROUP_BY"

#: Categories a statement can fail with while it runs (TRY turns these into NULL).
RUNTIME_CATEGORIES = frozenset(
    {
        INVALID_FUNCTION_ARGUMENT,
        INVALID_CAST_ARGUMENT,
        NUMERIC_VALUE_OUT_OF_RANGE,
        DIVISION_BY_ZERO,
    }
)


def located(message: str, where: tuple[int, int] | None) -> str:
    return f"line {where[0]}:{where[1]}: {message}" if where else message


def _token_start_column(node: exp.Expr) -> tuple[int, int] | None:
    """sqlglot records a token's *end* column; Trino reports where it starts."""
    meta = node.meta
    if "line" not in meta or "start" not in meta or "end" not in meta:
        return None
    width = int(meta["end"]) - int(meta["start"])
    return int(meta["line"]), int(meta["col"]) - width


def node_position(node: exp.Expr | None) -> tuple[int, int] | None:
    """Where `node` starts (its leftmost located token)."""
    if node is None:
        return None
    best: tuple[int, tuple[int, int]] | None = None
    for child in node.walk():
        if not isinstance(child, exp.Expr):
            continue
        where = _token_start_column(child)
        if where is None:
            continue
        start = int(child.meta["start"])
        if best is None or start < best[0]:
            best = (start, where)
    return best[1] if best else None


def error(category: str, message: str, node: exp.Expr | None = None, hint: str = "") -> QueryError:
    """`CATEGORY: line L:C: message` as a QueryError (`hint` after it, e.g. a suggestion)."""
    return QueryError(f"{category}: {located(message, node_position(node))}", hint)


def not_supported(what: str, node: exp.Expr | None = None, reason: str = "") -> QueryError:
    """A construct the local engine refuses before running: it could not answer as Athena."""
    because = f" ({reason})" if reason else ""
    return QueryError(
        f"{NOT_SUPPORTED}: "
        f"{located(what + ' is not supported by the local engine' + because, node_position(node))}",
        "run it on Athena, or rewrite it with supported functions (docs/athena-sql.md)",
    )


# -- suggestions ------------------------------------------------------------------------------


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Edit distance counting a swap of two neighbours as one edit (optimal string
    alignment), giving up (returning limit + 1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        if min(row) > limit:
            return limit + 1
        rows = [rows[-1], row]
    return rows[-1][-1]


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest `name` within a small edit distance (two edits, three for
    names longer than nine characters)."""
    lowered = name.lower()
    limit = 3 if len(lowered) > 9 else 2 if len(lowered) > 3 else 1
    scored = sorted((edit_distance(lowered, c.lower(), limit), c) for c in set(candidates) if c)
    if scored and scored[0][0] <= limit:
        return scored[0][1]
    return None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    found = closest(name, candidates)
    return f"did you mean `{found}`?" if found else ""
