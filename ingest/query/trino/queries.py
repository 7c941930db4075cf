"""Queries: SELECT (with WITH, GROUP BY, HAVING, ORDER BY, LIMIT), set operations and VALUES.

Output columns are named as Trino names them (the alias, the column's own name, a row
field's name, else `_col<position>`) and typed by the analyzer. In an aggregating query
every selected expression must be grouped or aggregated, and Trino says which one is not
(EXPRESSION_NOT_AGGREGATE) instead of DuckDB's binder message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlglot import exp

from ingest.query.result import QueryError
from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import CteDefinition, Scope, Typed
from ingest.query.trino.operators import coerce, comparable_sql
from ingest.query.trino.registry import AGGREGATE, REGISTRY
from ingest.query.trino.relations import compile_from, unique_sql_names, values_rows, values_tree
from ingest.query.trino.types import TrinoType

if TYPE_CHECKING:
    from ingest.query.trino.expressions import Compiler


@dataclass
class OutputColumn:
    """A query's output column: Trino's name (None: unnamed), type, and DuckDB's name."""

    name: str | None
    type: TrinoType
    sql_name: str

    @property
    def shown_name(self) -> str:
        return self.name or ""


@dataclass
class CompiledQuery:
    tree: exp.Expr
    columns: list[OutputColumn]

    def renamed(self, names: list[str]) -> exp.Expr:
        """The query with its output columns called `names` in DuckDB."""
        if names == [col.sql_name for col in self.columns]:
            return self.tree
        inner_alias = "_q"
        items = [
            exp.alias_(duck.column(col.sql_name, inner_alias), name, quoted=True)
            for col, name in zip(self.columns, names, strict=True)
        ]
        return exp.select(*items).from_(
            exp.Subquery(
                this=self.tree,
                alias=exp.TableAlias(this=exp.to_identifier(inner_alias, quoted=True)),
            )
        )


def compile_query(c: Compiler, node: exp.Expr, outer: Scope | None) -> CompiledQuery:
    with_ = node.args.get("with_")
    if isinstance(with_, exp.With):
        with c.ctx.cte_level() as level:
            compiled_with = _compile_with(c, with_, level)
            body = node.copy()
            body.set("with_", None)
            result = compile_query(c, body, outer)
            tree = result.tree
            if isinstance(tree, exp.Query):
                tree.set("with_", compiled_with)
            else:
                tree = exp.select("*").from_(exp.Subquery(this=tree, alias="_w"))
                tree.set("with_", compiled_with)
            return CompiledQuery(tree, result.columns)
    if isinstance(node, exp.Subquery):
        inner = compile_query(c, node.this, outer)
        return _apply_modifiers(c, node, inner)
    if isinstance(node, exp.Select):
        with c.query_level():
            return _compile_select(c, node, outer)
    if isinstance(node, exp.SetOperation):
        return _compile_set_operation(c, node, outer)
    if isinstance(node, exp.Values):
        rows, types = values_rows(c, node, outer or Scope())
        names = [f"_col{i}" for i in range(len(types))]
        alias = c.ctx.fresh()
        tree = exp.select(*(duck.column(n, alias) for n in names)).from_(
            values_tree(rows, types, alias, names)
        )
        return CompiledQuery(
            tree, [OutputColumn(None, k, n) for k, n in zip(types, names, strict=True)]
        )
    raise err.not_supported(f"the statement '{node.key.upper()}'", node)


def _cte_names(cte: exp.CTE, compiled: CompiledQuery, name: str) -> list[str | None]:
    alias = cte.args.get("alias")
    column_aliases = (
        [col.name.lower() for col in alias.columns] if isinstance(alias, exp.TableAlias) else []
    )
    names: list[str | None] = [col.name for col in compiled.columns]
    if column_aliases:
        if len(column_aliases) != len(names):
            raise err.error(
                err.MISMATCHED_COLUMN_ALIASES,
                f"WITH column alias list has {len(column_aliases)} entries but WITH query({name}) "
                f"has {len(names)} columns",
                cte,
            )
        names = list(column_aliases)
    return names


