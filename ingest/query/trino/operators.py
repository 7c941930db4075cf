"""Operators with Trino's typing: arithmetic, comparison, logic, `||`, BETWEEN, IN, LIKE.

Every implicit coercion Trino performs becomes an explicit CAST in the DuckDB SQL, so DuckDB
never picks a different one (it would compare an integer with '2025' happily; Trino fails
with TYPE_MISMATCH). Integer arithmetic overflows with an error, integer division
truncates, division by zero fails, and decimal arithmetic keeps Trino's precision and scale.
"""

from __future__ import annotations

from decimal import Decimal

from sqlglot import exp

from ingest.query.trino import duck, zones
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Context, Typed
from ingest.query.trino.types import TrinoType

ARITHMETIC: dict[type[exp.Expr], str] = {
    exp.Add: "+",
    exp.Sub: "-",
    exp.Mul: "*",
    exp.Div: "/",
    exp.Mod: "%",
}
COMPARISON: dict[type[exp.Expr], str] = {
    exp.EQ: "=",
    exp.NEQ: "<>",
    exp.GT: ">",
    exp.GTE: ">=",
    exp.LT: "<",
    exp.LTE: "<=",
}


def coerce(value: Typed, target: TrinoType) -> Typed:
    """`value` as `target` (an implicit coercion Trino allows): a CAST when types differ."""
    if value.type == target:
        return value
    if value.type == t.UNKNOWN:
        return Typed(duck.cast(duck.null(), target), target)
    source = value.type
    if source.base == target.base == "varchar":
        return Typed(value.sql, target, value.constant)
    if source.base == "date" and target.base == "timestamp with time zone":
        return Typed(zones.from_local(duck.cast_to(value.sql, "TIMESTAMP"), "UTC"), target)
    if source.base == "timestamp" and target.base == "timestamp with time zone":
        return Typed(zones.from_local(value.sql, "UTC"), target)
    if source.base == target.base and source.base in (
        "timestamp",
        "time",
        "timestamp with time zone",
    ):
        return Typed(value.sql, target, value.constant)
    if source.base == target.base == "array":
        inner = coerce(Typed(duck.column("__e"), source.element), target.element)
        return Typed(
            duck.call("list_transform", value.sql, duck.lambda_(["__e"], inner.sql)), target
        )
    if source.base == target.base == "row":
        items = []
        for index, (a, b) in enumerate(zip(source.fields, target.fields, strict=True)):
            field = duck.call(
                "struct_extract", value.sql, duck.string(duck.field_name(index, a.name))
            )
            converted = coerce(Typed(field, a.type), b.type)
            items.append(
                exp.PropertyEQ(
                    this=exp.to_identifier(duck.field_name(index, b.name), quoted=True),
                    expression=converted.sql,
                )
            )
        packed = duck.call("struct_pack", *items)
        return Typed(
            duck.template("CASE WHEN {0} IS NULL THEN NULL ELSE {1} END", value.sql, packed), target
        )
    if source.base == target.base == "map":
        key = coerce(
            Typed(duck.template("struct_extract({0}, 'key')", duck.column("__e")), source.key),
            target.key,
        )
        val = coerce(
            Typed(duck.template("struct_extract({0}, 'value')", duck.column("__e")), source.value),
            target.value,
        )
        pairs = duck.call(
            "list_transform",
            duck.call("map_entries", value.sql),
            duck.lambda_(
                ["__e"], duck.template("struct_pack(key := {0}, value := {1})", key.sql, val.sql)
            ),
        )
        return Typed(duck.call("map_from_entries", pairs), target)
    return Typed(duck.cast(value.sql, target), target, value.constant)


def _mismatch(
    ctx: Context, node: exp.Expr, symbol: str, left: TrinoType, right: TrinoType
) -> Exception:
    return ctx.error_at(
        err.TYPE_MISMATCH,
        f"Cannot apply operator: {left} {symbol} {right}",
        ctx.operator_position(node),
    )


# -- arithmetic -----------------------------------------------------------------------------


def _decimal_result(op: str, a: TrinoType, b: TrinoType) -> TrinoType:
    a, b = t.as_decimal(a), t.as_decimal(b)
    p1, s1, p2, s2 = a.precision, a.scale, b.precision, b.scale
    if op in "+-":
        scale = max(s1, s2)
        return t.decimal(min(38, 1 + scale + max(p1 - s1, p2 - s2)), scale)
    if op == "*":
        return t.decimal(min(38, p1 + p2), s1 + s2)
    if op == "/":
        return t.decimal(min(38, p1 + s2 + max(0, s2 - s1)), max(s1, s2))
    return t.decimal(min(p2 - s2, p1 - s1) + max(s1, s2), max(s1, s2))


