"""What the local engine lets a query do: read the lake's tables, nothing else.

Two independent layers, so a gap in one is caught by the other:
(a) a statement policy: the text's tokens and the parsed tree (sqlglot) must be one read-only
    query over catalog tables and CTEs; no table functions but UNNEST, no file paths, no
    writes, settings, extensions or attached databases. DuckDB only ever runs SQL that sqlglot
    generated from such a tree, never the user's text;
(b) DuckDB's own settings: no external access except the lake's bucket folder, no extension
    installs or autoloading, configuration locked after setup.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import pairwise
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import Token, TokenType, exp
from sqlglot.errors import TokenError

from ingest.query.result import QueryError
from ingest.query.sql_text import quote_literal
from ingest.query.translate import ATHENA_CATALOG, READ

#: information_schema tables the analyzer answers from the catalog.
INFORMATION_SCHEMA_TABLES = frozenset({"tables", "columns", "schemata"})

_HINT = (
    "the local engine runs read-only queries (SELECT, WITH, SHOW, DESCRIBE) on the lake's tables"
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Statements refused on their first word, before parsing, so the message names them.
REFUSED_STATEMENTS = frozenset(
    _words(
        """
    ABORT ALTER ANALYZE ATTACH BEGIN CALL CHECKPOINT CLUSTER COMMENT COMMIT COPY CREATE
    DEALLOCATE DECLARE DELETE DETACH DROP END EXECUTE EXPORT FORCE FROM GRANT IMPORT INSERT
    INSTALL KILL LOAD LOCK MERGE MSCK OPTIMIZE PIVOT PRAGMA PREPARE REFRESH REINDEX RESET
    REVOKE ROLLBACK SET START SUMMARIZE TRUNCATE UNLOAD UNLOCK UNPIVOT UPDATE UPSERT USE VACUUM
    """
    )
)

#: Functions that read files or the host (DuckDB table functions and the like).
_DENIED_FUNCTIONS = frozenset(
    _words(
        """
    glob query query_table sniff_csv getenv which_secret checkpoint force_checkpoint
    sql_auto_complete json_execute_serialized_sql arrow_scan scan_arrow_ipc st_read st_read_meta
    load_aws_credentials range_files current_setting getvariable current_query
    add_grammar_extension remove_grammar_extension extension_versions
    """
    )
)
_DENIED_PREFIXES = _words(
    "read_ parquet_ duckdb_ pragma_ iceberg_ delta_ sqlite_ postgres_ mysql_ ducklake_ http_ "
    "excel_ load_ copy_ pg_"
)

_WRITE_NODES: tuple[type[exp.Expr], ...] = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.Command,
    exp.Copy,
    exp.Set,
    exp.Pragma,
    exp.Use,
    exp.TruncateTable,
    exp.Describe,
    exp.Into,
    exp.Show,
    exp.Analyze,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.Export,
    exp.Attach,
    exp.Detach,
    exp.Install,
    exp.Kill,
    exp.Grant,
    exp.Revoke,
    exp.Refresh,
    exp.Cache,
    exp.Uncache,
    exp.LoadData,
    exp.Summarize,
    exp.Declare,
)
_PATH_MARKERS = ("/", "\\", "~", ":")
_FILE_SUFFIXES = (
    ".csv",
    ".tsv",
    ".json",
    ".ndjson",
    ".jsonl",
    ".parquet",
    ".txt",
    ".db",
    ".duckdb",
    ".xlsx",
    ".gz",
    ".zst",
    ".arrow",
    ".ipc",
)


def refused(what: str) -> QueryError:
    return QueryError(f"ACCESS_DENIED: {what}", _HINT)


def _denied_function(name: str) -> bool:
    lowered = name.lower()
    return lowered in _DENIED_FUNCTIONS or lowered.startswith(_DENIED_PREFIXES)


def check_text(sql: str) -> list[Token]:
    """Token-level checks: one statement, not a refused kind, no file-reading function calls.
    Returns the tokens, so the parser need not tokenize again."""
    try:
        all_tokens = sqlglot.Dialect.get_or_raise(READ).tokenize(sql)
    except TokenError as err:
        raise QueryError(
            f"SYNTAX_ERROR: {str(err).splitlines()[0]}", "check quotes and comments"
        ) from None
    # Athena's tokenizer marks DDL with an empty HIVE_TOKEN_STREAM token; it is not a word.
    tokens = [t for t in all_tokens if t.text or t.token_type == TokenType.STRING]
    if not tokens:
        raise QueryError("SYNTAX_ERROR: the query is empty", "write one SELECT statement")
    statements = 1 + sum(
        1
        for i, t in enumerate(tokens)
        if t.token_type == TokenType.SEMICOLON and i < len(tokens) - 1
    )
    if statements > 1:
        raise refused(f"{statements} statements in one query; only one runs at a time")
    first = tokens[0].text.upper()
    if first in REFUSED_STATEMENTS:
        raise refused(f"{first} statements are not allowed")
    for token, following in pairwise(tokens):
        if (
            following.token_type == TokenType.L_PAREN
            and token.token_type != TokenType.STRING
            and _denied_function(token.text)
        ):
            raise refused(f"{token.text.lower()}() reads files or the host and is not allowed")
    return all_tokens


def _function_name(node: exp.Expr) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this)
    if isinstance(node, exp.Func):
        return node.sql_name()
    return type(node).__name__


def _looks_like_path(name: str) -> bool:
    lowered = name.lower()
    return any(m in name for m in _PATH_MARKERS) or lowered.endswith(_FILE_SUFFIXES)


def _with_of(node: exp.Expr) -> exp.With | None:
    found = node.args.get("with_") or node.args.get("with")
    return found if isinstance(found, exp.With) else None


def _cte_in_scope(node: exp.Table, name: str) -> bool:
    """A CTE named `name` is visible where `node` stands: one defined by an enclosing WITH,
    before the CTE `node` is in (or that very one, in a WITH RECURSIVE's recursive branch)."""
    path: list[exp.Expr] = [node]
    parent = node.parent
    while parent is not None:
        child = path[-1]
        if isinstance(parent, exp.With):
            cte = child
            ctes = list(parent.expressions)
            index = next((i for i, c in enumerate(ctes) if c is cte), len(ctes))
            if any(c.alias_or_name == name for c in ctes[:index]):
                return True
            if (
                parent.args.get("recursive")
                and isinstance(cte, exp.CTE)
                and cte.alias_or_name == name
                and isinstance(cte.this, exp.SetOperation)
                and len(path) >= 3
                and path[-3] is cte.this.expression
            ):
                return True
        else:
            with_ = _with_of(parent)
            if (
                with_ is not None
                and with_ is not child
                and any(c.alias_or_name == name for c in with_.expressions)
            ):
                return True
        path.append(parent)
        parent = parent.parent
    return False


def _check_table(node: exp.Table, database: str, tables: Collection[str]) -> None:
    target = node.this
    if not isinstance(target, exp.Identifier):
        raise refused(f"table function {_function_name(target)}() is not allowed; only UNNEST is")
    name = target.name
    if _looks_like_path(name):
        raise refused(f"'{name}' is a file path; only the lake's tables can be queried")
    catalog, db = node.catalog, node.db
    if catalog and catalog.lower() != ATHENA_CATALOG:
        raise QueryError(
            f"CATALOG_NOT_FOUND: catalog '{catalog}' does not exist",
            f"tables live in {ATHENA_CATALOG}.{database}",
        )
    if not db and _cte_in_scope(node, name):
        return
    if db and db.lower() == "information_schema":
        if name.lower() in INFORMATION_SCHEMA_TABLES:
            return  # answered from the catalog by the analyzer, never DuckDB's own
        raise QueryError(
            f"TABLE_NOT_FOUND: Table '{ATHENA_CATALOG}.information_schema.{name}' does not exist",
            "information_schema has tables, columns and schemata",
        )
    if (db or database) != database:
        raise QueryError(
            f"TABLE_NOT_FOUND: Table '{ATHENA_CATALOG}.{db}.{name}' does not exist",
            f"SHOW TABLES lists the tables of {database}",
        )
    # A name that is not a lake table is left to the analyzer, which resolves every table
    # against the catalog (and suggests the nearest name); DuckDB never sees the name.


def check_statement(tree: exp.Expr, database: str, tables: Collection[str]) -> None:
    """The parsed tree is one read-only query that reads only `database`'s `tables` and CTEs."""
    if not isinstance(tree, exp.Query | exp.Values):
        kind = tree.key.upper() if isinstance(tree, exp.Expr) else "this"
        raise refused(f"{kind} statements are not allowed")
    for node in tree.walk():
        if isinstance(node, _WRITE_NODES):
            raise refused(f"{node.key.upper()} is not allowed inside a query")
        if isinstance(node, exp.Table):
            _check_table(node, database, tables)
        elif isinstance(node, exp.Lateral) and not isinstance(
            node.this, exp.Query | exp.Subquery | exp.Unnest | exp.Explode
        ):
            raise refused(
                f"table function {_function_name(node.this)}() is not allowed; only UNNEST is"
            )
        elif isinstance(node, exp.Func) and _denied_function(_function_name(node)):
            raise refused(
                f"{_function_name(node).lower()}() reads files or the host and is not allowed"
            )


#: Settings fixed when the connection opens: no extension installs, loads or secrets.
DUCKDB_STARTUP_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_persistent_secrets": False,
    # no Python replacement scans: `FROM some_name` must never read a Python variable
    "python_enable_replacements": False,
}


def file_access_statements(bucket_root: Path) -> list[str]:
    """Files only under the lake's bucket folder. DuckDB takes allowed_directories only while
    external access is still on, so the order matters; the engine locks configuration last."""
    folder = str(bucket_root.resolve()).rstrip("/") + "/"
    return [
        f"SET allowed_directories = [{quote_literal(folder)}]",
        "SET enable_external_access = false",
    ]


LOCK_STATEMENT = "SET lock_configuration = true"
