"""The analyzer's expression walker: each parsed Trino expression becomes a typed DuckDB one.

`Compiler.expr` dispatches on the node's kind: literals, names, operators and calls here;
CASE, constructors, subscripts and the special call syntaxes in `special_forms`; queries
in `queries`. Names resolve the way Trino resolves them (lambda variables, then columns of
this query level, then enclosing ones), and an unknown name fails with COLUMN_NOT_FOUND and
the nearest existing name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from ingest.query.trino import casts, duck, literals, operators, special_forms
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.calls import Modifiers, compile_call
from ingest.query.trino.context import Context, Field, Scope, Typed
from ingest.query.trino.sqltypes import from_data_type


@dataclass
class Level:
    """Aggregation state of one query level."""

    forbidden: str | None = None
    in_aggregate: str | None = None
    has_aggregate: bool = False


class Compiler:
    """Compiles one statement; holds the context and the aggregation state per query level."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.levels: list[Level] = [Level()]

    # -- aggregation bookkeeping --------------------------------------------------------------

    @contextmanager
    def query_level(self) -> Iterator[Level]:
        self.levels.append(Level())
        try:
            yield self.levels[-1]
        finally:
            self.levels.pop()

    @contextmanager
    def forbidding(self, clause: str | None) -> Iterator[None]:
        level = self.levels[-1]
        before, level.forbidden = level.forbidden, clause
        try:
            yield
        finally:
            level.forbidden = before

    def enter_aggregate(self, node: exp.Expr) -> None:
        level = self.levels[-1]
        shown = node.sql(dialect="trino")
        if level.forbidden:
            raise err.error(
                "EXPRESSION_NOT_SCALAR",
                f"{level.forbidden} cannot contain aggregations, window functions or grouping "
                f"operations: "
                f"[{shown}]",
                node,
            )
        if level.in_aggregate:
            raise err.error(
                err.NESTED_AGGREGATION,
                f"Cannot nest aggregations inside aggregation '{level.in_aggregate}': [{shown}]",
                node,
            )
        level.has_aggregate = True

    @contextmanager
    def aggregate_arguments(self, active: bool) -> Iterator[None]:
        level = self.levels[-1]
        before = level.in_aggregate
        if active:
            level.in_aggregate = "aggregate"
        try:
            yield
        finally:
            level.in_aggregate = before

    # -- queries ------------------------------------------------------------------------------

    def query(self, node: exp.Expr, scope: Scope | None) -> Any:
        from ingest.query.trino import queries

        return queries.compile_query(self, node, scope)

    # -- expressions --------------------------------------------------------------------------

    def expr(self, node: exp.Expr, scope: Scope) -> Typed:
        handler = _HANDLERS.get(type(node))
        if handler is None:
            for kind, found in _HANDLERS.items():
                if isinstance(node, kind):
                    handler = found
                    break
        if handler is None:
            raise err.not_supported(f"the expression '{_shown(node)}'", node)
        return handler(self, node, scope)

    def exprs(self, nodes: list[exp.Expr], scope: Scope) -> list[Typed]:
        return [self.expr(n, scope) for n in nodes]

    def call(
        self,
        name: str,
        args: list[exp.Expr],
        node: exp.Expr,
        scope: Scope,
        modifiers: Modifiers | None = None,
    ) -> Typed:
        return compile_call(self, name, args, node, scope, modifiers)


def _shown(node: exp.Expr) -> str:
    try:
        text = node.sql(dialect="trino")
    except Exception:  # a node the Trino generator cannot print
        text = node.key
    return text if len(text) < 60 else text[:57] + "..."


# -- names --------------------------------------------------------------------------------------


def _row_field(value: Typed, name: str, node: exp.Expr) -> Typed:
    if value.type.base != "row":
        raise err.error(err.TYPE_MISMATCH, f"Expression {_shown(node)} is not of type ROW", node)
    for index, f in enumerate(value.type.fields):
        if f.name == name:
            return Typed(
                duck.call("struct_extract", value.sql, duck.string(duck.field_name(index, f.name))),
                f.type,
            )
    raise err.error(
        err.COLUMN_NOT_FOUND,
        f"Column '{name}' cannot be resolved",
        node,
        err.did_you_mean(name, [f.name for f in value.type.fields if f.name]),
    )


def _fields_named(scope: Scope, name: str, qualifier: str | None) -> list[Field]:
    found = []
    for relation in scope.relations:
        if qualifier is not None and not relation.answers_to(qualifier):
            continue
        found += [
            f for f in relation.fields if f.name == name and (qualifier is not None or not f.hidden)
        ]
    return found


