"""Format a SQL buffer with sqlglot (Athena dialect), statement by statement.

A statement that does not parse leaves the whole buffer as it was and says where the
parser stopped, so formatting never loses text.
"""

from __future__ import annotations

import sqlglot
from sqlglot.errors import ParseError

from ingest.errors import LakeError
from ingest.query.statements import split_statements

DIALECT = "athena"


def _parse_problem(err: ParseError) -> str:
    if err.errors:
        first = err.errors[0]
        return (
            f"{first.get('description', 'syntax error')} (line {first.get('line')}, "
            f"column {first.get('col')})"
        )
    return str(err).splitlines()[0]


def format_sql(text: str) -> str:
    """Every statement of `text` pretty-printed, separated by `;` and a blank line."""
    formatted: list[str] = []
    for statement in split_statements(text):
        try:
            trees = sqlglot.parse(statement.text, read=DIALECT)
        except ParseError as err:
            raise LakeError(
                f"cannot format: {_parse_problem(err)}", "fix the statement, then format again"
            ) from None
        formatted += [tree.sql(dialect=DIALECT, pretty=True) for tree in trees if tree is not None]
    return ";\n\n".join(formatted) + (";\n" if formatted else "")
