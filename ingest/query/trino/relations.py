"""FROM clauses: tables, WITH queries, subqueries, VALUES, UNNEST and joins, each becoming a
named relation whose columns the rest of the query can see.

Every relation gets an alias in the DuckDB SQL (a generated one when the user gave none), so
each column reference can be qualified and never depends on DuckDB's own name resolution.
UNNEST follows Trino: several arrays unnest side by side (the shorter padded with NULLs),
an array of rows unnests into the rows' fields, a map into key and value columns, and
WITH ORDINALITY adds a bigint position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Field, Relation, Scope, Typed
from ingest.query.trino.operators import coerce

if TYPE_CHECKING:
    from ingest.query.trino.expressions import Compiler
    from ingest.query.trino.queries import CompiledQuery

ATHENA_CATALOG = "awsdatacatalog"


@dataclass
class FromClause:
    """The DuckDB FROM item and joins, and the scope they make."""

    from_: exp.From | None
    joins: list[exp.Join]
    scope: Scope


def _alias_parts(node: exp.Expr) -> tuple[str | None, list[str]]:
    alias = node.args.get("alias")
    if isinstance(alias, exp.TableAlias):
        name = alias.this.name.lower() if alias.this is not None and alias.name else None
        columns = [col.name.lower() for col in alias.columns]
        return name, columns
    return None, []


def unique_sql_names(names: list[str | None]) -> list[str]:
    """DuckDB column names for a relation: the Trino name when unique, else `_colN`."""
    seen: dict[str, int] = {}
    for name in names:
        if name:
            seen[name] = seen.get(name, 0) + 1
    return [
        n if n and seen[n] == 1 and not n.startswith("_col") else f"_col{i}"
        for i, n in enumerate(names)
    ]


def _derived(
    c: Compiler, alias: str, names: list[str | None], types: list[t.TrinoType], node: exp.Expr
) -> tuple[Relation, list[str]]:
    sql_names = unique_sql_names(names)
    fields = [Field(n, k, alias, s) for n, k, s in zip(names, types, sql_names, strict=True)]
    return Relation(alias, fields), sql_names


def _table_alias(alias: str, columns: list[str]) -> exp.TableAlias:
    return exp.TableAlias(
        this=exp.to_identifier(alias, quoted=True),
        columns=[exp.to_identifier(col, quoted=True) for col in columns],
    )


def _renamed(names: list[str | None], aliases: list[str], node: exp.Expr) -> list[str | None]:
    if not aliases:
        return names
    if len(aliases) != len(names):
        raise err.error(
            err.MISMATCHED_COLUMN_ALIASES,
            f"Column alias list has {len(aliases)} entries but relation has {len(names)} columns",
            node,
        )
    return list(aliases)


def _table(c: Compiler, node: exp.Table, scope: Scope) -> tuple[exp.Expr, Relation]:
    target = node.this
    alias, column_aliases = _alias_parts(node)
    if not isinstance(target, exp.Identifier):
        raise err.not_supported(f"the table function {target.sql(dialect='trino')}", node)
    name = target.name.lower()
    catalog, db = (node.catalog or "").lower(), (node.db or "").lower()
    if catalog and catalog != ATHENA_CATALOG:
        raise err.error("CATALOG_NOT_FOUND", f"Catalog '{catalog}' does not exist", node)
    if not db:
        cte = c.ctx.find_cte(name)
        if cte is not None:
            relation_alias = alias or name
            names = _renamed([f[0] for f in cte.fields], column_aliases, node)
            sql_names = cte.sql_names
            fields = [
                Field(n, k, relation_alias, s)
                for n, (_, k), s in zip(names, cte.fields, sql_names, strict=True)
            ]
            table = exp.Table(
                this=exp.to_identifier(cte.name, quoted=True),
                alias=exp.TableAlias(this=exp.to_identifier(relation_alias, quoted=True)),
            )
            return table, Relation(relation_alias, fields, (name,))
    database = db or c.ctx.database
    if database == "information_schema":
        from ingest.query.trino.information_schema import relation

        return relation(c, name, alias, column_aliases, node)
    columns = c.ctx.table_columns(database, name)
    if columns is None:
        suggestion = (
            err.did_you_mean(name, c.ctx.table_names()) if database == c.ctx.database else ""
        )
        raise err.error(
            err.TABLE_NOT_FOUND,
            f"Table '{ATHENA_CATALOG}.{database}.{name}' does not exist",
            node,
            suggestion or f"SHOW TABLES lists the tables of {c.ctx.database}",
        )
    c.ctx.tables_read.add(name)
    relation_alias = alias or name
    names = _renamed([col for col, _ in columns], column_aliases, node)
    fields = [Field(n, k, relation_alias, col) for n, (col, k) in zip(names, columns, strict=True)]
    table = exp.Table(
        this=exp.to_identifier(name, quoted=True),
        db=exp.to_identifier(database, quoted=True),
        alias=exp.TableAlias(this=exp.to_identifier(relation_alias, quoted=True)),
    )
    return table, Relation(relation_alias, fields, (name,))


def _subquery(
    c: Compiler, node: exp.Subquery, scope: Scope, lateral: bool
) -> tuple[exp.Expr, Relation]:
    compiled: CompiledQuery = c.query(node.this, scope if lateral else scope.outer)
    alias, column_aliases = _alias_parts(node)
    relation_alias = alias or c.ctx.fresh()
    names = _renamed([col.name for col in compiled.columns], column_aliases, node)
    relation, sql_names = _derived(
        c, relation_alias, names, [col.type for col in compiled.columns], node
    )
    alias_node = exp.TableAlias(this=exp.to_identifier(relation_alias, quoted=True))
    tree: exp.Expr = (
        exp.Lateral(this=compiled.renamed(sql_names), alias=alias_node)
        if lateral
        else exp.Subquery(this=compiled.renamed(sql_names), alias=alias_node)
    )
    return tree, relation


def values_rows(
    c: Compiler, node: exp.Values, scope: Scope
) -> tuple[list[list[Typed]], list[t.TrinoType]]:
    rows: list[list[Typed]] = []
    for row in node.expressions:
        items = list(row.expressions) if isinstance(row, exp.Tuple) else [row]
        rows.append(c.exprs(items, scope))
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise err.error(err.TYPE_MISMATCH, "Values rows have mismatched sizes", node)
    types = []
    for index in range(width):
        found = t.super_type_of([r[index].type for r in rows])
        if found is None:
            shown = ", ".join(str(r[index].type) for r in rows)
            raise err.error(err.TYPE_MISMATCH, f"Values rows have mismatched types: {shown}", node)
        types.append(found)
    return rows, types


def values_tree(
    rows: list[list[Typed]], types: list[t.TrinoType], alias: str, sql_names: list[str]
) -> exp.Expr:
    tuples = [
        exp.Tuple(expressions=[coerce(v, k).sql for v, k in zip(row, types, strict=True)])
        for row in rows
    ]
    return exp.Values(expressions=tuples, alias=_table_alias(alias, sql_names))


def _values(c: Compiler, node: exp.Values, scope: Scope) -> tuple[exp.Expr, Relation]:
    rows, types = values_rows(c, node, scope.outer or Scope())
    alias, column_aliases = _alias_parts(node)
    relation_alias = alias or c.ctx.fresh()
    names: list[str | None] = list(column_aliases) if column_aliases else [None] * len(types)
    if column_aliases and len(column_aliases) != len(types):
        raise err.error(
            err.MISMATCHED_COLUMN_ALIASES,
            f"Column alias list has {len(column_aliases)} entries but relation has {len(types)} "
            f"columns",
            node,
        )
    relation, sql_names = _derived(c, relation_alias, names, types, node)
    return values_tree(rows, types, relation_alias, sql_names), relation


def _unnest(c: Compiler, node: exp.Unnest, scope: Scope) -> tuple[exp.Expr, Relation]:
    values = c.exprs(list(node.expressions), scope)
    alias, column_aliases = _alias_parts(node)
    offset = node.args.get("offset")
    ordinality = offset not in (None, False)
    if isinstance(offset, exp.Identifier) and column_aliases:
        column_aliases = [*column_aliases, offset.name.lower()]  # sqlglot splits it off
    relation_alias = alias or c.ctx.fresh()
    names: list[str | None] = []
    types: list[t.TrinoType] = []
    selects: list[exp.Expr] = []
    inner_alias = c.ctx.fresh("_u")
    unnested: list[exp.Expr] = []
    for index, value in enumerate(values):
        kind = value.type
        element_name = f"_e{index}"
        if kind.base == "array":
            unnested.append(exp.alias_(duck.call("unnest", value.sql), element_name, quoted=True))
            element = kind.element
            if element.base == "row":
                for n, f in enumerate(element.fields):
                    names.append(f.name)
                    types.append(f.type)
                    selects.append(
                        duck.call(
                            "struct_extract",
                            duck.column(element_name, inner_alias),
                            duck.string(duck.field_name(n, f.name)),
                        )
                    )
            else:
                names.append(None)
                types.append(element)
                selects.append(duck.column(element_name, inner_alias))
        elif kind.base == "map":
            unnested.append(
                exp.alias_(
                    duck.call("unnest", duck.call("map_entries", value.sql)),
                    element_name,
                    quoted=True,
                )
            )
            for part, part_type in (("key", kind.key), ("value", kind.value)):
                names.append(None)
                types.append(part_type)
                selects.append(
                    duck.call(
                        "struct_extract", duck.column(element_name, inner_alias), duck.string(part)
                    )
                )
        elif kind == t.UNKNOWN:
            unnested.append(
                exp.alias_(
                    duck.call("unnest", duck.cast_to(duck.null(), '"NULL"[]')),
                    element_name,
                    quoted=True,
                )
            )
            names.append(None)
            types.append(t.UNKNOWN)
            selects.append(duck.column(element_name, inner_alias))
        else:
            raise err.error(err.TYPE_MISMATCH, f"Cannot unnest type: {kind}", node)
    if ordinality:
        lengths = [
            duck.call("len", v.sql if v.type.base == "array" else duck.call("map_entries", v.sql))
            for v in values
        ]
        longest = lengths[0] if len(lengths) == 1 else duck.call("greatest", *lengths)
        unnested.append(
            exp.alias_(
                duck.call(
                    "unnest", duck.call("range", duck.number(1), duck.template("{0} + 1", longest))
                ),
                "_n",
                quoted=True,
            )
        )
        names.append(None)
        types.append(t.BIGINT)
        selects.append(duck.column("_n", inner_alias))
    names = _renamed(names, column_aliases, node)
    relation, sql_names = _derived(c, relation_alias, names, types, node)
    inner = exp.select(*unnested)
    outer = exp.select(
        *(exp.alias_(s, n, quoted=True) for s, n in zip(selects, sql_names, strict=True))
    ).from_(
        exp.Subquery(
            this=inner, alias=exp.TableAlias(this=exp.to_identifier(inner_alias, quoted=True))
        )
    )
    tree = exp.Lateral(
        this=exp.Subquery(this=outer),
        alias=exp.TableAlias(this=exp.to_identifier(relation_alias, quoted=True)),
    )
    return tree, relation


def relation_of(c: Compiler, node: exp.Expr, scope: Scope) -> tuple[exp.Expr, Relation]:
    if isinstance(node, exp.Table):
        return _table(c, node, scope)
    if isinstance(node, exp.Subquery):
        return _subquery(c, node, scope, lateral=False)
    if isinstance(node, exp.Lateral):
        inner = node.this
        if isinstance(inner, exp.Subquery):
            sub = exp.Subquery(
                this=inner.this, alias=node.args.get("alias") or inner.args.get("alias")
            )
            return _subquery(c, sub, scope, lateral=True)
        raise err.not_supported("this LATERAL form", node)
    if isinstance(node, exp.Values):
        return _values(c, node, scope)
    if isinstance(node, exp.Unnest):
        return _unnest(c, node, scope)
    raise err.not_supported(f"'{node.sql(dialect='trino')}' in FROM", node)


def compile_from(c: Compiler, select: exp.Select, outer: Scope | None) -> FromClause:
    scope = Scope(outer=outer)
    from_node = select.args.get("from_")
    if from_node is None:
        return FromClause(None, [], scope)
    tree, relation = relation_of(c, from_node.this, scope)
    scope.relations.append(relation)
    joins = []
    for join in select.args.get("joins") or []:
        joins.append(_join(c, join, scope))
    return FromClause(exp.From(this=tree), joins, scope)


def _join(c: Compiler, join: exp.Join, scope: Scope) -> exp.Join:
    side = str(join.args.get("side") or "").upper()
    kind = str(join.args.get("kind") or "").upper()
    lateral_ok = isinstance(join.this, exp.Unnest | exp.Lateral)
    tree, relation = relation_of(c, join.this, scope)
    for existing in scope.relations:
        if existing.alias == relation.alias:
            raise err.error(
                "DUPLICATE_RELATION" if False else err.NOT_SUPPORTED,
                f"Relation alias '{relation.alias}' is used twice",
                join,
            )
    using = join.args.get("using")
    scope.relations.append(relation)
    new = exp.Join(this=tree)
    if side:
        new.set("side", side)
    if kind and kind != "INNER":
        new.set("kind", kind)
    on = join.args.get("on")
    if on is not None:
        with c.forbidding("JOIN clause"):
            condition = c.expr(on, scope)
        if condition.type not in (t.BOOLEAN, t.UNKNOWN):
            raise err.error(
                err.TYPE_MISMATCH,
                f"JOIN ON clause must evaluate to a boolean: actual type {condition.type}",
                on,
            )
        new.set("on", condition.sql)
    elif using:
        conditions = []
        for ident in using:
            name = ident.name.lower()
            left = [f for r in scope.relations[:-1] for f in r.fields if f.name == name]
            right = [f for f in relation.fields if f.name == name]
            if len(left) != 1 or len(right) != 1:
                raise err.error(
                    err.COLUMN_NOT_FOUND,
                    f"Column '{name}' is missing from the left side of join"
                    if not left
                    else f"Column '{name}' is missing from the right side of join",
                    join,
                )
            conditions.append(duck.template("{0} = {1}", left[0].reference(), right[0].reference()))
            (left[0] if side == "RIGHT" else right[0]).hidden = True
            if side == "FULL":
                raise err.not_supported("FULL JOIN ... USING", join, "write the join with ON")
        condition_sql = conditions[0]
        for extra in conditions[1:]:
            condition_sql = exp.And(this=condition_sql, expression=extra)
        new.set("on", condition_sql)
    elif kind != "CROSS" and not lateral_ok and side:
        raise err.error(err.SYNTAX_ERROR, "a join needs ON or USING", join)
    if not side and not kind and on is None and not using:
        new.set("kind", "CROSS")
    return new
