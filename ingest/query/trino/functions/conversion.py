"""Conversion functions (trino.io/docs/current/functions/conversion.html): typeof, format,
format_number, parse_data_size. CAST and TRY_CAST are syntax (see casts)."""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.casts import timestamp_text
from ingest.query.trino.context import Scope, Typed
from ingest.query.trino.registry import REGISTRY, Call

REGISTRY.begin("conversion")


def _typeof(call: Call) -> exp.Expr:
    """The argument's type, known before running; an aggregate argument still makes the
    query aggregate (one row), so it stays in the SQL in a branch that never runs."""
    name = duck.string(str(call.type(0)))
    argument = call.node.expressions[0] if isinstance(call.node, exp.Anonymous) else None
    aggregated = argument is not None and any(
        isinstance(n, exp.Anonymous | exp.Window | exp.Filter | exp.GroupConcat)
        and _is_aggregate_or_window(n)
        for n in argument.walk()
    )
    if not aggregated:
        return name
    return duck.template(
        "CASE WHEN false AND ({0}) IS NULL THEN NULL ELSE {1} END", call.sql(0), name
    )


def _is_aggregate_or_window(node: exp.Expr) -> bool:
    if isinstance(node, exp.Window | exp.Filter | exp.GroupConcat):
        return True
    found = REGISTRY.get(str(node.this))
    return found is not None and found.kind != "scalar"


REGISTRY.scalar("typeof(T) -> varchar", _typeof)


# format(): Java's Formatter over Trino's argument values; each argument goes to the UDF as
# text tagged with its kind, so the formatter can treat numbers, dates and text as Java does.
_FORMAT_TAGS = {
    "varchar": "s",
    "char": "s",
    "boolean": "b",
    "tinyint": "i",
    "smallint": "i",
    "integer": "i",
    "bigint": "i",
    "decimal": "n",
    "real": "f",
    "double": "f",
    "date": "D",
    "timestamp": "T",
    "unknown": "N",
}


def _format_argument(value: Typed, node: exp.Expr) -> exp.Expr:
    kind = value.type
    tag = _FORMAT_TAGS.get(kind.base)
    if tag is None:
        raise err.error(err.NOT_SUPPORTED, f"Type not supported for formatting: {kind}", node)
    if tag == "N":
        return duck.cast_to(duck.null(), "VARCHAR")
    if tag == "T":
        text = timestamp_text(value.sql, 6)
    elif tag == "f":
        text = duck.call("athena_double_repr", duck.cast_to(value.sql, "DOUBLE"))
    else:
        text = duck.cast_to(value.sql, "VARCHAR")
    return duck.template(f"'{tag}' || {{0}}", text)


def _format(c: object, args: list[exp.Expr], node: exp.Expr, scope: Scope) -> Typed:
    from ingest.query.trino.expressions import Compiler

    assert isinstance(c, Compiler)
    if not args:
        raise err.error(err.FUNCTION_NOT_FOUND, "format() needs a format string", node)
    values = c.exprs(args, scope)
    if values[0].type.base != "varchar":
        raise err.error(
            err.TYPE_MISMATCH,
            "Type of first argument to format() must be VARCHAR (actual: "
            + str(values[0].type)
            + ")",
            node,
        )
    packed = exp.Array(expressions=[_format_argument(v, node) for v in values[1:]])
    return Typed(duck.call("athena_format", values[0].sql, packed), t.VARCHAR)


REGISTRY.special("format", _format)


def _format_number(call: Call) -> exp.Expr:
    return duck.call("athena_format_number", duck.cast_to(call.sql(0), "DOUBLE"))


REGISTRY.scalar("format_number(bigint) -> varchar", _format_number)
REGISTRY.scalar("format_number(double) -> varchar", _format_number)
REGISTRY.scalar("parse_data_size(varchar) -> decimal(38,0)", "athena_parse_data_size({0})")
