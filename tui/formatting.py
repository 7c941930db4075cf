"""Format a SQL buffer with sqlglot (Athena dialect), statement by statement.

A statement that does not parse leaves the whole buffer as it was and says where the
parser stopped, so formatting never loses text.
"""

from __future__ import annotations

import sqlglot
from sqlglot.errors import ParseError, TokenError

from ingest.errors import LakeError
from ingest.query.statements import split_statements
from ingest.query.translate import syntax_problem

DIALECT = "athena"


def format_sql(text: str) -> str:
    """Every statement of `text` pretty-printed, separated by `;` and a blank line."""
    formatted: list[str] = []
    for statement in split_statements(text):
        try:
            trees = sqlglot.parse(statement.text, read=DIALECT)
        except (ParseError, TokenError) as err:
            check = " (check quotes and comments)" if isinstance(err, TokenError) else ""
            raise LakeError(
                f"cannot format: {syntax_problem(err)}",
                f"fix the statement{check}, then format again",
            ) from None
        formatted += [tree.sql(dialect=DIALECT, pretty=True) for tree in trees if tree is not None]
    return ";\n\n".join(formatted) + (";\n" if formatted else "")
