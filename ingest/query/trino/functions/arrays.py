"""Array functions and operators (trino.io/docs/current/functions/array.html).

NULL elements follow Trino: array_max/array_min are NULL when an element is NULL, contains
is NULL when the value is absent but a NULL is present, array_distinct keeps one NULL,
and element comparisons treat two NULLs as the same element where Trino does.
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.casts import compile_cast
from ingest.query.trino.context import Context, Typed
from ingest.query.trino.lambdas import apply
from ingest.query.trino.operators import coerce
from ingest.query.trino.registry import REGISTRY, Call
from ingest.query.trino.signatures import Bindings
from ingest.query.trino.types import TrinoType

REGISTRY.begin("array", strict=True)  # Trino: a NULL array or map argument gives NULL
#: Trino's limit on arrays built by sequence() and repeat().
MAX_GENERATED = 10_000


def concat_arrays(ctx: Context, values: list[Typed]) -> Typed | None:
    """`||` / concat over arrays, where an element may join an array at either end."""
    arrays = [v for v in values if v.type.base == "array"]
    if not arrays:
        return None
    element = t.super_type_of(
        [a.type.element for a in arrays] + [v.type for v in values if v.type.base != "array"]
    )
    if element is None:
        return None
    parts = []
    for value in values:
        if value.type.base == "array":
            parts.append(coerce(value, t.array(element)).sql)
        else:
            parts.append(exp.Array(expressions=[coerce(value, element).sql]))
    sql = parts[0]
    for part in parts[1:]:
        sql = duck.call("list_concat", sql, part)
    arrays_only = [v.sql for v in values if v.type.base == "array"]
    guard = " OR ".join(f"{{{i}}} IS NULL" for i in range(len(arrays_only)))
    sql = duck.template(
        f"CASE WHEN {guard} THEN NULL ELSE {{{len(arrays_only)}}} END", *arrays_only, sql
    )
    return Typed(sql, t.array(element))


def _concat(call: Call) -> exp.Expr:
    found = concat_arrays(call.ctx, call.args)
    assert found is not None
    return found.sql


REGISTRY.scalar("concat(array(E), array(E)...) -> array(E)", _concat)
REGISTRY.scalar("concat(E, array(E)) -> array(E)", _concat)
REGISTRY.scalar("concat(array(E), E) -> array(E)", _concat)


def _subscript_array(call: Call) -> exp.Expr:
    return call.template(
        "CASE WHEN {1} = 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'SQL array indices start at 1') "
        "WHEN {1} < 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Array subscript is negative: ' || "
        "{1}) "
        "WHEN {1} > len({0}) THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Array subscript must be less "
        "than or equal to array length: ' || {1} || ' > ' || len({0})) "
        "ELSE list_extract({0}, {1}) END"
    )


def _subscript_map(call: Call) -> exp.Expr:
    return call.template(
        "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL WHEN NOT map_contains({0}, {1}) "
        "THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Key not present in map: ' || CAST({1} AS "
        "VARCHAR)) "
        "ELSE map_extract_value({0}, {1}) END"
    )


REGISTRY.scalar("$subscript(array(E), bigint) -> E", _subscript_array)
REGISTRY.scalar("$subscript(map(K,V), K) -> V", _subscript_map)


def _element_at_array(call: Call) -> exp.Expr:
    return call.template(
        "CASE WHEN {1} = 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'SQL array indices start at 1') "
        "WHEN abs({1}) > len({0}) THEN NULL WHEN {1} > 0 THEN list_extract({0}, {1}) ELSE "
        "list_extract({0}, "
        "len({0}) + {1} + 1) END"
    )


REGISTRY.scalar("element_at(array(E), bigint) -> E", _element_at_array)
REGISTRY.scalar("element_at(map(K,V), K) -> V", "map_extract_value({0}, {1})")
REGISTRY.scalar("cardinality(array(E)) -> bigint", "CAST(len({0}) AS BIGINT)")
REGISTRY.scalar("cardinality(map(K,V)) -> bigint", "CAST(cardinality({0}) AS BIGINT)")


def _fresh(call: Call) -> str:
    return call.ctx.fresh("__l")


def _match(kind: str) -> object:
    """all_match / any_match / none_match with Trino's three-valued answers."""

    def translate(call: Call) -> exp.Expr:
        name = _fresh(call)
        verdict = apply(call.sql(1), [duck.column(name)])

        def test(condition: exp.Expr) -> exp.Expr:
            return duck.template(
                "len(list_filter({0}, {1})) > 0", call.sql(0), duck.lambda_([name], condition)
            )

        found_true = test(duck.template("{0} IS TRUE", verdict))
        found_false = test(duck.template("{0} IS FALSE", verdict))
        found_null = test(duck.template("{0} IS NULL", verdict))
        if kind == "all":
            return duck.template(
                "CASE WHEN {0} THEN false WHEN {1} THEN NULL ELSE true END", found_false, found_null
            )
        if kind == "any":
            return duck.template(
                "CASE WHEN {0} THEN true WHEN {1} THEN NULL ELSE false END", found_true, found_null
            )
        return duck.template(
            "CASE WHEN {0} THEN false WHEN {1} THEN NULL ELSE true END", found_true, found_null
        )

    return translate


