"""Conditional expressions (trino.io/docs/current/functions/conditional.html): coalesce,
nullif, try; greatest and least (comparison.html) return NULL when any argument is NULL.
CASE and IF are syntax (see special_forms)."""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Scope, Typed
from ingest.query.trino.operators import coerce, comparable_pair
from ingest.query.trino.registry import REGISTRY, Call

REGISTRY.begin("conditional")


def _coalesce(call: Call) -> exp.Expr:
    return duck.call("coalesce", *(a.sql for a in call.args))


REGISTRY.scalar("coalesce(T, T...) -> T", _coalesce)


def _nullif(c: object, args: list[exp.Expr], node: exp.Expr, scope: Scope) -> Typed:
    from ingest.query.trino.expressions import Compiler

    assert isinstance(c, Compiler)
    if len(args) != 2:
        raise err.error(err.FUNCTION_NOT_FOUND, "nullif takes two arguments", node)
    first, second = c.expr(args[0], scope), c.expr(args[1], scope)
    a, b, _ = comparable_pair(c.ctx, node, "=", first, second, ordering=False)
    kind = first.type
    sql = duck.template("CASE WHEN {0} = {1} THEN NULL ELSE {2} END", a.sql, b.sql, first.sql)
    return Typed(duck.cast(sql, kind) if kind != t.UNKNOWN else sql, kind)


REGISTRY.special("nullif", _nullif)


def _try(c: object, args: list[exp.Expr], node: exp.Expr, scope: Scope) -> Typed:
    from ingest.query.trino.expressions import Compiler

    assert isinstance(c, Compiler)
    if len(args) != 1:
        raise err.error(err.FUNCTION_NOT_FOUND, "try takes one argument", node)
    with c.ctx.trying():
        inner = c.expr(args[0], scope)
    return Typed(duck.call("TRY", inner.sql), inner.type)


REGISTRY.special("try", _try)


def _extreme(name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        kind = call.result
        if not t.is_orderable(kind):
            raise err.error(
                err.FUNCTION_NOT_FOUND,
                f"{name} requires orderable arguments, not {kind}",
                call.node,
            )
        values = [a.sql for a in call.args]
        nulls = " OR ".join(f"{{{i}}} IS NULL" for i in range(len(values)))
        if kind.base in ("double", "real"):
            nans = " OR ".join(f"isnan({{{i}}})" for i in range(len(values)))
            guard = (
                f"WHEN {nans} THEN "
                f"FAIL('INVALID_FUNCTION_ARGUMENT', 'Invalid argument to {name}(): NaN') "
            )
        else:
            guard = ""
        body = f"{name}({', '.join(f'{{{i}}}' for i in range(len(values)))})"
        return call.template(f"CASE WHEN {nulls} THEN NULL {guard}ELSE {body} END")

    return translate


REGISTRY.scalar("greatest(T, T...) -> T", _extreme("greatest"))  # type: ignore[arg-type]
REGISTRY.scalar("least(T, T...) -> T", _extreme("least"))  # type: ignore[arg-type]

__all__ = ["coerce"]