def _unscaled(value: Typed, scale: int) -> exp.Expr:
    """A decimal's unscaled value as a HUGEINT (value * 10^scale, exact)."""
    return duck.template(f"CAST({{0}} * {10**scale} AS HUGEINT)", value.sql)


def _decimal_divide(ctx: Context, a: Typed, b: Typed, result: TrinoType) -> exp.Expr:
    """Trino's decimal division: exact, rounded half up at the result's scale."""
    da, db = t.as_decimal(a.type), t.as_decimal(b.type)
    shift = result.scale - da.scale + db.scale
    num = duck.template(
        f"{{0}} * CAST({10**shift} AS HUGEINT)", _unscaled(Typed(a.sql, da), da.scale)
    )
    den = _unscaled(Typed(b.sql, db), db.scale)
    quotient = duck.template(
        "CASE WHEN {1} = 0 THEN {2} ELSE "
        "sign({0}) * sign({1}) * ((abs({0}) * 2 + abs({1})) // (abs({1}) * 2)) END",
        num,
        den,
        ctx.fail(err.DIVISION_BY_ZERO, "Division by zero"),
    )
    return _from_unscaled(ctx, quotient, result)


def _from_unscaled(ctx: Context, unscaled: exp.Expr, result: TrinoType) -> exp.Expr:
    limit = 10**result.precision
    checked = duck.template(
        f"CASE WHEN abs({{0}}) >= CAST('{limit}' AS HUGEINT) THEN {{1}} ELSE {{0}} END",
        unscaled,
        ctx.fail(err.NUMERIC_VALUE_OUT_OF_RANGE, f"Decimal overflow for {result}"),
    )
    if result.scale == 0:
        return duck.cast(checked, result)
    step = f"0.{'0' * (result.scale - 1)}1"
    return duck.template(
        f"CAST(CAST({{0}} AS DECIMAL(38,0)) * CAST({step} AS "
        f"DECIMAL({result.scale},{result.scale})) "
        f"AS {duck.duck_type(result)})",
        checked,
    )


def _decimal_checked(ctx: Context, sql: exp.Expr, result: TrinoType) -> exp.Expr:
    """Fail when an exact decimal result needs more digits than its type (Trino's overflow)."""
    limit = "9" * (result.precision - result.scale) + (
        "." + "9" * result.scale if result.scale else ""
    )
    return duck.template(
        f"CASE WHEN abs({{0}}) > {limit} THEN {{1}} ELSE CAST({{0}} AS {duck.duck_type(result)}) "
        f"END",
        sql,
        ctx.fail(err.NUMERIC_VALUE_OUT_OF_RANGE, f"Decimal overflow for {result}"),
    )


def arithmetic(ctx: Context, node: exp.Expr, left: Typed, right: Typed) -> Typed:
    op = ARITHMETIC[type(node)]
    a, b = left.type, right.type
    temporal = _temporal(ctx, node, op, left, right)
    if temporal is not None:
        return temporal
    if not ((a.is_numeric or a == t.UNKNOWN) and (b.is_numeric or b == t.UNKNOWN)):
        raise _mismatch(ctx, node, op, a, b)
    if a == t.UNKNOWN and b == t.UNKNOWN:
        a = b = t.INTEGER
    elif a == t.UNKNOWN:
        a = b
    elif b == t.UNKNOWN:
        b = a
    exact_decimal = a.is_exact and b.is_exact and "decimal" in (a.base, b.base)
    if exact_decimal:
        result = _decimal_result(op, a, b)
        if result.precision > 38 or result.scale > 38:
            raise _mismatch(ctx, node, op, a, b)
        if op == "/":
            return Typed(_decimal_divide(ctx, left, right, result), result)
        if op == "%":
            operand = t.decimal(38, result.scale)
            sql = duck.template(
                "CASE WHEN {1} = 0 THEN {2} ELSE {0} % {1} END",
                coerce(left, operand).sql,
                coerce(right, operand).sql,
                ctx.fail(err.DIVISION_BY_ZERO, "Division by zero"),
            )
            return Typed(duck.cast(sql, result), result)
        sql = duck.template(
            f"{{0}} {op} {{1}}",
            duck.cast(left.sql, t.as_decimal(a)) if a.is_integer else left.sql,
            duck.cast(right.sql, t.as_decimal(b)) if b.is_integer else right.sql,
        )
        return Typed(_decimal_checked(ctx, sql, result), result)
    common = t.common_super_type(a, b)
    if common is None:
        raise _mismatch(ctx, node, op, a, b)
    ls, rs = coerce(left, common).sql, coerce(right, common).sql
    if common.is_integer:
        if op == "/":
            sql = duck.template(
                "CASE WHEN {1} = 0 THEN {2} ELSE {0} // {1} END",
                ls,
                rs,
                ctx.fail(err.DIVISION_BY_ZERO, "Division by zero"),
            )
            return Typed(_overflow_guard(ctx, sql, ls, rs, common), common)
        if op == "%":
            sql = duck.template(
                "CASE WHEN {1} = 0 THEN {2} ELSE {0} % {1} END",
                ls,
                rs,
                ctx.fail(err.DIVISION_BY_ZERO, "Division by zero"),
            )
            return Typed(sql, common)
        return Typed(duck.template(f"{{0}} {op} {{1}}", ls, rs), common)
    if op == "%":
        return Typed(duck.call("fmod", ls, rs), common)
    return Typed(duck.template(f"{{0}} {op} {{1}}", ls, rs), common)