REGISTRY.scalar("all_match(array(T), function(T,boolean)) -> boolean", _match("all"))  # type: ignore[arg-type]
REGISTRY.scalar("any_match(array(T), function(T,boolean)) -> boolean", _match("any"))  # type: ignore[arg-type]
REGISTRY.scalar("none_match(array(T), function(T,boolean)) -> boolean", _match("none"))  # type: ignore[arg-type]

_DISTINCT = "list_filter({0}, lambda __x, __i: list_position({0}, __x) = __i)"
REGISTRY.scalar("array_distinct(array(E)) -> array(E)", _DISTINCT)
REGISTRY.scalar(
    "array_intersect(array(E), array(E)) -> array(E)",
    "list_filter(list_filter({0}, lambda __x, __i: list_position({0}, __x) = __i), lambda __x: "
    "list_position({1}, "
    "__x) IS NOT NULL)",
)
REGISTRY.scalar(
    "array_union(array(E), array(E)) -> array(E)",
    "list_filter(list_concat({0}, {1}), lambda __x, __i: list_position(list_concat({0}, {1}), __x) "
    "= __i)",
)
REGISTRY.scalar(
    "array_except(array(E), array(E)) -> array(E)",
    "list_filter(list_filter({0}, lambda __x, __i: list_position({0}, __x) = __i), lambda __x: "
    "list_position({1}, "
    "__x) IS NULL)",
)


def _join(call: Call) -> exp.Expr:
    element = call.type(0).element
    name = _fresh(call)
    text = compile_cast(call.ctx, Typed(duck.column(name), element), t.VARCHAR, call.node).sql
    if len(call.args) == 3:
        text = duck.template("coalesce({0}, {1})", text, call.sql(2))
    texts = duck.call("list_transform", call.sql(0), duck.lambda_([name], text))
    return duck.template(
        "CASE WHEN {0} IS NULL OR {2} IS NULL THEN NULL ELSE coalesce(array_to_string({1}, {2}), "
        "'') END",
        call.sql(0),
        texts,
        call.sql(1),
    )


REGISTRY.scalar("array_join(array(T), varchar) -> varchar", _join, strict=False)
REGISTRY.scalar("array_join(array(T), varchar, varchar) -> varchar", _join, strict=False)


def _extreme(name: str) -> str:
    return f"CASE WHEN list_position({{0}}, NULL) IS NOT NULL THEN NULL ELSE {name}({{0}}) END"


REGISTRY.scalar("array_max(array(T)) -> T", _extreme("list_max"))
REGISTRY.scalar("array_min(array(T)) -> T", _extreme("list_min"))
REGISTRY.scalar(
    "array_position(array(T), T) -> bigint",
    "CASE WHEN {1} IS NULL THEN NULL ELSE CAST(coalesce(list_position({0}, {1}), 0) AS BIGINT) END",
)
REGISTRY.scalar(
    "array_remove(array(E), E) -> array(E)",
    "CASE WHEN {1} IS NULL THEN NULL ELSE list_filter({0}, lambda __x: __x IS NULL OR __x <> {1}) "
    "END",
)
REGISTRY.scalar("array_sort(array(E)) -> array(E)", "list_sort({0}, 'ASC', 'NULLS LAST')")


