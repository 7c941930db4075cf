"""Entry point of the analyzer: one parsed Athena statement in, DuckDB SQL and Trino-typed
output columns out (or the error Athena would give, before anything runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import SqlglotError

from ingest.query.result import QueryError
from ingest.query.trino import functions  # noqa: F401  (fills the registry)
from ingest.query.trino.context import Context, Listing
from ingest.query.trino.expressions import Compiler
from ingest.query.trino.present import needs_presenting, present
from ingest.query.trino.queries import compile_query
from ingest.query.trino.types import TrinoType

TableColumns = Callable[[str, str], list[tuple[str, TrinoType]] | None]


@dataclass(frozen=True)
class ResultColumn:
    """A result column: the name Athena shows (`_colN` for unnamed ones) and its type."""

    name: str
    type: TrinoType


@dataclass(frozen=True)
class CompiledStatement:
    duckdb_sql: str
    columns: tuple[ResultColumn, ...]
    tables: frozenset[str]


def compile_statement(
    sql: str,
    tree: exp.Expr,
    *,
    database: str,
    table_columns: TableColumns,
    table_names: Callable[[], list[str]],
    catalog_listing: Callable[[], Listing] | None = None,
) -> CompiledStatement:
    """The DuckDB SQL that answers `tree` as Athena would, and its columns' Trino types."""
    ctx = Context(sql, table_columns, database, table_names, catalog_listing)
    compiler = Compiler(ctx)
    compiled = compile_query(compiler, tree, None)
    names = [col.name or f"_col{i}" for i, col in enumerate(compiled.columns)]
    columns = tuple(
        ResultColumn(n, col.type) for n, col in zip(names, compiled.columns, strict=True)
    )
    tree_out = compiled.tree
    if any(needs_presenting(col.type) for col in compiled.columns):
        alias = "_out"
        items = [
            exp.alias_(
                present(exp.column(col.sql_name, table=alias, quoted=True), col.type),
                col.sql_name,
                quoted=True,
            )
            for col in compiled.columns
        ]
        tree_out = exp.select(*items).from_(
            exp.Subquery(
                this=tree_out, alias=exp.TableAlias(this=exp.to_identifier(alias, quoted=True))
            )
        )
    try:
        duck_sql = tree_out.sql(dialect="duckdb")
    except SqlglotError as problem:
        raise QueryError(f"NOT_SUPPORTED: the query could not be translated ({problem})") from None
    return CompiledStatement(duck_sql, columns, frozenset(ctx.tables_read))