def _overflow_guard(
    ctx: Context, sql: exp.Expr, left: exp.Expr, right: exp.Expr, kind: TrinoType
) -> exp.Expr:
    """MIN_VALUE / -1 overflows in Trino; DuckDB's // would too, with its own message."""
    return sql


def negate(ctx: Context, node: exp.Expr, value: Typed) -> Typed:
    kind = value.type
    if kind == t.UNKNOWN:
        return Typed(duck.null(), t.UNKNOWN)
    if kind.base == "interval day to second" or kind.base == "interval year to month":
        return Typed(duck.template("-{0}", value.sql), kind)
    if not kind.is_numeric:
        raise err.error(err.TYPE_MISMATCH, f"Cannot negate {kind}", node)
    constant = value.constant
    negated: object = Typed.MISSING
    if isinstance(constant, str):
        negated = constant[1:] if constant.startswith("-") else f"-{constant}"
    elif isinstance(constant, (int, float, Decimal)):
        negated = -constant
    return Typed(duck.template("-{0}", value.sql), kind, negated)


# -- date and time arithmetic ----------------------------------------------------------------


def _temporal(ctx: Context, node: exp.Expr, op: str, left: Typed, right: Typed) -> Typed | None:
    a, b = left.type, right.type
    kinds = {a.base, b.base}
    if not kinds & {
        "date",
        "timestamp",
        "time",
        "timestamp with time zone",
        "interval day to second",
        "interval year to month",
    }:
        return None
    from ingest.query.trino import datetime_ops

    result = datetime_ops.arithmetic(ctx, op, left, right)
    if result is None:
        raise _mismatch(ctx, node, op, a, b)
    return result


# -- comparison ------------------------------------------------------------------------------


def comparable_pair(
    ctx: Context, node: exp.Expr, symbol: str, left: Typed, right: Typed, *, ordering: bool
) -> tuple[Typed, Typed, TrinoType]:
    """Both sides as their common super type, or TYPE_MISMATCH as Trino reports it."""
    common = t.common_super_type(left.type, right.type)
    if common is None:
        raise _mismatch(ctx, node, symbol, left.type, right.type)
    if (ordering and not t.is_orderable(common)) or not t.is_comparable(common):
        raise _mismatch(ctx, node, symbol, left.type, right.type)
    if common == t.UNKNOWN:
        common = t.BOOLEAN
    return coerce(left, common), coerce(right, common), common


def comparable_sql(value: Typed) -> exp.Expr:
    """What DuckDB compares: a timestamp with time zone compares by its instant."""
    if value.type.base == "timestamp with time zone":
        return zones.instant(value.sql)
    return value.sql


def comparison(ctx: Context, node: exp.Expr, left: Typed, right: Typed) -> Typed:
    symbol = COMPARISON[type(node)]
    a, b, _ = comparable_pair(ctx, node, symbol, left, right, ordering=symbol not in ("=", "<>"))
    return Typed(
        duck.template(f"{{0}} {symbol} {{1}}", comparable_sql(a), comparable_sql(b)), t.BOOLEAN
    )


def distinct_from(ctx: Context, node: exp.Expr, left: Typed, right: Typed, negated: bool) -> Typed:
    symbol = "IS NOT DISTINCT FROM" if negated else "IS DISTINCT FROM"
    a, b, _ = comparable_pair(ctx, node, symbol, left, right, ordering=False)
    return Typed(
        duck.template(f"{{0}} {symbol} {{1}}", comparable_sql(a), comparable_sql(b)), t.BOOLEAN
    )