def _sort_with(call: Call) -> exp.Expr:
    """array_sort with a comparator: each element's place is the number of elements the
    comparator puts before it (ties keep their order), as Trino's stable sort gives."""
    i, j, r = call.ctx.fresh("__i"), call.ctx.fresh("__j"), call.ctx.fresh("__r")
    array = call.sql(0)
    compare = apply(
        call.sql(1),
        [
            duck.call("list_extract", array, duck.column(j)),
            duck.call("list_extract", array, duck.column(i)),
        ],
    )
    checks = duck.call(
        "list_transform",
        duck.call("range", duck.number(1), duck.template("len({0}) + 1", array)),
        duck.lambda_(
            [i],
            duck.call(
                "list_bool_or",
                duck.call(
                    "list_transform",
                    duck.call("range", duck.number(1), duck.template("len({0}) + 1", array)),
                    duck.lambda_([j], duck.template("coalesce({0}, 2) NOT IN (-1, 0, 1)", compare)),
                ),
            ),
        ),
    )
    reverse = apply(
        call.sql(1),
        [
            duck.call("list_extract", array, duck.column(i)),
            duck.call("list_extract", array, duck.column(j)),
        ],
    )
    # j goes before i: the comparator says so, and a comparator that says so both ways
    # (NULLs compared with IS NULL tests) keeps the original order, like Trino's stable sort
    before = duck.template(
        "CASE WHEN {0} < 0 THEN (CASE WHEN {1} < 0 THEN {2} < {3} ELSE true END) WHEN {0} = 0 THEN "
        "{2} < {3} ELSE false END",
        compare,
        reverse,
        duck.column(j),
        duck.column(i),
    )
    ranks = duck.call(
        "list_transform",
        duck.call("range", duck.number(1), duck.template("len({0}) + 1", array)),
        duck.lambda_(
            [i],
            duck.call(
                "len",
                duck.call(
                    "list_filter",
                    duck.call("range", duck.number(1), duck.template("len({0}) + 1", array)),
                    duck.lambda_(
                        [j],
                        duck.template(
                            "{0} <> {1} AND ({2})", duck.column(j), duck.column(i), before
                        ),
                    ),
                ),
            ),
        ),
    )
    ordered = duck.call(
        "list_transform",
        duck.call("range", duck.number(0), duck.template("len({0})", array)),
        duck.lambda_(
            [r],
            duck.template(
                "list_extract({0}, list_position({1}, {2}))", array, ranks, duck.column(r)
            ),
        ),
    )
    return call.template(
        "CASE WHEN list_bool_or({2}) THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Lambda comparator "
        "must "
        "return either -1, 0, or 1') ELSE {3} END",
        checks,
        ordered,
    )


REGISTRY.scalar("array_sort(array(T), function(T,T,integer)) -> array(T)", _sort_with)

REGISTRY.scalar(
    "arrays_overlap(array(E), array(E)) -> boolean",
    "CASE WHEN len(list_filter({0}, lambda __x: __x IS NOT NULL AND list_position({1}, __x) IS NOT "
    "NULL)) > 0 THEN true "
    "WHEN len({0}) = 0 OR len({1}) = 0 THEN false "
    "WHEN list_position({0}, NULL) IS NOT NULL OR list_position({1}, NULL) IS NOT NULL THEN NULL "
    "ELSE false END",
)
REGISTRY.scalar(
    "contains(array(T), T) -> boolean",
    "CASE WHEN {1} IS NULL THEN NULL WHEN list_position({0}, {1}) IS NOT NULL THEN true "
    "WHEN list_position({0}, NULL) IS NOT NULL THEN NULL ELSE false END",
)
REGISTRY.scalar(
    "contains_sequence(array(T), array(T)) -> boolean",
    "len({1}) = 0 OR len(list_filter(range(1, len({0}) - len({1}) + 2), lambda __s: "
    "len(list_filter(range(1, len({1}) + 1), lambda __k: list_extract({0}, __s + __k - 1) IS "
    "DISTINCT "
    "FROM list_extract({1}, __k))) = 0)) > 0",
)


