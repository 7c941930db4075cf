"""Expressions with their own syntax: CASE, IF, constructors, subscripts, IN, LIKE, BETWEEN,
subqueries, windows and FILTER, and the calls SQL spells with keywords (EXTRACT, TRIM,
SUBSTRING ... FROM ... FOR, POSITION ... IN, AT TIME ZONE, listagg ... WITHIN GROUP).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.calls import Modifiers
from ingest.query.trino.context import Scope, Typed
from ingest.query.trino.operators import (
    COMPARISON,
    between,
    coerce,
    comparable_pair,
    comparable_sql,
    in_list,
    like,
)

if TYPE_CHECKING:
    from ingest.query.trino.expressions import Compiler


def _super(c: Compiler, values: list[Typed], node: exp.Expr, what: str) -> t.TrinoType:
    found = t.super_type_of([v.type for v in values])
    if found is None:
        shown = ", ".join(str(v.type) for v in values)
        raise err.error(err.TYPE_MISMATCH, f"All {what} must be the same type: {shown}", node)
    return found


def _case(c: Compiler, node: exp.Case, scope: Scope) -> Typed:
    operand_node = node.args.get("this")
    operand = c.expr(operand_node, scope) if operand_node is not None else None
    conditions, results = [], []
    for branch in node.args.get("ifs") or []:
        condition = c.expr(branch.this, scope)
        if operand is not None:
            a, b, _ = comparable_pair(c.ctx, branch, "=", operand, condition, ordering=False)
            condition = Typed(
                duck.template("{0} = {1}", comparable_sql(a), comparable_sql(b)), t.BOOLEAN
            )
        elif condition.type not in (t.BOOLEAN, t.UNKNOWN):
            raise err.error(
                err.TYPE_MISMATCH,
                f"WHEN clause must evaluate to a boolean: actual type {condition.type}",
                branch.this,
            )
        conditions.append(condition)
        results.append(c.expr(branch.args["true"], scope))
    default_node = node.args.get("default")
    default = c.expr(default_node, scope) if default_node is not None else None
    kind = _super(c, results + ([default] if default else []), node, "CASE results")
    whens = [
        (coerce(cond, t.BOOLEAN).sql, coerce(r, kind).sql)
        for cond, r in zip(conditions, results, strict=True)
    ]
    sql = duck.case(whens, coerce(default, kind).sql if default is not None else None)
    return Typed(sql, kind)


def _if(c: Compiler, node: exp.If, scope: Scope) -> Typed:
    condition = c.expr(node.this, scope)
    if condition.type not in (t.BOOLEAN, t.UNKNOWN):
        raise err.error(
            err.TYPE_MISMATCH,
            f"IF condition must evaluate to a boolean: actual type {condition.type}",
            node.this,
        )
    then = c.expr(node.args["true"], scope)
    otherwise_node = node.args.get("false")
    otherwise = c.expr(otherwise_node, scope) if otherwise_node is not None else None
    kind = _super(c, [then] + ([otherwise] if otherwise else []), node, "IF results")
    sql = duck.case(
        [(coerce(condition, t.BOOLEAN).sql, coerce(then, kind).sql)],
        coerce(otherwise, kind).sql if otherwise is not None else None,
    )
    return Typed(sql, kind)


def _array(c: Compiler, node: exp.Array, scope: Scope) -> Typed:
    items = c.exprs(list(node.expressions), scope)
    kind = _super(c, items, node, "ARRAY elements")
    return Typed(exp.Array(expressions=[coerce(i, kind).sql for i in items]), t.array(kind))


def row_of(items: list[Typed]) -> Typed:
    kind = t.row(*(i.type for i in items))
    packed = duck.call(
        "struct_pack",
        *(
            exp.PropertyEQ(
                this=exp.to_identifier(duck.field_name(n, None), quoted=True), expression=i.sql
            )
            for n, i in enumerate(items)
        ),
    )
    return Typed(packed, kind)


def _row(c: Compiler, node: exp.Expr, scope: Scope) -> Typed:
    return row_of(c.exprs(list(node.expressions), scope))


def _bracket(c: Compiler, node: exp.Bracket, scope: Scope) -> Typed:
    value = c.expr(node.this, scope)
    if len(node.expressions) != 1:
        raise err.error(err.SYNTAX_ERROR, "a subscript takes one index", node)
    index_node = node.expressions[0]
    kind = value.type
    if kind.base == "row":
        index = c.expr(index_node, scope)
        if not (index.is_constant and isinstance(index.constant, int)):
            raise err.error(
                err.INVALID_FUNCTION_ARGUMENT if False else "EXPRESSION_NOT_CONSTANT",
                "Subscript expression on ROW requires a constant index",
                node,
            )
        position = int(index.constant)
        if not 1 <= position <= len(kind.fields):
            raise err.error(
                err.INVALID_FUNCTION_ARGUMENT,
                f"Invalid subscript index: {position}, ROW type has {len(kind.fields)} fields",
                node,
            )
        field = kind.fields[position - 1]
        return Typed(
            duck.call(
                "struct_extract", value.sql, duck.string(duck.field_name(position - 1, field.name))
            ),
            field.type,
        )
    if kind.base in ("array", "map", "unknown"):
        return c.call("$subscript", [node.this, index_node], node, scope)
    raise err.error(err.TYPE_MISMATCH, f"Cannot use {kind} for subscript", node)


def _between(c: Compiler, node: exp.Between, scope: Scope) -> Typed:
    return between(
        c.ctx,
        node,
        c.expr(node.this, scope),
        c.expr(node.args["low"], scope),
        c.expr(node.args["high"], scope),
    )


def _in(c: Compiler, node: exp.In, scope: Scope) -> Typed:
    value = c.expr(node.this, scope)
    query = node.args.get("query")
    if query is not None:
        return _in_subquery(c, node, value, query, scope)
    if node.args.get("unnest") is not None:
        raise err.not_supported("IN UNNEST(...)", node)
    items = c.exprs(list(node.expressions), scope)
    return in_list(c.ctx, node, value, items)


def _subquery_column(
    c: Compiler, query: exp.Expr, scope: Scope, node: exp.Expr
) -> tuple[exp.Expr, t.TrinoType]:
    inner = query.this if isinstance(query, exp.Subquery) else query
    compiled = c.query(inner, scope)
    if len(compiled.columns) != 1:
        raise err.error(
            "SUBQUERY_MULTIPLE_COLUMNS" if False else err.NOT_SUPPORTED,
            f"Multiple columns returned by subquery are not yet supported. Found "
            f"{len(compiled.columns)}",
            node,
        )
    return compiled.tree, compiled.columns[0].type


def _in_subquery(c: Compiler, node: exp.In, value: Typed, query: exp.Expr, scope: Scope) -> Typed:
    tree, kind = _subquery_column(c, query, scope, node)
    common = t.common_super_type(value.type, kind)
    if common is None:
        raise err.error(
            err.TYPE_MISMATCH,
            f"Value expression and result of subquery must be of the same type: {value.type} vs "
            f"{kind}",
            node,
        )
    inner = tree
    if kind != common:
        inner = exp.select(coerce(Typed(duck.column("_v"), kind), common).sql).from_(
            exp.Subquery(
                this=tree,
                alias=exp.TableAlias(
                    this=exp.to_identifier("_q"), columns=[exp.to_identifier("_v", quoted=True)]
                ),
            )
        )
    return Typed(exp.In(this=coerce(value, common).sql, query=exp.Subquery(this=inner)), t.BOOLEAN)


def is_quantifier_call(node: exp.Expr) -> bool:
    """`ALL (VALUES ...)` parses as a call named all; ANY and SOME too."""
    return (
        isinstance(node, exp.Anonymous)
        and str(node.this).lower() in ("all", "any", "some")
        and len(node.expressions) == 1
        and isinstance(node.expressions[0], exp.Query | exp.Values | exp.Subquery)
    )


def quantified(c: Compiler, node: exp.Expr, scope: Scope) -> Typed:
    """`x = ANY (subquery)`, `x < ALL (subquery)`, `SOME` = ANY."""
    value = c.expr(node.this, scope)
    wrapper = node.expression
    if isinstance(wrapper, exp.Anonymous):
        query = wrapper.expressions[0]
        is_all = str(wrapper.this).lower() == "all"
    else:
        query = wrapper.this
        is_all = isinstance(wrapper, exp.All)
    tree, kind = _subquery_column(c, query, scope, node)
    symbol = COMPARISON[type(node)]
    common = t.common_super_type(value.type, kind)
    if common is None:
        raise err.error(
            err.TYPE_MISMATCH, f"Cannot apply operator: {value.type} {symbol} {kind}", node
        )
    inner = tree
    if kind != common:
        inner = exp.select(coerce(Typed(duck.column("_v"), kind), common).sql).from_(
            exp.Subquery(
                this=tree,
                alias=exp.TableAlias(
                    this=exp.to_identifier("_q"), columns=[exp.to_identifier("_v", quoted=True)]
                ),
            )
        )
    quantifier = (
        exp.All(this=exp.Subquery(this=inner)) if is_all else exp.Any(this=exp.Subquery(this=inner))
    )
    comparison = type(node)(this=coerce(value, common).sql, expression=quantifier)
    return Typed(comparison, t.BOOLEAN)


def scalar_subquery(c: Compiler, node: exp.Subquery, scope: Scope) -> Typed:
    tree, kind = _subquery_column(c, node.this, scope, node)
    return Typed(exp.Subquery(this=tree), kind)


def _exists(c: Compiler, node: exp.Exists, scope: Scope) -> Typed:
    inner = node.this.this if isinstance(node.this, exp.Subquery) else node.this
    compiled = c.query(inner, scope)
    return Typed(exp.Exists(this=compiled.tree), t.BOOLEAN)


def _negated(node: exp.Expr, value: Typed) -> Typed:
    if node.args.get("negate"):
        return Typed(exp.Not(this=duck.paren(value.sql)), value.type)
    return value


def _like(c: Compiler, node: exp.Like, scope: Scope) -> Typed:
    found = like(c.ctx, node, c.expr(node.this, scope), c.expr(node.expression, scope), None)
    return _negated(node, found)


def _escape(c: Compiler, node: exp.Escape, scope: Scope) -> Typed:
    inner = node.this
    if not isinstance(inner, exp.Like):
        raise err.not_supported("ESCAPE outside LIKE", node)
    escape = c.expr(node.expression, scope)
    found = like(c.ctx, inner, c.expr(inner.this, scope), c.expr(inner.expression, scope), escape)
    return _negated(inner, found)


def _ilike(c: Compiler, node: exp.Expr, scope: Scope) -> Typed:
    raise err.error(
        err.SYNTAX_ERROR, "ILIKE is not Trino SQL; use lower(x) LIKE lower(pattern)", node
    )


# -- keyword call syntaxes -------------------------------------------------------------------------

_EXTRACT_FUNCTIONS = {
    "YEAR": "year",
    "QUARTER": "quarter",
    "MONTH": "month",
    "WEEK": "week",
    "DAY": "day",
    "DAY_OF_MONTH": "day_of_month",
    "DAY_OF_WEEK": "day_of_week",
    "DOW": "day_of_week",
    "DAY_OF_YEAR": "day_of_year",
    "DOY": "day_of_year",
    "YEAR_OF_WEEK": "year_of_week",
    "YOW": "year_of_week",
    "HOUR": "hour",
    "MINUTE": "minute",
    "SECOND": "second",
    "TIMEZONE_HOUR": "timezone_hour",
    "TIMEZONE_MINUTE": "timezone_minute",
}


def _extract(c: Compiler, node: exp.Extract, scope: Scope) -> Typed:
    unit = node.this.name.upper()
    name = _EXTRACT_FUNCTIONS.get(unit)
    if name is None:
        raise err.error(err.SYNTAX_ERROR, f"Invalid EXTRACT field: {unit}", node)
    return c.call(name, [node.expression], node, scope)


def _at_time_zone(c: Compiler, node: exp.AtTimeZone, scope: Scope) -> Typed:
    return c.call("at_timezone", [node.this, node.args["zone"]], node, scope)


def _trim(c: Compiler, node: exp.Trim, scope: Scope) -> Typed:
    position = str(node.args.get("position") or "BOTH").upper()
    name = {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(position, "trim")
    chars = node.args.get("expression")
    args = [node.this] if chars is None else [node.this, chars]
    return c.call(name, args, node, scope)


def _substring(c: Compiler, node: exp.Substring, scope: Scope) -> Typed:
    args = [node.this, node.args["start"]]
    if node.args.get("length") is not None:
        args.append(node.args["length"])
    return c.call("substr", args, node, scope)


def _position(c: Compiler, node: exp.StrPosition, scope: Scope) -> Typed:
    return c.call("strpos", [node.this, node.args["substr"]], node, scope)


def _normalize(c: Compiler, node: exp.Normalize, scope: Scope) -> Typed:
    form = node.args.get("form")
    args: list[exp.Expr] = [node.this]
    if isinstance(form, exp.Expr):
        args.append(exp.Literal.string(form.name.upper()))
    return c.call("normalize", args, node, scope)


def _current(name: str) -> Callable[[Compiler, exp.Expr, Scope], Typed]:
    def handler(c: Compiler, node: exp.Expr, scope: Scope) -> Typed:
        return c.call(name, [], node, scope)

    return handler


# -- aggregates and windows ------------------------------------------------------------------------


def _call_parts(node: exp.Expr) -> tuple[str, list[exp.Expr], Modifiers]:
    """An aggregate call's name, arguments and inner modifiers (DISTINCT, ORDER BY)."""
    mods = Modifiers()
    if isinstance(node, exp.IgnoreNulls | exp.RespectNulls):
        name, args, mods = _call_parts(node.this)
        mods.ignore_nulls = isinstance(node, exp.IgnoreNulls)
        return name, args, mods
    if isinstance(node, exp.GroupConcat):
        value = node.this
        if isinstance(value, exp.Order):
            mods.order = list(value.expressions)
            value = value.this
        separator = node.args.get("separator")
        return "listagg", [value] + ([separator] if separator is not None else []), mods
    if not isinstance(node, exp.Anonymous):
        raise err.not_supported(f"'{node.sql(dialect='trino')}' here", node)
    args = list(node.expressions)
    if args and isinstance(args[-1], exp.Order):
        mods.order = list(args[-1].expressions)
        args[-1] = args[-1].this
    if len(args) == 1 and isinstance(args[0], exp.Distinct):
        mods.distinct = True
        args = list(args[0].expressions)
    return str(node.this).lower(), args, mods