def _compile_with(c: Compiler, with_: exp.With, level: dict[str, CteDefinition]) -> exp.With:
    recursive = bool(with_.args.get("recursive"))
    ctes = []
    for cte in with_.expressions:
        name = cte.alias_or_name.lower()
        if recursive and isinstance(cte.this, exp.Union):
            # the anchor (left of UNION) fixes the columns the recursive step must give
            anchor = compile_query(c, cte.this.this, None)
            anchor_names = _cte_names(cte, anchor, name)
            level[name] = CteDefinition(
                name,
                [(n, col.type) for n, col in zip(anchor_names, anchor.columns, strict=True)],
                unique_sql_names(anchor_names),
            )
            compiled = compile_query(c, cte.this, None)
            for before, after in zip(anchor.columns, compiled.columns, strict=True):
                if before.type != after.type:
                    raise err.error(
                        err.TYPE_MISMATCH,
                        f"recursion step relation output type ({after.type}) is not coercible to "
                        f"recursion base relation output type ({before.type})",
                        cte,
                    )
        else:
            compiled = compile_query(c, cte.this, None)
        names = _cte_names(cte, compiled, name)
        sql_names = unique_sql_names(names)
        level[name] = CteDefinition(
            name, [(n, col.type) for n, col in zip(names, compiled.columns, strict=True)], sql_names
        )
        ctes.append(
            exp.CTE(
                this=compiled.tree,
                alias=exp.TableAlias(
                    this=exp.to_identifier(name, quoted=True),
                    columns=[exp.to_identifier(n, quoted=True) for n in sql_names],
                ),
            )
        )
    return exp.With(expressions=ctes, recursive=recursive)


# -- SELECT ---------------------------------------------------------------------------------------


def _item_name(item: exp.Expr) -> str | None:
    if isinstance(item, exp.Alias):
        return item.alias.lower()
    if isinstance(item, exp.Column):
        return item.name.lower()
    if isinstance(item, exp.Dot):
        return str(item.expression.name).lower()
    return None


def _expand(
    c: Compiler, items: list[exp.Expr], scope: Scope
) -> list[tuple[exp.Expr, str | None, Typed | None]]:
    """Select items with `*` and `t.*` expanded into the columns they stand for."""
    expanded: list[tuple[exp.Expr, str | None, Typed | None]] = []
    for item in items:
        star_of: str | None = None
        if isinstance(item, exp.Star):
            star_of = ""
        elif isinstance(item, exp.Column) and isinstance(item.this, exp.Star):
            star_of = item.table.lower()
        if star_of is None:
            expanded.append((item, _item_name(item), None))
            continue
        relations = [r for r in scope.relations if not star_of or r.answers_to(star_of)]
        if star_of and not relations:
            raise err.error(
                err.TABLE_NOT_FOUND if False else err.COLUMN_NOT_FOUND,
                f"Table '{star_of}' not found in FROM clause",
                item,
            )
        if not scope.relations:
            raise err.error(
                "COLUMN_NOT_FOUND", "SELECT * not allowed in queries without FROM clause", item
            )
        for relation in relations:
            for f in relation.fields:
                if not f.hidden:
                    expanded.append((item, f.name, Typed(f.reference(), f.type)))
    return expanded