def _combinations(call: Call) -> exp.Expr:
    size = call.constant(1)
    if not isinstance(size, int):
        raise err.not_supported("combinations() with a size that is not a literal", call.node)
    if size < 0:
        return call.fail(
            err.INVALID_FUNCTION_ARGUMENT, f"combination size must not be negative: {size}"
        )
    if size > 5:
        return call.fail(
            err.INVALID_FUNCTION_ARGUMENT, f"combination size must not exceed 5: {size}"
        )
    if size == 0:
        return (
            call.template("[[]]") if False else exp.Array(expressions=[exp.Array(expressions=[])])
        )
    names = [call.ctx.fresh("__c") for _ in range(size)]
    array = call.sql(0)
    body: exp.Expr = exp.Array(
        expressions=[duck.call("list_extract", array, duck.column(n)) for n in names]
    )
    for depth in reversed(range(size)):
        start = (
            duck.number(1)
            if depth == 0
            else duck.template("{0} + 1", duck.column(names[depth - 1]))
        )
        body = duck.call(
            "list_transform",
            duck.call("range", start, duck.template("len({0}) + 1", array)),
            duck.lambda_([names[depth]], body),
        )
        if depth < size - 1:
            body = duck.call("flatten", body)
    return body


REGISTRY.scalar("combinations(array(T), integer) -> array(array(T))", _combinations)
REGISTRY.scalar(
    "filter(array(T), function(T,boolean)) -> array(T)", lambda c: _lambda_list(c, "list_filter")
)
REGISTRY.scalar(
    "transform(array(T), function(T,U)) -> array(U)", lambda c: _lambda_list(c, "list_transform")
)


def _lambda_list(call: Call, name: str) -> exp.Expr:
    var = _fresh(call)
    body = apply(call.sql(1), [duck.column(var)])
    if name == "list_filter":
        body = duck.template("{0} IS TRUE", body)
    return duck.call(name, call.sql(0), duck.lambda_([var], body))


REGISTRY.scalar("flatten(array(array(E))) -> array(E)", "flatten({0})")
REGISTRY.scalar(
    "ngrams(array(T), integer) -> array(array(T))",
    "CASE WHEN {1} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'N must be positive') "
    "WHEN {1} >= len({0}) THEN [{0}] ELSE list_transform(range(1, len({0}) - {1} + 2), lambda __i: "
    "list_slice({0}, __i, __i + {1} - 1)) END",
)


def _reduce(call: Call) -> exp.Expr:
    state, element = call.ctx.fresh("__s"), call.ctx.fresh("__x")
    step = apply(call.sql(2), [duck.column(state), duck.column(element)])
    reduced = duck.call(
        "list_reduce", call.sql(0), duck.lambda_([state, element], step), call.sql(1)
    )
    return apply(call.sql(3), [reduced])


REGISTRY.scalar("reduce(array(T), S, function(S,T,S), function(S,R)) -> R", _reduce, strict=(0,))
REGISTRY.scalar(
    "repeat(T, integer) -> array(T)",
    f"CASE WHEN {{1}} < 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'count argument of repeat "
    f"function "
    f"must be greater than or equal to 0') "
    f"WHEN {{1}} > {MAX_GENERATED} THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'count argument of "
    f"repeat "
    f"function must be less than or equal to {MAX_GENERATED}') "
    f"ELSE list_transform(range(least({{1}}, {MAX_GENERATED})), lambda __i: {{0}}) END",
    strict=(1,),
)
REGISTRY.scalar("reverse(array(E)) -> array(E)", "list_reverse({0})")