def compile_ordered(c: Compiler, items: list[exp.Expr], scope: Scope) -> list[exp.Expr]:
    compiled: list[exp.Expr] = []
    for item in items:
        ordered = item if isinstance(item, exp.Ordered) else exp.Ordered(this=item)
        value = c.expr(ordered.this, scope)
        if not t.is_orderable(value.type) and value.type != t.UNKNOWN:
            raise err.error(
                err.TYPE_MISMATCH,
                f"Type {value.type} is not orderable, and therefore cannot be used in ORDER BY",
                ordered.this,
            )
        desc = bool(ordered.args.get("desc"))
        nulls_first = ordered.args.get("nulls_first")
        explicit = "NULLS" in ordered.sql(dialect="trino").upper() if False else None
        del explicit
        compiled.append(
            exp.Ordered(
                this=comparable_sql(value),
                desc=desc,
                nulls_first=bool(nulls_first) and _nulls_first_written(c, ordered, desc),
            )
        )
    return compiled


def _nulls_first_written(c: Compiler, ordered: exp.Ordered, desc: bool) -> bool:
    """sqlglot fills nulls_first from dialect defaults; Trino puts NULLs last unless told."""
    return bool(ordered.args.get("nulls_first"))


def _count_star(args: list[exp.Expr]) -> list[exp.Expr]:
    return [] if len(args) == 1 and isinstance(args[0], exp.Star) else args