def _compile_select(c: Compiler, node: exp.Select, outer: Scope | None) -> CompiledQuery:
    clause = compile_from(c, node, outer)
    scope = clause.scope
    level = c.levels[-1]
    where_node = node.args.get("where")
    where = None
    if where_node is not None:
        with c.forbidding("WHERE clause"):
            where = c.expr(where_node.this, scope)
        if where.type not in (t.BOOLEAN, t.UNKNOWN):
            raise err.error(
                err.TYPE_MISMATCH,
                f"WHERE clause must evaluate to a boolean: actual type {where.type}",
                where_node.this,
            )
    items = _expand(c, list(node.expressions), scope)
    group_node = node.args.get("group")
    if group_node is None and _uses_grouping(node):
        message = (
            "A GROUPING() operation can only be used with a corresponding GROUPING SET/CUBE/"
            "ROLLUP/GROUP BY clause"
        )
        position = _select_keyword(c.ctx.sql, node)
        raise QueryError(f"{err.MISSING_GROUP_BY}: {err.located(message, position)}")
    group_sql, group_keys = _compile_group(c, group_node, items, scope)
    compiled_items: list[Typed] = []
    for item, _, pre in items:
        value = (
            pre
            if pre is not None
            else c.expr(item.this if isinstance(item, exp.Alias) else item, scope)
        )
        compiled_items.append(value)
    having_node = node.args.get("having")
    having = None
    if having_node is not None:
        having = c.expr(having_node.this, scope)
        if having.type not in (t.BOOLEAN, t.UNKNOWN):
            raise err.error(
                err.TYPE_MISMATCH,
                f"HAVING clause must evaluate to a boolean: actual type {having.type}",
                having_node.this,
            )
    aggregating = level.has_aggregate or group_node is not None
    if aggregating:
        for item, _, pre in items:
            if pre is None:
                _check_grouped(
                    c, item.this if isinstance(item, exp.Alias) else item, scope, group_keys
                )
            elif pre.sql.sql(dialect="duckdb") not in group_keys:
                raise err.error(
                    err.EXPRESSION_NOT_AGGREGATE,
                    f"'{item.sql(dialect='trino')}' must be an aggregate expression or appear in "
                    f"GROUP BY clause",
                    item,
                )
        if having_node is not None:
            _check_grouped(c, having_node.this, scope, group_keys)
    names = [name for _, name, _ in items]
    sql_names = unique_sql_names(names)
    select = exp.Select(
        expressions=[
            exp.alias_(v.sql, n, quoted=True)
            for v, n in zip(compiled_items, sql_names, strict=True)
        ]
    )
    if node.args.get("distinct"):
        for value in compiled_items:
            if not t.is_comparable(value.type):
                raise err.error(
                    err.TYPE_MISMATCH,
                    f"DISTINCT can only be applied to comparable types (actual: {value.type})",
                    node,
                )
        select.set("distinct", exp.Distinct())
    if clause.from_ is not None:
        select.set("from_", clause.from_)
    if clause.joins:
        select.set("joins", clause.joins)
    if where is not None:
        select.set("where", exp.Where(this=where.sql))
    if group_sql is not None:
        select.set("group", group_sql)
    if having is not None:
        select.set("having", exp.Having(this=having.sql))
    columns = [
        OutputColumn(n, v.type, s) for n, v, s in zip(names, compiled_items, sql_names, strict=True)
    ]
    order = _compile_order(c, node, scope, columns, group_keys if aggregating else None)
    if order:
        select.set("order", exp.Order(expressions=order))
    _copy_limits(c, node, select)
    return CompiledQuery(select, columns)


def _copy_limits(c: Compiler, node: exp.Expr, target: exp.Expr) -> None:
    limit = node.args.get("limit")
    if isinstance(limit, exp.Fetch):
        if (
            limit.args.get("limit_options") is not None
            and "TIES" in limit.sql(dialect="trino").upper()
        ):
            raise err.not_supported("FETCH FIRST ... WITH TIES", node)
        count = limit.args.get("count")
        limit = (
            exp.Limit(expression=count)
            if count is not None
            else exp.Limit(expression=exp.Literal.number(1))
        )
    for key, value in (("limit", limit), ("offset", node.args.get("offset"))):
        if value is None:
            continue
        amount = value.args.get("expression")
        if amount is not None and not (isinstance(amount, exp.Literal) and not amount.is_string):
            if isinstance(amount, exp.Var) and amount.name.upper() == "ALL":
                continue
            raise err.error(err.SYNTAX_ERROR, f"{key.upper()} must be an integer literal", value)
        target.set(key, value.copy())