def _sequence_numbers(call: Call) -> exp.Expr:
    if len(call.args) == 2:
        return call.template(
            f"CASE WHEN abs({{1}} - {{0}}) >= {MAX_GENERATED} THEN "
            f"FAIL('INVALID_FUNCTION_ARGUMENT', "
            f"'result of sequence function must not have more than {MAX_GENERATED} entries') "
            # the stop is clamped inside too: DuckDB folds constant branches it never takes
            f"ELSE generate_series({{0}}, CASE WHEN abs({{1}} - {{0}}) >= {MAX_GENERATED} THEN "
            f"{{0}} "
            f"ELSE {{1}} END, "
            "CASE WHEN {1} >= {0} THEN 1 ELSE -1 END) END"
        )
    return call.template(
        "CASE WHEN {2} = 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'step must not be zero') "
        "WHEN {2} > 0 AND {0} > {1} THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'sequence stop value "
        "should be greater than or equal to start value if step is greater than zero otherwise "
        "stop "
        "should be less than or equal to start') "
        "WHEN {2} < 0 AND {0} < {1} THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'sequence stop value "
        "should be greater than or equal to start value if step is greater than zero otherwise "
        "stop "
        "should be less than or equal to start') "
        f"WHEN ({{1}} - {{0}}) // {{2}} >= {MAX_GENERATED} THEN FAIL('INVALID_FUNCTION_ARGUMENT', "
        f"'result of sequence function must not have more than {MAX_GENERATED} entries') "
        f"ELSE generate_series({{0}}, CASE WHEN {{2}} = 0 OR ({{1}} - {{0}}) // {{2}} >= "
        f"{MAX_GENERATED} "
        f"THEN {{0}} ELSE {{1}} END, "
        "CASE WHEN {2} = 0 THEN 1 ELSE {2} END) END"
    )


REGISTRY.scalar("sequence(bigint, bigint) -> array(bigint)", _sequence_numbers)
REGISTRY.scalar("sequence(bigint, bigint, bigint) -> array(bigint)", _sequence_numbers)


def _sequence_step(call: Call) -> tuple[TrinoType, exp.Expr]:
    """The step's type and value (one day, up or down, when there is no step)."""
    if len(call.args) == 3:
        return call.type(2), call.sql(2)
    step = duck.template(
        "CASE WHEN {1} >= {0} THEN 86400000 ELSE -86400000 END", call.sql(0), call.sql(1)
    )
    return t.INTERVAL_DAY, step


def _sequence_dates(call: Call) -> exp.Expr:
    """sequence over dates or timestamps: start + k * step, for k = 0, 1, ... while in range
    (each element from the start, so Jan 31 + 1 month is Feb 29, + 2 months Mar 31)."""
    start, stop, kind = call.sql(0), call.sql(1), call.type(0)
    step_kind, step = _sequence_step(call)
    k = call.ctx.fresh("__k")
    months = step_kind.base == "interval year to month"
    if months:
        count = duck.template(
            "CASE WHEN {2} = 0 THEN NULL ELSE datediff('month', {0}, {1}) // {2} END",
            start,
            stop,
            step,
        )
        element = duck.template(
            "{0} + to_months(CAST({1} * {2} AS INTEGER))", start, duck.column(k), step
        )
    else:
        span = duck.template(
            "epoch_ms(CAST({1} AS TIMESTAMP)) - epoch_ms(CAST({0} AS TIMESTAMP))", start, stop
        )
        count = duck.template("CASE WHEN {1} = 0 THEN NULL ELSE ({0}) // {1} END", span, step)
        if kind.base == "date":
            count = duck.template(
                "CASE WHEN {0} % 86400000 <> 0 THEN {1} ELSE {2} END",
                step,
                call.fail(
                    err.INVALID_FUNCTION_ARGUMENT,
                    "sequence step must be a day interval if start and end values are dates",
                ),
                count,
            )
        element = duck.template("{0} + to_milliseconds({1} * {2})", start, duck.column(k), step)
    if kind.base == "date":
        element = duck.cast_to(element, "DATE")
    # the count is clamped inside too: DuckDB folds constant branches it never takes
    series = duck.template(
        f"list_transform(range(0, least({{0}}, {MAX_GENERATED}) + 1), {{1}})",
        count,
        duck.lambda_([k], element),
    )
    if months:  # month boundaries may overshoot the stop by one step
        v = call.ctx.fresh("__v")
        keep = duck.template(
            "CASE WHEN {0} > 0 THEN {1} <= {2} ELSE {1} >= {2} END", step, duck.column(v), stop
        )
        series = duck.template("list_filter({0}, {1})", series, duck.lambda_([v], keep))
    wrong_way = (
        "sequence stop value should be greater than or equal to start value if step is greater "
        "than zero otherwise stop should be less than or equal to start"
    )
    return duck.template(
        "CASE WHEN {3} = 0 THEN {4} "
        "WHEN {3} > 0 AND {0} > {1} OR {3} < 0 AND {0} < {1} THEN {5} "
        f"WHEN {{2}} >= {MAX_GENERATED} THEN {{6}} "
        "ELSE {7} END",
        start,
        stop,
        count,
        step,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "step must not be zero"),
        call.fail(err.INVALID_FUNCTION_ARGUMENT, wrong_way),
        call.fail(
            err.INVALID_FUNCTION_ARGUMENT,
            f"result of sequence function must not have more than {MAX_GENERATED} entries",
        ),
        series,
    )


