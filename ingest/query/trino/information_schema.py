"""information_schema.tables, .columns and .schemata, answered from the catalog in the
columns Athena gives them (DuckDB's own information_schema is never reached)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Field, Relation, Typed

if TYPE_CHECKING:
    from ingest.query.trino.expressions import Compiler

CATALOG = "awsdatacatalog"
_V, _B = t.VARCHAR, t.BIGINT
SCHEMAS: dict[str, list[tuple[str, t.TrinoType]]] = {
    "tables": [("table_catalog", _V), ("table_schema", _V), ("table_name", _V), ("table_type", _V)],
    "columns": [
        ("table_catalog", _V),
        ("table_schema", _V),
        ("table_name", _V),
        ("column_name", _V),
        ("ordinal_position", _B),
        ("column_default", _V),
        ("is_nullable", _V),
        ("data_type", _V),
        ("comment", _V),
        ("extra_info", _V),
    ],
    "schemata": [("catalog_name", _V), ("schema_name", _V)],
}


def _rows(c: Compiler, name: str) -> list[list[object]]:
    listing = c.ctx.catalog_listing()
    if name == "schemata":
        databases = sorted({database for database, _, _ in listing} | {"information_schema"})
        return [[CATALOG, d] for d in databases]
    if name == "tables":
        rows: list[list[object]] = [[CATALOG, d, table, "BASE TABLE"] for d, table, _ in listing]
        rows += [[CATALOG, "information_schema", table, "BASE TABLE"] for table in sorted(SCHEMAS)]
        return rows
    rows = []
    for database, table, columns in listing:
        for position, (column, kind, partition) in enumerate(columns, 1):
            extra = "partition key" if partition else None
            rows.append(
                [
                    CATALOG,
                    database,
                    table,
                    column,
                    position,
                    None,
                    "YES",
                    kind.result_name,
                    None,
                    extra,
                ]
            )
    return rows


def relation(
    c: Compiler, name: str, alias: str | None, column_aliases: list[str], node: exp.Expr
) -> tuple[exp.Expr, Relation]:
    schema = SCHEMAS.get(name)
    if schema is None:
        raise err.error(
            err.TABLE_NOT_FOUND, f"Table '{CATALOG}.information_schema.{name}' does not exist", node
        )
    relation_alias = alias or name
    names = column_aliases or [col for col, _ in schema]
    sql_names = [f"_c{i}" for i in range(len(schema))]
    rows = _rows(c, name)
    values: list[exp.Expr] = []
    for row in rows:
        cells = []
        for value, (_, kind) in zip(row, schema, strict=True):
            literal = (
                duck.null()
                if value is None
                else duck.number(value)
                if isinstance(value, int)
                else duck.string(str(value))
            )
            cells.append(duck.cast(literal, kind))
        values.append(exp.Tuple(expressions=cells))
    if not values:  # an empty catalog: a typed relation with no rows
        values.append(exp.Tuple(expressions=[duck.cast(duck.null(), kind) for _, kind in schema]))
        empty = True
    else:
        empty = False
    table = exp.Values(
        expressions=values,
        alias=exp.TableAlias(
            this=exp.to_identifier(f"{relation_alias}_v", quoted=True),
            columns=[exp.to_identifier(n, quoted=True) for n in sql_names],
        ),
    )
    select = exp.select(*(duck.column(n) for n in sql_names)).from_(table)
    if empty:
        select = select.where(exp.false())
    tree = exp.Subquery(
        this=select, alias=exp.TableAlias(this=exp.to_identifier(relation_alias, quoted=True))
    )
    fields = [
        Field(n, kind, relation_alias, s)
        for n, (_, kind), s in zip(names, schema, sql_names, strict=True)
    ]
    return tree, Relation(relation_alias, fields, (name,))


__all__ = ["Typed"]