def _filter(c: Compiler, node: exp.Filter, scope: Scope) -> Typed:
    name, args, mods = _call_parts(node.this)
    where = node.expression.this if isinstance(node.expression, exp.Where) else node.expression
    with c.aggregate_arguments(True):
        condition = c.expr(where, scope)
    if condition.type not in (t.BOOLEAN, t.UNKNOWN):
        raise err.error(err.TYPE_MISMATCH, "Filter expression must evaluate to a boolean", where)
    mods.filter = condition.sql
    mods.order = compile_ordered(c, mods.order, scope) if mods.order else []
    return c.call(name, _count_star(args), node.this, scope, mods)


def _aggregate_with_order(c: Compiler, node: exp.Expr, scope: Scope) -> Typed:
    name, args, mods = _call_parts(node)
    mods.order = compile_ordered(c, mods.order, scope) if mods.order else []
    return c.call(name, _count_star(args), node, scope, mods)


def _window(c: Compiler, node: exp.Window, scope: Scope) -> Typed:
    level = c.levels[-1]
    if level.forbidden:
        raise err.error(
            "EXPRESSION_NOT_SCALAR",
            f"{level.forbidden} cannot contain aggregations, window functions or grouping "
            f"operations: "
            f"[{node.sql(dialect='trino')}]",
            node,
        )
    func = node.this
    filter_node = None
    if isinstance(func, exp.Filter):
        filter_node = (
            func.expression.this if isinstance(func.expression, exp.Where) else func.expression
        )
        func = func.this
    name, args, mods = _call_parts(func)
    partition = [comparable_sql(c.expr(p, scope)) for p in node.args.get("partition_by") or []]
    order_node = node.args.get("order")
    order = (
        compile_ordered(c, list(order_node.expressions), scope) if order_node is not None else []
    )
    window = exp.Window(
        partition_by=partition,
        order=exp.Order(expressions=order) if order else None,
        spec=_frame(c, node.args.get("spec"), order, node),
        over="OVER",
    )
    if node.args.get("alias") is not None:
        raise err.not_supported("named windows (WINDOW clause)", node)
    mods.window = window
    if filter_node is not None:
        mods.filter = c.expr(filter_node, scope).sql
    mods.order = compile_ordered(c, mods.order, scope) if mods.order else []
    return c.call(name, _count_star(args), func, scope, mods)