REGISTRY.scalar("sequence(date, date) -> array(date)", _sequence_dates)
REGISTRY.scalar("sequence(date, date, interval day to second) -> array(date)", _sequence_dates)
REGISTRY.scalar("sequence(date, date, interval year to month) -> array(date)", _sequence_dates)
REGISTRY.scalar(
    "sequence(timestamp(p), timestamp(p), interval day to second) -> array(timestamp(p))",
    _sequence_dates,
)
REGISTRY.scalar(
    "sequence(timestamp(p), timestamp(p), interval year to month) -> array(timestamp(p))",
    _sequence_dates,
)

REGISTRY.scalar(
    "slice(array(E), bigint, bigint) -> array(E)",
    "CASE WHEN {1} = 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'SQL array indices start at 1') "
    "WHEN {2} < 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'length must be greater than or equal to "
    "0') "
    "WHEN {1} > 0 THEN list_slice({0}, {1}, {1} + {2} - 1) "
    "WHEN -{1} > len({0}) THEN [] ELSE list_slice({0}, len({0}) + {1} + 1, least(len({0}), "
    "len({0}) "
    "+ {1} + {2})) END",
)
REGISTRY.scalar(
    "trim_array(array(E), bigint) -> array(E)",
    "CASE WHEN {1} < 0 OR {1} > len({0}) THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'size must not be "
    "negative or greater than the array''s cardinality') "
    "ELSE list_slice({0}, 1, len({0}) - {1}) END",
)


def _zip_result(args: list[TrinoType], b: Bindings) -> TrinoType:
    return t.array(t.row(*(a.element for a in args)))


def _zip(call: Call) -> exp.Expr:
    name = _fresh(call)
    fields = [
        exp.PropertyEQ(
            this=exp.to_identifier(f"field{i}", quoted=True),
            expression=duck.call("struct_extract", duck.column(name), duck.number(i + 1)),
        )
        for i in range(len(call.args))
    ]
    zipped = duck.call("list_zip", *(a.sql for a in call.args))
    return duck.call(
        "list_transform", zipped, duck.lambda_([name], duck.call("struct_pack", *fields))
    )


for _width in range(2, 6):
    _params = ", ".join(f"array({chr(65 + i)})" for i in range(_width))
    REGISTRY.scalar(f"zip({_params}) -> array(T)", _zip, _zip_result)


def _zip_with(call: Call) -> exp.Expr:
    name = _fresh(call)
    body = apply(
        call.sql(2),
        [
            duck.call("struct_extract", duck.column(name), duck.number(1)),
            duck.call("struct_extract", duck.column(name), duck.number(2)),
        ],
    )
    return duck.call(
        "list_transform",
        duck.call("list_zip", call.sql(0), call.sql(1)),
        duck.lambda_([name], body),
    )


REGISTRY.scalar("zip_with(array(T), array(U), function(T,U,R)) -> array(R)", _zip_with)
REGISTRY.refuse("shuffle", "DuckDB has no random permutation of a list")