def _compile_group(
    c: Compiler,
    group: exp.Group | None,
    items: list[tuple[exp.Expr, str | None, Typed | None]],
    scope: Scope,
) -> tuple[exp.Group | None, set[str]]:
    if group is None:
        return None, set()
    keys: set[str] = set()

    def one(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Literal) and not node.is_string:
            position = int(node.this)
            if not 1 <= position <= len(items):
                raise err.error(
                    err.INVALID_COLUMN_REFERENCE,
                    f"GROUP BY position {position} is not in select list",
                    node,
                )
            item, _, pre = items[position - 1]
            if pre is not None:
                value = pre
            else:
                with c.forbidding("GROUP BY clause"):
                    value = c.expr(item.this if isinstance(item, exp.Alias) else item, scope)
        else:
            with c.forbidding("GROUP BY clause"):
                value = c.expr(node, scope)
        if not t.is_comparable(value.type):
            raise err.error(
                err.TYPE_MISMATCH,
                f"{value.type} is not comparable, and therefore cannot be used in GROUP BY",
                node,
            )
        sql = comparable_sql(value) if value.type.base == "timestamp with time zone" else value.sql
        keys.add(sql.sql(dialect="duckdb"))
        keys.add(value.sql.sql(dialect="duckdb"))
        return sql

    compiled = exp.Group()
    plain = [
        _convert_grouping(n, one)
        if isinstance(n, exp.GroupingSets | exp.Cube | exp.Rollup)
        else one(n)
        for n in group.expressions
    ]
    if plain:
        compiled.set("expressions", plain)
    for kind in ("grouping_sets", "cube", "rollup"):
        parts = group.args.get(kind)
        if not parts:
            continue
        converted = []
        for part in parts:
            converted.append(_convert_grouping(part, one))
        compiled.set(kind, converted)
    return compiled, keys