def logical(ctx: Context, node: exp.Expr, operands: list[Typed], word: str) -> Typed:
    for operand in operands:
        if operand.type not in (t.BOOLEAN, t.UNKNOWN):
            raise ctx.error_at(
                err.TYPE_MISMATCH,
                f"{word} operand must be type boolean: {operand.type}",
                err.node_position(node),
            )
    sqls = [coerce(o, t.BOOLEAN).sql for o in operands]
    if word == "NOT":
        return Typed(exp.Not(this=duck.paren(sqls[0])), t.BOOLEAN)
    joined = (
        exp.And(this=duck.paren(sqls[0]), expression=duck.paren(sqls[1]))
        if word == "AND"
        else exp.Or(this=duck.paren(sqls[0]), expression=duck.paren(sqls[1]))
    )
    return Typed(joined, t.BOOLEAN)


def between(ctx: Context, node: exp.Expr, value: Typed, low: Typed, high: Typed) -> Typed:
    common = t.super_type_of([value.type, low.type, high.type])
    if common is None or not t.is_orderable(common):
        raise err.error(
            err.TYPE_MISMATCH,
            f"Cannot check if {value.type} is BETWEEN {low.type} and {high.type}",
            node,
        )
    if common == t.UNKNOWN:
        common = t.BOOLEAN
    v, lo, hi = (comparable_sql(coerce(x, common)) for x in (value, low, high))
    return Typed(duck.template("{0} BETWEEN {1} AND {2}", v, lo, hi), t.BOOLEAN)


def in_list(ctx: Context, node: exp.Expr, value: Typed, items: list[Typed]) -> Typed:
    common = t.super_type_of([value.type, *(i.type for i in items)])
    if common is None or not t.is_comparable(common):
        first_bad = next(
            (i.type for i in items if t.common_super_type(value.type, i.type) is None),
            items[0].type,
        )
        raise err.error(
            err.TYPE_MISMATCH,
            f"IN value and list items must be the same type: {value.type} and {first_bad}",
            node,
        )
    if common == t.UNKNOWN:
        common = t.BOOLEAN
    target = comparable_sql(coerce(value, common))
    listed = [comparable_sql(coerce(i, common)) for i in items]
    return Typed(exp.In(this=target, expressions=listed), t.BOOLEAN)


def like(ctx: Context, node: exp.Expr, value: Typed, pattern: Typed, escape: Typed | None) -> Typed:
    for operand in (value, pattern, *([escape] if escape else [])):
        if operand.type.base not in ("varchar", "unknown"):
            raise err.error(
                err.TYPE_MISMATCH,
                f"Left side of LIKE expression must evaluate to a varchar (actual: {value.type})"
                if operand is value
                else f"LIKE pattern must evaluate to a varchar (actual: {operand.type})",
                node,
            )
    if escape is None:
        return Typed(exp.Like(this=value.sql, expression=pattern.sql), t.BOOLEAN)
    escape_sql = escape.sql
    if escape.is_constant and isinstance(escape.constant, str) and len(escape.constant) != 1:
        check = ctx.fail(err.INVALID_FUNCTION_ARGUMENT, "Escape string must be a single character")
        return Typed(check, t.BOOLEAN)
    return Typed(
        duck.template(
            "CASE WHEN length({2}) <> 1 THEN {3} ELSE like_escape({0}, {1}, {2}) END",
            value.sql,
            pattern.sql,
            escape_sql,
            ctx.fail(err.INVALID_FUNCTION_ARGUMENT, "Escape string must be a single character"),
        ),
        t.BOOLEAN,
    )


def concat_operator(ctx: Context, node: exp.Expr, left: Typed, right: Typed) -> Typed:
    """`||`: varchar, varbinary or arrays (an element joins an array at either end)."""
    a, b = left.type, right.type
    if a.base in ("varchar", "unknown") and b.base in ("varchar", "unknown"):
        length = a.length + b.length if a.length is not None and b.length is not None else None
        return Typed(
            duck.template("{0} || {1}", coerce(left, t.VARCHAR).sql, coerce(right, t.VARCHAR).sql),
            t.varchar(length),
        )
    if a.base == b.base == "varbinary":
        return Typed(duck.template("{0} || {1}", left.sql, right.sql), t.VARBINARY)
    if "array" in (a.base, b.base):
        from ingest.query.trino.functions.arrays import concat_arrays

        found = concat_arrays(ctx, [left, right])
        if found is not None:
            return found
    raise err.error(
        err.FUNCTION_NOT_FOUND,
        f"Unexpected parameters ({a}, {b}) for function concat. Expected: concat(varchar...), "
        "concat(varbinary...), concat(array(E)...), concat(E, array(E)), concat(array(E), E)",
        node,
    )
