"""json_array(...) and json_object(...): JSON text built from SQL values, as Trino builds it
(strings quoted, numbers and booleans as JSON, dates and timestamps as quoted text)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.casts import compile_cast
from ingest.query.trino.context import Context, Scope, Typed

if TYPE_CHECKING:
    from ingest.query.trino.expressions import Compiler


def fragment(ctx: Context, value: Typed, node: exp.Expr) -> exp.Expr:
    """A value as the JSON text it becomes inside json_array/json_object (NULL stays NULL)."""
    kind = value.type
    if kind.base in ("varchar", "char"):
        return duck.cast_to(duck.call("to_json", value.sql), "VARCHAR")
    if kind.base == "json":
        return value.sql
    if kind.base in ("date", "timestamp", "time"):
        text = compile_cast(ctx, value, t.VARCHAR, node).sql
        return duck.cast_to(duck.call("to_json", text), "VARCHAR")
    if kind == t.UNKNOWN:
        return duck.cast_to(duck.null(), "VARCHAR")
    return compile_cast(ctx, value, t.JSON, node).sql


def json_array(c: Compiler, args: list[exp.Expr], node: exp.Expr, scope: Scope) -> Typed:
    """json_array(v1, v2, ...): any mix of types; NULLs are left out (ABSENT ON NULL)."""
    values = [c.expr(a, scope) for a in args]
    fragments = [fragment(c.ctx, v, node) for v in values]
    if not fragments:
        return Typed(duck.string("[]"), t.VARCHAR)
    holes = ", ".join(f"{{{i}}}" for i in range(len(fragments)))
    return Typed(duck.template(f"'[' || concat_ws(',', {holes}) || ']'", *fragments), t.VARCHAR)


def json_object(c: Compiler, node: exp.JSONObject, scope: Scope) -> Typed:
    """json_object(k : v, ...): NULL values kept as null unless ABSENT ON NULL."""
    if node.args.get("return_type") or node.args.get("encoding") or node.args.get("unique_keys"):
        raise err.not_supported("json_object() with RETURNING, FORMAT or UNIQUE KEYS", node)
    absent = "ABSENT" in str(node.args.get("null_handling") or "").upper()
    entries = []
    for pair in node.expressions:
        if not isinstance(pair, exp.JSONKeyValue):
            raise err.not_supported("this json_object() form", node)
        key = c.expr(pair.this, scope)
        if key.type.base not in ("varchar", "unknown"):
            raise err.error(
                err.TYPE_MISMATCH, f"JSON object key must be varchar: {key.type}", pair.this
            )
        value = fragment(c.ctx, c.expr(pair.expression, scope), node)
        if not absent:
            value = duck.template("coalesce({0}, 'null')", value)
        key_text = duck.template(
            "CASE WHEN {0} IS NULL THEN {1} ELSE CAST(to_json({0}) AS VARCHAR) END",
            key.sql,
            c.ctx.fail(err.INVALID_FUNCTION_ARGUMENT, "null value passed for JSON object key"),
        )
        entries.append(duck.template("{0} || ':' || {1}", key_text, value))
    if not entries:
        return Typed(duck.string("{}"), t.VARCHAR)
    holes = ", ".join(f"{{{i}}}" for i in range(len(entries)))
    return Typed(duck.template(f"'{{' || concat_ws(',', {holes}) || '}}'", *entries), t.VARCHAR)
