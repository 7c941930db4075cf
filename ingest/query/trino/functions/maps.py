"""Map functions and operators (trino.io/docs/current/functions/map.html).

Keys are never NULL and never repeat (INVALID_FUNCTION_ARGUMENT, as in Trino); a map's
entries are its value, not their order.
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.lambdas import apply
from ingest.query.trino.registry import REGISTRY, Call
from ingest.query.trino.signatures import Bindings
from ingest.query.trino.types import TrinoType

REGISTRY.begin("map", strict=True)  # Trino: a NULL array or map argument gives NULL


def _empty(call: Call) -> exp.Expr:
    return duck.template("map([], [])")


REGISTRY.scalar("map() -> map(unknown, unknown)", _empty)


def _keys_checked(call: Call, keys: exp.Expr, build: exp.Expr) -> exp.Expr:
    return duck.template(
        "CASE WHEN {0} IS NULL THEN NULL WHEN list_position({0}, NULL) IS NOT NULL THEN {2} "
        "WHEN len(list_distinct({0})) <> len({0}) THEN {3} ELSE {1} END",
        keys,
        build,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "map key cannot be null"),
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "Duplicate map keys are not allowed"),
    )


def _map(call: Call) -> exp.Expr:
    keys, values = call.sql(0), call.sql(1)
    built = duck.template(
        "CASE WHEN len({0}) <> len({1}) THEN {2} ELSE map({0}, {1}) END",
        keys,
        values,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "Key and value arrays must be the same length"),
    )
    return _keys_checked(call, keys, built)


REGISTRY.scalar("map(array(K), array(V)) -> map(K,V)", _map)


def _field(call: Call, value: exp.Expr, index: int) -> exp.Expr:
    """Field `index` (0-based) of the entries' row type."""
    fields = call.type(0).element.fields
    name = duck.field_name(index, fields[index].name if index < len(fields) else None)
    return duck.call("struct_extract", value, duck.string(name))


def _from_entries(call: Call) -> exp.Expr:
    e = call.ctx.fresh("__e")
    keys = duck.call(
        "list_transform", call.sql(0), duck.lambda_([e], _field(call, duck.column(e), 0))
    )
    values = duck.call(
        "list_transform", call.sql(0), duck.lambda_([e], _field(call, duck.column(e), 1))
    )
    nulls = duck.template("list_position({0}, NULL) IS NOT NULL", call.sql(0))
    built = duck.template(
        "CASE WHEN {0} THEN {1} ELSE map({2}, {3}) END",
        nulls,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "map entry cannot be null"),
        keys,
        values,
    )
    return _keys_checked(call, keys, built)


REGISTRY.scalar("map_from_entries(array(row(K,V))) -> map(K,V)", _from_entries)


def _multimap_from_entries(call: Call) -> exp.Expr:
    e, k = call.ctx.fresh("__e"), call.ctx.fresh("__k")
    entries = call.sql(0)
    keys = duck.call("list_transform", entries, duck.lambda_([e], _field(call, duck.column(e), 0)))
    distinct = duck.template(
        "list_filter({0}, lambda __x, __i: list_position({0}, __x) = __i)", keys
    )
    grouped = duck.call(
        "list_transform",
        distinct,
        duck.lambda_(
            [k],
            duck.call(
                "list_transform",
                duck.call(
                    "list_filter",
                    entries,
                    duck.lambda_(
                        [e],
                        duck.template("{0} = {1}", _field(call, duck.column(e), 0), duck.column(k)),
                    ),
                ),
                duck.lambda_([e], _field(call, duck.column(e), 1)),
            ),
        ),
    )
    return duck.template(
        "CASE WHEN {0} IS NULL THEN NULL WHEN list_position({1}, NULL) IS NOT NULL THEN {4} ELSE "
        "map({2}, {3}) END",
        entries,
        keys,
        distinct,
        grouped,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "map key cannot be null"),
    )


REGISTRY.scalar("multimap_from_entries(array(row(K,V))) -> map(K,array(V))", _multimap_from_entries)


def _entries_result(args: list[TrinoType], b: Bindings) -> TrinoType:
    kind = args[0]
    return t.array(t.row(kind.key, kind.value))


