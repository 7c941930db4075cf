"""Athena SQL in: one statement parsed (Trino syntax), or a SYNTAX_ERROR like Athena's.

The analyzer in `ingest.query.trino` types the tree and writes the DuckDB SQL; this module
only reads the text. Syntax errors name the line, column and the token where reading
stopped, never a parser class.
"""

from __future__ import annotations

import logging
import re

import sqlglot
from sqlglot import Token, exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

from ingest.query.result import QueryError
from ingest.query.trino.dialect import AthenaSql
from ingest.query.trino.errors import did_you_mean

READ = AthenaSql
#: Athena's catalog name; `awsdatacatalog.db.table` means `db.table` here.
ATHENA_CATALOG = "awsdatacatalog"
#: Words a statement can start with (Trino's grammar, the ones Athena runs).
STATEMENT_STARTS = (
    "SELECT",
    "WITH",
    "VALUES",
    "TABLE",
    "SHOW",
    "DESCRIBE",
    "DESC",
    "EXPLAIN",
    "CREATE",
    "DROP",
    "ALTER",
    "INSERT",
    "DELETE",
    "UPDATE",
    "MERGE",
    "MSCK",
    "UNLOAD",
    "PREPARE",
    "EXECUTE",
    "USE",
)
# sqlglot logs a warning for statements it reads as a bare command (EXPLAIN with options):
# the analyzer answers those itself, and a log line on the user's terminal helps nobody.
logging.getLogger("sqlglot").setLevel(logging.ERROR)
_CLASS_NAME = re.compile(r"<class '[^']*'>|sqlglot\.[\w.]+")


def _clean(description: str) -> str:
    """sqlglot's reason without its Python class names."""
    text = _CLASS_NAME.sub("", description)
    if "Required keyword" in text or "missing for" in text:
        return "incomplete expression"
    if "Invalid expression / Unexpected token" in text:
        return "mismatched input"
    return " ".join(text.split()).rstrip(". ") or "invalid syntax"


def syntax_problem(err: ParseError | TokenError) -> str:
    """One line saying where and why the SQL could not be read (no parser internals)."""
    details = getattr(err, "errors", None) or []
    if details:
        first = details[0]
        where = f"line {first.get('line')}:{first.get('col')}: " if first.get("line") else ""
        token = (first.get("highlight") or "").strip()
        reason = _clean(str(first.get("description", "")))
        if token and reason in ("mismatched input", "incomplete expression"):
            return f"{where}mismatched input '{token}'"
        return f"{where}{reason}"
    text = _CLASS_NAME.sub("", str(err).splitlines()[0] if str(err) else "")
    return text or "invalid SQL"


def _syntax_error(problem: str, hint: str = "") -> QueryError:
    return QueryError(f"SYNTAX_ERROR: {problem}", hint or "check the SQL (Athena / Trino syntax)")


def _check_first_word(tokens: list[Token]) -> None:
    words = [t for t in tokens if t.text]
    if not words:
        return
    first = words[0]
    if first.text == "(" or first.text.upper() in STATEMENT_STARTS:
        return
    col = first.col - len(first.text) + 1
    expected = "'SELECT', 'WITH', 'VALUES', 'SHOW', 'DESCRIBE', 'EXPLAIN'"
    hint = did_you_mean(first.text.upper(), STATEMENT_STARTS)
    raise _syntax_error(
        f"line {first.line}:{max(col, 1)}: mismatched input '{first.text}'. Expecting: {expected}",
        hint,
    )


_SQL_JSON_CALL = re.compile(
    r"\b(json_exists|json_query|json_value|json_array|json_object)\s*\(", re.I
)


def _unsupported_clause(sql: str, err: ParseError | TokenError) -> QueryError | None:
    """A SQL/JSON function whose clauses (ON ERROR, RETURNING, FORMAT JSON, WRAPPER...) the
    reader does not know: refused by name rather than reported as a syntax error."""
    details = getattr(err, "errors", None) or []
    line, col = (details[0].get("line"), details[0].get("col")) if details else (None, None)
    if not line or col is None:
        return None
    lines = sql.split("\n")
    offset = sum(len(text) + 1 for text in lines[: line - 1]) + col
    before = sql[:offset]
    calls = list(_SQL_JSON_CALL.finditer(before))
    for call in reversed(calls):
        if before[call.end() :].count("(") + 1 > before[call.end() :].count(")"):
            name = call.group(1).lower()
            return QueryError(
                f"NOT_SUPPORTED: line {line}:{col}: {name}() with this clause is not supported by "
                f"the local engine",
                "run it on Athena, or use the function without SQL/JSON clauses "
                "(docs/athena-sql.md)",
            )
    return None


def parse_statement(sql: str, tokens: list[Token] | None = None) -> exp.Expr:
    """One Athena statement as a tree, identifiers lower-cased (Athena is case-insensitive).
    `tokens`, when given, are the tokens of `sql` (saves tokenizing twice)."""
    try:
        if tokens is None:
            tokens = sqlglot.Dialect.get_or_raise(READ).tokenize(sql)
        _check_first_word(tokens)
        parsed = sqlglot.Dialect.get_or_raise(READ).parser().parse(tokens, sql)
        statements = [s for s in parsed if s is not None]
    except (ParseError, TokenError) as err:
        raise _unsupported_clause(sql, err) or _syntax_error(syntax_problem(err)) from None
    if not statements:
        raise QueryError("SYNTAX_ERROR: the query is empty", "write one SELECT statement")
    if len(statements) > 1:
        raise QueryError(
            f"only one statement can run at a time, got {len(statements)}",
            "run the statements one by one",
        )
    tree: exp.Expr = normalize_identifiers(statements[0], dialect=READ)
    return tree
