"""Aggregate functions (trino.io/docs/current/functions/aggregate.html).

Types follow Trino: sum of integers is a bigint (overflow fails), avg of integers a double,
avg and sum of decimals stay decimal. The approximate functions (approx_distinct,
approx_percentile, approx_most_frequent) answer exactly here, which is within the error
bound Athena documents for its own approximate answer.
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Typed
from ingest.query.trino.lambdas import apply
from ingest.query.trino.registry import REGISTRY, Call
from ingest.query.trino.signatures import Bindings
from ingest.query.trino.types import TrinoType

REGISTRY.begin("aggregate")

_INTEGERS = ("tinyint", "smallint", "integer", "bigint")
_BIGINT_MIN, _BIGINT_MAX = -(2**63), 2**63 - 1


def _simple(duck_name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        return call.aggregate(duck_name, *(a.sql for a in call.args))

    return translate


def _cast_to_result(duck_name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        return duck.cast(call.aggregate(duck_name, *(a.sql for a in call.args)), call.result)

    return translate


REGISTRY.aggregate("arbitrary(T) -> T", _simple("any_value"))  # type: ignore[arg-type]
REGISTRY.alias("any_value", "arbitrary")
REGISTRY.aggregate("array_agg(T) -> array(T)", _simple("list"))  # type: ignore[arg-type]


def _avg_integer(call: Call) -> exp.Expr:
    return call.aggregate("avg", duck.cast_to(call.sql(0), "DOUBLE"))


for _kind in _INTEGERS:
    REGISTRY.aggregate(f"avg({_kind}) -> double", _avg_integer)
REGISTRY.aggregate("avg(double) -> double", _simple("avg"))  # type: ignore[arg-type]
REGISTRY.aggregate("avg(real) -> real", _cast_to_result("avg"))  # type: ignore[arg-type]


def _avg_decimal(call: Call) -> exp.Expr:
    """Exact: the unscaled sum divided by the count, rounded half up at the input's scale."""
    scale = call.result.scale
    unscaled = call.aggregate(
        "sum", duck.template(f"CAST({{0}} * {10**scale} AS HUGEINT)", call.sql(0))
    )
    count = call.aggregate("count", call.sql(0))
    quotient = duck.template(
        "CASE WHEN {1} = 0 THEN NULL ELSE sign({0}) * ((abs({0}) * 2 + {1}) // ({1} * 2)) END",
        unscaled,
        count,
    )
    step = f"0.{'0' * (scale - 1)}1" if scale else "1"
    return duck.template(
        f"CAST(CAST({{0}} AS DECIMAL(38,0)) * CAST({step} AS DECIMAL({max(scale, 1)},{scale})) AS "
        f"{duck.duck_type(call.result)})",
        quotient,
    )


REGISTRY.aggregate("avg(decimal(p,s)) -> decimal(p,s)", _avg_decimal)


def _avg_interval(call: Call) -> exp.Expr:
    return duck.cast(duck.template("round({0})", call.aggregate("avg", call.sql(0))), call.result)


REGISTRY.aggregate("avg(interval day to second) -> interval day to second", _avg_interval)
REGISTRY.aggregate("avg(interval year to month) -> interval year to month", _avg_interval)
REGISTRY.aggregate("bool_and(boolean) -> boolean", _simple("bool_and"))  # type: ignore[arg-type]
REGISTRY.alias("every", "bool_and")
REGISTRY.aggregate("bool_or(boolean) -> boolean", _simple("bool_or"))  # type: ignore[arg-type]


def _count(call: Call) -> exp.Expr:
    if not call.args:
        return _count_star(call)
    return call.aggregate("count", call.sql(0))


def _count_star(call: Call) -> exp.Expr:
    star: exp.Expr = exp.Anonymous(this="count", expressions=[exp.Star()])
    if call.filter is not None:
        star = exp.Filter(this=star, expression=exp.Where(this=call.filter))
    if call.window is not None:
        window = call.window.copy()
        window.set("this", star)
        return window
    return star


REGISTRY.aggregate("count() -> bigint", _count)
REGISTRY.aggregate("count(T) -> bigint", _count)
REGISTRY.aggregate(
    "count_if(boolean) -> bigint",
    lambda c: duck.template("coalesce(CAST({0} AS BIGINT), 0)", c.aggregate("count_if", c.sql(0))),
)
REGISTRY.aggregate(
    "geometric_mean(double) -> double",
    lambda c: duck.template("exp({0})", c.aggregate("avg", duck.call("ln", c.sql(0)))),
)


def _listagg(call: Call) -> exp.Expr:
    separator = call.sql(1) if len(call.args) > 1 else duck.string("")
    return call.aggregate("string_agg", call.sql(0), separator)


REGISTRY.aggregate("listagg(varchar) -> varchar", _listagg)
REGISTRY.aggregate("listagg(varchar, varchar) -> varchar", _listagg)


