"""CAST and TRY_CAST with Trino's rules: which casts exist, how values round, which errors.

Trino refuses a cast it has no operator for (`Cannot cast date to integer`: TYPE_MISMATCH)
and fails at run time on a value that does not fit: INVALID_CAST_ARGUMENT for text that is
not a number/boolean/date, NUMERIC_VALUE_OUT_OF_RANGE for a number too large. Doubles round
half away from zero to integers; text never silently becomes a number that does not read
exactly as one (DuckDB would read '12.5' as 13).
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck, zones
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Context, Typed
from ingest.query.trino.types import TrinoType

_RANGES = {
    "tinyint": (-(2**7), 2**7 - 1),
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_SCALAR_TEXT = ("boolean", "date", "timestamp", "time", "timestamp with time zone")
_JSON_PEERS = (
    "boolean",
    "tinyint",
    "smallint",
    "integer",
    "bigint",
    "real",
    "double",
    "decimal",
    "varchar",
)


def castable(source: TrinoType, target: TrinoType) -> bool:
    """Whether Trino has a cast from `source` to `target` at all."""
    s, d = source.base, target.base
    if source == t.UNKNOWN or (s == d and s not in ("array", "map", "row")):
        return True
    numeric = ("tinyint", "smallint", "integer", "bigint", "real", "double", "decimal")
    if s in numeric or s == "boolean":
        return d in (*numeric, "boolean", "varchar", "json")
    if s == "varchar":
        return d in (
            *numeric,
            "boolean",
            "varchar",
            "json",
            "date",
            "timestamp",
            "time",
            "timestamp with time zone",
            "varbinary",
            "char",
            "interval day to second",
        )
    if s == "date":
        return d in ("timestamp", "timestamp with time zone", "varchar", "json")
    if s in ("timestamp", "timestamp with time zone"):
        return d in ("date", "time", "timestamp", "timestamp with time zone", "varchar", "json")
    if s == "time":
        return d in ("time", "varchar", "timestamp")
    if s == "json":
        return d in (*_JSON_PEERS, "array", "map", "row", "json")
    if s in ("array", "map", "row"):
        if d == "json":
            return True
        if d != s:
            return False
        if s == "row":
            return len(source.fields) == len(target.fields) and all(
                castable(a.type, b.type) for a, b in zip(source.fields, target.fields, strict=True)
            )
        pairs = zip(
            [p for p in source.params if isinstance(p, TrinoType)],
            [p for p in target.params if isinstance(p, TrinoType)],
            strict=True,
        )
        return all(castable(a, b) for a, b in pairs)
    if s.startswith("interval"):
        return d == s or d == "varchar"
    return False


def compile_cast(
    ctx: Context, value: Typed, target: TrinoType, node: exp.Expr, *, safe: bool = False
) -> Typed:
    """CAST(value AS target), or TRY_CAST when `safe`."""
    if not castable(value.type, target):
        raise err.error(err.TYPE_MISMATCH, f"Cannot cast {value.type} to {target}", node)
    if target.base == "char":
        raise err.not_supported("the char type", node, "use varchar")
    if safe:
        with ctx.trying():
            inner = _cast(ctx, value, target, node)
        return Typed(duck.call("TRY", inner), target)
    return Typed(_cast(ctx, value, target, node), target)


def _cast(ctx: Context, value: Typed, target: TrinoType, node: exp.Expr) -> exp.Expr:
    source, sql = value.type, value.sql
    if source == target:
        return sql
    if source == t.UNKNOWN:
        return duck.cast(duck.null(), target)
    if source.base == "json":
        return _from_json(ctx, value, target, node)
    base = target.base
    if base == "varchar":
        return _to_varchar(ctx, value, target, node)
    if base in _RANGES:
        return _to_integer(ctx, value, target)
    if base in ("real", "double"):
        if source.base == "varchar":
            return duck.template(
                "CASE WHEN regexp_full_match(trim({0}), "
                "'[+-]?(NaN|Infinity|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.)[dDfF]?') "
                "THEN CAST(trim({0}) AS " + duck.duck_type(target) + ") ELSE {1} END",
                sql,
                ctx.fail(
                    err.INVALID_CAST_ARGUMENT,
                    duck.template("'Cannot cast ''' || {0} || ''' to " + str(target) + "'", sql),
                ),
            )
        return duck.cast(sql, target)
    if base == "decimal":
        if source.base == "varchar":
            return duck.template(
                "CASE WHEN regexp_full_match(trim({0}), '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)') "
                "THEN CAST(trim({0}) AS " + duck.duck_type(target) + ") ELSE {1} END",
                sql,
                ctx.fail(
                    err.INVALID_CAST_ARGUMENT,
                    duck.template(
                        "'Cannot cast VARCHAR ''' || {0} || ''' to " + str(target) + "'", sql
                    ),
                ),
            )
        if source.base in ("real", "double"):
            return duck.template(
                "CASE WHEN isnan({0}) OR isinf({0}) THEN {1} ELSE CAST({0} AS "
                + duck.duck_type(target)
                + ") END",
                sql,
                ctx.fail(err.INVALID_CAST_ARGUMENT, f"Cannot cast {source} to {target}"),
            )
        return duck.cast(sql, target)
    if base == "boolean":
        if source.base == "varchar":
            return duck.template(
                "CASE WHEN lower({0}) IN ('true', 't', '1') THEN true "
                "WHEN lower({0}) IN ('false', 'f', '0') THEN false ELSE {1} END",
                sql,
                ctx.fail(
                    err.INVALID_CAST_ARGUMENT,
                    duck.template("'Cannot cast ''' || {0} || ''' to BOOLEAN'", sql),
                ),
            )
        return duck.template("{0} <> 0", sql)
    if base == "date":
        return _to_date(ctx, value)
    if base == "timestamp":
        return _to_timestamp(ctx, value, target)
    if base == "time":
        if source.base == "timestamp":
            return duck.cast_to(sql, "TIME")
        return duck.cast_to(sql, "TIME")
    if base == "timestamp with time zone":
        if source.base in ("timestamp", "date"):
            return zones.from_local(duck.cast_to(sql, "TIMESTAMP"), "UTC")
        if source.base == "timestamp with time zone":
            return sql
        raise err.not_supported(f"CAST from {source} to {target}", node)
    if base == "json":
        return _to_json(ctx, value, node)
    if base == "array":
        element = Typed(duck.column("__e"), source.element)
        inner = _cast(ctx, element, target.element, node)
        return duck.call("list_transform", sql, duck.lambda_(["__e"], inner))
    if base == "map":
        key = _cast(
            ctx,
            Typed(duck.template("struct_extract({0}, 'key')", duck.column("__e")), source.key),
            target.key,
            node,
        )
        val = _cast(
            ctx,
            Typed(duck.template("struct_extract({0}, 'value')", duck.column("__e")), source.value),
            target.value,
            node,
        )
        entries = duck.call(
            "list_transform",
            duck.call("map_entries", sql),
            duck.lambda_(
                ["__e"], duck.call("struct_pack", _named("key", key), _named("value", val))
            ),
        )
        return duck.call("map_from_entries", entries)
    if base == "row":
        return _row_cast(ctx, value, target, node)
    if base == "varbinary":
        raise err.not_supported(f"CAST from {source} to varbinary", node, "use to_utf8")
    raise err.not_supported(f"CAST from {source} to {target}", node)


def _named(name: str, value: exp.Expr) -> exp.Expr:
    return exp.PropertyEQ(this=exp.to_identifier(name, quoted=True), expression=value)


def _row_cast(ctx: Context, value: Typed, target: TrinoType, node: exp.Expr) -> exp.Expr:
    items = []
    for index, (src, dst) in enumerate(zip(value.type.fields, target.fields, strict=True)):
        field_sql = duck.call(
            "struct_extract", value.sql, duck.string(duck.field_name(index, src.name))
        )
        converted = _cast(ctx, Typed(field_sql, src.type), dst.type, node)
        items.append(_named(duck.field_name(index, dst.name), converted))
    packed = duck.call("struct_pack", *items)
    return duck.template("CASE WHEN {0} IS NULL THEN NULL ELSE {1} END", value.sql, packed)


def _range_check(
    ctx: Context, sql: exp.Expr, source: TrinoType, target: TrinoType, converted: exp.Expr
) -> exp.Expr:
    low, high = _RANGES[target.base]
    return duck.template(
        f"CASE WHEN {{0}} < {low} OR {{0}} > {high} THEN {{1}} ELSE {{2}} END",
        sql,
        ctx.fail(
            err.NUMERIC_VALUE_OUT_OF_RANGE,
            duck.template(f"'Out of range for {target}: ' || CAST({{0}} AS VARCHAR)", sql),
        ),
        converted,
    )


def _to_integer(ctx: Context, value: Typed, target: TrinoType) -> exp.Expr:
    source, sql = value.type, value.sql
    duck_target = duck.duck_type(target)
    if source.is_integer:
        if _RANGES[source.base][1] <= _RANGES[target.base][1]:
            return duck.cast(sql, target)
        return _range_check(ctx, sql, source, target, duck.cast(sql, target))
    if source.base == "decimal":
        rounded = duck.template("round({0}, 0)", sql)
        return _range_check(ctx, rounded, source, target, duck.cast_to(rounded, duck_target))
    if source.base in ("real", "double"):
        rounded = duck.template("round(CAST({0} AS DOUBLE))", sql)
        return duck.template(
            "CASE WHEN isnan({0}) THEN {1} ELSE {2} END",
            sql,
            ctx.fail(err.INVALID_CAST_ARGUMENT, f"Cannot cast {source} NaN to {target}"),
            _range_check(ctx, rounded, source, target, duck.cast_to(rounded, duck_target)),
        )
    if source.base == "varchar":
        low, high = _RANGES[target.base]
        return duck.template(
            "CASE WHEN NOT regexp_full_match({0}, '[+-]?[0-9]+') "
            f"OR TRY_CAST({{0}} AS HUGEINT) NOT BETWEEN {low} AND {high} THEN {{1}} "
            f"ELSE CAST({{0}} AS {duck_target}) END",
            sql,
            ctx.fail(
                err.INVALID_CAST_ARGUMENT,
                duck.template(f"'Cannot cast ''' || {{0}} || ''' to {target.base.upper()}'", sql),
            ),
        )
    if source.base == "boolean":
        return duck.cast(sql, target)
    raise err.not_supported(f"CAST from {source} to {target}")


def _to_date(ctx: Context, value: Typed) -> exp.Expr:
    source, sql = value.type, value.sql
    if source.base == "varchar":
        return duck.template(
            "CASE WHEN regexp_full_match(trim({0}), '[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}') "
            "AND TRY_CAST(trim({0}) AS DATE) IS NOT NULL THEN CAST(trim({0}) AS DATE) ELSE {1} END",
            sql,
            ctx.fail(
                err.INVALID_CAST_ARGUMENT,
                duck.template("'Value cannot be cast to date: ' || {0}", sql),
            ),
        )
    if source.base == "timestamp with time zone":
        return duck.cast_to(zones.local(sql), "DATE")
    return duck.cast_to(sql, "DATE")


def round_timestamp(sql: exp.Expr, precision: int) -> exp.Expr:
    """A TIMESTAMP rounded (half up) to `precision` fractional digits, as Trino stores it."""
    if precision >= 6:
        return sql
    step = 10 ** (6 - precision)
    return duck.template(
        f"make_timestamp(CAST(floor((epoch_us({{0}}) + {step // 2}) / {step}) AS BIGINT) * {step})",
        sql,
    )


def _to_timestamp(ctx: Context, value: Typed, target: TrinoType) -> exp.Expr:
    source, sql = value.type, value.sql
    precision = target.precision
    if precision > 6:
        raise err.not_supported(f"CAST to {target}", None, "timestamps are kept to the microsecond")
    if source.base == "varchar":
        parsed = duck.template(
            "CASE WHEN TRY_CAST(trim({0}) AS TIMESTAMP) IS NULL THEN {1} ELSE CAST(trim({0}) AS "
            "TIMESTAMP) END",
            sql,
            ctx.fail(
                err.INVALID_CAST_ARGUMENT,
                duck.template("'Value cannot be cast to timestamp: ' || {0}", sql),
            ),
        )
        return round_timestamp(parsed, precision)
    if source.base == "date":
        return duck.cast_to(sql, "TIMESTAMP")
    if source.base == "timestamp with time zone":
        return round_timestamp(zones.local(sql), precision)
    if source.base == "timestamp":
        return sql if precision >= source.precision else round_timestamp(sql, precision)
    if source.base == "time":
        return duck.template("CAST(DATE '1970-01-01' + {0} AS TIMESTAMP)", sql)
    raise err.not_supported(f"CAST from {source} to {target}")


def fraction_text(sql: exp.Expr, precision: int) -> exp.Expr:
    """'.321' for precision 3 from a TIMESTAMP/TIME (empty for precision 0)."""
    if precision == 0:
        return duck.string("")
    return duck.template(f"'.' || left(strftime({{0}}, '%f'), {precision})", sql)


def timestamp_text(sql: exp.Expr, precision: int) -> exp.Expr:
    return duck.template(
        "strftime({0}, '%Y-%m-%d %H:%M:%S') || {1}", sql, fraction_text(sql, precision)
    )


def _to_varchar(ctx: Context, value: Typed, target: TrinoType, node: exp.Expr) -> exp.Expr:
    source, sql = value.type, value.sql
    base = source.base
    if base == "varchar":
        text = sql
    elif source.is_integer or base in ("decimal", "boolean", "date"):
        text = duck.cast_to(sql, "VARCHAR")
    elif base in ("double", "real"):
        text = duck.call("athena_double_text" if base == "double" else "athena_real_text", sql)
    elif base == "timestamp":
        text = timestamp_text(sql, source.precision)
    elif base == "time":
        text = duck.template(
            "strftime(DATE '1970-01-01' + {0}, '%H:%M:%S') || {1}",
            sql,
            fraction_text(duck.template("DATE '1970-01-01' + {0}", sql), source.precision),
        )
    elif base == "timestamp with time zone":
        local = zones.local(sql)
        text = duck.template(
            "{0} || ' ' || {1}", timestamp_text(local, source.precision), zones.zone_of(sql)
        )
    elif base.startswith("interval"):
        from ingest.query.trino.present import interval_text

        text = interval_text(sql, source)
    else:
        raise err.not_supported(f"CAST from {source} to {target}", node)
    length = target.length
    if length is not None and (
        source.base != "varchar" or source.length is None or source.length > length
    ):
        if source.base == "varchar":
            text = duck.call("left", text, duck.number(length))
        else:
            text = duck.template(
                f"CASE WHEN length({{0}}) > {length} THEN {{1}} ELSE {{0}} END",
                text,
                ctx.fail(err.INVALID_CAST_ARGUMENT, f"Value does not fit in {target}"),
            )
    return text


def _to_json(ctx: Context, value: Typed, node: exp.Expr) -> exp.Expr:
    source, sql = value.type, value.sql
    for inner in source.walk():
        if inner.base in ("timestamp with time zone", "varbinary", "time") or inner.base.startswith(
            "interval"
        ):
            raise err.not_supported(f"CAST from {source} to json", node)
    if source.base in ("real", "double"):
        return duck.call("athena_json_number", sql)
    return duck.call("athena_json_canonical", duck.cast_to(duck.call("to_json", sql), "VARCHAR"))


def _from_json(ctx: Context, value: Typed, target: TrinoType, node: exp.Expr) -> exp.Expr:
    sql = value.sql
    base = target.base
    fail = ctx.fail(err.INVALID_CAST_ARGUMENT, f"Cannot cast to {target}")
    if base == "json":
        return sql
    if base == "varchar":
        return duck.template(
            "CASE json_type({0}) WHEN 'NULL' THEN NULL WHEN 'VARCHAR' THEN "
            "json_extract_string({0}, "
            "'$') "
            "WHEN 'OBJECT' THEN {1} WHEN 'ARRAY' THEN {1} ELSE CAST({0} AS VARCHAR) END",
            sql,
            fail,
        )
    if base in _RANGES or base in ("double", "real", "decimal", "boolean"):
        scalar = duck.template(
            "CASE WHEN json_type({0}) IN ('OBJECT', 'ARRAY') THEN {1} "
            "WHEN json_type({0}) = 'NULL' THEN NULL ELSE json_extract_string({0}, '$') END",
            sql,
            fail,
        )
        return _cast(ctx, Typed(scalar, t.VARCHAR), target, node)
    if base in ("array", "map", "row"):
        for inner in target.walk():
            if inner.base not in (
                "array",
                "map",
                "row",
                "varchar",
                "boolean",
                "double",
                "real",
                "decimal",
                "json",
                *_RANGES,
            ):
                raise err.not_supported(f"CAST from json to {target}", node)
        reshaped = duck.call("athena_json_to", sql, duck.string(str(target)))
        return duck.cast(duck.cast_to(reshaped, "JSON"), target)
    raise err.not_supported(f"CAST from json to {target}", node)
