"""Function calls: find the function, pick the overload Trino would pick, type the lambdas,
coerce the arguments, translate.

Trino resolves a call in two passes: a signature that matches the argument types exactly,
else one that matches after implicit coercions. A name it does not know is
FUNCTION_NOT_FOUND ("Function 'x' not registered"); known names with arguments no
signature takes are FUNCTION_NOT_FOUND too ("Unexpected parameters (...) for function x").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Scope, Typed
from ingest.query.trino.operators import coerce
from ingest.query.trino.registry import (
    AGGREGATE,
    REGISTRY,
    WINDOW,
    Call,
    Function,
    Overload,
    render,
)
from ingest.query.trino.signatures import Bindings, bind, is_variable, substitute
from ingest.query.trino.types import TrinoType

if TYPE_CHECKING:
    from ingest.query.trino.expressions import Compiler


@dataclass
class Modifiers:
    """What surrounds a call: DISTINCT, ORDER BY inside it, FILTER, OVER, IGNORE NULLS."""

    distinct: bool = False
    order: list[exp.Expr] = field(default_factory=list)
    filter: exp.Expr | None = None
    window: exp.Window | None = None
    ignore_nulls: bool | None = None


def function_names() -> list[str]:
    return sorted(REGISTRY.functions)


def lookup(name: str, node: exp.Expr) -> Function:
    fn = REGISTRY.get(name)
    if fn is None:
        raise err.error(
            err.FUNCTION_NOT_FOUND,
            f"Function '{name}' not registered",
            node,
            err.did_you_mean(name, function_names()),
        )
    if fn.refused is not None:
        raise err.not_supported(f"{name}()", node, fn.refused)
    return fn


def _is_lambda_param(p: TrinoType) -> bool:
    return p.base == "function"


def _try_bind(overload: Overload, args: list[Typed | exp.Lambda], coerce_: bool) -> Bindings | None:
    pattern = overload.pattern
    if not pattern.accepts_arity(len(args)):
        return None
    b = Bindings()
    for index, arg in enumerate(args):
        param = pattern.param_for(index)
        if isinstance(arg, exp.Lambda):
            if not _is_lambda_param(param) or len(arg.expressions) != len(param.params) - 1:
                return None
            continue
        if _is_lambda_param(param):
            return None
        if not bind(param, arg.type, b, coerce_):
            return None
    return b


def _signature_text(fn: Function) -> str:
    return ", ".join(str(o.pattern) for o in fn.overloads)


def _choose(
    fn: Function, args: list[Typed | exp.Lambda], node: exp.Expr
) -> tuple[Overload, Bindings]:
    for coerce_ in (False, True):
        for overload in fn.overloads:
            found = _try_bind(overload, args, coerce_)
            if found is not None:
                return overload, found
    shown = ", ".join("function" if isinstance(a, exp.Lambda) else str(a.type) for a in args)
    raise err.error(
        err.FUNCTION_NOT_FOUND,
        f"Unexpected parameters ({shown}) for function {fn.name}. Expected: {_signature_text(fn)}",
        node,
    )


def _compile_lambda(
    c: Compiler, node: exp.Lambda, param: TrinoType, b: Bindings, scope: Scope
) -> Typed:
    """A lambda typed by the parameter it fills: its variables get the bound types; its body's
    type binds the signature's last type (Trino requires it to match)."""
    if any(isinstance(n, exp.Query | exp.Subquery) for n in node.this.walk()):
        raise err.error(err.NOT_SUPPORTED, "Lambda expression cannot contain subqueries", node)
    names = [p.name.lower() for p in node.expressions]
    signature = [p for p in param.params if isinstance(p, TrinoType)]
    arg_types = [substitute(p, b) for p in signature[:-1]]
    variables = {
        name: Typed(exp.column(name), kind) for name, kind in zip(names, arg_types, strict=True)
    }
    body = c.expr(node.this, scope.with_lambdas(variables))
    expected = signature[-1]
    if not bind(expected, body.type, b, True):
        raise err.error(
            err.TYPE_MISMATCH,
            f"Lambda expression returns {body.type} where {substitute(expected, b)} is expected",
            node,
        )
    target = substitute(expected, b)
    if (not is_variable(expected) and body.type != target) or (
        is_variable(expected) and body.type != target and target != t.UNKNOWN
    ):
        body = coerce(body, target)
    duck_lambda = duck.lambda_(names, body.sql)
    return Typed(duck_lambda, TrinoType("function", (*arg_types, target)))


def compile_call(
    c: Compiler,
    name: str,
    arg_nodes: list[exp.Expr],
    node: exp.Expr,
    scope: Scope,
    modifiers: Modifiers | None = None,
) -> Typed:
    fn = lookup(name, node)
    mods = modifiers or Modifiers()
    if fn.special is not None:
        return fn.special(c, arg_nodes, node, scope)
    if fn.kind == AGGREGATE and mods.window is None:
        c.enter_aggregate(node)
    if fn.kind == WINDOW and mods.window is None:
        raise err.error(
            err.NOT_SUPPORTED if False else "MISSING_OVER",
            f"Window function {name} requires an OVER clause",
            node,
        )
    if (
        fn.kind != AGGREGATE
        and fn.kind != WINDOW
        and (mods.window is not None or mods.filter is not None or mods.distinct or mods.order)
    ):
        raise err.error(
            err.FUNCTION_NOT_FOUND if mods.window is None else "FUNCTION_NOT_WINDOW",
            f"{name} is not an aggregate function"
            if mods.window is None
            else f"Not a window function: {name}",
            node,
        )
    compiled: list[Typed | exp.Lambda] = []
    with c.aggregate_arguments(fn.kind == AGGREGATE and mods.window is None):
        for arg in arg_nodes:
            compiled.append(arg if isinstance(arg, exp.Lambda) else c.expr(arg, scope))
    overload, bindings = _choose(fn, compiled, node)
    final: list[Typed] = []
    for index, item in enumerate(compiled):
        param = overload.pattern.param_for(index)
        if isinstance(item, exp.Lambda):
            final.append(_compile_lambda(c, item, param, bindings, scope))
        else:
            final.append(item)
    resolved: list[Typed] = []
    for index, value in enumerate(final):
        param = substitute(overload.pattern.param_for(index), bindings)
        if (
            value.type.base == "function"
            or (
                param.base in ("timestamp", "timestamp with time zone", "time")
                and value.type.base == param.base
            )
        ) or (param.base == "varchar" and value.type.base == "varchar"):
            resolved.append(value)
        else:
            resolved.append(coerce(value, param) if value.type != param else value)
    if overload.result is not None:
        result = overload.result([a.type for a in resolved], bindings)
    else:
        result = substitute(overload.pattern.returns, bindings)
    call = Call(
        c.ctx,
        fn.name,
        resolved,
        result,
        node,
        bindings,
        distinct=mods.distinct,
        order=mods.order,
        filter=mods.filter,
        window=mods.window,
        ignore_nulls=mods.ignore_nulls,
    )
    return Typed(render(overload, call), call.result)