def _extreme(name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        if not t.is_orderable(call.type(0)):
            raise err.error(
                err.FUNCTION_NOT_FOUND,
                f"{name}() needs an orderable type, not {call.type(0)}",
                call.node,
            )
        if len(call.args) == 2:
            return call.template(
                "CASE WHEN {1} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'size must be "
                "positive') "
                "ELSE {2} END",
                call.aggregate(name, call.sql(0), duck.cast_to(call.sql(1), "BIGINT")),
            )
        return call.aggregate(name, call.sql(0))

    return translate


REGISTRY.aggregate("max(T) -> T", _extreme("max"))  # type: ignore[arg-type]
REGISTRY.aggregate("max(T, bigint) -> array(T)", _extreme("max"))  # type: ignore[arg-type]
REGISTRY.aggregate("min(T) -> T", _extreme("min"))  # type: ignore[arg-type]
REGISTRY.aggregate("min(T, bigint) -> array(T)", _extreme("min"))  # type: ignore[arg-type]


def _by(name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        if len(call.args) == 3:
            return call.aggregate(
                name.replace("_null", ""),
                call.sql(0),
                call.sql(1),
                duck.cast_to(call.sql(2), "BIGINT"),
            )
        return call.aggregate(name, call.sql(0), call.sql(1))

    return translate


REGISTRY.aggregate("max_by(T, K) -> T", _by("arg_max_null"))  # type: ignore[arg-type]
REGISTRY.aggregate("max_by(T, K, bigint) -> array(T)", _by("arg_max_null"))  # type: ignore[arg-type]
REGISTRY.aggregate("min_by(T, K) -> T", _by("arg_min_null"))  # type: ignore[arg-type]
REGISTRY.aggregate("min_by(T, K, bigint) -> array(T)", _by("arg_min_null"))  # type: ignore[arg-type]


def _sum_integer(call: Call) -> exp.Expr:
    total = call.aggregate("sum", call.sql(0))
    return duck.template(
        f"CASE WHEN {{0}} < {_BIGINT_MIN} OR {{0}} > {_BIGINT_MAX} THEN {{1}} ELSE CAST({{0}} AS "
        f"BIGINT) END",
        total,
        call.fail(err.NUMERIC_VALUE_OUT_OF_RANGE, "bigint addition overflow"),
    )


for _kind in _INTEGERS:
    REGISTRY.aggregate(f"sum({_kind}) -> bigint", _sum_integer)
REGISTRY.aggregate("sum(double) -> double", _simple("sum"))  # type: ignore[arg-type]
REGISTRY.aggregate("sum(real) -> real", _cast_to_result("sum"))  # type: ignore[arg-type]
REGISTRY.aggregate("sum(decimal(p,s)) -> decimal(38,s)", _cast_to_result("sum"))  # type: ignore[arg-type]
REGISTRY.aggregate("sum(interval day to second) -> interval day to second", _cast_to_result("sum"))  # type: ignore[arg-type]
REGISTRY.aggregate("sum(interval year to month) -> interval year to month", _cast_to_result("sum"))  # type: ignore[arg-type]
REGISTRY.aggregate("bitwise_and_agg(bigint) -> bigint", _cast_to_result("bit_and"))  # type: ignore[arg-type]
REGISTRY.aggregate("bitwise_or_agg(bigint) -> bigint", _cast_to_result("bit_or"))  # type: ignore[arg-type]


def _histogram(call: Call) -> exp.Expr:
    return duck.cast(call.aggregate("histogram", call.sql(0)), call.result)


REGISTRY.aggregate("histogram(T) -> map(T,bigint)", _histogram)


def _map_agg(call: Call) -> exp.Expr:
    entries = call.aggregate(
        "list", duck.template("struct_pack(key := {0}, value := {1})", call.sql(0), call.sql(1))
    )
    return duck.call("athena_first_per_key", duck.call("list_sort", entries))


REGISTRY.aggregate("map_agg(K, V) -> map(K,V)", _map_agg)


def _map_union(call: Call) -> exp.Expr:
    maps = call.aggregate("list", call.sql(0))
    return duck.template(
        "CASE WHEN len(list_filter({0}, lambda __m: __m IS NOT NULL)) = 0 THEN NULL "
        "ELSE list_reduce(list_filter({0}, lambda __m: __m IS NOT NULL), lambda __a, __b: "
        "map_concat(__a, "
        "__b)) END",
        maps,
    )


REGISTRY.aggregate("map_union(map(K,V)) -> map(K,V)", _map_union)


def _multimap_agg(call: Call) -> exp.Expr:
    entries = call.aggregate(
        "list", duck.template("struct_pack(key := {0}, value := {1})", call.sql(0), call.sql(1))
    )
    return duck.template(
        "map(list_distinct(list_transform(list_filter({0}, lambda __e: __e.key IS NOT NULL), "
        "lambda "
        "__e: __e.key)), "
        "list_transform(list_distinct(list_transform(list_filter({0}, lambda __e: __e.key IS NOT "
        "NULL), lambda __e: __e.key)), "
        "lambda __k: list_transform(list_filter({0}, lambda __e: __e.key = __k), lambda __e: "
        "__e.value)))",
        entries,
    )


REGISTRY.aggregate("multimap_agg(K, V) -> map(K,array(V))", _multimap_agg)


def _approx_distinct(call: Call) -> exp.Expr:
    call.distinct = True
    return call.aggregate("count", call.sql(0))


REGISTRY.aggregate("approx_distinct(T) -> bigint", _approx_distinct)
REGISTRY.aggregate("approx_distinct(T, double) -> bigint", _approx_distinct)


def _most_frequent(call: Call) -> exp.Expr:
    counts = call.aggregate("histogram", call.sql(1))
    return duck.cast(
        duck.template(
            "map_from_entries(list_slice(list_transform(list_sort(list_transform(map_entries({0}), "
            "lambda __e: struct_pack(n := -CAST(__e.value AS BIGINT), k := __e.key))), "
            "lambda __e: struct_pack(key := __e.k, value := -__e.n)), 1, {1}))",
            counts,
            call.sql(0),
        ),
        call.result,
    )


REGISTRY.aggregate("approx_most_frequent(bigint, T, bigint) -> map(T,bigint)", _most_frequent)


def _percentile(call: Call) -> exp.Expr:
    if len(call.args) != 2:
        raise err.not_supported("approx_percentile() with weights or an accuracy", call.node)
    return duck.cast(call.aggregate("quantile_disc", call.sql(0), call.sql(1)), call.result)


for _kind in ("bigint", "real", "double"):
    REGISTRY.aggregate(f"approx_percentile({_kind}, double) -> {_kind}", _percentile)
    REGISTRY.aggregate(f"approx_percentile({_kind}, array(double)) -> array({_kind})", _percentile)
REGISTRY.aggregate("approx_percentile(T, bigint, double) -> T", _percentile)
REGISTRY.aggregate("approx_percentile(T, bigint, double, double) -> T", _percentile)

for _name in ("corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept"):
    REGISTRY.aggregate(f"{_name}(double, double) -> double", _simple(_name))  # type: ignore[arg-type]
for _name, _duck in (
    ("kurtosis", "kurtosis"),
    ("skewness", "skewness"),
    ("stddev", "stddev_samp"),
    ("stddev_samp", "stddev_samp"),
    ("stddev_pop", "stddev_pop"),
    ("variance", "var_samp"),
    ("var_samp", "var_samp"),
    ("var_pop", "var_pop"),
):
    REGISTRY.aggregate(f"{_name}(double) -> double", _simple(_duck))  # type: ignore[arg-type]


def _reduce_agg(call: Call) -> exp.Expr:
    state, value = call.ctx.fresh("__s"), call.ctx.fresh("__x")
    values = call.aggregate("list", call.sql(0))
    step = apply(call.sql(2), [duck.column(state), duck.column(value)])
    return duck.template(
        "list_reduce(list_filter({0}, lambda __v: __v IS NOT NULL), {1}, {2})",
        values,
        duck.lambda_([state, value], step),
        call.sql(1),
    )


def _reduce_result(args: list[TrinoType], b: Bindings) -> TrinoType:
    found = b.get("S")
    assert isinstance(found, TrinoType)
    return found


REGISTRY.aggregate(
    "reduce_agg(T, S, function(S,T,S), function(S,S,S)) -> S", _reduce_agg, _reduce_result
)
for _name in (
    "checksum",
    "approx_set",
    "merge",
    "qdigest_agg",
    "tdigest_agg",
    "numeric_histogram",
    "bitwise_xor_agg",
    "map_agg_ordered",
):
    REGISTRY.refuse(
        _name, "it returns a sketch or a hash value the local engine does not compute", "aggregate"
    )


def _grouping(c: object, args: list[exp.Expr], node: exp.Expr, scope: object) -> Typed:
    """grouping(k1, ..., kn): a bigint whose bit i (the rightmost argument the lowest) is 1
    when that GROUP BY key is not part of the row's grouping set (Trino and DuckDB agree)."""
    from ingest.query.trino.context import Scope
    from ingest.query.trino.expressions import Compiler

    assert isinstance(c, Compiler) and isinstance(scope, Scope)
    if not args:
        raise err.error(err.FUNCTION_NOT_FOUND, "grouping takes at least one argument", node)
    keys = [c.expr(arg, scope).sql for arg in args]
    return Typed(duck.call("GROUPING", *keys), t.BIGINT)


REGISTRY.special("grouping", _grouping)