def _frame(
    c: Compiler, spec: exp.Expr | None, order: list[exp.Expr], node: exp.Expr
) -> exp.Expr | None:
    if spec is None:
        return None
    frame = spec.copy()
    kind = str(frame.args.get("kind") or "").upper()
    for side in ("start", "end"):
        bound = frame.args.get(side)
        if isinstance(bound, exp.Expr) and not isinstance(bound, exp.Literal):
            raise err.not_supported("a window frame offset that is not a literal", node)
        if isinstance(bound, exp.Literal) and kind == "RANGE" and len(order) != 1:
            raise err.error(
                err.INVALID_FUNCTION_ARGUMENT if False else "INVALID_WINDOW_FRAME",
                "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in "
                "ORDER BY",
                node,
            )
    return frame


def _json_object(c: Compiler, node: exp.JSONObject, scope: Scope) -> Typed:
    from ingest.query.trino.json_constructors import json_object

    return json_object(c, node, scope)


def _refused(name: str) -> Any:
    def handler(c: Compiler, node: exp.Expr, scope: Scope) -> Typed:
        from ingest.query.trino.functions.json import SQL_JSON

        raise err.not_supported(f"{name}()", node, SQL_JSON)

    return handler


HANDLERS: dict[type[exp.Expr], Any] = {
    exp.JSONObject: _json_object,
    exp.JSONValue: _refused("json_value"),
    exp.JSONExtract: _refused("json_query"),
    exp.Case: _case,
    exp.If: _if,
    exp.Array: _array,
    exp.Struct: _row,
    exp.Tuple: _row,
    exp.Bracket: _bracket,
    exp.Between: _between,
    exp.In: _in,
    exp.Exists: _exists,
    exp.Like: _like,
    exp.Escape: _escape,
    exp.ILike: _ilike,
    exp.Extract: _extract,
    exp.AtTimeZone: _at_time_zone,
    exp.Trim: _trim,
    exp.Substring: _substring,
    exp.StrPosition: _position,
    exp.Normalize: _normalize,
    exp.CurrentDate: _current("current_date"),
    exp.CurrentTimestamp: _current("current_timestamp"),
    exp.CurrentTime: _current("current_time"),
    exp.Localtime: _current("localtime"),
    exp.Localtimestamp: _current("localtimestamp"),
    exp.Filter: _filter,
    exp.Window: _window,
    exp.GroupConcat: _aggregate_with_order,
    exp.IgnoreNulls: _aggregate_with_order,
    exp.RespectNulls: _aggregate_with_order,
}


def anonymous_with_modifiers(c: Compiler, node: exp.Anonymous, scope: Scope) -> Typed | None:
    """An aggregate written with DISTINCT or ORDER BY inside its parentheses."""
    args = list(node.expressions)
    if args and (
        isinstance(args[-1], exp.Order)
        or (len(args) == 1 and isinstance(args[0], exp.Distinct | exp.Star))
    ):
        return _aggregate_with_order(c, node, scope)
    return None