def resolve_column(c: Compiler, node: exp.Column, scope: Scope) -> Typed:
    parts = [p.name.lower() for p in node.parts]
    name, qualifiers = parts[-1], parts[:-1]
    if not qualifiers:
        return _unqualified(c, node, name, scope)
    qualifier = qualifiers[-1]
    current: Scope | None = scope
    while current is not None:
        if any(r.answers_to(qualifier) for r in current.relations):
            fields = _fields_named(current, name, qualifier)
            if len(fields) == 1:
                return Typed(fields[0].reference(), fields[0].type)
            if len(fields) > 1:
                raise err.error(
                    err.AMBIGUOUS_NAME, f"Column '{qualifier}.{name}' is ambiguous", node
                )
            candidates = [
                f.name
                for r in current.relations
                if r.answers_to(qualifier)
                for f in r.fields
                if f.name
            ]
            raise err.error(
                err.COLUMN_NOT_FOUND,
                f"Column '{'.'.join(parts)}' cannot be resolved",
                node,
                err.did_you_mean(name, candidates),
            )
        current = current.outer
    # `x.f` where x is a row-typed column or lambda variable: a field of x
    base_node = exp.Column(this=exp.to_identifier(qualifiers[0]))
    base_node.meta.update(node.parts[0].meta)
    if len(qualifiers) == 1:
        value = _unqualified(c, base_node, qualifiers[0], scope, for_dereference=node)
        return _row_field(value, name, node)
    raise err.error(err.COLUMN_NOT_FOUND, f"Column '{'.'.join(parts)}' cannot be resolved", node)


def _unqualified(
    c: Compiler, node: exp.Expr, name: str, scope: Scope, for_dereference: exp.Expr | None = None
) -> Typed:
    current: Scope | None = scope
    while current is not None:
        if name in current.lambdas:
            return current.lambdas[name]
        fields = _fields_named(current, name, None)
        if len(fields) > 1:
            raise err.error(err.AMBIGUOUS_NAME, f"Column '{name}' is ambiguous", node)
        if fields:
            return Typed(fields[0].reference(), fields[0].type)
        current = current.outer
    shown = for_dereference.sql(dialect="trino") if for_dereference is not None else name
    raise err.error(
        err.COLUMN_NOT_FOUND,
        f"Column '{shown}' cannot be resolved",
        for_dereference or node,
        err.did_you_mean(name, scope.visible_names()),
    )


# -- handlers -----------------------------------------------------------------------------------

Handler = Callable[[Compiler, Any, Scope], Typed]


def _literal(c: Compiler, node: exp.Literal, scope: Scope) -> Typed:
    if node.is_string:
        return literals.string(node.this)
    return literals.number(node, c.ctx)


def _boolean(c: Compiler, node: exp.Boolean, scope: Scope) -> Typed:
    value = bool(node.this)
    return Typed(exp.Boolean(this=value), t.BOOLEAN, value)


def _null(c: Compiler, node: exp.Null, scope: Scope) -> Typed:
    return Typed(duck.null(), t.UNKNOWN, None)


def _typed_literal_text(c: Compiler, node: exp.Cast) -> str | None:
    """The text of `TYPE 'text'` (a typed literal), None for CAST(... AS TYPE)."""
    value = node.this
    if not isinstance(value, exp.Literal) or not value.is_string or "start" not in value.meta:
        return None
    before = c.ctx.sql[: int(value.meta["start"])].rstrip()
    if before.endswith("("):
        return None
    return str(value.this) if before[-1:].isalnum() or before[-1:] == ")" else None


def _cast(c: Compiler, node: exp.Cast, scope: Scope) -> Typed:
    target = from_data_type(node.args["to"], node)
    text = _typed_literal_text(c, node)
    if text is not None and not isinstance(node, exp.TryCast):
        found = literals.typed_literal(target, text, node, c.ctx)
        if found is not None:
            return found
    value = c.expr(node.this, scope)
    safe = isinstance(node, exp.TryCast) or bool(node.args.get("safe"))
    return casts.compile_cast(c.ctx, value, target, node, safe=safe)


def _column(c: Compiler, node: exp.Column, scope: Scope) -> Typed:
    return resolve_column(c, node, scope)


def _identifier(c: Compiler, node: exp.Identifier, scope: Scope) -> Typed:
    """A bare name: how the parser leaves a lambda parameter used in the lambda's body."""
    return _unqualified(c, node, node.name.lower(), scope)


def _dot(c: Compiler, node: exp.Dot, scope: Scope) -> Typed:
    value = c.expr(node.this, scope)
    return _row_field(value, node.expression.name.lower(), node)


def _paren(c: Compiler, node: exp.Paren, scope: Scope) -> Typed:
    return c.expr(node.this, scope)


def _neg(c: Compiler, node: exp.Neg, scope: Scope) -> Typed:
    return operators.negate(c.ctx, node, c.expr(node.this, scope))


def _arithmetic(c: Compiler, node: exp.Binary, scope: Scope) -> Typed:
    return operators.arithmetic(
        c.ctx, node, c.expr(node.this, scope), c.expr(node.expression, scope)
    )