def _convert_grouping(node: exp.Expr, convert: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    if isinstance(node, exp.Tuple | exp.Paren | exp.GroupingSets | exp.Cube | exp.Rollup):
        copy = node.copy()
        children = (
            list(node.expressions)
            if node.expressions
            else ([node.this] if isinstance(node, exp.Paren) else [])
        )
        new_children = [_convert_grouping(child, convert) for child in children]
        if isinstance(node, exp.Paren):
            return exp.Tuple(expressions=new_children)
        copy.set("expressions", new_children)
        return copy
    return convert(node)


_AGGREGATE_NODES = (exp.Filter, exp.GroupConcat)


def _is_aggregate_call(node: exp.Expr) -> bool:
    if isinstance(node, _AGGREGATE_NODES):
        return True
    if isinstance(node, exp.Anonymous):
        fn = REGISTRY.get(str(node.this))
        return fn is not None and fn.kind == AGGREGATE
    return False


def _select_keyword(sql: str, node: exp.Select) -> tuple[int, int] | None:
    """Where the SELECT keyword of `node` is (Trino places query errors there): the last
    SELECT before its first item."""
    starts = [int(n.meta["start"]) for n in node.expressions[0].walk() if "start" in n.meta]
    if not starts:
        return err.node_position(node)
    offset = sql.lower().rfind("select", 0, min(starts))
    if offset < 0:
        return err.node_position(node)
    line = sql.count("\n", 0, offset) + 1
    return line, offset - (sql.rfind("\n", 0, offset) + 1) + 1


def _uses_grouping(node: exp.Select) -> bool:
    """Whether the SELECT list, HAVING or ORDER BY of this query (not of its subqueries)
    calls grouping()."""
    parts = [*node.expressions, node.args.get("having"), node.args.get("order")]
    for part in parts:
        if part is None:
            continue
        for inner in part.walk(prune=lambda n: isinstance(n, exp.Query | exp.Subquery)):
            if isinstance(inner, exp.Anonymous) and str(inner.this).lower() == "grouping":
                return True
    return False


def _check_grouped(
    c: Compiler, node: exp.Expr, scope: Scope, keys: set[str], lambdas: frozenset[str] = frozenset()
) -> None:
    """Every column outside an aggregate must be inside a GROUP BY expression."""
    if _is_aggregate_call(node) or isinstance(node, exp.Subquery | exp.Exists):
        return
    if isinstance(node, exp.Window):
        for part in node.args.get("partition_by") or []:
            _check_grouped(c, part, scope, keys, lambdas)
        order = node.args.get("order")
        if order is not None:
            for ordered in order.expressions:
                _check_grouped(c, ordered.this, scope, keys, lambdas)
        func = node.this
        while isinstance(func, exp.IgnoreNulls | exp.RespectNulls | exp.Filter):
            func = func.this
        for arg in func.expressions if isinstance(func, exp.Anonymous) else []:
            _check_grouped(c, arg, scope, keys, lambdas)
        return
    if isinstance(node, exp.Lambda):
        names = frozenset(p.name.lower() for p in node.expressions)
        _check_grouped(c, node.this, scope, keys, lambdas | names)
        return
    if isinstance(node, exp.Column) and not node.table and node.name.lower() in lambdas:
        return
    if keys and not isinstance(node, exp.Literal):
        try:
            compiled = c.expr(node, scope)
        except QueryError:
            compiled = None
        if compiled is not None and compiled.sql.sql(dialect="duckdb") in keys:
            return
    if isinstance(node, exp.Column):
        raise err.error(
            err.EXPRESSION_NOT_AGGREGATE,
            f"'{node.sql(dialect='trino')}' must be an aggregate expression or appear in GROUP BY "
            f"clause",
            node,
        )
    for child in node.iter_expressions():
        _check_grouped(c, child, scope, keys, lambdas)


def _with_output_aliases(target: exp.Expr, node: exp.Expr) -> exp.Expr:
    """Trino resolves a name in an ORDER BY expression against the SELECT list's aliases
    first (`ORDER BY home_ppg - away_ppg`), then against the source's columns."""
    if not isinstance(node, exp.Select):
        return target
    aliased: dict[str, list[exp.Expr]] = {}
    for item in node.expressions:
        if isinstance(item, exp.Alias):
            aliased.setdefault(item.alias.lower(), []).append(item.this)

    def swap(part: exp.Expr) -> exp.Expr:
        if isinstance(part, exp.Column) and not part.table:
            found = aliased.get(part.name.lower(), [])
            if len(found) == 1:
                return found[0].copy()
        return part

    return target.copy().transform(swap) if aliased else target


def _compile_order(
    c: Compiler, node: exp.Expr, scope: Scope, columns: list[OutputColumn], keys: set[str] | None
) -> list[exp.Expr]:
    order = node.args.get("order")
    if order is None:
        return []
    compiled: list[exp.Expr] = []
    for ordered in order.expressions:
        target = ordered.this
        desc = bool(ordered.args.get("desc"))
        nulls_first = bool(ordered.args.get("nulls_first"))
        if isinstance(target, exp.Literal) and not target.is_string:
            position = int(target.this)
            if not 1 <= position <= len(columns):
                raise err.error(
                    err.INVALID_COLUMN_REFERENCE,
                    f"ORDER BY position {position} is not in select list",
                    target,
                )
            column = columns[position - 1]
            value = Typed(duck.column(column.sql_name), column.type)
        elif (
            isinstance(target, exp.Column)
            and not target.table
            and sum(col.name == target.name.lower() for col in columns) == 1
        ):
            column = next(col for col in columns if col.name == target.name.lower())
            value = Typed(duck.column(column.sql_name), column.type)
        else:
            target = _with_output_aliases(target, node)
            if keys is not None:
                _check_grouped(c, target, scope, keys)
            value = c.expr(target, scope)
        if not t.is_orderable(value.type) and value.type != t.UNKNOWN:
            raise err.error(
                err.TYPE_MISMATCH,
                f"Type {value.type} is not orderable, and therefore cannot be used in ORDER BY",
                target,
            )
        compiled.append(exp.Ordered(this=comparable_sql(value), desc=desc, nulls_first=nulls_first))
    return compiled


def _apply_modifiers(c: Compiler, node: exp.Expr, inner: CompiledQuery) -> CompiledQuery:
    if (
        node.args.get("order") is None
        and node.args.get("limit") is None
        and node.args.get("offset") is None
    ):
        return inner
    alias = c.ctx.fresh()
    scope = Scope()
    from ingest.query.trino.context import Field, Relation

    scope.relations.append(
        Relation(alias, [Field(col.name, col.type, alias, col.sql_name) for col in inner.columns])
    )
    select = exp.select(*(duck.column(col.sql_name, alias) for col in inner.columns)).from_(
        exp.Subquery(
            this=inner.tree, alias=exp.TableAlias(this=exp.to_identifier(alias, quoted=True))
        )
    )
    columns = [OutputColumn(col.name, col.type, col.sql_name) for col in inner.columns]
    order = _compile_order(c, node, scope, columns, None)
    if order:
        select.set("order", exp.Order(expressions=order))
    _copy_limits(c, node, select)
    return CompiledQuery(select, columns)


# -- set operations ------------------------------------------------------------------------------


def _compile_set_operation(
    c: Compiler, node: exp.SetOperation, outer: Scope | None
) -> CompiledQuery:
    left = compile_query(c, node.this, outer)
    right = compile_query(c, node.expression, outer)
    word = node.key.upper()
    if len(left.columns) != len(right.columns):
        raise err.error(
            err.TYPE_MISMATCH,
            f"{word} query has different number of fields: {len(left.columns)}, "
            f"{len(right.columns)}",
            node,
        )
    types = []
    for index, (a, b) in enumerate(zip(left.columns, right.columns, strict=True)):
        found = t.common_super_type(a.type, b.type)
        if found is None or not t.is_comparable(found):
            raise err.error(
                err.TYPE_MISMATCH,
                f"column {index + 1} in {word} query has incompatible types: {a.type}, {b.type}",
                node,
            )
        types.append(found)
    names = [col.sql_name for col in left.columns]
    sides = [_coerced(c, side, types, names) for side in (left, right)]
    combined = type(node)(this=sides[0], expression=sides[1], distinct=node.args.get("distinct"))
    columns = [
        OutputColumn(col.name, k, col.sql_name) for col, k in zip(left.columns, types, strict=True)
    ]
    alias = c.ctx.fresh()
    wrapped = CompiledQuery(combined, columns)
    if (
        node.args.get("order") is None
        and node.args.get("limit") is None
        and node.args.get("offset") is None
    ):
        return wrapped
    del alias
    return _apply_modifiers(c, node, wrapped)


def _coerced(
    c: Compiler, side: CompiledQuery, types: list[TrinoType], names: list[str]
) -> exp.Expr:
    if (
        all(col.type == k for col, k in zip(side.columns, types, strict=True))
        and [col.sql_name for col in side.columns] == names
    ):
        return (
            side.tree
            if not isinstance(side.tree, exp.SetOperation)
            else exp.select("*").from_(exp.Subquery(this=side.tree, alias="_s"))
        )
    alias = c.ctx.fresh()
    items = [
        exp.alias_(coerce(Typed(duck.column(col.sql_name, alias), col.type), k).sql, n, quoted=True)
        for col, k, n in zip(side.columns, types, names, strict=True)
    ]
    return exp.select(*items).from_(
        exp.Subquery(
            this=side.tree, alias=exp.TableAlias(this=exp.to_identifier(alias, quoted=True))
        )
    )
