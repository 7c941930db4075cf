"""Applying a compiled lambda to DuckDB expressions (beta reduction).

Trino's higher-order functions pass their lambda values DuckDB's own lambdas cannot give
directly (a map entry's key and value, the elements of two zipped arrays, a comparator's
two elements). The translation writes one DuckDB lambda of its own and calls the user's
lambda inside it by substituting the parameters: an inner lambda that declares a parameter
of the same name hides it, as scoping requires.
"""

from __future__ import annotations

from sqlglot import exp


def apply(function: exp.Expr, values: list[exp.Expr]) -> exp.Expr:
    """The body of `function` (an exp.Lambda) with its parameters replaced by `values`."""
    assert isinstance(function, exp.Lambda)
    names = [p.name.lower() for p in function.expressions]
    mapping = dict(zip(names, values, strict=True))
    return _substitute(function.this.copy(), mapping)


def _substitute(node: exp.Expr, mapping: dict[str, exp.Expr]) -> exp.Expr:
    if isinstance(node, exp.Column) and not node.table and node.name.lower() in mapping:
        return exp.Paren(this=mapping[node.name.lower()].copy())
    if isinstance(node, exp.Lambda):
        hidden = {p.name.lower() for p in node.expressions}
        inner = {k: v for k, v in mapping.items() if k not in hidden}
        node.set("this", _substitute(node.this, inner))
        return node
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expr):
            node.set(key, _substitute(value, mapping))
        elif isinstance(value, list):
            node.set(
                key, [_substitute(v, mapping) if isinstance(v, exp.Expr) else v for v in value]
            )
    return node