def _comparison(c: Compiler, node: exp.Binary, scope: Scope) -> Typed:
    right = node.expression
    if isinstance(right, exp.Any | exp.All) or special_forms.is_quantifier_call(right):
        return special_forms.quantified(c, node, scope)
    return operators.comparison(c.ctx, node, c.expr(node.this, scope), c.expr(right, scope))


def _null_safe(c: Compiler, node: exp.Binary, scope: Scope) -> Typed:
    left, right = c.expr(node.this, scope), c.expr(node.expression, scope)
    return operators.distinct_from(
        c.ctx, node, left, right, negated=isinstance(node, exp.NullSafeEQ)
    )


def _and_or(c: Compiler, node: exp.Connector, scope: Scope) -> Typed:
    word = "AND" if isinstance(node, exp.And) else "OR"
    return operators.logical(
        c.ctx, node, [c.expr(node.this, scope), c.expr(node.expression, scope)], word
    )


def _not(c: Compiler, node: exp.Not, scope: Scope) -> Typed:
    return operators.logical(c.ctx, node, [c.expr(node.this, scope)], "NOT")


def _is(c: Compiler, node: exp.Is, scope: Scope) -> Typed:
    value = c.expr(node.this, scope)
    target = node.expression
    if isinstance(target, exp.Null):
        sql = value.sql
        if value.type.base == "timestamp with time zone":
            sql = duck.template("{0}", sql)
        return Typed(duck.template("{0} IS NULL", sql), t.BOOLEAN)
    raise err.not_supported(f"IS {_shown(target)}", node)


def _dpipe(c: Compiler, node: exp.DPipe, scope: Scope) -> Typed:
    return operators.concat_operator(
        c.ctx, node, c.expr(node.this, scope), c.expr(node.expression, scope)
    )


def _anonymous(c: Compiler, node: exp.Anonymous, scope: Scope) -> Typed:
    with_modifiers = special_forms.anonymous_with_modifiers(c, node, scope)
    if with_modifiers is not None:
        return with_modifiers
    name = str(node.this).lower()
    if name == "row":
        return special_forms.row_of(c.exprs(list(node.expressions), scope))
    return c.call(name, list(node.expressions), node, scope)


def _interval(c: Compiler, node: exp.Interval, scope: Scope) -> Typed:
    return literals.interval_literal(node)


def _json_literal(c: Compiler, node: exp.ParseJSON, scope: Scope) -> Typed:
    if not node.args.get("is_literal"):
        return c.call("json_parse", [node.this], node, scope)
    text = node.this.name
    try:
        canonical = json.dumps(
            json.loads(text), separators=(",", ":"), sort_keys=True, ensure_ascii=False
        )
    except ValueError:
        raise err.error(
            err.INVALID_LITERAL, f"'{text}' is not a valid JSON literal", node
        ) from None
    return Typed(duck.string(canonical), t.JSON, canonical)


def _hex(c: Compiler, node: exp.HexString, scope: Scope) -> Typed:
    return literals.hex_string(node)


def _unicode(c: Compiler, node: exp.UnicodeString, scope: Scope) -> Typed:
    return literals.unicode_string(node)


def _subquery(c: Compiler, node: exp.Subquery, scope: Scope) -> Typed:
    return special_forms.scalar_subquery(c, node, scope)


def _lambda(c: Compiler, node: exp.Lambda, scope: Scope) -> Typed:
    raise err.error(err.SYNTAX_ERROR, "a lambda expression can only be a function argument", node)


def _placeholder(c: Compiler, node: exp.Expr, scope: Scope) -> Typed:
    raise err.not_supported("query parameters (?)", node)


_HANDLERS: dict[type[exp.Expr], Handler] = {
    exp.Literal: _literal,
    exp.Boolean: _boolean,
    exp.Null: _null,
    exp.Cast: _cast,
    exp.TryCast: _cast,
    exp.Column: _column,
    exp.Identifier: _identifier,
    exp.Dot: _dot,
    exp.Paren: _paren,
    exp.Neg: _neg,
    exp.Add: _arithmetic,
    exp.Sub: _arithmetic,
    exp.Mul: _arithmetic,
    exp.Div: _arithmetic,
    exp.Mod: _arithmetic,
    exp.EQ: _comparison,
    exp.NEQ: _comparison,
    exp.GT: _comparison,
    exp.GTE: _comparison,
    exp.LT: _comparison,
    exp.LTE: _comparison,
    exp.NullSafeEQ: _null_safe,
    exp.NullSafeNEQ: _null_safe,
    exp.And: _and_or,
    exp.Or: _and_or,
    exp.Not: _not,
    exp.Is: _is,
    exp.DPipe: _dpipe,
    exp.Anonymous: _anonymous,
    exp.Interval: _interval,
    exp.ParseJSON: _json_literal,
    exp.HexString: _hex,
    exp.UnicodeString: _unicode,
    exp.Subquery: _subquery,
    exp.Lambda: _lambda,
    exp.Placeholder: _placeholder,
    **special_forms.HANDLERS,
}