REGISTRY.scalar(
    "map_entries(map(K,V)) -> array(row(K,V))",
    "list_transform(map_entries({0}), lambda __e: struct_pack(field0 := struct_extract(__e, "
    "'key'), "
    "field1 := struct_extract(__e, 'value')))",
    _entries_result,
)


def _concat(call: Call) -> exp.Expr:
    nulls = " OR ".join(f"{{{i}}} IS NULL" for i in range(len(call.args)))
    body = "map_concat(" + ", ".join(f"{{{i}}}" for i in range(len(call.args))) + ")"
    if len(call.args) == 1:
        body = "{0}"
    return call.template(f"CASE WHEN {nulls} THEN NULL ELSE {body} END")


REGISTRY.scalar("map_concat(map(K,V)...) -> map(K,V)", _concat)
REGISTRY.scalar("map_keys(map(K,V)) -> array(K)", "map_keys({0})")
REGISTRY.scalar("map_values(map(K,V)) -> array(V)", "map_values({0})")


def _entry_parts(name: str) -> tuple[exp.Expr, exp.Expr]:
    return (
        duck.call("struct_extract", duck.column(name), duck.string("key")),
        duck.call("struct_extract", duck.column(name), duck.string("value")),
    )


def _map_filter(call: Call) -> exp.Expr:
    e = call.ctx.fresh("__e")
    key, value = _entry_parts(e)
    keep = duck.template("{0} IS TRUE", apply(call.sql(1), [key, value]))
    filtered = duck.call(
        "list_filter", duck.call("map_entries", call.sql(0)), duck.lambda_([e], keep)
    )
    return duck.template(
        "CASE WHEN {0} IS NULL THEN NULL ELSE map_from_entries({1}) END", call.sql(0), filtered
    )


REGISTRY.scalar("map_filter(map(K,V), function(K,V,boolean)) -> map(K,V)", _map_filter)


def _transform(call: Call, part: str) -> exp.Expr:
    e = call.ctx.fresh("__e")
    key, value = _entry_parts(e)
    computed = apply(call.sql(1), [key, value])
    new_key, new_value = (computed, value) if part == "key" else (key, computed)
    entries = duck.call(
        "list_transform",
        duck.call("map_entries", call.sql(0)),
        duck.lambda_(
            [e], duck.template("struct_pack(key := {0}, value := {1})", new_key, new_value)
        ),
    )
    if part == "value":
        return duck.template(
            "CASE WHEN {0} IS NULL THEN NULL ELSE map_from_entries({1}) END", call.sql(0), entries
        )
    keys = duck.call(
        "list_transform",
        entries,
        duck.lambda_([e], duck.call("struct_extract", duck.column(e), duck.string("key"))),
    )
    return duck.template(
        "CASE WHEN {0} IS NULL THEN NULL WHEN list_position({2}, NULL) IS NOT NULL THEN {3} "
        "WHEN len(list_distinct({2})) <> len({2}) THEN {4} ELSE map_from_entries({1}) END",
        call.sql(0),
        entries,
        keys,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "map key cannot be null"),
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "Duplicate keys are not allowed"),
    )


REGISTRY.scalar(
    "transform_keys(map(K,V), function(K,V,K2)) -> map(K2,V)", lambda c: _transform(c, "key")
)
REGISTRY.scalar(
    "transform_values(map(K,V), function(K,V,V2)) -> map(K,V2)", lambda c: _transform(c, "value")
)


def _zip_with(call: Call) -> exp.Expr:
    k = call.ctx.fresh("__k")
    left, right = call.sql(0), call.sql(1)
    keys = duck.template(
        "list_filter(list_concat(map_keys({0}), map_keys({1})), lambda __x, __i: "
        "list_position(list_concat(map_keys({0}), "
        "map_keys({1})), __x) = __i)",
        left,
        right,
    )
    value = apply(
        call.sql(2),
        [
            duck.column(k),
            duck.call("map_extract_value", left, duck.column(k)),
            duck.call("map_extract_value", right, duck.column(k)),
        ],
    )
    values = duck.call("list_transform", keys, duck.lambda_([k], value))
    return duck.template(
        "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE map({2}, {3}) END",
        left,
        right,
        keys,
        values,
    )


REGISTRY.scalar("map_zip_with(map(K,V1), map(K,V2), function(K,V1,V2,V3)) -> map(K,V3)", _zip_with)
